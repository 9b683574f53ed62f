"""The Discord bot: builds the client around a `Brain`, and runs it with a token.

Construction does no network I/O, so tests (SimCord) and the CLI can build the bot freely;
`run_discord` is the only place that connects.
"""

from __future__ import annotations

import asyncio
import logging
import sys

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs import add_cogs
from bot.service import Brain
from bot.settings import Settings

log = logging.getLogger(__name__)

PORTAL = "https://discord.com/developers/applications"
TOKEN_REJECTED = (
    "error: Discord rejected the token in DISCORD_TOKEN. Get a new one at "
    f"{PORTAL} -> your application -> Bot -> Reset Token."
)
NO_CONTENT_INTENT = (
    "The Message Content intent is not enabled for this bot, so chat auto-replies are off "
    f"until you enable it ({PORTAL} -> your application -> Bot -> Message Content Intent). "
    "Slash commands, mentions and DMs still work."
)


class AnswerTree(app_commands.CommandTree):
    """The command tree, with one error handler for every slash and context-menu command."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Tell the user ephemerally what went wrong; log anything unexpected, show no traceback."""
        if isinstance(error, app_commands.CommandOnCooldown):
            text = f"Slow down a little: try again in {error.retry_after:.0f} s."
        else:
            command = interaction.command.name if interaction.command else "?"
            log.error("Command %r failed", command, exc_info=error)
            text = "Sorry, something went wrong on my side. Please try again later."
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException:
            log.warning("Could not tell the user about a failed command", exc_info=True)


class AoadBot(commands.Bot):
    """The aoad-bot client: Discord plumbing around one `Brain`."""

    def __init__(self, settings: Settings, *, message_content: bool = True) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content  # privileged: enable it in the portal
        super().__init__(
            # No prefix commands at all: an empty prefix list matches no message (when_mentioned
            # would parse mentions as commands), and unlike a prefix string it doesn't make
            # discord.py warn about a missing Message Content intent in the fallback.
            command_prefix=[],
            help_command=None,
            intents=intents,
            tree_cls=AnswerTree,
            # Set once here, so no message the bot ever sends can ping anyone.
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.settings = settings
        self.brain = Brain.from_dir(
            settings.knowledge_dir,
            chat_threshold=settings.chat_threshold,
            ask_threshold=settings.ask_threshold,
        )
        self._ready_logged = False

    async def setup_hook(self) -> None:
        """Add the cogs and sync the commands: to GUILD_ID at once if set, else globally."""
        await add_cogs(self)
        if self.settings.guild_id is not None:
            guild = discord.Object(self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("Synced %d commands to server %s", len(synced), guild.id)
        else:
            synced = await self.tree.sync()
            log.info("Synced %d commands globally (Discord may take a while)", len(synced))

    async def on_ready(self) -> None:
        """Log the login once; Discord sends READY again after every reconnect."""
        if self._ready_logged or self.user is None:
            return
        self._ready_logged = True
        log.info("Logged in as %s (id %s) in %d servers", self.user, self.user.id, len(self.guilds))


def build_bot(settings: Settings | None = None, *, message_content: bool = True) -> AoadBot:
    """Return the bot with its knowledge loaded; connect nothing."""
    return AoadBot(settings or Settings.from_env(), message_content=message_content)


async def _run_until_closed(bot: commands.Bot, token: str) -> None:
    async with bot:
        await bot.start(token)


async def serve(settings: Settings) -> None:
    """Run until stopped; without the Message Content intent, retry once without it."""
    token = settings.token or ""
    try:
        await _run_until_closed(build_bot(settings), token)
    except discord.PrivilegedIntentsRequired:
        log.warning(NO_CONTENT_INTENT)
        await _run_until_closed(build_bot(settings, message_content=False), token)


def run_discord(settings: Settings) -> int:
    """Connect to Discord and answer until stopped; return the process exit code."""
    level = logging.getLevelNamesMapping().get(settings.log_level.upper(), logging.INFO)
    discord.utils.setup_logging(level=level)
    try:
        asyncio.run(serve(settings))
    except discord.LoginFailure:
        print(TOKEN_REJECTED, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        log.info("Stopped")
    return 0
