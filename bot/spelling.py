"""Find the known words one typo away from a word, in time that does not grow with the vocabulary.

Fans' typos are almost always one edit: a letter missing, extra, wrong or swapped ("relese",
"plto"). Indexing every known word under each of its one-letter deletions (the symmetric-delete
idea behind SymSpell) turns the search into a handful of dictionary lookups, where scanning the
vocabulary with a fuzzy scorer would cost one comparison per known word.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import DamerauLevenshtein


def _deletions(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


class OneEditIndex:
    """Known words, indexed so `near` finds those within one edit of any word."""

    def __init__(self, words: Iterable[str]) -> None:
        self._index: dict[str, set[str]] = defaultdict(set)
        for word in words:
            for key in _deletions(word):
                self._index[key].add(word)

    def near(self, word: str, cutoff: float) -> list[tuple[str, float]]:
        """Return known words within one edit of `word` whose similarity (0-1) is at least
        `cutoff`, most similar first (ties alphabetical, so results are stable)."""
        candidates: set[str] = set()
        for key in _deletions(word):
            candidates |= self._index.get(key, set())
        scored = [
            (candidate, DamerauLevenshtein.normalized_similarity(word, candidate))
            for candidate in candidates
        ]
        return sorted(
            ((c, s) for c, s in scored if s >= cutoff and c != word), key=lambda cs: (-cs[1], cs[0])
        )
