"""Server-grade behaviour as a busy server sees it: anti-spam, /config and its modes, the
"Not what I asked" button, the misses log, /reload, failures, logs and shutdown."""

from __future__ import annotations

import asyncio
import fnmatch
import logging
import os
import re
import shutil
import signal
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import discord
import pytest
from simcord import SetupError
from simcord.actors import MemberActor
from simcord.builders import ChannelHandle

from bot import discord_bot as discord_bot_module
from bot.discord_bot import AoadBot, run_discord
from bot.logs import KeyValueFormatter
from bot.settings import Settings
from bot.storage import open_storage

if TYPE_CHECKING:
    from conftest import World

QUESTION = "when is season 2 coming out?"
# Four questions with four different answers: only the per-user limit can stop the fourth.
FOUR_QUESTIONS = (
    QUESTION,
    "is there a trailer?",
    "how many episodes in season 2?",
    "who is in the season 2 cast?",
)
RECAP_QUESTION = "how did season 1 end?"
UNANSWERABLE = "what is the budget of season 2?"
# A question close to On-jo and Su-hyeok, not close enough for chat.
NEAR_MISS = "is on-jo braver than su-hyeok"  # two names and a word we cannot place
OFF_TOPIC = "anyone want to play valorant later"
BUTTON = "Not what I asked"
LONG_QUESTION = ((QUESTION + " ") * 140)[:4000]  # one question, over and over
ZALGO = "w̵̢͓h̸̨e̷͎n̶̰ ̴i̵̜s̴ ̸s̷̙e̸a̵̱s̴o̷n̸ ̶2̵̗ ̵o̶u̴t̸?̷"


def _bot_messages(world: World, channel: ChannelHandle | None = None) -> list[discord.Message]:
    """Return the bot's messages in `channel` (default #general), oldest first."""
    where = channel or world.channel
    return [m for m in where.history() if m.author.id == world.env.bot.user.id]


def _member(world: World, name: str, **permissions: bool) -> MemberActor:
    """Return a new member holding a role with `permissions`."""
    role = world.guild.create_role(f"{name}s", permissions=discord.Permissions(**permissions))
    return world.guild.add_member(world.env.create_user(name), roles=[role])


def _admin(world: World) -> MemberActor:
    return _member(world, "admin", manage_guild=True)


# --- anti-spam ------------------------------------------------------------------------------


async def test_burst_of_one_question_gets_one_answer_until_the_cooldown_ends(world: World) -> None:
    """Six fans asking the same question at once get one answer; after 120 s it is answered again."""
    fans = [world.alice, *(_member(world, f"fan{i}") for i in range(5))]
    for fan in fans:
        await fan.send(world.channel, QUESTION)
    burst = _bot_messages(world)

    await world.env.advance_time(121)
    await fans[1].send(world.channel, QUESTION)

    assert len(burst) == 1
    assert len(_bot_messages(world)) == 2


async def test_one_user_gets_three_auto_replies_a_minute(world: World) -> None:
    """A fourth question from one user within a minute gets no reply; a minute later it does."""
    for question in FOUR_QUESTIONS:
        await world.alice.send(world.channel, question)
    within_a_minute = _bot_messages(world)

    await world.env.advance_time(61)
    await world.alice.send(world.channel, FOUR_QUESTIONS[-1])

    assert len(within_a_minute) == 3
    assert _bot_messages(world)[-1].embeds[0].title == world.env.bot.brain.kb["cast"].title


async def test_mentions_skip_the_entry_cooldown_but_not_the_user_limit(world: World) -> None:
    """Asked by mention, the same question is answered again, but only three times a minute."""
    me = world.env.bot.user

    for _ in range(4):
        await world.alice.send(world.channel, f"{me.mention} {QUESTION}")

    assert len(_bot_messages(world)) == 3


@pytest.mark.parametrize(
    "content",
    [LONG_QUESTION[:2000], "😭🔥💀" * 30, ZALGO],
    ids=["2000-characters", "emoji-only", "zalgo"],
)
async def test_hostile_message_gets_no_reply_and_no_crash(world: World, content: str) -> None:
    """A 2,000-character, emoji-only or zalgo message gets silence, and nothing fails."""
    await world.alice.send(world.channel, content)

    assert _bot_messages(world) == []
    assert world.env.errors == []


async def test_nitro_length_message_gets_no_reply(world: World) -> None:
    """A 4,000-character message (Nitro's limit) full of questions is not auto-answered."""
    # SimCord holds users to the 2,000 characters of a plain account, so the long text is put
    # on a message it delivered and handed to the listener as the gateway would.
    message = await world.alice.send(world.channel, OFF_TOPIC)
    message.content = LONG_QUESTION

    await world.env.bot.get_cog("ChatCog").on_message(message)

    assert len(LONG_QUESTION) == 4000
    assert _bot_messages(world) == []


async def test_mentions_inside_a_question_are_answered_without_pinging(world: World) -> None:
    """@everyone, a role and a user inside a question: answered, and the reply pings nobody."""
    mod = _member(world, "mod", mention_everyone=True)
    fans = world.guild.create_role("fans", mentionable=True)
    bob = world.guild.add_member(world.env.create_user("bob"))

    await mod.send(world.channel, f"@everyone {fans.mention} {bob.mention} {QUESTION}")

    (answer,) = _bot_messages(world)
    assert answer.embeds[0].title == "When Season 2 comes out"
    (sent,) = [
        r.json
        for r in world.env.http_requests
        if r.method == "POST" and fnmatch.fnmatch(r.path, "/channels/*/messages")
    ]
    assert sent["allowed_mentions"]["parse"] == []
    assert not sent["allowed_mentions"].get("replied_user")


@pytest.mark.parametrize(
    "content",
    [
        "**when** is _season 2_ coming out?",
        f"```\n{QUESTION}\n```",
        f"> {QUESTION}",
    ],
    ids=["markdown", "code-block", "quote"],
)
async def test_question_in_markdown_is_answered(world: World, content: str) -> None:
    """Bold, italics, a code block or a quote around a question don't hide it."""
    await world.alice.send(world.channel, content)

    (answer,) = _bot_messages(world)
    assert answer.embeds[0].title == "When Season 2 comes out"


# --- /config ----------------------------------------------------------------------------------


async def test_config_is_refused_without_manage_server(world: World) -> None:
    """A member without Manage Server cannot see or run /config."""
    assert not any(c.startswith("config") for c in world.alice.available_commands(world.channel))
    with pytest.raises(SetupError, match="default-member-permissions"):
        await world.alice.slash(world.channel, "config mode", mode="off")


async def test_config_by_an_admin_is_saved_and_survives_a_restart(world: World) -> None:
    """An admin's /config change is confirmed privately, stored, and still in force after a restart."""
    admin = _admin(world)

    result = await admin.slash(world.channel, "config mode", mode="off")
    await world.restart()
    shown = await admin.slash(world.channel, "config show")
    await world.alice.send(world.channel, QUESTION)

    assert result.ephemeral and "now **off**" in result.response.content
    assert shown.ephemeral and "Auto-replies: **off**" in shown.response.content
    assert _bot_messages(world) == []


async def test_config_cooldown_sets_the_entry_cooldown(world: World) -> None:
    """With /config cooldown 10, the same answer may come again in the channel after 10 s."""
    bob = _member(world, "bob")
    await _admin(world).slash(world.channel, "config cooldown", seconds=10)

    await world.alice.send(world.channel, QUESTION)
    await world.env.advance_time(11)
    await bob.send(world.channel, QUESTION)

    assert len(_bot_messages(world)) == 2


async def test_a_change_by_another_process_is_seen_within_seconds(
    world: World, settings: Settings
) -> None:
    """Settings are cached for 5 s: a change another process stores takes effect soon after."""
    bob = _member(world, "bob")
    await world.alice.send(world.channel, QUESTION)  # reads, and caches, the settings

    async with await open_storage(settings.database) as other_process:
        await other_process.update_settings(world.guild.id, mode="off")
    await world.env.advance_time(6)
    await bob.send(world.channel, "is there a trailer?")

    assert len(_bot_messages(world)) == 1


# --- modes and spoilers -------------------------------------------------------------------


async def test_suggest_mode_answers_only_when_the_asker_clicks(world: World) -> None:
    """In suggest mode the bot reacts ❓; a stranger's click does nothing, the asker's answers."""
    await _admin(world).slash(world.channel, "config mode", mode="suggest", channel=world.channel)
    bob = _member(world, "bob")

    question = await world.alice.send(world.channel, QUESTION)
    reacted = [r.path for r in world.env.http_requests if r.method == "PUT"]
    await bob.react(question, "❓")
    after_stranger = _bot_messages(world)
    await world.alice.react(question, "❓")
    await world.alice.unreact(question, "❓")
    await world.alice.react(question, "❓")  # a second click answers nothing more

    assert reacted[-1].endswith(f"/messages/{question.id}/reactions/%E2%9D%93/@me")
    assert after_stranger == []
    (answer,) = _bot_messages(world)
    assert answer.reference.message_id == question.id
    assert answer.embeds[0].title == "When Season 2 comes out"


async def test_off_mode_is_silent_but_mentions_and_commands_answer(world: World) -> None:
    """In off mode questions in chat get silence; a mention and /ask are still answered."""
    await _admin(world).slash(world.channel, "config mode", mode="off")
    me = world.env.bot.user

    await world.alice.send(world.channel, QUESTION)
    silent = _bot_messages(world)
    mention = await world.alice.send(world.channel, f"{me.mention} {QUESTION}")
    slash = await world.alice.slash(world.channel, "ask", question=QUESTION)

    assert silent == []
    assert _bot_messages(world)[0].reference.message_id == mention.id
    assert not slash.ephemeral and slash.response.embeds


async def test_plain_spoiler_channel_shows_the_recap_without_tags(world: World) -> None:
    """In a channel set to plain spoilers the recap has no ||tags||; elsewhere it keeps them."""
    spoilers = world.guild.create_text_channel("spoilers")
    await _admin(world).slash(world.channel, "config spoilers", mode="plain", channel=spoilers)

    await world.alice.send(spoilers, RECAP_QUESTION)
    slash = await world.alice.slash(spoilers, "recap")
    await world.alice.send(world.channel, RECAP_QUESTION)

    assert "||" not in _bot_messages(world, spoilers)[0].embeds[0].description
    assert "||" not in slash.response.embeds[0].description
    assert _bot_messages(world)[-1].embeds[0].description.count("||") >= 2


# --- the "Not what I asked" button --------------------------------------------------------


async def test_not_what_i_asked_by_the_asker_deletes_the_answer_and_records_it(
    world: World, settings: Settings
) -> None:
    """The asker's click deletes the answer and logs a false answer with the question's text."""
    await world.alice.send(world.channel, QUESTION)
    (answer,) = _bot_messages(world)

    result = await world.alice.click(answer, label=BUTTON)

    assert result.ephemeral and "Removed" in result.response.content
    assert _bot_messages(world) == []
    assert await world.env.bot.storage.false_answer_counts() == {"release": 1}
    with sqlite3.connect(settings.database_path) as db:
        stored = "\n".join(db.iterdump())
    assert QUESTION in stored and str(world.alice.id) not in stored


async def test_not_what_i_asked_by_a_stranger_is_refused(world: World) -> None:
    """Anyone but the asker or a moderator is told so privately; the answer stays."""
    bob = _member(world, "bob")
    await world.alice.send(world.channel, QUESTION)
    (answer,) = _bot_messages(world)

    result = await bob.click(answer, label=BUTTON)

    assert result.ephemeral
    assert result.response.content == "Only the asker or a moderator can remove this."
    assert _bot_messages(world) == [answer]
    assert await world.env.bot.storage.false_answer_counts() == {}


async def test_not_what_i_asked_by_a_moderator_deletes_the_answer(world: World) -> None:
    """A member with Manage Messages may remove someone else's answer."""
    mod = _member(world, "mod", manage_messages=True)
    await world.alice.send(world.channel, QUESTION)
    (answer,) = _bot_messages(world)

    await mod.click(answer, label=BUTTON)

    assert _bot_messages(world) == []


async def test_not_what_i_asked_still_works_after_a_restart(world: World) -> None:
    """The button on an answer sent before a restart still works after it."""
    await world.alice.send(world.channel, QUESTION)
    (answer,) = _bot_messages(world)

    await world.restart()
    await world.alice.click(answer, label=BUTTON)

    assert _bot_messages(world) == []


async def test_not_what_i_asked_in_a_dm_removes_the_answer(world: World) -> None:
    """In a DM the asker can remove the answer too; the false answer has no server."""
    await world.alice.send_dm(QUESTION)
    dm = world.alice.user.dm_channel
    answer = dm.last_message

    await world.alice.user.click(answer, label=BUTTON)

    assert dm.last_message.author.id == world.alice.id
    assert await world.env.bot.storage.false_answer_counts() == {"release": 1}


# --- the misses log -----------------------------------------------------------------------


async def test_miss_from_ask_is_recorded_without_its_author(
    world: World, settings: Settings
) -> None:
    """/ask with a question the article doesn't answer logs text and server, never the author."""
    await world.alice.slash(world.channel, "ask", question=UNANSWERABLE)

    (group,) = await world.env.bot.storage.list_misses()
    with sqlite3.connect(settings.database_path) as db:
        stored = "\n".join(db.iterdump())
    assert (group.count, group.example) == (1, UNANSWERABLE)
    assert str(world.guild.id) in stored
    assert str(world.alice.id) not in stored and "alice" not in stored


async def test_misses_from_mentions_dms_and_the_context_menu_are_recorded(world: World) -> None:
    """Each way of asking the bot directly logs what it could not answer."""
    me = world.env.bot.user
    await world.alice.send(world.channel, f"{me.mention} what is the budget of season 2?")
    await world.alice.send_dm("who composed the soundtrack?")
    message = await world.alice.send(world.channel, "is there a video game?")
    await world.alice.context_menu(world.channel, "Answer with aoad-bot", message)

    groups = await world.env.bot.storage.list_misses()

    assert sorted(g.example for g in groups) == [
        "is there a video game?",
        "what is the budget of season 2?",  # the mention itself is not part of the question
        "who composed the soundtrack?",
    ]


async def test_near_misses_are_recorded_only_where_turned_on(world: World) -> None:
    """A near-miss question is logged only after /config nearmisses on; chatter never is."""
    await world.alice.send(world.channel, NEAR_MISS)
    before = await world.env.bot.storage.list_misses()

    await _admin(world).slash(world.channel, "config nearmisses", setting="on")
    await world.alice.send(world.channel, NEAR_MISS)
    await world.alice.send(world.channel, OFF_TOPIC)

    assert before == []
    (group,) = await world.env.bot.storage.list_misses()
    assert group.example == NEAR_MISS
    assert group.closest_id in ("on-jo", "su-hyeok")


# --- /reload --------------------------------------------------------------------------------


def _knowledge_copy(tmp_path: Path, world: World) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(world.settings.knowledge_dir, copy)
    return copy


def _use_knowledge(world: World, directory: Path, owner: MemberActor) -> None:
    bot = world.env.bot
    bot.settings = replace(bot.settings, knowledge_dir=directory)
    bot.owner_id = owner.id


async def test_reload_with_invalid_knowledge_keeps_answering_and_tells_the_owner(
    world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A broken knowledge file: the old knowledge keeps answering; the owner sees file:line."""
    owner = _admin(world)
    broken = _knowledge_copy(tmp_path, world)
    with (broken / "topics.yaml").open("a", encoding="utf-8") as topics:
        topics.write("  - id: broken\n    title: [unclosed\n")
    _use_knowledge(world, broken, owner)

    result = await owner.slash(world.channel, "reload")
    await world.alice.send(world.channel, QUESTION)

    assert result.ephemeral and "kept the old one" in result.response.content
    assert re.search(r"topics\.yaml:\d+: invalid YAML", result.response.content)
    assert re.search(r"event=knowledge_problem problem=\".*topics\.yaml:\d+: ", caplog.text)
    assert _bot_messages(world)[-1].embeds[0].title == "When Season 2 comes out"


async def test_reload_by_the_owner_swaps_in_the_new_knowledge(world: World, tmp_path: Path) -> None:
    """After an edit to the knowledge, /reload by the owner answers from the new text."""
    owner = _admin(world)
    edited = _knowledge_copy(tmp_path, world)
    topics = edited / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text.replace('"When Season 2 comes out"', '"Release"'), encoding="utf-8")
    _use_knowledge(world, edited, owner)

    result = await owner.slash(world.channel, "reload")
    release = await world.alice.slash(world.channel, "release")

    assert result.ephemeral and result.response.content.startswith("Reloaded:")
    assert release.response.embeds[0].title == "Release"


async def test_reload_by_anyone_but_the_owner_is_refused(world: World) -> None:
    """An admin who doesn't own the bot is told only the owner can reload."""
    result = await _admin(world).slash(world.channel, "reload")

    assert result.ephemeral and "Only the bot's owner" in result.response.content


# --- failures, logs, shutdown ---------------------------------------------------------------


@pytest.mark.parametrize(("status", "code"), [(500, 0), (403, 50013)])
async def test_refused_reply_to_a_mention_is_survived(world: World, status: int, code: int) -> None:
    """Discord refusing a reply (5xx, 50013) loses that reply only: the next mention is answered."""
    me = world.env.bot.user
    world.env.inject_error("POST", "/channels/*/messages", status=status, code=code)

    await world.alice.send(world.channel, f"{me.mention} {QUESTION}")
    refused = _bot_messages(world)
    await world.alice.send(world.channel, f"{me.mention} is there a trailer?")

    assert refused == []
    assert _bot_messages(world)[-1].embeds[0].title == "Is there a Season 2 trailer?"
    assert world.env.errors == []


async def test_crash_in_the_chat_listener_is_logged_never_posted(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A handler that raises is logged with its traceback; chat sees nothing of it."""

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal detail")

    monkeypatch.setattr(world.env.bot.brain, "ask", crash)

    await world.alice.send(world.channel, QUESTION)

    assert _bot_messages(world) == []
    assert "event=error handler=on_message" in caplog.text
    assert "Traceback" in caplog.text and "internal detail" in caplog.text
    (error,) = world.env.errors
    assert isinstance(error, RuntimeError)


async def test_answer_is_logged_as_one_key_value_line(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """An answer logs one line: event, server, channel, entry, score and latency."""
    caplog.set_level(logging.INFO)

    await world.alice.send(world.channel, QUESTION)

    (line,) = [r.getMessage() for r in caplog.records if "event=answer" in r.getMessage()]
    assert re.fullmatch(
        rf"event=answer guild={world.guild.id} shard=0 channel={world.channel.id} entry=release "
        r"score=\d+\.\d latency_ms=\d+",
        line,
    )


def test_formatter_puts_every_record_on_one_key_value_line() -> None:
    """Library messages get quoted in msg=; events keep their fields; newlines are escaped."""
    formatter = KeyValueFormatter()
    record = logging.LogRecord("discord.gateway", logging.INFO, "", 0, "Shard %s\nup", ("0",), None)

    line = formatter.format(record)

    assert re.fullmatch(r'time=\S+ level=INFO logger=discord\.gateway msg="Shard 0\\nup"', line)


def _fake_start(*signals: signal.Signals):  # noqa: ANN202 - a stand-in for AoadBot.start
    """Return a start() that sends itself `signals`, then waits to be closed like the real one."""

    async def start(self: AoadBot, token: str, *, reconnect: bool = True) -> None:
        for signum in signals:
            os.kill(os.getpid(), signum)
            await asyncio.sleep(0.01)  # the loop runs signal handlers between steps
        while not self.is_closed():
            await asyncio.sleep(0.01)

    return start


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stop_signal_closes_the_bot_and_exits_zero(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, signum: signal.Signals
) -> None:
    """SIGTERM or SIGINT closes the bot (and its storage) cleanly, with exit code 0."""
    closed: list[bool] = []
    close = AoadBot.close

    async def recording_close(self: AoadBot) -> None:
        closed.append(True)
        await close(self)

    monkeypatch.setattr(AoadBot, "start", _fake_start(signum))
    monkeypatch.setattr(AoadBot, "close", recording_close)
    monkeypatch.setattr(discord_bot_module.discord.utils, "setup_logging", lambda **_: None)

    code = run_discord(replace(settings, token="x"))

    assert code == 0
    assert closed


def test_sighup_reloads_the_knowledge(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGHUP reloads the knowledge base without stopping the bot."""
    reloads: list[bool] = []
    monkeypatch.setattr(AoadBot, "reload_knowledge", lambda self: reloads.append(True) or [])
    monkeypatch.setattr(AoadBot, "start", _fake_start(signal.SIGHUP, signal.SIGTERM))
    monkeypatch.setattr(discord_bot_module.discord.utils, "setup_logging", lambda **_: None)

    assert run_discord(replace(settings, token="x")) == 0
    assert reloads == [True]


async def test_closing_the_bot_closes_its_storage(world: World) -> None:
    """bot.close() releases the database: its storage refuses further use."""
    bot = world.env.bot
    storage = bot.storage

    await bot.close()

    with pytest.raises(RuntimeError, match="closed"):
        await storage.get_settings(world.guild.id)
    with pytest.raises(RuntimeError):
        bot.storage  # noqa: B018 - the property is what is tested
