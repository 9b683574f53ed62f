"""The matcher's start-up cache: a restart reads the example questions back, and the cache can
never make the bot answer differently from one built from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.matching import Matcher
from bot.settings import default_knowledge_dir

# Questions and chatter whose answers lean on the example questions' words.
MESSAGES = (
    "how much longer do we have to wait for the next chapter",
    "is there a trailer?",
    "who does lomon play",
    "whats aoad about",
    "when is the new banner out in this gacha game?",
    "my cast comes off friday",
)


def _answers(matcher: Matcher) -> list[tuple[str | None, str | None, float]]:
    """What chat and /ask say to each message, and the doubt behind it."""
    rows = []
    for text in MESSAGES:
        chat, ask = matcher.match(text, "chat"), matcher.match(text, "ask")
        rows.append(
            (chat and chat.entry.id, ask and ask.entry.id, round(matcher.analyze(text).doubt, 6))
        )
    return rows


@pytest.fixture(scope="module")
def fresh() -> list[tuple[str | None, str | None, float]]:
    return _answers(Matcher(load_knowledge(default_knowledge_dir())))


def test_a_restart_reads_the_cache_and_answers_the_same(tmp_path: Path, fresh: list) -> None:
    """The first start writes the cache, the next reads it; both answer as no cache does."""
    kb = load_knowledge(default_knowledge_dir())
    first = Matcher(kb, cache_dir=tmp_path)
    (written,) = tmp_path.glob("examples-*.json")
    stamp = written.stat().st_mtime_ns
    again = Matcher(kb, cache_dir=tmp_path)
    assert written.stat().st_mtime_ns == stamp  # read back, not built and written again
    assert _answers(first) == _answers(again) == fresh


def test_an_edited_knowledge_base_is_never_read_from_an_old_cache(tmp_path: Path) -> None:
    """A keeper's new example counts at once: the old cache is replaced, not read."""
    copy = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), copy)
    cache = tmp_path / "cache"
    before = Matcher(load_knowledge(copy), cache_dir=cache)
    (old,) = cache.glob("examples-*.json")
    with (copy / "not_ours.yaml").open("a", encoding="utf-8") as f:
        f.write('  - "when does the new banner drop in this gacha game"\n')
    edited = load_knowledge(copy)
    after = Matcher(edited, cache_dir=cache)
    assert not old.exists()
    assert len(list(cache.glob("examples-*.json"))) == 1
    text = "is the new banner out yet"
    assert after.analyze(text).doubt == Matcher(edited).analyze(text).doubt
    assert after.analyze(text).doubt > before.analyze(text).doubt


def test_a_damaged_cache_is_rebuilt(tmp_path: Path, fresh: list) -> None:
    """A half-written or foreign file in the cache is ignored and replaced."""
    kb = load_knowledge(default_knowledge_dir())
    Matcher(kb, cache_dir=tmp_path)
    (written,) = tmp_path.glob("examples-*.json")
    for damage in ('[["when", "drop"', '{"not": "a list"}', "[[1, 2]]"):
        written.write_text(damage, encoding="utf-8")
        assert _answers(Matcher(kb, cache_dir=tmp_path)) == fresh
        assert written.read_text(encoding="utf-8").startswith("[[[")


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path, fresh: list) -> None:
    """Where the cache folder cannot be made (here a file is in the way), each start builds."""
    blocked = tmp_path / "cache"
    blocked.write_text("not a folder", encoding="utf-8")
    assert _answers(Matcher(load_knowledge(default_knowledge_dir()), cache_dir=blocked)) == fresh
