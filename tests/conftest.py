"""Shared fixtures: the real bot, built offline from the repo's knowledge, for SimCord."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from databases import backend  # noqa: F401 - a fixture, shared by the storage and shard tests
from discord.ext import commands
from simcord import Env
from simcord.actors import MemberActor
from simcord.builders import ChannelHandle, GuildHandle

from bot import create_bot
from bot.settings import Settings

KNOWLEDGE_DIR = Path(__file__).resolve().parents[1] / "knowledge"


@pytest.fixture(autouse=True)
def _data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test's default database and cache in its temp folder, never in the real
    home."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Return settings for tests: the repo's knowledge, a fresh SQLite file, no token."""
    return Settings(
        token=None,
        knowledge_dir=KNOWLEDGE_DIR,
        database_path=tmp_path / "aoad-bot.sqlite3",
        shard_count=1,  # in production Discord recommends the count; SimCord needs it given
    )


@pytest.fixture
async def bots() -> AsyncIterator[list[commands.Bot]]:
    """Collect the bots a test runs, and close them (releasing the database) once SimCord stops."""
    built: list[commands.Bot] = []
    yield built
    # SimCord detaches a bot without closing it; its storage must still be closed.
    for bot in built:
        await bot.close()


@pytest.fixture
def simcord_bot(settings: Settings, bots: list[commands.Bot]) -> commands.Bot:
    """Return the bot SimCord runs for `simcord_env`."""
    bots.append(create_bot(settings))
    return bots[-1]


@dataclass
class World:
    """A server with a #general channel and a member, alice, around the running bot."""

    env: Env
    guild: GuildHandle
    channel: ChannelHandle
    alice: MemberActor
    settings: Settings
    bots: list[commands.Bot]

    async def restart(self) -> None:
        """Restart as a new process would: a fresh bot on the same database and Discord."""
        self.bots.append(create_bot(self.settings))
        await self.env.restart_bot(self.bots[-1])


@pytest.fixture
def world(simcord_env: Env, settings: Settings, bots: list[commands.Bot]) -> World:
    """Return a fresh server with one channel and one member."""
    guild = simcord_env.create_guild("AOAD fans")
    channel = guild.create_text_channel("general")
    alice = guild.add_member(simcord_env.create_user("alice"))
    return World(simcord_env, guild, channel, alice, settings, bots)
