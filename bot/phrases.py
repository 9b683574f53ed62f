"""Find where lists of phrases occur in a message, in one pass over its words.

The matcher looks up many lists at once (keywords, ties to the show, other shows' titles,
descriptions of characters); indexing every phrase by its first word means a message only
checks the phrases it could hold. Korean words carry particles ("남라는" is 남라), so a Korean
phrase word matches any message word it starts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from bot.text import fold, is_hangul

_T = TypeVar("_T")


@lru_cache(maxsize=262144)
def fold_phrase(text: str) -> tuple[str, ...]:
    """Fold a knowledge phrase as written, once, however many indexes it goes into."""
    return fold(text).tokens


def same(word: str, part: str) -> bool:
    """Tell whether a message word is a phrase word; Korean matches by prefix (particles)."""
    return word == part or (is_hangul(part) and word.startswith(part))


class PhraseSet:
    """Named lists of phrases, indexed by first word: one pass finds where each list occurs."""

    def __init__(
        self,
        tokenize: Callable[[str], tuple[str, ...]],
        inside: Callable[[str], bool] = lambda word: False,
        **lists: Iterable[str],
    ) -> None:
        self.inside = inside  # a word that may stand between a phrase's words ("actually")
        self.by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        self.words: dict[str, set[str]] = defaultdict(set)
        for name, texts in lists.items():
            for tokens in filter(None, map(tokenize, texts)):
                self.by_first[tokens[0]].append((name, tokens))
                self.words[name].update(tokens)

    def find(self, words: tuple[str, ...]) -> dict[str, set[int]]:
        """Return, for each list, the positions in `words` its phrases cover."""
        covered: dict[str, set[int]] = defaultdict(set)
        for start, word in enumerate(words):
            for name, phrase in starting_at(self.by_first, word):
                if span := self._span(words, phrase, start):
                    covered[name].update(span)
        return covered

    def _span(self, words: tuple[str, ...], phrase: tuple[str, ...], start: int) -> range:
        """Return the positions `phrase` covers from `start` (empty if it is not there); one
        word `inside` may stand between two of its words ("where did they actually film")."""
        at = start
        for i, part in enumerate(phrase):
            if i and at + 1 < len(words) and not same(words[at], part) and self.inside(words[at]):
                at += 1
            if at >= len(words) or not same(words[at], part):
                return range(0)
            at += 1
        return range(start, at)


def starting_at(index: dict[str, list[_T]], word: str) -> list[_T]:
    """Return what `index` holds under `word`; a Korean word also under each of its prefixes."""
    if word.isascii() or not is_hangul(word):
        return index.get(word, [])
    found: list[_T] = []
    for end in range(1, len(word) + 1):
        found.extend(index.get(word[:end], []))
    return found
