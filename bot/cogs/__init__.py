"""The bot's cogs: answering commands (answers), the chat listener (chat), admins' commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.admin import AdminCog
from bot.cogs.answers import AnswersCog
from bot.cogs.chat import ChatCog

if TYPE_CHECKING:
    from bot.discord_bot import AoadBot


async def add_cogs(bot: AoadBot) -> None:
    """Add every cog to `bot`; its commands join the tree (syncing is the caller's job)."""
    await bot.add_cog(AnswersCog(bot))
    await bot.add_cog(ChatCog(bot))
    await bot.add_cog(AdminCog(bot))
