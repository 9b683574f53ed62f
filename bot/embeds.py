"""Wrap a rendered `Answer` in the Discord embed every front-end path sends."""

from __future__ import annotations

import discord

from bot.answers import SPOILER, Answer

COLOUR = discord.Colour(0x8B1E1E)  # a dried-blood red, for a zombie show
# Discord rejects an embed whose parts exceed these; a hand-edited knowledge file must not
# turn into a failed send.
TITLE_MAX, DESCRIPTION_MAX, FOOTER_MAX = 256, 4096, 2048


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    clipped = text[: limit - 3] + "…"
    # Close a spoiler the cut left open, or the rest of it would show in plain sight.
    return clipped + "||" if clipped.count(SPOILER) % 2 else clipped


def to_embed(answer: Answer) -> discord.Embed:
    """Return the embed for one answer: title, body, dated source footer."""
    embed = discord.Embed(
        title=_clip(answer.title, TITLE_MAX),
        description=_clip(answer.body, DESCRIPTION_MAX),
        colour=COLOUR,
    )
    return embed.set_footer(text=_clip(answer.footer, FOOTER_MAX))
