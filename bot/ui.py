"""Discord pieces the cogs share: private notes, the channel a setting follows, the feedback button."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord

from bot.logs import log_event
from bot.storage import GuildSettings

if TYPE_CHECKING:
    from bot.discord_bot import AoadBot

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side. Please try again later."
NOT_YOURS = "Only the asker or a moderator can remove this."
REMOVED = "Removed. Thanks: that tells me which answers miss."
CUSTOM_ID_MAX = 100  # Discord's limit


async def tell(interaction: discord.Interaction, text: str) -> None:
    """Say `text` privately to whoever started the interaction, answered yet or not."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as exc:
        log_event(log, "reply_failed", logging.WARNING, status=exc.status, code=exc.code)


def settings_channel(channel: discord.abc.Snowflake) -> int:
    """Return the id of the channel whose settings apply here: a thread follows its parent."""
    # Only a thread: a text channel's parent_id is its category.
    return channel.parent_id if isinstance(channel, discord.Thread) else channel.id


def wrap_spoilers(settings: GuildSettings, channel: discord.abc.Snowflake) -> bool:
    """Return True to keep spoilers in ||...|| here, False where the server wants them plain."""
    return settings.spoilers_for(settings_channel(channel)) == "wrap"


def strip_mention(text: str, user_id: int) -> str:
    """Return `text` without mentions of `user_id` (the bot being spoken to is not the question)."""
    return re.sub(rf"<@!?{user_id}>", " ", text).strip()


class NotWhatIAsked(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"aoad:wrong:(?P<asker>[0-9]+):(?P<entry>[a-z0-9-]+)",
):
    """The "Not what I asked" button under an answer: its asker or a moderator removes it.

    The asker and entry live in the custom_id, so the button works on any answer ever sent,
    across restarts, with nothing to remember.
    """

    def __init__(self, asker_id: int, entry_id: str) -> None:
        custom_id = f"aoad:wrong:{asker_id}:{entry_id}"[:CUSTOM_ID_MAX]
        super().__init__(
            discord.ui.Button(
                label="Not what I asked", style=discord.ButtonStyle.secondary, custom_id=custom_id
            )
        )
        self.asker_id = asker_id
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> NotWhatIAsked:
        """Rebuild the button from a click on any message carrying it."""
        return cls(int(match["asker"]), match["entry"])

    async def callback(self, interaction: discord.Interaction[AoadBot]) -> None:  # type: ignore[override]
        """Delete the answer and log it as a false answer, if the clicker may."""
        # discord.py only logs what a dynamic item raises: apologize here, as the tree does.
        try:
            await self._remove(interaction)
        except Exception:
            log_event(log, "error", logging.ERROR, handler="not_what_i_asked", exc_info=True)
            await tell(interaction, APOLOGY)

    async def _remove(self, interaction: discord.Interaction[AoadBot]) -> None:
        if interaction.user.id != self.asker_id and not interaction.permissions.manage_messages:
            await tell(interaction, NOT_YOURS)
            return
        answer = interaction.message
        assert answer is not None  # a button is always on a message
        await tell(interaction, REMOVED)  # first: Discord wants a response within 3 s
        await answer.delete()
        guild_id = interaction.guild_id
        log_event(
            log, "false_answer", guild=guild_id, channel=answer.channel.id, entry=self.entry_id
        )
        bot = interaction.client
        question = strip_mention(await _question_text(answer), bot.user.id)
        await bot.record_false_answer(self.entry_id, guild_id, question)


async def _question_text(answer: discord.Message) -> str:
    """Return the text of the message `answer` replied to, or "" if it is gone."""
    reference = answer.reference
    if reference is None or reference.message_id is None:
        return ""
    if isinstance(reference.resolved, discord.Message):
        return reference.resolved.content
    try:
        return (await answer.channel.fetch_message(reference.message_id)).content
    except discord.HTTPException:
        return ""  # the question was deleted: the entry alone still says what missed


def answer_view(asker_id: int, entry_id: str) -> discord.ui.View:
    """Return the view every chat answer carries: the "Not what I asked" button."""
    view = discord.ui.View(timeout=None)
    return view.add_item(NotWhatIAsked(asker_id, entry_id))
