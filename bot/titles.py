"""Tell whether a message asks about another show: a title we know, or a word we cannot place
where a title goes.

Fans of one show talk about many: "when does sweet home season 3 come out", "the cast of
squid game", "release date for gta 6". A known title is matched as written (titles are names:
"moving" the drama is not "moved"), unless it is only compared with ours ("bigger than squid
game"); an unknown word before "season 2" or "trailer", or after "cast of" and "release date
for", names a show we have never heard of.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.phrases import PhraseSet, fold_phrase
from bot.text import SEASON, is_hangul, jamo, stem

_ARTICLES = {stem(w) for w in (
    "the", "a", "an", "this", "that", "any", "each", "what", "whats", "el", "la", "los", "las", "o",
)}  # fmt: skip
# Words between a title and "season 2"/"trailer"/"cast" that do not name the title.
SLOT_SKIP = _ARTICLES | {stem(w) for w in (
    "concept", "edit", "edits", "reaction", "reactions",
    "new", "next", "upcoming", "latest", "official", "every", "whole", "entire", "full", "real",
    "actual", "original", "final", "last", "first", "same", "other", "another", "fan", "fake",
    "leaked", "possible", "potential", "rumored", "rumoured", "confirmed", "supposed",
    "core", "main", "lead", "leading", "supporting", "returning", "young", "teen", "student",
    "short", "long", "quick", "little", "big", "proper", "sneak",
    "best", "worst", "better", "worse", "good", "great", "bad", "amazing", "perfect",
)}  # fmt: skip
# A Korean word marked as the subject is no title: "할머니가 시즌2 언제 나오냐고" (grandma asks
# when season 2 comes out); a title stands bare before its season ("스위트홈 시즌3").
_KOREAN_SUBJECT = tuple(jamo(w) for w in ("가", "께서", "는", "은"))
_SLOT_WORDS = {stem(w) for w in ("trailer", "teaser", "cast", "season", "preview")}
# A Korean sentence may open with a title before these ("몸값 감독 누구예요": Ransom's director).
_KOREAN_SLOT_WORDS = tuple(jamo(w) for w in ("감독", "출연진", "예고편", "배우", "결말", "줄거리"))
# Words a title follows with "of" or "for" ("the release date for gta 6", "plot of X").
_OF_SLOT_WORDS = _SLOT_WORDS | {stem(w) for w in (
    "date", "release", "episodes", "ending", "plot", "story", "director", "premiere",
)}  # fmt: skip
_NEW = stem("new")
_COMPARING = {"like", "than", "unlike"}  # a title after these is compared with ours
# ...and after these: "similar to", "compared with", "reminds me of".
_COMPARING_PHRASES = (
    ("similar", "to"), ("compared", "to"), ("compared", "with"), ("reminds", "me", "of"),
)  # fmt: skip
_MIXING_UP = ("mix", "confus")  # "...with": "i keep mixing him up with", "confusing her with"
_COMPARED_DETERMINERS = {"the", "that", "a"}
# A one-word title followed by one of these is an ordinary word: "are they moving it", "moving
# to another platform" (Moving is a drama).
_AS_A_VERB = {"it", "to", "into", "them", "somewhere", "elsewhere", "away", "back"}


# "the one with the bakery couple", "that spanish heist show with the masks": a show described
# rather than named, by "the"/"that", a few words, a kind of show, then "where" or "with".
_DESCRIBED_KINDS = {stem(w) for w in ("one", "show", "movie", "anime", "drama", "series", "film")}
NOT_OUR_KINDS = {stem(w) for w in ("movie", "anime", "film")}  # ours is a drama series
_DESCRIBING = {stem(w) for w in ("where", "with")}
_DESCRIPTION_START = {"the", "that"}
DESCRIPTION_REACH = 3  # words between "the" and the kind: "that spanish heist show with"


def described_kinds(words: tuple[str, ...]) -> set[str]:
    """Return the kinds of show a sentence describes rather than names ("the one with the
    bakery couple": one; "the anime where the school gets overrun": anime)."""
    return {
        words[i - 1]
        for i, word in enumerate(words[2:], start=2)
        if word in _DESCRIBING
        and words[i - 1] in _DESCRIBED_KINDS
        and _DESCRIPTION_START.intersection(words[max(i - 2 - DESCRIPTION_REACH, 0) : i - 1])
    }


def _compared(raw: tuple[str, ...], i: int) -> bool:
    """Tell whether the title at `i` is only what ours is compared with ("like the last of us",
    "i keep mixing him up with the train to busan guy")."""
    end = i - 1 if raw[i - 1 : i] and raw[i - 1] in _COMPARED_DETERMINERS else i
    before = raw[max(end - 4, 0) : end]
    return bool(before) and (
        before[-1] in _COMPARING
        or any(before[-len(phrase) :] == phrase for phrase in _COMPARING_PHRASES)
        or (before[-1] == "with" and any(w.startswith(_MIXING_UP) for w in before))
    )


class OtherShows:
    """Other shows' titles, and where in a message a title would go."""

    def __init__(self, titles: Iterable[str], unknown: Callable[[str], bool]) -> None:
        self.titles = PhraseSet(fold_phrase, other=titles)
        self.unknown = unknown  # could this word be a title: nothing we know?

    def named(self, raw: tuple[str, ...]) -> bool:
        """Tell whether a text names another show other than to compare ("bigger than squid
        game", "like train to busan")."""
        at = self.titles.find(raw)["other"]
        return any(
            i - 1 not in at
            and not _compared(raw, i)
            and not (i + 1 not in at and raw[i + 1 : i + 2] and raw[i + 1] in _AS_A_VERB)
            for i in at
        )

    def in_title_slot(self, words: tuple[str, ...]) -> bool:
        """Tell whether an unknown title sits where a show's name goes ("X season 2", "cast of X")."""
        if (
            len(words) > 1
            and words[1].startswith(_KOREAN_SLOT_WORDS)
            and is_hangul(words[0])
            and self.unknown(words[0])
        ):
            return True
        for i, word in enumerate(words):
            # "when's the new iphone coming out": what is new is something we do not know
            # (but "i'm a new member" is only new here).
            after = words[i + 1 : i + 2]
            if word == _NEW and words[i - 1 : i] == ("the",) and after and self.unknown(after[0]):
                return True
            if not (SEASON.match(word) or word in _OF_SLOT_WORDS):
                continue
            # Look back past adjectives ("sweet home new season"); an article ends the title
            # slot ("rewatching the season 1 trailer" names no title).
            j = i - 1
            while j >= 0 and words[j] in SLOT_SKIP - _ARTICLES:
                j -= 1
            # A number is part of a title ("kaiju no 8 s2", "gta 6 trailer"): look past it.
            if j > 0 and words[j].isdigit():
                j -= 1
                while j > 0 and len(words[j]) <= 2:
                    j -= 1
            if (
                (SEASON.match(word) or word in _SLOT_WORDS)
                and j >= 0
                and words[j] not in _ARTICLES
                and not words[j].endswith(_KOREAN_SUBJECT)
                and self.unknown(words[j])
            ):
                return True
            # "season 2 of X", "the trailer for X"; but "season 1 for the third time".
            j = i + 1
            if j < len(words) and words[j] in (("of",) if SEASON.match(word) else ("of", "for")):
                j += 1
                while j < len(words) and words[j] in SLOT_SKIP:
                    j += 1
                if j < len(words) and self.unknown(words[j]):
                    return True
        return False
