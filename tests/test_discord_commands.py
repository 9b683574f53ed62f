"""Slash commands, autocomplete, the context menu and start-up, as a Discord user sees them."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

import discord
import pytest
import simcord
from discord import app_commands

from bot import __version__, create_bot
from bot import discord_bot as discord_bot_module
from bot.answers import Answer
from bot.cogs.answers import CONTEXT_MENU
from bot.discord_bot import AoadBot, run_discord
from bot.embeds import to_embed
from bot.service import TOPIC_COMMANDS
from bot.settings import Settings

if TYPE_CHECKING:
    from conftest import World

UNANSWERABLE = "what is the budget of season 2?"


def _brain(world: World):
    return world.env.bot.brain


@pytest.mark.parametrize("command", sorted(TOPIC_COMMANDS))
async def test_topic_command_shows_its_entry(world: World, command: str) -> None:
    """Each topic command answers publicly with its entry's embed and the dated source."""
    result = await world.alice.slash(world.channel, command)

    assert not result.ephemeral
    (embed,) = result.response.embeds
    assert embed.title == _brain(world).kb[TOPIC_COMMANDS[command][0]].title
    assert embed.footer.text.startswith("Source:") and "2023" in embed.footer.text


@pytest.mark.parametrize(
    ("name", "entry_id"),
    [("Namra", "nam-ra"), ("chungsan", "cheong-san"), ("남라", "nam-ra"), ("Lomon", "su-hyeok")],
)
async def test_whois_finds_character_by_any_name(world: World, name: str, entry_id: str) -> None:
    """/whois accepts romanized aliases, Hangul and actor names."""
    result = await world.alice.slash(world.channel, "whois", name=name)

    assert not result.ephemeral
    assert result.response.embeds[0].title == _brain(world).kb[entry_id].title


async def test_whois_unknown_name_is_private_with_suggestions(world: World) -> None:
    """An unknown name gets an ephemeral reply naming the closest characters."""
    result = await world.alice.slash(world.channel, "whois", name="Gandalf")

    assert result.ephemeral
    assert "Gandalf" in result.response.content
    assert "Closest: **" in result.response.content


async def test_whois_autocomplete_offers_best_match_first(world: World) -> None:
    """Typing part of a name offers at most 25 characters, the best match first."""
    choices = await world.alice.autocomplete(world.channel, "whois", "name", "Nam-r")
    every = await world.alice.autocomplete(world.channel, "whois", "name", "")

    assert 0 < len(choices) <= 25 and 0 < len(every) <= 25
    assert choices[0]["value"] == "nam-ra"
    assert choices[0]["name"].startswith("Nam-ra")


async def test_whois_autocomplete_never_offers_more_than_25(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Discord rejects more than 25 choices, so a longer list from the Brain is cut at 25."""
    many = [(f"Student {i}", f"student-{i}") for i in range(40)]
    monkeypatch.setattr(world.env.bot.brain, "name_choices", lambda current: many)

    choices = await world.alice.autocomplete(world.channel, "whois", "name", "stu")

    assert [c["value"] for c in choices] == [value for _, value in many[:25]]


async def test_whois_autocomplete_choice_answers(world: World) -> None:
    """Picking an autocomplete choice (its value is an entry id) answers that character."""
    (first, *_) = await world.alice.autocomplete(world.channel, "whois", "name", "lomon")

    result = await world.alice.slash(world.channel, "whois", name=first["value"])

    assert result.response.embeds[0].title == "Su-hyeok"


async def test_ask_answers_publicly(world: World) -> None:
    """/ask with a question the article answers gets a public embed."""
    result = await world.alice.slash(world.channel, "ask", question="how many episodes in s2?")

    assert not result.ephemeral
    assert result.response.embeds[0].title == _brain(world).kb["episodes"].title


async def test_ask_unanswerable_is_private(world: World) -> None:
    """/ask with a question the article doesn't answer says so only to the asker."""
    result = await world.alice.slash(world.channel, "ask", question=UNANSWERABLE)

    assert result.ephemeral
    assert "doesn't say" in result.response.content
    assert result.response.embeds == []


async def test_help_lists_commands_and_characters(world: World) -> None:
    """/help lists the commands, topics and characters it can answer."""
    result = await world.alice.slash(world.channel, "help")

    description = result.response.embeds[0].description
    assert "`/whois name`" in description and "`/release`" in description
    assert "Nam-ra" in description


async def test_about_names_source_date_and_version(world: World) -> None:
    """/about gives the source, its 2023 date and the bot's version."""
    result = await world.alice.slash(world.channel, "about")

    description = result.response.embeds[0].description
    assert "2023" in description
    assert __version__ in description


async def test_recap_hides_season_one_behind_spoiler_tags(world: World) -> None:
    """/recap wraps the Season 1 plot in || spoiler || markup."""
    result = await world.alice.slash(world.channel, "recap")

    assert result.response.embeds[0].description.count("||") >= 2


async def test_context_menu_replies_to_the_target_message(world: World) -> None:
    """The context menu replies to the chosen message and tells the clicker privately."""
    question = await world.alice.send(world.channel, "when is season 2 coming out?")
    before = len(world.channel.history())

    result = await world.alice.context_menu(world.channel, CONTEXT_MENU, question)

    # The chat listener answered the question already; the context menu adds one more reply.
    assert len(world.channel.history()) == before + 1
    answer = world.channel.last_message
    assert answer.reference.message_id == question.id
    assert answer.embeds[0].title == _brain(world).kb["release"].title
    assert result.ephemeral and result.response.content == "Answered."


async def test_context_menu_unanswerable_tells_only_the_clicker(world: World) -> None:
    """On a message the article doesn't answer, only the clicker hears that it doesn't say."""
    message = await world.alice.send(world.channel, "anyone want to play valorant later")

    result = await world.alice.context_menu(world.channel, CONTEXT_MENU, message)

    assert result.ephemeral and "doesn't say" in result.response.content
    assert world.channel.last_message.id == message.id


async def test_ask_cooldown_answers_privately(world: World) -> None:
    """A user who runs /ask too fast is asked to slow down, privately, until the window ends."""
    for _ in range(5):
        await world.alice.slash(world.channel, "ask", question="is there a trailer?")

    throttled = await world.alice.slash(world.channel, "ask", question="is there a trailer?")
    await world.env.advance_time(31)
    later = await world.alice.slash(world.channel, "ask", question="is there a trailer?")

    assert throttled.ephemeral and "Slow down" in throttled.response.content
    assert [type(e) for e in world.env.errors] == [app_commands.CommandOnCooldown]
    assert not later.ephemeral and later.response.embeds


async def test_whois_cooldown_is_per_user(world: World) -> None:
    """One user's /whois cooldown doesn't block another user."""
    bob = world.guild.add_member(world.env.create_user("bob"))
    for _ in range(6):
        await world.alice.slash(world.channel, "whois", name="Namra")

    result = await bob.slash(world.channel, "whois", name="Namra")

    assert not result.ephemeral and result.response.embeds
    assert [type(e) for e in world.env.errors] == [app_commands.CommandOnCooldown]


async def test_unexpected_error_is_a_short_private_apology(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash inside a command becomes a private apology, never a traceback in chat."""

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal detail")

    monkeypatch.setattr(world.env.bot.brain, "ask", crash)

    result = await world.alice.slash(world.channel, "ask", question="when is season 2 out?")

    assert result.ephemeral and "Sorry" in result.response.content
    assert "internal detail" not in result.response.content
    assert "Traceback" not in result.response.content
    (error,) = world.env.errors  # logged with its traceback, and SimCord saw it
    assert isinstance(error.original, RuntimeError)


def test_overlong_answer_is_clipped_with_its_spoiler_closed() -> None:
    """An answer too long for an embed is cut to fit, and a spoiler it cut stays hidden."""
    answer = Answer("x", "Title", "Plot: ||" + "secret " * 1000 + "||", "Source: 2023")

    embed = to_embed(answer)

    assert len(embed.description) <= 4096
    assert embed.description.endswith("…||") and embed.description.count("||") == 2


async def test_commands_sync_to_the_development_server(settings: Settings) -> None:
    """With GUILD_ID set, commands are synced to that server (instant) rather than globally."""
    guild_id = 1_000_000_000_000_000_001
    bot = create_bot(replace(settings, guild_id=guild_id))

    async with simcord.run(bot) as env:
        guild = env.create_guild(id=guild_id)
        channel = guild.create_text_channel("dev")
        alice = guild.add_member(env.create_user("alice"))
        result = await alice.slash(channel, "release")

    puts = [r.path for r in env.http_requests if r.method == "PUT"]
    assert puts == [f"/applications/{env.backend.application_id}/guilds/{guild_id}/commands"]
    assert result.response.embeds[0].title == "When Season 2 comes out"


def test_bot_builds_without_network_or_token(settings: Settings) -> None:
    """Building the bot loads the knowledge and touches no network: no token needed."""
    bot = create_bot(settings)

    assert isinstance(bot, AoadBot)
    assert bot.intents.message_content
    mentions = bot.allowed_mentions
    assert mentions is not None
    assert not (mentions.everyone or mentions.users or mentions.roles or mentions.replied_user)
    assert len(bot.brain.kb) > 0


def test_rejected_token_is_one_line_and_exit_2(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A token Discord rejects prints one line saying how to get one, exit code 2."""

    async def reject(self: AoadBot, token: str, *, reconnect: bool = True) -> None:
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(AoadBot, "start", reject)
    monkeypatch.setattr(discord_bot_module.discord.utils, "setup_logging", lambda **_: None)
    secret = "not.a.real-token"

    code = run_discord(replace(settings, token=secret))

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "rejected" in err and "Reset Token" in err
    assert "https://discord.com/developers/applications" in err
    assert secret not in err


def test_missing_content_intent_retries_without_it(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Refused the Message Content intent, the bot reconnects without it and warns once."""
    # SimCord cannot drive bot.start (it logs in itself), so the run path is unit-tested here;
    # test_discord_chat runs the bot it falls back to in SimCord.
    attempts: list[bool] = []

    async def start(self: AoadBot, token: str, *, reconnect: bool = True) -> None:
        attempts.append(self.intents.message_content)
        if self.intents.message_content:
            raise discord.PrivilegedIntentsRequired(shard_id=None)

    monkeypatch.setattr(AoadBot, "start", start)
    monkeypatch.setattr(discord_bot_module.discord.utils, "setup_logging", lambda **_: None)

    with caplog.at_level(logging.WARNING):
        code = run_discord(replace(settings, token="x"))

    assert code == 0
    assert attempts == [True, False]
    (warning,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "Message Content" in warning.getMessage()
    assert "Slash commands, mentions and DMs still work" in warning.getMessage()


async def test_prefix_commands_never_trigger(world: World) -> None:
    """The bot has no prefix commands: no prefix matches, and there is no prefix help."""
    bot = world.env.bot
    message = await world.alice.send(world.channel, "!help")

    context = await bot.get_context(message)

    assert bot.command_prefix == [] and context.prefix is None
    assert bot.help_command is None and not bot.all_commands


async def test_every_command_is_described(world: World) -> None:
    """Every slash command and each of its options carries a description."""
    tree = world.env.bot.tree
    slash = tree.get_commands(type=discord.AppCommandType.chat_input)
    menus = tree.get_commands(type=discord.AppCommandType.message)

    answering = set(TOPIC_COMMANDS) | {"whois", "ask", "help", "about"}
    assert {c.name for c in slash} == answering | {"config", "reload"}
    assert [m.name for m in menus] == [CONTEXT_MENU]
    for command in tree.walk_commands(type=discord.AppCommandType.chat_input):
        assert command.description and command.description != "…"
        for parameter in getattr(command, "parameters", ()):  # a group has none of its own
            assert parameter.description and parameter.description != "…"
