"""Storage in PostgreSQL through asyncpg, for bots run as several processes or hosts.

The schema is the SQLite one in PostgreSQL types. Migrations run under a transaction-scoped
advisory lock, so processes starting at once take turns. A `search_path` query parameter in the
URL (`postgresql://...?search_path=aoad`) selects the schema to use.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bot.storage.base import GuildSettings, MissRow, Storage, StorageError, settings_from
from bot.storage.migrations import CREATE_VERSION_TABLE, pending

# Any fixed number works; it only has to be the same in every aoad-bot process ("aoad").
MIGRATION_LOCK_KEY = 0x616F6164

# Errors an admin can act on: the server is down or unreachable, out of space, or refuses us.
_ADMIN_ERRORS = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InsufficientResourcesError,
    asyncpg.InsufficientPrivilegeError,
    asyncpg.InvalidAuthorizationSpecificationError,
    asyncpg.InvalidCatalogNameError,
)


def redact(url: str) -> str:
    """Return the URL with any password replaced by ***, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


class PostgresStorage(Storage):
    """Storage in a PostgreSQL database; open it with `PostgresStorage.open(url)`."""

    def __init__(self, url: str, *, max_misses: int = 10_000, max_age_days: int = 90):
        super().__init__(max_misses=max_misses, max_age_days=max_age_days)
        self.url = url
        self.where = redact(url)
        self._pool: asyncpg.Pool | None = None

    @classmethod
    async def open(
        cls, url: str, *, max_misses: int = 10_000, max_age_days: int = 90
    ) -> PostgresStorage:
        """Connect to the database at `url` and bring its schema up to date."""
        storage = cls(url, max_misses=max_misses, max_age_days=max_age_days)
        try:
            storage._pool = await asyncpg.create_pool(url, min_size=1, max_size=5)
        except (*_ADMIN_ERRORS, asyncpg.PostgresError) as error:
            raise StorageError(
                f"Cannot connect to the storage database {storage.where}: {error}. Check that "
                f"PostgreSQL is running there and that the user, password and database are right."
            ) from error
        try:
            await storage._migrate()
            await storage.prune()
        except BaseException:
            await storage.close()
            raise
        return storage

    async def close(self) -> None:
        """Close every pooled connection."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        if self._pool is None:
            raise RuntimeError(f"the storage at {self.where} is closed")
        try:
            async with self._pool.acquire() as conn:
                yield conn
        except _ADMIN_ERRORS as error:
            raise StorageError(f"The storage database {self.where} failed: {error}") from error

    @asynccontextmanager
    async def _transaction(self, *, write: bool = True) -> AsyncIterator[asyncpg.Connection]:
        # Reads see one snapshot, so settings never mix two admins' changes half-way.
        isolation = "read_committed" if write else "repeatable_read"
        async with self._connection() as conn, conn.transaction(isolation=isolation):
            yield conn

    async def _migrate(self) -> None:
        async with self._transaction() as conn:
            await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK_KEY)
            await conn.execute(CREATE_VERSION_TABLE)
            current = await conn.fetchval("SELECT MAX(version) FROM schema_version")
            for migration in pending(current, self.where):
                for statement in migration.postgres:
                    await conn.execute(statement)
                await conn.execute(
                    "INSERT INTO schema_version (version) VALUES ($1)", migration.version
                )

    # Settings

    async def _get_settings(self, guild_id: int) -> GuildSettings:
        async with self._transaction(write=False) as conn:
            return await _read_settings(conn, guild_id)

    async def _update_settings(self, guild_id: int, changes: dict[str, Any]) -> GuildSettings:
        # Only the changed columns are written, so concurrent changes to others are kept.
        columns = ", ".join(changes)
        values = ", ".join(f"${i}" for i in range(2, len(changes) + 2))
        updates = ", ".join(f"{name} = excluded.{name}" for name in changes)
        async with self._transaction() as conn:
            await conn.execute(
                f"INSERT INTO guild_settings (guild_id, {columns}) VALUES ($1, {values}) "
                f"ON CONFLICT (guild_id) DO UPDATE SET {updates}",
                guild_id,
                *changes.values(),
            )
            return await _read_settings(conn, guild_id)

    async def _set_channel_mode(self, guild_id: int, channel_id: int, mode: str | None) -> None:
        async with self._connection() as conn:
            if mode is None:
                await conn.execute(
                    "DELETE FROM channel_modes WHERE guild_id = $1 AND channel_id = $2",
                    guild_id,
                    channel_id,
                )
            else:
                await conn.execute(
                    "INSERT INTO channel_modes (guild_id, channel_id, mode) VALUES ($1, $2, $3) "
                    "ON CONFLICT (guild_id, channel_id) DO UPDATE SET mode = excluded.mode",
                    guild_id,
                    channel_id,
                    mode,
                )

    async def _set_plain_spoilers(self, guild_id: int, channel_id: int, plain: bool) -> None:
        statement = (
            "INSERT INTO plain_spoiler_channels (guild_id, channel_id) VALUES ($1, $2) "
            "ON CONFLICT DO NOTHING"
            if plain
            else "DELETE FROM plain_spoiler_channels WHERE guild_id = $1 AND channel_id = $2"
        )
        async with self._connection() as conn:
            await conn.execute(statement, guild_id, channel_id)

    # Logs

    async def _record_miss(
        self,
        text: str,
        key: str,
        guild_id: int | None,
        closest_id: str | None,
        score: float,
        at: datetime,
    ) -> None:
        async with self._connection() as conn:
            await conn.execute(
                "INSERT INTO misses (text, norm, guild_id, closest_id, score, recorded_at) "
                "VALUES ($1, $2, $3, $4, $5, $6)",
                text,
                key,
                guild_id,
                closest_id,
                score,
                at,
            )

    async def _miss_rows(self) -> list[MissRow]:
        async with self._connection() as conn:
            rows = await conn.fetch("SELECT norm, text, closest_id, recorded_at FROM misses")
        return [MissRow(*row) for row in rows]

    async def _record_false_answer(
        self, entry_id: str, guild_id: int | None, text: str, at: datetime
    ) -> None:
        async with self._connection() as conn:
            await conn.execute(
                "INSERT INTO false_answers (entry_id, guild_id, text, recorded_at) "
                "VALUES ($1, $2, $3, $4)",
                entry_id,
                guild_id,
                text,
                at,
            )

    async def _false_answer_counts(self) -> dict[str, int]:
        async with self._connection() as conn:
            rows = await conn.fetch(
                "SELECT entry_id, COUNT(*) FROM false_answers GROUP BY entry_id"
            )
        return {entry_id: count for entry_id, count in rows}

    async def _prune(self, cutoff: datetime, keep: int) -> int:
        deleted = 0
        async with self._transaction() as conn:
            for table in ("misses", "false_answers"):
                for statement, argument in (
                    (f"DELETE FROM {table} WHERE recorded_at < $1", cutoff),
                    (
                        f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} "
                        f"ORDER BY recorded_at DESC, id DESC OFFSET $1)",
                        keep,
                    ),
                ):
                    status = await conn.execute(statement, argument)  # e.g. "DELETE 3"
                    deleted += int(status.split()[-1])
        return deleted


async def _read_settings(conn: asyncpg.Connection, guild_id: int) -> GuildSettings:
    row = await conn.fetchrow(
        "SELECT mode, cooldown_s, spoilers, record_near_misses FROM guild_settings "
        "WHERE guild_id = $1",
        guild_id,
    )
    modes = await conn.fetch(
        "SELECT channel_id, mode FROM channel_modes WHERE guild_id = $1", guild_id
    )
    plain = await conn.fetch(
        "SELECT channel_id FROM plain_spoiler_channels WHERE guild_id = $1", guild_id
    )
    return settings_from(row, [tuple(r) for r in modes], [r[0] for r in plain])
