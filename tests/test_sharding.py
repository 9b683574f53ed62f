"""Scale-out: an auto-sharded bot serves servers on every shard, and bot processes that share
one database (SQLite here, PostgreSQL when the server is up) share per-server settings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import discord
import simcord
from databases import Backend

from bot import create_bot
from bot.settings import Settings

SHARDS = 4
QUESTION = "when does season 2 come out?"


def _on(settings: Settings, backend: Backend, **changes: object) -> Settings:
    """Return `settings` pointed at `backend`'s database, with `changes`."""
    if backend.name == "postgres":
        return replace(settings, database_url=backend.target, **changes)
    return replace(settings, database_path=Path(backend.target), **changes)


def _bot_replies(channel: simcord.ChannelHandle, bot_id: int) -> list[discord.Message]:
    return [m for m in channel.history() if m.author.id == bot_id]


async def test_servers_on_every_shard_are_served(settings: Settings, backend: Backend) -> None:
    """With four shards, a server on each shard gets chat answers and /about names its shard."""
    bot = create_bot(_on(settings, backend, shard_count=SHARDS))

    async with simcord.run(bot) as env:
        for shard_id in range(SHARDS):
            guild = env.create_guild(f"fans {shard_id}", shard_id=shard_id)
            channel = guild.create_text_channel("general")
            fan = guild.add_member(env.create_user(f"fan{shard_id}"))

            await fan.send(channel, QUESTION)
            [reply] = _bot_replies(channel, env.bot.user.id)
            about = await fan.slash(channel, "about")

            assert bot.get_guild(guild.id).shard_id == shard_id
            assert reply.embeds[0].title == "When Season 2 comes out"
            assert f"served by shard {shard_id} of {SHARDS}" in about.response.embeds[0].description


async def test_a_setting_written_by_one_process_is_read_by_another(
    settings: Settings, backend: Backend
) -> None:
    """An admin's /config through one bot process holds in another sharing the database."""
    shared = _on(settings, backend, shard_count=SHARDS)

    async with simcord.run(create_bot(shared)) as first:
        guild = first.create_guild("fans", shard_id=2)
        guild_id = guild.id
        channel = guild.create_text_channel("general")
        admins = guild.create_role("admins", permissions=discord.Permissions(manage_guild=True))
        admin = guild.add_member(first.create_user("admin"), roles=[admins])
        await admin.slash(channel, "config mode", mode="off")

    async with simcord.run(create_bot(shared)) as second:
        guild = second.create_guild("fans", id=guild_id, shard_id=2)
        channel = guild.create_text_channel("general")
        fan = guild.add_member(second.create_user("fan"))
        await fan.send(channel, QUESTION)
        auto_replies = _bot_replies(channel, second.bot.user.id)
        answered_by_command = await fan.slash(channel, "release")

        assert auto_replies == []  # the first process turned auto-replies off
        assert answered_by_command.response.embeds[0].title == "When Season 2 comes out"
