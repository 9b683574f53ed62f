"""The chat listener, as people in a server and in DMs see it."""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING

import discord
import pytest
import simcord

from bot.discord_bot import build_bot
from bot.settings import Settings

if TYPE_CHECKING:
    from conftest import World

QUESTION = "when is season 2 coming out?"
OFF_TOPIC = "anyone want to play valorant later"
UNANSWERABLE = "what is the budget of season 2?"
# Discord's portal with no privileged intent switched on.
NO_PRIVILEGED_INTENTS = discord.Intents.default()


def _bot_messages(world: World) -> list[discord.Message]:
    return [m for m in world.channel.history() if m.author.id == world.env.bot.user.id]


async def test_question_gets_a_reply_to_it(world: World) -> None:
    """A question about the show in a channel gets an answer, as a reply to the question."""
    question = await world.alice.send(world.channel, QUESTION)

    answer = world.channel.last_message
    assert answer.author.id == world.env.bot.user.id
    assert answer.reference is not None and answer.reference.message_id == question.id
    assert answer.embeds[0].title == "When Season 2 comes out"
    assert "2023" in answer.embeds[0].footer.text


async def test_off_topic_chatter_gets_silence(world: World) -> None:
    """Chatter that isn't about the show gets no message at all."""
    await world.alice.send(world.channel, OFF_TOPIC)

    assert _bot_messages(world) == []
    assert not [r for r in world.env.http_requests if r.method == "POST"]


async def test_unanswerable_question_in_channel_gets_silence(world: World) -> None:
    """Overheard in a channel, a question the article doesn't answer gets no reply."""
    await world.alice.send(world.channel, UNANSWERABLE)

    assert _bot_messages(world) == []


async def test_other_bots_are_ignored(world: World) -> None:
    """A question posted by another bot gets no reply (bots never talk to each other)."""
    other = world.guild.add_member(world.env.create_user("otherbot", bot=True))

    await other.send(world.channel, QUESTION)

    assert _bot_messages(world) == []


async def test_webhook_messages_are_ignored(world: World) -> None:
    """A question posted through a webhook gets no reply."""
    webhook = world.guild.create_webhook(world.channel, "Announcer")

    await webhook.send(QUESTION)

    assert _bot_messages(world) == []


async def test_dm_question_is_answered(world: World) -> None:
    """A question in a DM gets the answer embed."""
    await world.alice.send_dm(QUESTION)

    answer = world.alice.user.dm_channel.last_message
    assert answer.author.id == world.env.bot.user.id
    assert answer.embeds[0].title == "When Season 2 comes out"


async def test_unanswerable_dm_gets_polite_fallback(world: World) -> None:
    """In a DM the bot always replies: a question it can't answer gets "doesn't say"."""
    question = await world.alice.send_dm(UNANSWERABLE)

    answer = world.alice.user.dm_channel.last_message
    assert answer.author.id == world.env.bot.user.id
    assert "doesn't say" in answer.content
    assert answer.reference.message_id == question.id


async def test_mention_with_unanswerable_question_gets_polite_fallback(world: World) -> None:
    """Mentioned with a question it can't answer, the bot replies that the article doesn't say."""
    me = world.env.bot.user
    question = await world.alice.send(world.channel, f"{me.mention} {UNANSWERABLE}")

    answer = world.channel.last_message
    assert answer.author.id == me.id
    assert answer.reference.message_id == question.id
    assert "doesn't say" in answer.content


async def test_mention_without_a_question_says_what_the_bot_answers(world: World) -> None:
    """Greeted or thanked by mention, the bot says what it can answer; no miss is logged."""
    me = world.env.bot.user
    await world.alice.send(world.channel, f"{me.mention} hi!")

    reply = world.channel.last_message
    assert reply.author.id == me.id
    assert "doesn't say" not in reply.content and "/help" in reply.content
    assert await world.env.bot.storage.list_misses() == []


async def test_mention_is_stripped_before_matching(world: World) -> None:
    """A mention followed by a question answers the question, not the mention."""
    me = world.env.bot.user

    await world.alice.send(world.channel, f"<@{me.id}> is there a trailer")

    assert world.channel.last_message.embeds[0].title == "Is there a Season 2 trailer?"


async def test_reply_to_the_bot_is_always_answered(world: World) -> None:
    """Replying to one of the bot's messages counts as talking to it: it always replies."""
    await world.alice.send(world.channel, QUESTION)
    answer = world.channel.last_message

    follow_up = await world.alice.send(world.channel, OFF_TOPIC, reply_to=answer)

    fallback = world.channel.last_message
    assert fallback.author.id == world.env.bot.user.id
    assert fallback.reference.message_id == follow_up.id
    assert "doesn't say" in fallback.content


async def test_everyone_and_role_mentions_do_not_address_the_bot(world: World) -> None:
    """@everyone and role mentions don't make the bot answer off-topic chatter."""
    mods = world.guild.create_role("mods", permissions=discord.Permissions(mention_everyone=True))
    fans = world.guild.create_role("fans", mentionable=True)
    mod = world.guild.add_member(world.env.create_user("mod"), roles=[mods])

    message = await mod.send(world.channel, f"@everyone {fans.mention} {OFF_TOPIC}")

    assert message.mention_everyone and message.role_mentions  # they really did ping
    assert _bot_messages(world) == []


async def test_bot_never_pings_anyone(world: World) -> None:
    """Every message the bot sends disables all pings, even when the question holds mentions."""
    bob = world.guild.add_member(world.env.create_user("bob"))
    me = world.env.bot.user
    await world.alice.send(world.channel, f"@everyone {bob.mention} {QUESTION}")
    await world.alice.send(world.channel, f"{me.mention} {bob.mention} @here {UNANSWERABLE}")
    await world.alice.send_dm(f"@everyone {QUESTION}")
    await world.alice.slash(world.channel, "ask", question=f"@everyone {bob.mention} {QUESTION}")

    sent = [
        r.json
        for r in world.env.http_requests
        if r.method == "POST"
        and (
            fnmatch.fnmatch(r.path, "/channels/*/messages")
            or fnmatch.fnmatch(r.path, "/interactions/*/callback")
        )
    ]
    assert len(sent) == 4
    for body in sent:
        allowed = body.get("allowed_mentions") or body["data"]["allowed_mentions"]
        assert allowed["parse"] == []
        assert not allowed.get("replied_user") and not allowed.get("users")
        assert not allowed.get("roles")


@pytest.mark.parametrize(("status", "code"), [(500, 0), (403, 50013)])
async def test_failed_reply_is_survived(
    world: World, status: int, code: int, caplog: pytest.LogCaptureFixture
) -> None:
    """A reply Discord refuses (5xx, 50013 Missing Permissions) is logged; the next one works."""
    world.env.inject_error("POST", "/channels/*/messages", status=status, code=code)

    first = await world.alice.send(world.channel, QUESTION)
    unanswered = world.channel.last_message
    await world.alice.send(world.channel, "is there a trailer?")

    assert unanswered.id == first.id
    assert world.channel.last_message.embeds[0].title == "Is there a Season 2 trailer?"
    assert (
        f"event=send_failed guild={world.guild.id} shard=0 channel={world.channel.id} "
        in caplog.text
    )
    assert f"status={status} code={code}" in caplog.text
    assert world.env.errors == []


async def test_context_menu_falls_back_to_clicker_when_reply_fails(world: World) -> None:
    """If the bot can't post its reply, the clicker still gets the answer, privately."""
    question = await world.alice.send(world.channel, OFF_TOPIC + "; when is season 2 out?")
    world.env.inject_error("POST", "/channels/*/messages", status=403, code=50013)

    result = await world.alice.context_menu(world.channel, "Answer with aoad-bot", question)

    assert result.ephemeral
    assert result.response.embeds[0].title == "When Season 2 comes out"


async def test_portal_without_content_intent_refuses_the_default_bot(settings: Settings) -> None:
    """A portal without Message Content refuses the default bot (run_discord then falls back)."""
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with simcord.run(build_bot(settings), approved_intents=NO_PRIVILEGED_INTENTS):
            pass


async def test_without_content_intent_slash_mentions_and_dms_still_work(
    settings: Settings,
) -> None:
    """Without Message Content: slash, mentions and DMs answered; unread chatter gets silence."""
    bot = build_bot(settings, message_content=False)

    async with simcord.run(bot, approved_intents=NO_PRIVILEGED_INTENTS) as env:
        channel = env.create_guild().create_text_channel("general")
        alice = env.guild.add_member(env.create_user("alice"))

        slash = await alice.slash(channel, "release")
        await alice.send(channel, QUESTION)  # arrives with its content blanked
        after_chat = channel.last_message
        await alice.send(channel, f"{bot.user.mention} {QUESTION}")
        mention_answer = channel.last_message
        await alice.send_dm(QUESTION)
        dm_answer = alice.user.dm_channel.last_message

    assert slash.response.embeds[0].title == "When Season 2 comes out"
    assert after_chat.author.id == alice.id
    assert mention_answer.author.id == bot.user.id
    assert mention_answer.embeds[0].title == "When Season 2 comes out"
    assert dm_answer.embeds[0].title == "When Season 2 comes out"
