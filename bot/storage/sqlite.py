"""Storage in one SQLite file, through the standard library, off the event loop in a thread.

WAL mode lets readers and the writer work at once; `synchronous=FULL` makes every committed
write durable before the call returns. Writes take the lock up front (`BEGIN IMMEDIATE`), so
processes sharing the file queue instead of failing midway.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from bot.storage.base import GuildSettings, MissRow, Storage, StorageError, settings_from
from bot.storage.migrations import CREATE_VERSION_TABLE, pending

T = TypeVar("T")

# How long a write waits for another process's write to finish before failing.
BUSY_TIMEOUT_S = 30.0
_HEADER = b"SQLite format 3\x00"
_MEMORY = ":memory:"


class SQLiteStorage(Storage):
    """Storage in a SQLite file; open it with `SQLiteStorage.open(path)`."""

    def __init__(self, path: str | Path, *, max_misses: int = 10_000, max_age_days: int = 90):
        super().__init__(max_misses=max_misses, max_age_days=max_age_days)
        self.path = str(path)
        self._conn: sqlite3.Connection | None = None
        # One connection, used by one thread at a time: a call cancelled on the event loop
        # keeps running in its thread, so only a thread-side lock keeps transactions apart.
        self._lock = threading.Lock()

    @classmethod
    async def open(
        cls, path: str | Path, *, max_misses: int = 10_000, max_age_days: int = 90
    ) -> SQLiteStorage:
        """Open (creating if absent) the database at `path` and bring its schema up to date."""
        storage = cls(path, max_misses=max_misses, max_age_days=max_age_days)
        storage._conn = await asyncio.to_thread(storage._connect)
        try:
            await storage.prune()
        except BaseException:
            await storage.close()
            raise
        return storage

    async def close(self) -> None:
        """Close the database file."""
        await asyncio.to_thread(self._close)

    def _close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # Opening

    def _connect(self) -> sqlite3.Connection:
        if self.path != _MEMORY:
            self._check_file()
        try:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise self._unusable(str(error)) from error
        try:
            conn.row_factory = sqlite3.Row
            # Check before anything writes: a damaged file must stay exactly as it was.
            problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise self._unusable("it is damaged (" + "; ".join(problems[:3]) + ")")
            _use_wal(conn)
            conn.execute("PRAGMA synchronous=FULL")
            self._migrate(conn)
        except sqlite3.Error as error:
            conn.close()
            raise self._unusable(str(error)) from error
        except BaseException:
            conn.close()
            raise
        return conn

    def _check_file(self) -> None:
        """Refuse a path that holds something other than a SQLite database, without writing."""
        file = Path(self.path)
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            if not file.exists():
                return
            with file.open("rb") as handle:
                header = handle.read(len(_HEADER))
        except OSError as error:
            raise self._unusable(error.strerror or str(error)) from error
        # An empty file is a valid empty database: SQLite writes the header on first use.
        if header and header != _HEADER:
            raise self._unusable("it is not a SQLite database")

    def _migrate(self, conn: sqlite3.Connection) -> None:
        # BEGIN IMMEDIATE: processes opening at once take turns, and each sees the schema the
        # one before it left.
        with _transaction(conn):
            conn.execute(CREATE_VERSION_TABLE)
            current = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            for migration in pending(current, self.path):
                for statement in migration.sqlite:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_version (version) VALUES (?)", (migration.version,)
                )

    def _unusable(self, problem: str) -> StorageError:
        return StorageError(
            f"Cannot use the storage database {self.path}: {problem}. The settings were NOT "
            f"reset and the file was left as it is. To recover, stop the bot, then fix the "
            f"file's permissions if they are the problem, or restore the file from a backup, or "
            f"move it aside (e.g. to {self.path}.broken) to start again with default settings."
        )

    # Running queries

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.to_thread(self._locked, work)

    def _locked(self, work: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            if self._conn is None:
                raise RuntimeError(f"the storage at {self.path} is closed")
            try:
                return work(self._conn)
            except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
                raise  # our bug, not the admin's
            except sqlite3.Error as error:
                raise StorageError(
                    f"The storage database {self.path} failed: {error}. Check that its disk "
                    f"has space and the file is writable."
                ) from error

    # Settings

    async def _get_settings(self, guild_id: int) -> GuildSettings:
        def work(conn: sqlite3.Connection) -> GuildSettings:
            with _transaction(conn, write=False):
                return _read_settings(conn, guild_id)

        return await self._run(work)

    async def _update_settings(self, guild_id: int, changes: dict[str, Any]) -> GuildSettings:
        # Only the changed columns are written, so concurrent changes to others are kept.
        columns = ", ".join(changes)
        updates = ", ".join(f"{name} = excluded.{name}" for name in changes)
        statement = (
            f"INSERT INTO guild_settings (guild_id, {columns}) "
            f"VALUES (?{', ?' * len(changes)}) "
            f"ON CONFLICT (guild_id) DO UPDATE SET {updates}"
        )

        def work(conn: sqlite3.Connection) -> GuildSettings:
            with _transaction(conn):
                conn.execute(statement, (guild_id, *changes.values()))
                return _read_settings(conn, guild_id)

        return await self._run(work)

    async def _set_channel_mode(self, guild_id: int, channel_id: int, mode: str | None) -> None:
        def work(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                if mode is None:
                    conn.execute(
                        "DELETE FROM channel_modes WHERE guild_id = ? AND channel_id = ?",
                        (guild_id, channel_id),
                    )
                else:
                    conn.execute(
                        "INSERT INTO channel_modes (guild_id, channel_id, mode) VALUES (?, ?, ?) "
                        "ON CONFLICT (guild_id, channel_id) DO UPDATE SET mode = excluded.mode",
                        (guild_id, channel_id, mode),
                    )

        await self._run(work)

    async def _set_plain_spoilers(self, guild_id: int, channel_id: int, plain: bool) -> None:
        statement = (
            "INSERT INTO plain_spoiler_channels (guild_id, channel_id) VALUES (?, ?) "
            "ON CONFLICT DO NOTHING"
            if plain
            else "DELETE FROM plain_spoiler_channels WHERE guild_id = ? AND channel_id = ?"
        )

        def work(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                conn.execute(statement, (guild_id, channel_id))

        await self._run(work)

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
        def work(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                conn.execute(
                    "INSERT INTO misses (text, norm, guild_id, closest_id, score, recorded_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (text, key, guild_id, closest_id, score, at.timestamp()),
                )

        await self._run(work)

    async def _miss_rows(self) -> list[MissRow]:
        def work(conn: sqlite3.Connection) -> list[MissRow]:
            rows = conn.execute("SELECT norm, text, closest_id, recorded_at FROM misses")
            return [
                MissRow(key, text, closest_id, datetime.fromtimestamp(at, UTC))
                for key, text, closest_id, at in rows
            ]

        return await self._run(work)

    async def _record_false_answer(
        self, entry_id: str, guild_id: int | None, text: str, at: datetime
    ) -> None:
        def work(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                conn.execute(
                    "INSERT INTO false_answers (entry_id, guild_id, text, recorded_at) "
                    "VALUES (?, ?, ?, ?)",
                    (entry_id, guild_id, text, at.timestamp()),
                )

        await self._run(work)

    async def _false_answer_counts(self) -> dict[str, int]:
        def work(conn: sqlite3.Connection) -> dict[str, int]:
            rows = conn.execute("SELECT entry_id, COUNT(*) FROM false_answers GROUP BY entry_id")
            return {entry_id: count for entry_id, count in rows}

        return await self._run(work)

    async def _prune(self, cutoff: datetime, keep: int) -> int:
        def work(conn: sqlite3.Connection) -> int:
            deleted = 0
            with _transaction(conn):
                for table in ("misses", "false_answers"):
                    deleted += conn.execute(
                        f"DELETE FROM {table} WHERE recorded_at < ?", (cutoff.timestamp(),)
                    ).rowcount
                    deleted += conn.execute(
                        f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} "
                        f"ORDER BY recorded_at DESC, id DESC LIMIT -1 OFFSET ?)",
                        (keep,),
                    ).rowcount
            return deleted

        return await self._run(work)


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL mode (it stays so), retrying while another process is busy."""
    # The switch needs the file to itself, and SQLite does not wait for that as it does for
    # writes, so processes opening a new file at once would fail without this loop.
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            busy = error.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


@contextmanager
def _transaction(conn: sqlite3.Connection, *, write: bool = True) -> Iterator[None]:
    """Run the block in one transaction; writers take the write lock before reading."""
    conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may already have rolled back, e.g. on a full disk
            conn.execute("ROLLBACK")
        raise


def _read_settings(conn: sqlite3.Connection, guild_id: int) -> GuildSettings:
    row = conn.execute(
        "SELECT mode, cooldown_s, spoilers, record_near_misses FROM guild_settings "
        "WHERE guild_id = ?",
        (guild_id,),
    ).fetchone()
    modes = conn.execute(
        "SELECT channel_id, mode FROM channel_modes WHERE guild_id = ?", (guild_id,)
    ).fetchall()
    plain = conn.execute(
        "SELECT channel_id FROM plain_spoiler_channels WHERE guild_id = ?", (guild_id,)
    ).fetchall()
    return settings_from(row, [tuple(r) for r in modes], [r[0] for r in plain])
