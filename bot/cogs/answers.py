"""Slash commands and the "Answer with aoad-bot" context menu: each one asks the Brain.

Answers are public embeds; "the article doesn't say" goes only to whoever asked, so a
miss never clutters the channel.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers import Answer, footer, help_text
from bot.console import about_text
from bot.embeds import to_embed
from bot.logs import log_event
from bot.service import AUTOCOMPLETE_MAX, TOPIC_COMMANDS, Brain, Reply
from bot.ui import wrap_spoilers

if TYPE_CHECKING:
    from bot.discord_bot import AoadBot

log = logging.getLogger(__name__)

CONTEXT_MENU = "Answer with aoad-bot"
# Per user, on the commands that run the fuzzy matcher: plenty for a conversation, too few
# to flood a channel.
COOLDOWN_USES, COOLDOWN_SECONDS = 5, 30.0
CHOICE_MAX = 100  # Discord's limit on an autocomplete choice's label


def cooldown_key(interaction: discord.Interaction) -> tuple[discord.Client, int]:
    """Return the cooldown bucket key: this bot and this user."""
    # app_commands keeps cooldown buckets in the decorator for the whole process; keying on
    # the bot as well keeps two bots in one process (tests build one each) from sharing them.
    return interaction.client, interaction.user.id


async def send_reply(interaction: discord.Interaction, reply: Reply) -> None:
    """Send an answer as a public embed, or the Brain's text only to the asker."""
    if reply.answer is not None:
        await interaction.response.send_message(embed=to_embed(reply.answer))
    else:
        await interaction.response.send_message(reply.text, ephemeral=True)
    log_reply(interaction, reply)


def log_reply(interaction: discord.Interaction, reply: Reply) -> None:
    """Log a command's answer as one event (misses are logged when recorded)."""
    if reply.answer is None:
        return
    started = interaction.extras.get("started", time.perf_counter())
    log_event(
        log,
        "answer",
        guild=interaction.guild_id,
        channel=interaction.channel_id,
        command=interaction.command.name if interaction.command else None,
        entry=reply.answer.entry_id,
        score=reply.match.score if reply.match else None,
        latency_ms=round((time.perf_counter() - started) * 1000),
    )


class AnswersCog(commands.Cog):
    """Every command that answers from the article."""

    def __init__(self, bot: AoadBot) -> None:
        self.bot = bot
        # Topic commands come from one table, and context menus cannot be declared inside a
        # cog, so these join the tree in cog_load instead of as decorated methods.
        self.extra_commands: list[app_commands.Command | app_commands.ContextMenu] = [
            self._topic_command(name, entry_id, description)
            for name, (entry_id, description) in TOPIC_COMMANDS.items()
        ]
        self.extra_commands.append(
            app_commands.ContextMenu(name=CONTEXT_MENU, callback=self.answer_message)
        )

    @property
    def brain(self) -> Brain:
        """Return the bot's brain (looked up each time, so a reload is seen at once)."""
        return self.bot.brain

    async def spoilers(self, interaction: discord.Interaction) -> bool:
        """Return whether answers here keep spoilers wrapped (the server's setting)."""
        settings = await self.bot.guild_settings(interaction.guild_id)
        return wrap_spoilers(settings, interaction.channel)

    async def cog_load(self) -> None:
        """Add the table-made topic commands and the context menu to the tree."""
        for command in self.extra_commands:
            self.bot.tree.add_command(command)

    async def cog_unload(self) -> None:
        """Take the commands added in cog_load back out of the tree."""
        for command in self.extra_commands:
            # Only context menus have a type; slash commands are chat_input.
            kind = getattr(command, "type", discord.AppCommandType.chat_input)
            self.bot.tree.remove_command(command.name, type=kind)

    def _topic_command(self, name: str, entry_id: str, description: str) -> app_commands.Command:
        """Return the slash command that shows one topic entry."""

        async def topic(interaction: discord.Interaction) -> None:
            answer = self.brain.entry_answer(entry_id, spoilers=await self.spoilers(interaction))
            await send_reply(interaction, Reply(answer))

        return app_commands.Command(name=name, description=description, callback=topic)

    @app_commands.command(description="Who is this character? Names, Hangul and actors work")
    @app_commands.describe(name="A character or actor, e.g. Nam-ra, 남라, Cheong-san or Lomon")
    @app_commands.checks.cooldown(COOLDOWN_USES, COOLDOWN_SECONDS, key=cooldown_key)
    async def whois(self, interaction: discord.Interaction, name: str) -> None:
        """Answer who a character is, or say privately which names come closest."""
        await send_reply(
            interaction, self.brain.whois(name, spoilers=await self.spoilers(interaction))
        )

    @whois.autocomplete("name")
    async def whois_names(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Offer the characters nearest to what is typed, best first."""
        return [
            app_commands.Choice(name=label[:CHOICE_MAX], value=entry_id)
            for label, entry_id in self.brain.name_choices(current)[:AUTOCOMPLETE_MAX]
        ]

    @app_commands.command(description="Ask anything about All of Us Are Dead Season 2")
    @app_commands.describe(question="Your question, e.g. when does Season 2 come out?")
    @app_commands.checks.cooldown(COOLDOWN_USES, COOLDOWN_SECONDS, key=cooldown_key)
    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        """Answer a free-text question, or say privately that the article doesn't."""
        reply = self.brain.ask(question, "ask", spoilers=await self.spoilers(interaction))
        await send_reply(interaction, reply)
        if reply.missed:
            await self.bot.record_miss(question, interaction.guild_id)

    @app_commands.command(name="help", description="What I can answer, and how to ask")
    async def help_command(self, interaction: discord.Interaction) -> None:
        """List the commands, topics and characters."""
        await self._send_info(interaction, "What I can answer", help_text(self.brain.kb))

    @app_commands.command(description="Where my answers come from, and my version")
    async def about(self, interaction: discord.Interaction) -> None:
        """Show the source, its date, the bot's version and the shard serving this server."""
        text = about_text(self.brain)
        if interaction.guild is not None:
            text += (
                f"\nThis server is served by shard {interaction.guild.shard_id} "
                f"of {self.bot.shard_count}."
            )
        await self._send_info(interaction, "About aoad-bot", text)

    async def _send_info(self, interaction: discord.Interaction, title: str, body: str) -> None:
        info = Answer(entry_id="", title=title, body=body, footer=footer(self.brain.kb.meta))
        await interaction.response.send_message(embed=to_embed(info))

    async def answer_message(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        """Reply to the chosen message with its answer; a miss is told only to the clicker."""
        reply = self.brain.ask(message.content, "ask", spoilers=await self.spoilers(interaction))
        if reply.answer is None:
            await interaction.response.send_message(reply.text, ephemeral=True)
            if reply.missed:
                await self.bot.record_miss(message.content, interaction.guild_id)
            return
        embed = to_embed(reply.answer)
        try:
            await message.reply(embed=embed, mention_author=False)
        except discord.HTTPException as exc:
            # Typically no permission to post or read history here: answer the clicker instead.
            log_event(
                log,
                "send_failed",
                logging.WARNING,
                guild=interaction.guild_id,
                channel=message.channel.id,
                status=exc.status,
                code=exc.code,
            )
            await interaction.response.send_message(
                "I can't post in this channel, so here it is just for you.",
                embed=embed,
                ephemeral=True,
            )
            return
        await interaction.response.send_message("Answered.", ephemeral=True)
        log_reply(interaction, reply)
