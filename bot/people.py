"""Tell whether a message names a person the knowledge base does not know.

Korean names are written in English with a hyphenated given name, alone or after a surname
("Na-yeon", "Yoo In-soo", "Lee You-mi"). One that is no character, actor or keyword of ours is
someone the article never names (a classmate it never mentions, a supporting actor, another
show's star): a question about them is not ours to answer, whatever else it shares with an
entry ("does lee you-mi come back in s2" is not the cast list, "what happened to na-yeon in
the end" is not the recap).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

# One romanized Korean syllable: an initial, a vowel, a final ("na", "yeon", "hyuk", "soo").
# English words rarely fit ("half-zombie", "re-watch", "mid-season" do not).
_SYLLABLE = (
    r"(?:kk|tt|pp|ss|jj|ch|gw|hw|kw|g|k|n|d|t|r|l|m|b|p|s|j|h|y|w)?"
    r"(?:yae|yeo|wae|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|oo|ee|a|e|o|u|i)"
    r"(?:ng|k|n|t|l|m|p|g|b|r)?"
)
_GIVEN = re.compile(rf"\b({_SYLLABLE})-({_SYLLABLE})\b")


class Strangers:
    """Find Korean names that no name or keyword of ours accounts for."""

    def __init__(self, surnames: Iterable[str], known: Callable[[str], bool]) -> None:
        names = sorted({s.casefold() for s in surnames}, key=len, reverse=True)
        self._full = (
            re.compile(rf"\b({'|'.join(map(re.escape, names))})\s+([a-z]+)-([a-z]+)\b")
            if names
            else None
        )
        self._known = known  # does a compact name ("yooinsoo", "insoo") name something of ours

    def named(self, text: str) -> list[str]:
        """Return the unknown names in `text`, as written ("yoo in-soo", "na-yeon")."""
        text = unicodedata.normalize("NFKC", text).casefold()
        full = [
            m.group(0)
            for m in (self._full.finditer(text) if self._full else ())
            if not self._known(m.group(1) + m.group(2) + m.group(3))
            and not self._known(m.group(2) + m.group(3))
        ]
        given = [
            m.group(0) for m in _GIVEN.finditer(text) if not self._known(m.group(1) + m.group(2))
        ]
        return full + given
