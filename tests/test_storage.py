"""The storage suite: every test runs on SQLite and on PostgreSQL, with a fresh database each.

PostgreSQL tests need AOAD_TEST_DATABASE_URL (`eval "$(bash .ci/postgres.sh start)"`); without
it they are skipped, except in CI, where they fail rather than pass unnoticed.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from databases import Backend

from bot.storage import GuildSettings, StorageError, normalize, open_storage
from bot.storage.base import MissRow, group_misses
from bot.storage.migrations import LATEST_VERSION, MIGRATIONS

REPO = Path(__file__).resolve().parents[1]
LOG_TABLES = ("misses", "false_answers")


def run_script(code: str, *args: str) -> subprocess.Popen[str]:
    """Start `python -c code args` with the repo importable, talking over pipes."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


# Settings


@pytest.mark.asyncio
async def test_settings_default_when_never_set(backend: Backend) -> None:
    async with await backend.open() as storage:
        settings = await storage.get_settings(111)
    assert settings == GuildSettings()
    assert (settings.mode, settings.cooldown_s, settings.spoilers) == ("answer", 120, "wrap")
    assert settings.record_near_misses is False
    assert settings.mode_for(5) == "answer"
    assert settings.spoilers_for(5) == "wrap"


@pytest.mark.asyncio
async def test_update_settings_reads_back_and_keeps_other_fields(backend: Backend) -> None:
    async with await backend.open() as storage:
        updated = await storage.update_settings(1, mode="suggest", cooldown_s=30)
        assert (updated.mode, updated.cooldown_s) == ("suggest", 30)
        updated = await storage.update_settings(1, spoilers="plain", record_near_misses=True)
        assert updated == GuildSettings(
            mode="suggest", cooldown_s=30, spoilers="plain", record_near_misses=True
        )
        assert await storage.get_settings(2) == GuildSettings()  # other guilds untouched
        assert await storage.update_settings(1) == updated  # no changes: a plain read
    async with await backend.open() as reopened:
        assert await reopened.get_settings(1) == updated


@pytest.mark.asyncio
async def test_changes_are_seen_at_once_by_another_open_storage(backend: Backend) -> None:
    async with await backend.open() as first, await backend.open() as second:
        assert (await second.get_settings(9)).mode == "answer"
        await first.update_settings(9, mode="off")
        await first.set_channel_mode(9, 90, "answer")
        settings = await second.get_settings(9)
    assert settings.mode == "off"
    assert settings.mode_for(90) == "answer"


@pytest.mark.asyncio
async def test_channel_mode_overrides_guild_mode_until_removed(backend: Backend) -> None:
    async with await backend.open() as storage:
        await storage.set_channel_mode(1, 10, "off")
        await storage.set_channel_mode(1, 11, "suggest")
        await storage.set_channel_mode(1, 11, "answer")  # replaces, never duplicates
        await storage.update_settings(1, mode="suggest")
        settings = await storage.get_settings(1)
        assert settings.channel_modes == {10: "off", 11: "answer"}
        assert [settings.mode_for(c) for c in (10, 11, 12)] == ["off", "answer", "suggest"]
        assert (await storage.get_settings(2)).channel_modes == {}

        await storage.set_channel_mode(1, 10, None)
        await storage.set_channel_mode(1, 99, None)  # removing nothing is fine
        assert (await storage.get_settings(1)).mode_for(10) == "suggest"


@pytest.mark.asyncio
async def test_plain_spoiler_channels(backend: Backend) -> None:
    async with await backend.open() as storage:
        await storage.set_plain_spoilers(1, 10, True)
        await storage.set_plain_spoilers(1, 10, True)
        await storage.set_plain_spoilers(1, 11, True)
        await storage.set_plain_spoilers(1, 11, False)
        settings = await storage.get_settings(1)
    assert settings.plain_spoiler_channels == frozenset({10})
    assert (settings.spoilers_for(10), settings.spoilers_for(11)) == ("plain", "wrap")


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mode": "loud"}, "mode must be one of answer, suggest, off"),
        ({"mode": None}, "mode must be one of"),
        ({"cooldown_s": -1}, "cooldown_s must be"),
        ({"cooldown_s": "60"}, "cooldown_s must be"),
        ({"cooldown_s": True}, "cooldown_s must be"),
        ({"cooldown_s": 10**9}, "cooldown_s must be"),
        ({"spoilers": "hide"}, "spoilers must be one of wrap, plain"),
        ({"record_near_misses": "yes"}, "record_near_misses must be True or False"),
        ({"colour": "red"}, "unknown setting(s) colour"),
        ({"mode": "off", "channel_modes": {1: "off"}}, "unknown setting(s) channel_modes"),
    ],
)
async def test_invalid_settings_are_rejected_and_nothing_is_written(
    backend: Backend, changes: dict[str, Any], message: str
) -> None:
    async with await backend.open() as storage:
        with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
            await storage.update_settings(1, **changes)
        assert await storage.get_settings(1) == GuildSettings()


@pytest.mark.asyncio
async def test_invalid_arguments_are_rejected(backend: Backend) -> None:
    async with await backend.open() as storage:
        with pytest.raises(ValueError, match="mode must be one of"):
            await storage.set_channel_mode(1, 10, "loud")
        with pytest.raises(ValueError, match="plain must be True or False"):
            await storage.set_plain_spoilers(1, 10, "yes")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="guild_id must be an int"):
            await storage.get_settings("1")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="channel_id must be an int"):
            await storage.set_channel_mode(1, True, "off")
        with pytest.raises(ValueError, match="score must be a finite number"):
            await storage.record_miss("hi", 1, None, float("nan"))
        with pytest.raises(ValueError, match="limit must be a positive int"):
            await storage.list_misses(0)
        assert await storage.get_settings(1) == GuildSettings()
        assert await storage.list_misses() == []
    with pytest.raises(ValueError, match="max_misses must be a positive int"):
        await backend.open(max_misses=0)


# Logs


@pytest.mark.asyncio
async def test_misses_are_grouped_and_ordered_by_frequency(backend: Backend) -> None:
    start = datetime(2030, 1, 1, tzinfo=UTC)  # explicit times: the order below is certain
    misses = [
        ("When is season 2 out?", 1, "release", 0.4),
        ("who dies", 1, "deaths", 0.3),
        ("is there a trailer", None, "trailer", 0.2),
        ("when is SEASON 2 out", 2, "release", 0.5),
        ("  When is season 2   out!!  ", 2, "cast", 0.45),
        ("Is there a trailer?", 1, None, 0.1),
    ]
    async with await backend.open(max_age_days=100_000) as storage:
        for i, (text, guild_id, closest_id, score) in enumerate(misses):
            await storage.record_miss(text, guild_id, closest_id, score, at=start + timedelta(i))
        groups = await storage.list_misses()
        assert await storage.list_misses(limit=2) == groups[:2]

    assert [(g.key, g.count) for g in groups] == [
        ("when is season 2 out", 3),
        ("is there a trailer", 2),
        ("who dies", 1),
    ]
    season = groups[0]
    assert season.example == "  When is season 2   out!!  "  # the most recent wording
    assert season.closest_id == "release"  # 2 of 3
    assert season.last_seen == start + timedelta(4)
    assert groups[1].closest_id == "trailer"  # a None closest is not counted
    assert groups[1].last_seen == start + timedelta(5)


@pytest.mark.asyncio
async def test_naive_times_are_taken_as_utc(backend: Backend) -> None:
    async with await backend.open(max_age_days=100_000) as storage:
        await storage.record_miss("hello", None, None, 0.0, at=datetime(2030, 5, 1, 12, 0))
        [group] = await storage.list_misses()
    assert group.last_seen == datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


@pytest.mark.asyncio
async def test_no_author_is_stored(backend: Backend) -> None:
    async with await backend.open() as storage:
        await storage.record_miss("what about nam-ra", 1, "namra", 0.5)
        await storage.record_false_answer("namra", 1, "what about nam-ra")
    assert await backend.columns("misses") == {
        "id", "text", "norm", "guild_id", "closest_id", "score", "recorded_at"
    }  # fmt: skip
    assert await backend.columns("false_answers") == {
        "id", "entry_id", "guild_id", "text", "recorded_at"
    }  # fmt: skip
    for table in await backend.tables():
        for column in await backend.columns(table):
            assert not any(word in column for word in ("user", "author", "member")), column


@pytest.mark.asyncio
async def test_false_answer_counts_per_entry(backend: Backend) -> None:
    async with await backend.open() as storage:
        assert await storage.false_answer_counts() == {}
        for entry_id in ("release", "cast", "release", "release"):
            await storage.record_false_answer(entry_id, 1, f"not about {entry_id}")
        await storage.record_false_answer("cast", None, "in a DM")
        assert await storage.false_answer_counts() == {"release": 3, "cast": 2}


@pytest.mark.asyncio
async def test_retention_by_count_keeps_the_newest(backend: Backend) -> None:
    start = datetime.now(UTC) - timedelta(hours=1)
    async with await backend.open(max_misses=5) as storage:
        for i in range(12):
            await storage.record_miss(
                f"question {i}", 1, None, 0.1, at=start + timedelta(seconds=i)
            )
        for i in range(8):
            await storage.record_false_answer("release", 1, f"wrong {i}")
        groups = await storage.list_misses(limit=100)
        assert {g.key for g in groups} == {f"question {i}" for i in range(7, 12)}
        assert await storage.false_answer_counts() == {"release": 5}
    for table in LOG_TABLES:
        assert (await backend.fetch(f"SELECT COUNT(*) FROM {table}"))[0][0] == 5


@pytest.mark.asyncio
async def test_retention_by_age(backend: Backend) -> None:
    now = datetime.now(UTC)
    async with await backend.open(max_age_days=30) as storage:
        await storage.record_miss("old news", 1, None, 0.1, at=now - timedelta(days=31))
        await storage.record_miss("recent", 1, None, 0.1, at=now - timedelta(days=29))
        assert await storage.prune() == 1
        assert [g.key for g in await storage.list_misses()] == ["recent"]
        await storage.record_miss("also old", 1, None, 0.1, at=now - timedelta(days=40))
    # Opening prunes too, so a bot that writes rarely still forgets old messages.
    async with await backend.open(max_age_days=30) as storage:
        assert [g.key for g in await storage.list_misses()] == ["recent"]


# Migrations and processes


@pytest.mark.asyncio
async def test_migrations_are_idempotent(backend: Backend) -> None:
    async with await backend.open() as storage:
        await storage.update_settings(5, cooldown_s=7)
        await storage.record_miss("kept", 5, None, 0.3)
    async with await backend.open() as storage:
        assert (await storage.get_settings(5)).cooldown_s == 7
        assert [g.key for g in await storage.list_misses()] == ["kept"]
    versions = await backend.fetch("SELECT version FROM schema_version ORDER BY version")
    assert [v for (v,) in versions] == [m.version for m in MIGRATIONS]


def test_migrations_are_ordered_and_written_for_both_dialects() -> None:
    versions = [m.version for m in MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))
    assert versions[-1] == LATEST_VERSION
    assert all(m.sqlite and m.postgres for m in MIGRATIONS)


@pytest.mark.asyncio
async def test_newer_schema_version_is_refused_and_left_alone(backend: Backend) -> None:
    async with await backend.open() as storage:
        await storage.update_settings(1, mode="off")
    future = LATEST_VERSION + 1
    await backend.fetch(f"INSERT INTO schema_version VALUES ({future})")
    with pytest.raises(StorageError, match=f"schema version {future}.*newer aoad-bot"):
        await backend.open()
    assert await backend.fetch("SELECT mode FROM guild_settings") == [("off",)]


WORKER = """
import asyncio, sys
from bot.storage import open_storage
if sys.argv[1].startswith("postgres"):
    import bot.storage.postgres  # import before the start line, so all start together

async def main(target, worker, count, shared_guild):
    print("ready", flush=True)
    sys.stdin.readline()
    async with await open_storage(target) as storage:
        for i in range(count):
            key = worker * 1000 + i
            await storage.update_settings(key, cooldown_s=i)
            await storage.set_channel_mode(shared_guild, key, "suggest")
            await storage.update_settings(shared_guild, cooldown_s=worker)
            await storage.record_miss(f"question {key}", shared_guild, str(worker), 0.5)
            await storage.record_false_answer(f"entry {worker}", shared_guild, "no")

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])))
"""


@pytest.mark.asyncio
async def test_processes_opening_and_writing_at_once_lose_nothing(backend: Backend) -> None:
    workers, count, shared = 4, 50, 424242
    procs = [
        run_script(WORKER, backend.target, str(w), str(count), str(shared)) for w in range(workers)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        for proc in procs:  # every process migrates a fresh database at the same moment
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for proc in procs:
            _, err = await asyncio.to_thread(proc.communicate, timeout=180)
            assert proc.returncode == 0, err
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()

    keys = [w * 1000 + i for w in range(workers) for i in range(count)]
    async with await backend.open() as storage:
        for key in keys:
            assert (await storage.get_settings(key)).cooldown_s == key % 1000
        shared_settings = await storage.get_settings(shared)
        groups = await storage.list_misses(limit=10_000)
        counts = await storage.false_answer_counts()
    assert shared_settings.channel_modes == dict.fromkeys(keys, "suggest")
    assert shared_settings.cooldown_s in range(workers)
    assert sorted(g.key for g in groups) == sorted(f"question {k}" for k in keys)
    assert all(g.count == 1 for g in groups)
    assert counts == {f"entry {w}": count for w in range(workers)}
    versions = await backend.fetch("SELECT version FROM schema_version ORDER BY version")
    assert [v for (v,) in versions] == [m.version for m in MIGRATIONS]


CRASHER = """
import asyncio, sys, time
from bot.storage import open_storage

async def main(target):
    storage = await open_storage(target)
    await storage.update_settings(7, mode="off", cooldown_s=33)
    await storage.set_channel_mode(7, 70, "suggest")
    await storage.record_miss("did it survive", 7, None, 0.2)
    print("ok", flush=True)
    time.sleep(600)  # killed here, the database still open

asyncio.run(main(sys.argv[1]))
"""


@pytest.mark.asyncio
async def test_acknowledged_writes_survive_kill_9(backend: Backend) -> None:
    proc = run_script(CRASHER, backend.target)
    try:
        assert proc.stdout is not None
        line = await asyncio.to_thread(proc.stdout.readline)
        assert line == "ok\n", proc.stderr.read() if proc.stderr else ""
        if backend.name == "sqlite":  # the writes are in the WAL, not yet in the main file
            assert Path(backend.target + "-wal").stat().st_size > 0
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL

    async with await backend.open() as storage:
        settings = await storage.get_settings(7)
        groups = await storage.list_misses()
    assert (settings.mode, settings.cooldown_s, settings.mode_for(70)) == ("off", 33, "suggest")
    assert [g.key for g in groups] == ["did it survive"]


# SQLite files an admin must deal with


@pytest.mark.asyncio
async def test_sqlite_garbage_file_raises_and_is_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "aoad.sqlite3"
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    with pytest.raises(StorageError) as raised:
        await open_storage(path)
    message = str(raised.value)
    assert str(path) in message
    assert "NOT reset" in message and "backup" in message and "move it aside" in message
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aoad.sqlite3"]  # no -wal, -shm


@pytest.mark.asyncio
async def test_sqlite_damaged_database_raises_and_is_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "aoad.sqlite3"
    async with await open_storage(path) as storage:
        for i in range(300):  # enough rows to fill several pages
            await storage.record_miss(f"question number {i} " * 5, 1, None, 0.1)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) > 4 * page_size
    data[2 * page_size : 4 * page_size] = os.urandom(2 * page_size)  # keep the header valid
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError, match="NOT reset"):
        await open_storage(path)
    assert path.read_bytes() == bytes(data)


@pytest.mark.asyncio
async def test_sqlite_directory_path_raises(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match=f"{re.escape(str(tmp_path))}.*NOT reset"):
        await open_storage(tmp_path)


@pytest.mark.asyncio
async def test_sqlite_path_under_a_file_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="not-a-folder.*NOT reset"):
        await open_storage(blocker / "aoad.sqlite3")


@pytest.mark.asyncio
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
async def test_sqlite_unreadable_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "aoad.sqlite3"
    async with await open_storage(path) as storage:
        await storage.update_settings(1, mode="off")
    path.chmod(0)
    try:
        with pytest.raises(StorageError, match="NOT reset"):
            await open_storage(path)
    finally:
        path.chmod(0o600)


@pytest.mark.asyncio
async def test_sqlite_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "aoad.sqlite3"
    async with await open_storage(path) as storage:
        await storage.update_settings(1, mode="off")
    assert path.is_file()


@pytest.mark.asyncio
async def test_postgres_unreachable_server_raises_without_the_password() -> None:
    pytest.importorskip("asyncpg")
    with pytest.raises(StorageError, match="Cannot connect") as raised:
        await open_storage("postgresql://aoad:s3cret@127.0.0.1:1/aoad")
    assert "s3cret" not in str(raised.value)
    assert "aoad:***@127.0.0.1:1" in str(raised.value)


# Pure helpers


def test_normalize_folds_case_punctuation_and_spaces() -> None:
    assert normalize("  When's   SEASON 2?!\n") == "whens season 2"
    assert normalize("Straße…") == "strasse"
    assert normalize("?!") == ""


def test_group_misses_breaks_closest_ties_by_recency() -> None:
    t0 = datetime(2030, 1, 1, tzinfo=UTC)
    rows = [MissRow("a", "A", "x", t0), MissRow("a", "a!", "y", t0 + timedelta(1))]
    [group] = group_misses(rows, limit=10)
    assert (group.count, group.example, group.closest_id) == (2, "a!", "y")
