"""aoad-bot: answers fans' questions about All of Us Are Dead Season 2 from one sourced article."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord.ext import commands

    from bot.settings import Settings

__version__ = "0.1.0"


def create_bot(settings: Settings | None = None) -> commands.Bot:
    """Return the configured Discord bot, knowledge loaded and commands registered; no network."""
    from bot.discord_bot import build_bot  # imported here so the core never pulls in discord.py

    return build_bot(settings)
