"""Tell whether a message names a person the knowledge base does not know.

Korean names are written in English as a surname and a hyphenated given name ("Yoo In-soo",
"Lee You-mi"). One that is no character, actor or keyword of ours is someone the article never
names (a supporting actor, another show's star): a question about them is not ours to answer,
whatever else it shares with an entry ("does lee you-mi come back in s2" is not the cast list).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable


class Strangers:
    """Find Korean full names that no name or keyword of ours accounts for."""

    def __init__(self, surnames: Iterable[str], known: Callable[[str], bool]) -> None:
        names = sorted({s.casefold() for s in surnames}, key=len, reverse=True)
        # Only the hyphenated form: "ha ha" or "oh no" is no name, "Ha Seung-ri" is.
        self._name = (
            re.compile(rf"\b({'|'.join(map(re.escape, names))})\s+([a-z]+)-([a-z]+)\b")
            if names
            else None
        )
        self._known = known  # does a compact name ("yooinsoo", "insoo") name something of ours

    def named(self, text: str) -> list[str]:
        """Return the unknown full names in `text`, as written ("yoo in-soo")."""
        if self._name is None:
            return []
        text = unicodedata.normalize("NFKC", text).casefold()
        return [
            m.group(0)
            for m in self._name.finditer(text)
            if not self._known(m.group(1) + m.group(2) + m.group(3))
            and not self._known(m.group(2) + m.group(3))
        ]
