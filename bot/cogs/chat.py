"""The chat listener: answer questions about the show, stay silent on everything else.

Spoken to (a DM, a mention, a reply to the bot) it always answers, if only to say the
article doesn't say; overheard in a channel it replies only when the Brain is confident, and
then as the server's mode says: at once ("answer"), on request ("suggest": a ❓ reaction the
asker clicks) or never ("off").
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.embeds import to_embed
from bot.logs import log_event
from bot.service import Reply
from bot.ui import answer_view, settings_channel, strip_mention, wrap_spoilers

if TYPE_CHECKING:
    from bot.discord_bot import AoadBot

log = logging.getLogger(__name__)

# Ordinary messages and replies; joins, pins, boosts and the like are not questions.
CHAT_TYPES = (discord.MessageType.default, discord.MessageType.reply)
# An overheard message longer than this is a post, not a question: never auto-answered.
AUTO_MAX_CHARS = 1000
SUGGEST = "❓"
# A question-shaped message left silent that came this close to an entry is a near miss.
NEAR_MISS_MIN = 30.0


class ChatCog(commands.Cog):
    """Answer questions asked in chat."""

    def __init__(self, bot: AoadBot) -> None:
        self.bot = bot

    def _addressed(self, message: discord.Message, me: discord.ClientUser) -> bool:
        """Return True for a DM, a mention of the bot or a reply to one of its messages."""
        if message.guild is None or me.id in message.raw_mentions:
            return True
        reference = message.reference
        replied = reference.resolved if reference is not None else None
        return isinstance(replied, discord.Message) and replied.author.id == me.id

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Reply to a question about the show; stay silent on chatter."""
        me = self.bot.user
        # author.bot also covers the bot itself and webhooks: bots never talk to each other.
        if me is None or message.author.bot or message.webhook_id is not None:
            return
        # Without the Message Content intent Discord blanks messages that don't address the
        # bot; an empty message (or a lone attachment) is nothing to answer.
        if message.type not in CHAT_TYPES or not message.content:
            return
        if self._addressed(message, me):
            await self._answer_asked(message, me)
        elif len(message.content) <= AUTO_MAX_CHARS:
            await self._answer_overheard(message)

    async def _answer_asked(self, message: discord.Message, me: discord.ClientUser) -> None:
        """Answer a message meant for the bot; only the per-user limit applies."""
        started = time.perf_counter()
        if not self.bot.limiter.allow_user(message.author.id, time.monotonic()):
            _log_throttled(message, "user")
            return
        settings = await self.bot.guild_settings(getattr(message.guild, "id", None))
        text = strip_mention(message.content, me.id)
        reply = self.bot.brain.ask(text, "ask", spoilers=wrap_spoilers(settings, message.channel))
        if reply.answer is not None:
            await self._send_answer(message, reply, started)
            return
        await _send(message, content=reply.text)
        if reply.missed:
            await self.bot.record_miss(text, getattr(message.guild, "id", None))

    async def _answer_overheard(self, message: discord.Message) -> None:
        """Answer, offer to answer or ignore a confident match, as the channel's mode says."""
        started = time.perf_counter()
        assert message.guild is not None  # a message not addressed to the bot is in a server
        settings = await self.bot.guild_settings(message.guild.id)
        mode = settings.mode_for(settings_channel(message.channel))
        if mode == "off":
            return
        spoilers = wrap_spoilers(settings, message.channel)
        reply = self.bot.brain.ask(message.content, "chat", spoilers=spoilers)
        if reply.answer is None:
            if settings.record_near_misses:
                await self._record_near_miss(message)
            return
        allowed = self.bot.limiter.allow(
            message.channel.id,
            message.author.id,
            reply.answer.entry_id,
            time.monotonic(),
            settings.cooldown_s,
        )
        if not allowed:
            _log_throttled(message, "auto", entry=reply.answer.entry_id)
        elif mode == "suggest":
            await self._suggest(message, reply.answer.entry_id)
        else:
            await self._send_answer(message, reply, started)

    async def _record_near_miss(self, message: discord.Message) -> None:
        """Log a question left silent that came close to an entry (a score, or a doubt that
        it is ours, short of an answer)."""
        closest = self.bot.brain.closest(message.content)
        if closest.question and closest.score > NEAR_MISS_MIN:
            await self.bot.record_miss(message.content, getattr(message.guild, "id", None), closest)

    async def _suggest(self, message: discord.Message, entry_id: str) -> None:
        """React ❓ to the question: the asker clicks it to get the answer."""
        try:
            await message.add_reaction(SUGGEST)
        except discord.HTTPException as exc:
            _log_send_failed(message, exc)
            return
        log_event(log, "suggest", **_place(message), entry=entry_id)

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """Answer a question when its asker clicks the ❓ the bot put on it."""
        me = self.bot.user
        if str(payload.emoji) != SUGGEST or payload.guild_id is None or me is None:
            return
        if payload.user_id == me.id:
            return
        channel = self.bot.get_channel(payload.channel_id)
        settings = await self.bot.guild_settings(payload.guild_id)
        # Only channels in suggest mode carry the bot's ❓: skip fetching for any other ❓.
        if channel is None or settings.mode_for(settings_channel(channel)) != "suggest":
            return
        assert isinstance(channel, discord.abc.Messageable)
        started = time.perf_counter()
        try:
            message = await channel.fetch_message(payload.message_id)
        except discord.HTTPException:
            return  # deleted meanwhile
        offered = any(str(r.emoji) == SUGGEST and r.me for r in message.reactions)
        if message.author.id != payload.user_id or not offered:
            return  # someone else's click, or a ❓ the bot never offered (or already answered)
        reply = self.bot.brain.ask(
            message.content, "chat", spoilers=wrap_spoilers(settings, channel)
        )
        if reply.answer is None:
            return  # the knowledge was reloaded in between and no longer answers it
        # Taking the ❓ back first means a second click finds nothing to answer.
        try:
            await message.remove_reaction(SUGGEST, me)
        except discord.HTTPException as exc:
            _log_send_failed(message, exc)
            return
        await self._send_answer(message, reply, started)

    async def _send_answer(self, message: discord.Message, reply: Reply, started: float) -> None:
        """Reply with the answer embed and its "Not what I asked" button; log it."""
        answer = reply.answer
        assert answer is not None
        sent = await _send(
            message, embed=to_embed(answer), view=answer_view(message.author.id, answer.entry_id)
        )
        if sent:
            log_event(
                log,
                "answer",
                **_place(message),
                entry=answer.entry_id,
                score=reply.match and reply.match.score,
                latency_ms=round((time.perf_counter() - started) * 1000),
            )


async def _send(message: discord.Message, **reply: object) -> bool:
    """Reply to `message` without pinging; on a refusal log it and return False."""
    try:
        await message.reply(mention_author=False, **reply)  # type: ignore[arg-type]
    except discord.HTTPException as exc:
        # Missing permissions or a Discord outage must not take the listener down.
        _log_send_failed(message, exc)
        return False
    return True


def _place(message: discord.Message) -> dict[str, int | None]:
    """Return where a message was, as log fields."""
    guild = message.guild
    return {
        "guild": getattr(guild, "id", None),
        "shard": getattr(guild, "shard_id", None),
        "channel": message.channel.id,
    }


def _log_send_failed(message: discord.Message, exc: discord.HTTPException) -> None:
    fields = {"status": exc.status, "code": exc.code}
    log_event(log, "send_failed", logging.WARNING, **_place(message), **fields)


def _log_throttled(message: discord.Message, limit: str, entry: str | None = None) -> None:
    log_event(log, "throttled", **_place(message), limit=limit, entry=entry)
