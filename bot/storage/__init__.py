"""Persistence for aoad-bot: guild settings, the misses log and answer feedback.

`open_storage` picks the backend from its argument: a PostgreSQL URL, or else a SQLite file.
"""

from __future__ import annotations

import os

from bot.storage.base import (
    GuildSettings,
    MissGroup,
    Storage,
    StorageError,
    normalize,
)
from bot.storage.sqlite import SQLiteStorage

__all__ = [
    "GuildSettings",
    "MissGroup",
    "SQLiteStorage",
    "Storage",
    "StorageError",
    "normalize",
    "open_storage",
]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


async def open_storage(
    url_or_path: str | os.PathLike[str], *, max_misses: int = 10_000, max_age_days: int = 90
) -> Storage:
    """Open a PostgreSQL URL ("postgresql://...") or else a SQLite file, creating its folders."""
    target = os.fspath(url_or_path)
    if target.startswith(_POSTGRES_SCHEMES):
        # Imported here so that SQLite-only installs need not have asyncpg.
        from bot.storage.postgres import PostgresStorage

        return await PostgresStorage.open(target, max_misses=max_misses, max_age_days=max_age_days)
    return await SQLiteStorage.open(target, max_misses=max_misses, max_age_days=max_age_days)
