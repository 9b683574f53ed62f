"""Shared fixtures: the real bot, built offline from the repo's knowledge, for SimCord."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from discord.ext import commands
from simcord import Env
from simcord.actors import MemberActor
from simcord.builders import ChannelHandle, GuildHandle

from bot import create_bot
from bot.settings import Settings

KNOWLEDGE_DIR = Path(__file__).resolve().parents[1] / "knowledge"


@pytest.fixture
def settings() -> Settings:
    """Return settings for tests: the repo's knowledge, no token, nothing from the environment."""
    return Settings(token=None, knowledge_dir=KNOWLEDGE_DIR)


@pytest.fixture
def simcord_bot(settings: Settings) -> commands.Bot:
    """Return the bot SimCord runs for `simcord_env`."""
    return create_bot(settings)


@dataclass
class World:
    """A server with a #general channel and a member, alice, around the running bot."""

    env: Env
    guild: GuildHandle
    channel: ChannelHandle
    alice: MemberActor


@pytest.fixture
def world(simcord_env: Env) -> World:
    """Return a fresh server with one channel and one member."""
    guild = simcord_env.create_guild("AOAD fans")
    channel = guild.create_text_channel("general")
    alice = guild.add_member(simcord_env.create_user("alice"))
    return World(simcord_env, guild, channel, alice)
