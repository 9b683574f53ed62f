"""The Discord bot: builds the client around a `Brain`, and runs it with a token.

Construction does no network I/O, so tests (SimCord) and the CLI can build the bot freely;
`setup_hook` opens the storage and `run_discord` is the only place that connects.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.antispam import ReplyLimiter
from bot.cogs import add_cogs
from bot.knowledge import KnowledgeError
from bot.logs import KeyValueFormatter, log_event
from bot.service import Brain, Closest
from bot.settings import Settings
from bot.storage import GuildSettings, Storage, StorageError, open_storage
from bot.text import MAX_CHARS
from bot.ui import APOLOGY, NotWhatIAsked, tell

log = logging.getLogger(__name__)

SETTINGS_TTL_S = 5.0

PORTAL = "https://discord.com/developers/applications"
TOKEN_REJECTED = (
    "error: Discord rejected the token in DISCORD_TOKEN. Get a new one at "
    f"{PORTAL} -> your application -> Bot -> Reset Token."
)
STORAGE_FAILED = "error: cannot open the database ({}). Check DATABASE_PATH or DATABASE_URL."
NO_CONTENT_INTENT = (
    "The Message Content intent is not enabled for this bot, so chat auto-replies are off "
    f"until you enable it ({PORTAL} -> your application -> Bot -> Message Content Intent). "
    "Slash commands, mentions and DMs still work."
)


class AnswerTree(app_commands.CommandTree):
    """The command tree, with one error handler for every slash and context-menu command."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Note when a command started, for the latency in its log line; let everyone through."""
        interaction.extras["started"] = time.perf_counter()
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Tell the user ephemerally what went wrong; log anything unexpected, show no traceback."""
        if isinstance(error, app_commands.CommandOnCooldown):
            text = f"Slow down a little: try again in {error.retry_after:.0f} s."
        else:
            command = interaction.command.name if interaction.command else "?"
            log_event(log, "error", logging.ERROR, command=command, exc_info=error)
            text = APOLOGY
        await tell(interaction, text)


class AoadBot(commands.AutoShardedBot):
    """The aoad-bot client: Discord plumbing around one `Brain`.

    Auto-sharded: with SHARD_COUNT and SHARD_IDS unset it runs every shard Discord recommends;
    set, each process runs its slice (`deploy/`, README "Running at scale").
    """

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
            shard_count=settings.shard_count,
            shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,
        )
        self.settings = settings
        self.brain = Brain.from_settings(settings)
        self.limiter = ReplyLimiter()
        self._storage: Storage | None = None
        # guild id -> (read at, settings): re-read after SETTINGS_TTL_S, so a change another
        # process made is seen within seconds without a database read per message.
        self._guild_settings: dict[int, tuple[float, GuildSettings]] = {}
        self._ready_logged = False

    @property
    def storage(self) -> Storage:
        """Return the open storage (opened in setup_hook, closed by close)."""
        if self._storage is None:
            raise RuntimeError("storage is open only between setup_hook and close")
        return self._storage

    async def setup_hook(self) -> None:
        """Open storage, re-attach the answer buttons, add the cogs and sync the commands."""
        self._storage = await open_storage(self.settings.database)
        # Buttons on answers sent before a restart keep working: their custom_id says it all.
        self.add_dynamic_items(NotWhatIAsked)
        await add_cogs(self)
        if self.settings.guild_id is not None:
            guild = discord.Object(self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log_event(log, "sync", commands=len(synced), guild=guild.id)
        else:
            synced = await self.tree.sync()
            log_event(log, "sync", commands=len(synced), guild="global")

    async def close(self) -> None:
        """Disconnect, then close the storage."""
        await super().close()
        if self._storage is not None:
            storage, self._storage = self._storage, None
            await storage.close()
            self._guild_settings.clear()

    async def on_ready(self) -> None:
        """Log the login once; Discord sends READY again after every reconnect."""
        if self._ready_logged or self.user is None:
            return
        self._ready_logged = True
        log_event(log, "ready", user=self.user.id, guilds=len(self.guilds))

    async def on_shard_ready(self, shard_id: int) -> None:
        """Log each shard as it connects, with how many servers it serves."""
        guilds = sum(1 for guild in self.guilds if guild.shard_id == shard_id)
        log_event(log, "shard_ready", shard=shard_id, of=self.shard_count, guilds=guilds)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """Log a failed event handler with its traceback; nothing about it reaches chat."""
        log_event(log, "error", logging.ERROR, handler=event_method, exc_info=True)

    async def guild_settings(self, guild_id: int | None) -> GuildSettings:
        """Return a server's settings (the defaults in DMs), at most SETTINGS_TTL_S old."""
        if guild_id is None:
            return GuildSettings()
        now = time.monotonic()
        cached = self._guild_settings.get(guild_id)
        if cached is not None and now - cached[0] < SETTINGS_TTL_S:
            return cached[1]
        try:
            settings = await self.storage.get_settings(guild_id)
        except StorageError:
            # Keep answering as before (or by the defaults) rather than going silent.
            log_event(log, "storage_error", logging.WARNING, op="get_settings", exc_info=True)
            settings = cached[1] if cached is not None else GuildSettings()
        self.remember_settings(guild_id, settings)
        return settings

    def remember_settings(self, guild_id: int, settings: GuildSettings) -> None:
        """Cache settings just read or written, so this process sees its own change at once."""
        self._guild_settings[guild_id] = (time.monotonic(), settings)

    async def record_miss(
        self, text: str, guild_id: int | None, closest: Closest | None = None
    ) -> None:
        """Log a question the bot could not answer: text, server, closest entry; never who asked."""
        closest = closest or self.brain.closest(text)
        log_event(log, "miss", guild=guild_id, closest=closest.entry_id, score=closest.score)
        with _storage_errors_logged("record_miss"):
            await self.storage.record_miss(
                text[:MAX_CHARS], guild_id, closest.entry_id, closest.score
            )

    async def record_false_answer(self, entry_id: str, guild_id: int | None, text: str) -> None:
        """Log that an answer did not fit the question `text` (never who asked or clicked)."""
        with _storage_errors_logged("record_false_answer"):
            await self.storage.record_false_answer(entry_id, guild_id, text[:MAX_CHARS])

    def reload_knowledge(self) -> list[str]:
        """Load KNOWLEDGE_DIR again; on errors keep the old knowledge and return its problems."""
        try:
            self.brain.reload(self.settings.knowledge_dir)
        except KnowledgeError as exc:
            log_event(log, "reload_failed", logging.ERROR, problems=len(exc.problems))
            for problem in exc.problems:
                log_event(log, "knowledge_problem", logging.ERROR, problem=problem)
            return exc.problems
        log_event(log, "reload", entries=len(self.brain.kb))
        return []


@contextmanager
def _storage_errors_logged(op: str) -> Iterator[None]:
    """Log a storage failure instead of raising it: the logs are not worth a failed reply."""
    try:
        yield
    except StorageError:
        log_event(log, "storage_error", logging.WARNING, op=op, exc_info=True)


def build_bot(settings: Settings | None = None, *, message_content: bool = True) -> AoadBot:
    """Return the bot with its knowledge loaded; connect nothing."""
    return AoadBot(settings or Settings.from_env(), message_content=message_content)


@contextmanager
def _signal_handlers(handlers: dict[signal.Signals, Callable[[], object]]) -> Iterator[None]:
    """Run each handler on its signal while inside the block (where the loop supports it)."""
    loop = asyncio.get_running_loop()
    installed = []
    for signum, handler in handlers.items():
        try:
            loop.add_signal_handler(signum, handler)
        except (NotImplementedError, RuntimeError, ValueError):
            continue  # Windows, or not the main thread: Ctrl-C still stops the bot
        installed.append(signum)
    try:
        yield
    finally:
        for signum in installed:
            loop.remove_signal_handler(signum)


async def _run_until_closed(bot: AoadBot, token: str) -> None:
    """Run `bot` until it closes: SIGTERM and SIGINT close it cleanly, SIGHUP reloads knowledge."""
    closing: set[asyncio.Task[None]] = set()  # a reference, so the task isn't collected early

    def stop(signum: signal.Signals) -> None:
        log_event(log, "shutdown", signal=signum.name)
        closing.add(asyncio.ensure_future(bot.close()))

    handlers: dict[signal.Signals, Callable[[], object]] = {
        signal.SIGTERM: partial(stop, signal.SIGTERM),
        signal.SIGINT: partial(stop, signal.SIGINT),
    }
    if hasattr(signal, "SIGHUP"):  # not on Windows
        handlers[signal.SIGHUP] = bot.reload_knowledge
    with _signal_handlers(handlers):
        async with bot:
            await bot.start(token)
        await asyncio.gather(*closing)


async def serve(settings: Settings) -> None:
    """Run until stopped; without the Message Content intent, retry once without it."""
    token = settings.token or ""
    try:
        await _run_until_closed(build_bot(settings), token)
    except discord.PrivilegedIntentsRequired:
        log_event(log, "no_content_intent", logging.WARNING, msg=NO_CONTENT_INTENT)
        await _run_until_closed(build_bot(settings, message_content=False), token)


def run_discord(settings: Settings) -> int:
    """Connect to Discord and answer until stopped; return the process exit code."""
    level = logging.getLevelNamesMapping().get(settings.log_level.upper(), logging.INFO)
    discord.utils.setup_logging(level=level, formatter=KeyValueFormatter())
    try:
        asyncio.run(serve(settings))
    except discord.LoginFailure:
        print(TOKEN_REJECTED, file=sys.stderr)
        return 2
    except StorageError as exc:
        print(STORAGE_FAILED.format(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # where signal handlers are unavailable
        log_event(log, "shutdown", signal="SIGINT")
    return 0
