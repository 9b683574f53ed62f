"""`aoad-bot misses`: the questions the bot could not answer, grouped, most frequent first."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.storage import open_storage

BUDGET = "what is the budget of season 2?"
SONG = "who sings the opening song?"
GAME = "is there a video game?"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point DATABASE_PATH at a temp file, away from any .env in the working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    path = tmp_path / "aoad-bot.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    return path


def _record(path: Path, *misses: tuple[str, str | None]) -> None:
    async def record() -> None:
        async with await open_storage(path) as storage:
            for text, closest in misses:
                await storage.record_miss(text, 1, closest, 20.0)

    asyncio.run(record())


def _today() -> str:
    return f"{datetime.now(UTC):%Y-%m-%d}"


def test_misses_prints_groups_most_frequent_first(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each group shows its count, last day seen, closest entry and an example."""
    _record(database, (BUDGET, "release"), (SONG, None), ("What is the BUDGET of season 2", None))

    code = main(["misses"])

    header, *rows = capsys.readouterr().out.splitlines()
    assert code == 0
    assert header.split() == ["count", "last", "seen", "closest", "example"]
    assert [row.split(maxsplit=3) for row in rows] == [
        ["2", _today(), "release", "What is the BUDGET of season 2"],  # the latest example
        ["1", _today(), "-", SONG],
    ]


def test_misses_limit_shows_only_the_top_groups(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--limit N prints the N most frequent groups."""
    _record(database, (BUDGET, None), (BUDGET, None), (SONG, None), (GAME, None))

    main(["misses", "--limit", "1"])

    (header, only) = capsys.readouterr().out.splitlines()
    assert only.split(maxsplit=3) == ["2", _today(), "-", BUDGET]


def test_misses_without_a_database_says_so_and_creates_nothing(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before the bot ever ran there is nothing to list, and no database is created."""
    code = main(["misses"])

    assert code == 0
    assert "No misses recorded yet" in capsys.readouterr().out
    assert not database.exists()


def test_misses_rejects_a_limit_below_one(database: Path) -> None:
    """--limit 0 is a usage error."""
    with pytest.raises(SystemExit) as exit_info:
        main(["misses", "--limit", "0"])

    assert exit_info.value.code == 2
