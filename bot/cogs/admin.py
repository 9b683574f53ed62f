"""Commands for the people who run things: /config (Manage Server) and /reload (the bot's owner).

Every reply is ephemeral: settings are nobody else's business, and a channel stays clean.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.logs import log_event
from bot.storage import GuildSettings
from bot.storage.base import MAX_COOLDOWN_S
from bot.ui import tell

if TYPE_CHECKING:
    from bot.discord_bot import AoadBot

log = logging.getLogger(__name__)

MESSAGE_MAX = 2000  # Discord's limit on a message's content
Mode = Literal["answer", "suggest", "off"]
SpoilerStyle = Literal["wrap", "plain"]
MODE_HELP = "answer: reply at once; suggest: react ❓, answer when the asker clicks; off: silent"


def describe(settings: GuildSettings) -> str:
    """Return a server's settings as a few lines a moderator can read."""
    modes = "".join(f" · <#{c}>: {m}" for c, m in sorted(settings.channel_modes.items()))
    plain = ", ".join(f"<#{c}>" for c in sorted(settings.plain_spoiler_channels))
    spoilers = f"**{settings.spoilers}**" + (f" · plain in {plain}" if plain else "")
    near = "on" if settings.record_near_misses else "off"
    return (
        f"Auto-replies: **{settings.mode}**{modes}\n"
        f"Same answer again in a channel after: **{settings.cooldown_s} s**\n"
        f"Spoilers: {spoilers}\n"
        f"Near-miss log: **{near}**"
    )


def clip_lines(head: str, lines: list[str], limit: int = MESSAGE_MAX) -> str:
    """Return `head` and as many `lines` as fit in one message, saying how many were left out."""
    text = head
    for shown, line in enumerate(lines):
        more = f"\n… and {len(lines) - shown} more (see the log)"
        if len(text) + 1 + len(line) + len(more) > limit:
            return text + more
        text += "\n" + line
    return text


class AdminCog(commands.Cog):
    """Per-server settings and knowledge reloads."""

    config = app_commands.Group(
        name="config",
        description="How aoad-bot behaves in this server",
        # Discord shows /config only to members with Manage Server (admins may change that in
        # Server Settings -> Integrations), and never in DMs.
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: AoadBot) -> None:
        self.bot = bot

    async def _saved(self, interaction: discord.Interaction, done: str) -> None:
        """Re-read the settings as stored, use them at once, and show them to the admin."""
        guild_id = _guild_id(interaction)
        settings = await self.bot.storage.get_settings(guild_id)
        self.bot.remember_settings(guild_id, settings)
        command = interaction.command.qualified_name if interaction.command else None
        log_event(log, "config", guild=guild_id, command=command)
        await tell(interaction, f"{done}\n\n{describe(settings)}")

    @config.command(description="Show this server's settings")
    async def show(self, interaction: discord.Interaction) -> None:
        """Show the settings as stored now."""
        settings = await self.bot.storage.get_settings(_guild_id(interaction))
        await tell(interaction, describe(settings))

    @config.command(description="Answer at once, offer an answer with ❓, or stay silent")
    @app_commands.describe(mode=MODE_HELP, channel="Only this channel (default: the whole server)")
    async def mode(
        self,
        interaction: discord.Interaction,
        mode: Mode,
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Set how chat questions are answered, server-wide or in one channel."""
        guild_id = _guild_id(interaction)
        storage = self.bot.storage
        if channel is None:
            await storage.update_settings(guild_id, mode=mode)
            done = f"Auto-replies are now **{mode}** (channels set on their own keep theirs)."
        else:
            server_mode = (await storage.get_settings(guild_id)).mode
            # A channel set to the server's mode drops its override: it follows the server again.
            await storage.set_channel_mode(
                guild_id, channel.id, None if mode == server_mode else mode
            )
            done = f"Auto-replies are now **{mode}** in {channel.mention}."
        await self._saved(interaction, done)

    @config.command(description="How long before the same answer is given again in a channel")
    @app_commands.describe(seconds=f"0 to {MAX_COOLDOWN_S} (default 120)")
    async def cooldown(
        self, interaction: discord.Interaction, seconds: app_commands.Range[int, 0, MAX_COOLDOWN_S]
    ) -> None:
        """Set the per-channel cooldown of each answer."""
        await self.bot.storage.update_settings(_guild_id(interaction), cooldown_s=seconds)
        await self._saved(interaction, f"The same answer waits **{seconds} s** per channel.")

    @config.command(description="Keep Season 1 spoilers hidden (wrap) or show them (plain)")
    @app_commands.describe(
        mode="wrap: hide behind ||spoiler|| tags; plain: show as ordinary text",
        channel="Only this channel (default: the whole server)",
    )
    async def spoilers(
        self,
        interaction: discord.Interaction,
        mode: SpoilerStyle,
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Set whether answers hide spoilers, server-wide or in one channel."""
        guild_id = _guild_id(interaction)
        if channel is None:
            await self.bot.storage.update_settings(guild_id, spoilers=mode)
            done = f"Spoilers are now **{mode}** in this server."
        else:
            await self.bot.storage.set_plain_spoilers(guild_id, channel.id, mode == "plain")
            done = f"Spoilers are now **{mode}** in {channel.mention}."
        await self._saved(interaction, done)

    @config.command(description="Log questions that nearly matched, to improve the answers")
    @app_commands.describe(setting="on: log near misses' text (never who wrote it); off: don't")
    async def nearmisses(
        self, interaction: discord.Interaction, setting: Literal["on", "off"]
    ) -> None:
        """Turn the near-miss log on or off for this server."""
        on = setting == "on"
        await self.bot.storage.update_settings(_guild_id(interaction), record_near_misses=on)
        await self._saved(interaction, f"The near-miss log is now **{setting}**.")

    @app_commands.command(description="Reload the knowledge base from disk (the bot's owner only)")
    @app_commands.default_permissions(manage_guild=True)
    async def reload(self, interaction: discord.Interaction) -> None:
        """Swap in the knowledge files as they are now; on errors keep the old ones and list them."""
        if not await self.bot.is_owner(interaction.user):
            await tell(interaction, "Only the bot's owner can reload the knowledge base.")
            return
        problems = self.bot.reload_knowledge()
        if problems:
            head = "The knowledge base has errors, so I kept the old one:"
            await tell(interaction, clip_lines(head, [f"`{p}`" for p in problems]))
        else:
            await tell(interaction, f"Reloaded: {len(self.bot.brain.kb)} entries.")


def _guild_id(interaction: discord.Interaction) -> int:
    # /config is guild_only: Discord never sends it from a DM.
    assert interaction.guild_id is not None
    return interaction.guild_id
