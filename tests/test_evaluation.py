"""Answer quality cannot silently regress: the held-out questions are held to floors.

Each check names the issue's target and the floor it enforces. Where the matcher meets the
target the floor is the target; where it does not yet (README, "Answer quality"), the floor
is what it measures today, so nothing slips back while the gap is closed. Raise a floor as
the matcher improves, up to its target; never lower one to make a change pass. A floor is
re-measured when the split itself grows with new writers' lines, as recorded below with the
figures on the lines that were there before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rapidfuzz import fuzz, process, utils

from bot.evaluation import Report, Tally, evaluate, read_questions
from bot.knowledge import load_knowledge
from bot.matching import Matcher
from bot.settings import default_knowledge_dir

QUESTIONS = Path(__file__).parent / "data" / "questions.jsonl"
NOT_ABOUT_US = ("nearmiss", "offtopic")

# (target, floor): shares of held-out lines (4,045 lines, 2026-12-04, sixth session). The
# split last grew in the fourth session, by 186 and 144 lines from two new writers, measured
# before any line was read (87.8% and 92.6% right on arrival); the floors sit a few lines
# below the latest figures.
ANSWERABLE_RIGHT = (0.95, 0.948)  # measured 94.98% (2,383 of 2,509): target not met
KOREAN_RIGHT = (0.80, 0.80)  # measured 99.5%
CHATTER_ANSWERED = (0.02, 0.02)  # at most; measured 1.8% (21 of 1,171): target met
UNANSWERABLE_SILENT_IN_CHAT = (0.85, 0.85)  # measured 91.5%
UNANSWERABLE_DOESNT_SAY_UNDER_ASK = (0.85, 0.85)  # measured 89.6%
# Not an issue target: everyday questions written apart from the knowledge's (everyday.jsonl,
# 599 lines by two writers, 2026-12-04), held so the figure cannot silently grow.
EVERYDAY_ANSWERED = 0.06  # at most; measured 5.3% (32 of 599)
EVERYDAY = Path(__file__).parent / "data" / "everyday.jsonl"


@pytest.fixture(scope="module")
def heldout() -> Report:
    """Evaluate the held-out split (never tuned on) with the shipped knowledge base."""
    rows = [row for row in read_questions(QUESTIONS) if row.get("split") == "heldout"]
    assert len(rows) >= len(read_questions(QUESTIONS)) / 3
    return evaluate(Matcher(load_knowledge(default_knowledge_dir())), rows)


def _share(part: int, whole: int) -> float:
    assert whole, "no lines of this kind in the held-out split"
    return part / whole


def test_data_set_is_large_and_labelled() -> None:
    """At least 400 labelled lines, each with a category and a split."""
    rows = read_questions(QUESTIONS)
    assert len(rows) >= 400
    assert all(row.get("cat") and row.get("split") in ("dev", "heldout") for row in rows)


def test_no_question_is_labelled_twice() -> None:
    """Writers often type the same short line ("who is on-jo"): one copy is kept, so a held-out
    line is never a dev line the matcher was tuned on."""
    seen = [utils.default_process(row["q"]) for row in read_questions(QUESTIONS)]
    assert len(seen) == len(set(seen))


def test_no_example_in_the_knowledge_base_is_a_held_out_question() -> None:
    """The example model is never measured on what it was shown: no example is equal or close
    (rapidfuzz ratio >= 88, after folding case and punctuation) to a held-out question."""
    kb = load_knowledge(default_knowledge_dir())
    examples = [utils.default_process(p) for e in kb for p in e.phrasings]
    examples += [utils.default_process(t) for t in kb.lexicon.not_ours]
    examples += [utils.default_process(t) for t in kb.lexicon.everyday]
    close = [
        row["q"]
        for row in read_questions(QUESTIONS)
        if row.get("split") == "heldout"
        and process.extractOne(
            utils.default_process(row["q"]), examples, scorer=fuzz.ratio, score_cutoff=88
        )
    ]
    assert close == []


def test_answerable_questions_are_answered_right(heldout: Report) -> None:
    """Answerable held-out questions get an acceptable top answer in chat."""
    total = heldout.total
    assert _share(total.chat_right, total.answerable) >= ANSWERABLE_RIGHT[1]


def test_korean_questions(heldout: Report) -> None:
    """Questions written in Korean are answered right."""
    korean = heldout.by_category["korean"]
    assert _share(korean.chat_right, korean.answerable) >= KOREAN_RIGHT[1]


def test_chatter_and_near_misses_stay_silent(heldout: Report) -> None:
    """Chatter and near-misses (other shows, everyday words) rarely get a chat answer."""
    chatter = Tally()
    for category in NOT_ABOUT_US:
        chatter.silent_lines += heldout.by_category[category].silent_lines
        chatter.chat_answered += heldout.by_category[category].chat_answered
    assert _share(chatter.chat_answered, chatter.silent_lines) <= CHATTER_ANSWERED[1]


def test_everyday_questions_stay_silent() -> None:
    """Everyday questions in a fan server ("how long do u microwave ramen", "when do ap scores
    come out") rarely get a chat answer, though many hold a keyword."""
    rows = read_questions(EVERYDAY)
    report = evaluate(Matcher(load_knowledge(default_knowledge_dir())), rows)
    assert report.total.silent_lines == len(rows) >= 500
    assert _share(report.total.chat_answered, len(rows)) <= EVERYDAY_ANSWERED


def test_unanswerable_questions_stay_silent_in_chat(heldout: Report) -> None:
    """Show questions the article cannot answer get silence in chat."""
    unanswerable = heldout.by_category["unanswerable"]
    answered = _share(unanswerable.chat_answered, unanswerable.silent_lines)
    assert 1 - answered >= UNANSWERABLE_SILENT_IN_CHAT[1]


def test_unanswerable_questions_get_doesnt_say_under_ask(heldout: Report) -> None:
    """Under /ask, show questions the article cannot answer get "the article doesn't say"."""
    unanswerable = heldout.by_category["unanswerable"]
    answered = _share(unanswerable.ask_answered, unanswerable.silent_lines)
    assert 1 - answered >= UNANSWERABLE_DOESNT_SAY_UNDER_ASK[1]


def test_eval_predicts_what_the_bot_says_in_chat() -> None:
    """The figures measure the bot itself: a remark the bot's first, cheap shape check leaves
    unanswered ("su-hyeok in s2 tho... i'd cry") is unanswered in the predictions too."""
    matcher = Matcher(load_knowledge(default_knowledge_dir()))
    texts = ["su-hyeok in s2 tho... i'd cry", "when is s2 coming out?", "who plays nam-ra"]
    report = evaluate(matcher, [{"q": text, "expect": None, "cat": "offtopic"} for text in texts])
    said = [match.entry.id if (match := matcher.match(text)) else None for text in texts]
    assert [row["id"] for row in report.predictions] == said == [None, "release", "nam-ra"]
