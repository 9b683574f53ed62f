"""The chat listener: answer questions about the show, stay silent on everything else.

Spoken to (a DM, a mention, a reply to the bot) it always answers, if only to say the
article doesn't say; overheard in a channel it replies only when the Brain is confident.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.embeds import SPOILERS, to_embed

if TYPE_CHECKING:
    from bot.discord_bot import AoadBot

log = logging.getLogger(__name__)

# Ordinary messages and replies; joins, pins, boosts and the like are not questions.
CHAT_TYPES = (discord.MessageType.default, discord.MessageType.reply)


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
        addressed = self._addressed(message, me)
        text = re.sub(rf"<@!?{me.id}>", " ", message.content).strip()
        reply = self.bot.brain.ask(text, "ask" if addressed else "chat", spoilers=SPOILERS)
        if reply.answer is None and not addressed:
            return
        try:
            if reply.answer is not None:
                await message.reply(embed=to_embed(reply.answer), mention_author=False)
            else:
                await message.reply(reply.text, mention_author=False)
        except discord.HTTPException as exc:
            # Missing permissions or a Discord outage must not take the listener down.
            log.warning(
                "Could not reply in channel %s (HTTP %s, code %s)",
                message.channel.id,
                exc.status,
                exc.code,
            )
