"""The schema, as ordered migrations: each backend applies the ones newer than its database.

Never edit a released migration; append a new one. Both dialects describe the same tables.
Absent settings are NULL (meaning "the default"), so changing a default in code reaches every
guild that never chose otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.base import StorageError


@dataclass(frozen=True)
class Migration:
    """One schema step, written once per SQL dialect."""

    version: int
    description: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        description="settings, channel overrides, misses and false answers",
        sqlite=(
            """CREATE TABLE guild_settings (
                guild_id INTEGER PRIMARY KEY,
                mode TEXT,
                cooldown_s INTEGER,
                spoilers TEXT,
                record_near_misses INTEGER
            )""",
            """CREATE TABLE channel_modes (
                guild_id INTEGER NOT NULL,
                channel_id INTEGER NOT NULL,
                mode TEXT NOT NULL,
                PRIMARY KEY (guild_id, channel_id)
            )""",
            """CREATE TABLE plain_spoiler_channels (
                guild_id INTEGER NOT NULL,
                channel_id INTEGER NOT NULL,
                PRIMARY KEY (guild_id, channel_id)
            )""",
            """CREATE TABLE misses (
                id INTEGER PRIMARY KEY,
                text TEXT NOT NULL,
                norm TEXT NOT NULL,
                guild_id INTEGER,
                closest_id TEXT,
                score REAL NOT NULL,
                recorded_at REAL NOT NULL
            )""",
            "CREATE INDEX misses_recorded_at ON misses (recorded_at)",
            """CREATE TABLE false_answers (
                id INTEGER PRIMARY KEY,
                entry_id TEXT NOT NULL,
                guild_id INTEGER,
                text TEXT NOT NULL,
                recorded_at REAL NOT NULL
            )""",
            "CREATE INDEX false_answers_recorded_at ON false_answers (recorded_at)",
        ),
        postgres=(
            """CREATE TABLE guild_settings (
                guild_id BIGINT PRIMARY KEY,
                mode TEXT,
                cooldown_s INTEGER,
                spoilers TEXT,
                record_near_misses BOOLEAN
            )""",
            """CREATE TABLE channel_modes (
                guild_id BIGINT NOT NULL,
                channel_id BIGINT NOT NULL,
                mode TEXT NOT NULL,
                PRIMARY KEY (guild_id, channel_id)
            )""",
            """CREATE TABLE plain_spoiler_channels (
                guild_id BIGINT NOT NULL,
                channel_id BIGINT NOT NULL,
                PRIMARY KEY (guild_id, channel_id)
            )""",
            """CREATE TABLE misses (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                text TEXT NOT NULL,
                norm TEXT NOT NULL,
                guild_id BIGINT,
                closest_id TEXT,
                score DOUBLE PRECISION NOT NULL,
                recorded_at TIMESTAMPTZ NOT NULL
            )""",
            "CREATE INDEX misses_recorded_at ON misses (recorded_at)",
            """CREATE TABLE false_answers (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                entry_id TEXT NOT NULL,
                guild_id BIGINT,
                text TEXT NOT NULL,
                recorded_at TIMESTAMPTZ NOT NULL
            )""",
            "CREATE INDEX false_answers_recorded_at ON false_answers (recorded_at)",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version

# The same in both dialects; the migration runners create it before reading it.
CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)"


def pending(current: int | None, where: str) -> list[Migration]:
    """Return the migrations a database at version `current` still needs, oldest first."""
    current = current or 0
    if current > LATEST_VERSION:
        raise StorageError(
            f"The database at {where} has schema version {current}, but this aoad-bot knows "
            f"versions up to {LATEST_VERSION} only: it was written by a newer aoad-bot. Nothing "
            f"was changed. Upgrade aoad-bot, or point it at a backup made by this version."
        )
    return [m for m in MIGRATIONS if m.version > current]
