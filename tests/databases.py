"""Fresh databases for tests: a SQLite file, and a PostgreSQL schema when the server is up.

PostgreSQL needs AOAD_TEST_DATABASE_URL (`eval "$(bash .ci/postgres.sh start)"`); without it
those tests are skipped on a developer's machine and fail in CI (CI=true), so CI never
passes without having run them.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.storage import Storage, open_storage

PG_URL_ENV = "AOAD_TEST_DATABASE_URL"


@dataclass(frozen=True)
class Backend:
    """One fresh database: its URL or path, and raw SQL access for looking behind the API."""

    name: str
    target: str

    async def open(self, **retention: int) -> Storage:
        """Open the storage under test on this database."""
        return await open_storage(self.target, **retention)

    async def fetch(self, statement: str) -> list[tuple[Any, ...]]:
        """Run raw SQL (no parameters, committed) outside the storage layer; return the rows."""
        if self.name == "sqlite":
            return await asyncio.to_thread(_sqlite_fetch, self.target, statement)
        import asyncpg

        conn = await asyncpg.connect(self.target)
        try:
            return [tuple(row) for row in await conn.fetch(statement)]
        finally:
            await conn.close()

    async def columns(self, table: str) -> set[str]:
        """Return the column names of a table."""
        if self.name == "sqlite":
            return {row[1] for row in await self.fetch(f"PRAGMA table_info({table})")}
        rows = await self.fetch(
            "SELECT column_name FROM information_schema.columns "
            f"WHERE table_schema = current_schema() AND table_name = '{table}'"
        )
        return {row[0] for row in rows}

    async def tables(self) -> set[str]:
        """Return the names of the tables the storage created."""
        if self.name == "sqlite":
            rows = await self.fetch("SELECT name FROM sqlite_master WHERE type = 'table'")
        else:
            rows = await self.fetch(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        return {row[0] for row in rows}


def _sqlite_fetch(path: str, statement: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        with conn:  # commits
            return conn.execute(statement).fetchall()
    finally:
        conn.close()


@pytest_asyncio.fixture(params=["sqlite", "postgres"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    """Yield a fresh database: a new SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield Backend("sqlite", str(tmp_path / "state" / "aoad.sqlite3"))
        return
    base_url = os.environ.get(PG_URL_ENV)
    if not base_url:
        message = f'{PG_URL_ENV} is not set; run `eval "$(bash .ci/postgres.sh start)"` first'
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL storage tests cannot run in CI: {message}")
        pytest.skip(message)
    import asyncpg

    schema = f"aoad_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(base_url)
    try:
        await admin.execute(f"CREATE SCHEMA {schema}")
        separator = "&" if "?" in base_url else "?"
        yield Backend("postgres", f"{base_url}{separator}search_path={schema}")
    finally:
        await admin.execute(f"DROP SCHEMA {schema} CASCADE")
        await admin.close()
