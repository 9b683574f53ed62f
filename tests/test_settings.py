"""Settings: shard slices parse from ids and ranges, a bad value is a one-line error, and the
start-up cache goes to the user's cache folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings, parse_shard_ids

REPO = Path(__file__).resolve().parents[1]


def test_shard_ids_accept_ids_and_ranges() -> None:
    """ "0-3,6" is shards 0, 1, 2, 3 and 6."""
    assert parse_shard_ids("0-3,6", 8) == (0, 1, 2, 3, 6)


@pytest.mark.parametrize(
    ("value", "count", "reason"),
    [("9", 8, "outside SHARD_COUNT=8"), ("a-b", 4, "cannot read"), ("3-1", 4, "not a range"),
     ("0-1", None, "needs SHARD_COUNT")],
)  # fmt: skip
def test_bad_shard_ids_say_why(value: str, count: int | None, reason: str) -> None:
    """Each kind of bad SHARD_IDS names what is wrong."""
    with pytest.raises(ValueError, match=reason):
        parse_shard_ids(value, count)


def test_bad_shard_settings_stop_the_bot_with_one_line(tmp_path: Path) -> None:
    """Started with SHARD_IDS outside SHARD_COUNT, the bot exits with one clear line."""
    env = {"SHARD_COUNT": "4", "SHARD_IDS": "2-9", "PATH": "", "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "check"], cwd=tmp_path, env={**env, "PYTHONPATH": str(REPO)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert done.stderr.strip() == "SHARD_IDS: 4 is outside SHARD_COUNT=4 (ids 0-3)"


def test_the_matcher_cache_lives_in_the_users_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start-up cache goes where the desktop's XDG rules say, never beside the code."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Settings.from_env(env_file=None).cache_dir == tmp_path / "aoad-bot"
    assert Settings().cache_dir is None  # settings built in code (tests) build from scratch
