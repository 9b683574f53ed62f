"""Measure answer quality on labelled questions: the figures behind `aoad-bot eval`.

A line is {"q": text, "expect": id | [ids] | null, "cat": category}; null means the bot must
stay silent in chat and say "the article doesn't say" under /ask.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.matching import Matcher
from bot.text import fold


@dataclass
class Tally:
    """Counts for one category (or all): answerable right, and silence kept."""

    answerable: int = 0
    chat_right: int = 0
    ask_right: int = 0
    silent_lines: int = 0
    chat_answered: int = 0
    ask_answered: int = 0

    def row(self, name: str) -> str:
        """Format this tally as one table row."""

        def pct(part: int, whole: int) -> str:
            return f"{100 * part / whole:5.1f}%" if whole else "    - "

        return (
            f"{name:<14} {self.answerable:>5} {pct(self.chat_right, self.answerable)} "
            f"{pct(self.ask_right, self.answerable)} {self.silent_lines:>6} "
            f"{pct(self.chat_answered, self.silent_lines)} {pct(self.ask_answered, self.silent_lines)}"
        )


@dataclass
class Report:
    """The result of one evaluation run."""

    total: Tally = field(default_factory=Tally)
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    predictions: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def table(self) -> str:
        """Return the report as the table `aoad-bot eval` prints."""
        head = (
            f"{'category':<14} {'ans':>5} {'chat ok':>6} {'ask ok':>6} {'null':>6} "
            f"{'chat FA':>6} {'ask FA':>6}"
        )
        lines = [head, "-" * len(head)]
        lines += [self.by_category[c].row(c) for c in sorted(self.by_category)]
        lines += ["-" * len(head), self.total.row("ALL")]
        count = len(self.predictions)
        mean_us = 1e6 * self.seconds / count if count else 0.0
        lines.append(
            f"{count} questions; mean {mean_us:.0f} us per question (analysis + both policies)."
        )
        lines.append(
            "ok = top answer acceptable (share of answerable lines); "
            "FA = false answers (share of null lines that got an answer)."
        )
        return "\n".join(lines)


def read_questions(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSONL question file, naming the line of any malformed row."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or "q" not in row or "expect" not in row:
                raise ValueError("needs 'q' and 'expect'")
        except ValueError as exc:
            raise ValueError(f"{path}:{number}: {exc}") from None
        rows.append(row)
    return rows


def evaluate(matcher: Matcher, rows: Iterable[dict[str, Any]]) -> Report:
    """Run every row through the matcher under both policies and tally the results."""
    report = Report()
    started = time.perf_counter()
    for row in rows:
        folded = fold(row["q"])
        analysis = matcher.analyze(row["q"], folded)
        # Chat applies match()'s cheap shape gate first, as the bot does; one analysis serves both.
        chat = None if matcher.chat_skips(folded) else matcher.decide(analysis, "chat")
        ask = matcher.decide(analysis, "ask")
        expect = row["expect"]
        accepted = [expect] if isinstance(expect, str) else (expect or [])
        ranked = analysis.ranked()
        report.predictions.append(
            {
                "q": row["q"],
                "id": chat.entry.id if chat else None,
                "score": round(ranked[0][1], 1) if ranked else 0.0,
            }
        )
        for tally in (report.total, report.by_category[row.get("cat", "uncategorized")]):
            if accepted:
                tally.answerable += 1
                tally.chat_right += bool(chat and chat.entry.id in accepted)
                tally.ask_right += bool(ask and ask.entry.id in accepted)
            else:
                tally.silent_lines += 1
                tally.chat_answered += chat is not None
                tally.ask_answered += ask is not None
    report.seconds = time.perf_counter() - started
    return report
