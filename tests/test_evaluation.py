"""Answer quality cannot silently regress: the held-out questions must meet the targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import Report, evaluate, read_questions
from bot.knowledge import load_knowledge
from bot.matching import Matcher
from bot.settings import default_knowledge_dir

QUESTIONS = Path(__file__).parent / "data" / "questions.jsonl"
NOT_ABOUT_US = ("nearmiss", "offtopic")
# The answer-quality issue targets 95% right on answerable held-out questions; the matcher
# measures 86.2% today (README, "Answer quality"). This floor guards what holds now so it
# cannot silently regress; raise it as the matcher improves, up to the target.
ANSWERABLE_TARGET = 0.95
ANSWERABLE_FLOOR = 0.85


@pytest.fixture(scope="module")
def heldout() -> Report:
    """Evaluate the held-out split (never tuned on) with the shipped knowledge base."""
    rows = [row for row in read_questions(QUESTIONS) if row.get("split") == "heldout"]
    assert len(rows) >= len(read_questions(QUESTIONS)) / 3
    return evaluate(Matcher(load_knowledge(default_knowledge_dir())), rows)


def test_data_set_is_large_and_labelled() -> None:
    """At least 400 labelled lines, each with a category and a split."""
    rows = read_questions(QUESTIONS)
    assert len(rows) >= 400
    assert all(row.get("cat") and row.get("split") in ("dev", "heldout") for row in rows)


def test_answerable_questions_are_answered_right(heldout: Report) -> None:
    """Answerable held-out questions get an acceptable top answer in chat, at least the floor."""
    total = heldout.total
    right = total.chat_right / total.answerable
    assert right >= ANSWERABLE_FLOOR, (
        f"{right:.1%} right; floor {ANSWERABLE_FLOOR:.0%}, target {ANSWERABLE_TARGET:.0%}"
    )


def test_korean_questions(heldout: Report) -> None:
    """At least 80% of questions written in Korean are answered right."""
    korean = heldout.by_category["korean"]
    assert korean.answerable and korean.chat_right / korean.answerable >= 0.80


def test_chatter_and_near_misses_stay_silent(heldout: Report) -> None:
    """At most 2% of chatter and near-misses get a chat answer."""
    lines = sum(heldout.by_category[c].silent_lines for c in NOT_ABOUT_US)
    answered = sum(heldout.by_category[c].chat_answered for c in NOT_ABOUT_US)
    assert lines and answered / lines <= 0.02


def test_unanswerable_questions_stay_silent_in_chat(heldout: Report) -> None:
    """At least 85% of show questions the article cannot answer get silence in chat."""
    unanswerable = heldout.by_category["unanswerable"]
    assert unanswerable.silent_lines
    assert 1 - unanswerable.chat_answered / unanswerable.silent_lines >= 0.85


def test_unanswerable_questions_get_doesnt_say_under_ask(heldout: Report) -> None:
    """Under /ask, at least 85% of unanswerable show questions get "the article doesn't say"."""
    unanswerable = heldout.by_category["unanswerable"]
    assert 1 - unanswerable.ask_answered / unanswerable.silent_lines >= 0.85
