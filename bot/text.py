"""Fold what fans type into tokens the matcher can compare: one pass, no knowledge of entries.

Fans write "szn 2", "S2", "season two" and "시즌2" for one thing, and "whennnn 😭" for "when";
folding those here keeps the matcher's rules few.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

# No message costs more than this much work: longer text is cut before matching.
MAX_CHARS = 1000

_DISCORD_MARKUP = re.compile(
    r"<a?:\w+:\d+>"  # custom emoji
    r"|<[@#][!&]?\d+>"  # user, role and channel mentions
    r"|<t:\d+(?::\w)?>"  # timestamps
    r"|https?://\S+"  # links
    r"|@(?:everyone|here)\b"
    r"|(?<!\w)@\w+"  # a name typed as a mention ("@jay source??"), said to someone, not asked of
)
_APOSTROPHE_S = re.compile(r"(\w)['’](?:s|re|ll|ve|d|m)\b")
# Fans type accents or leave them out ("episódios", "episodios"): Latin letters lose them.
_ACCENTED = re.compile(r"[\u00c0-\u024f]")
_WHEN_DID = re.compile(r"\bwhen['’]d\b")  # "when'd it drop" asks when it did
_APOSTROPHE = re.compile(r"['’`´]")
_WORD_NUMBERS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5",
    "1st": "1", "2nd": "2", "3rd": "3", "4th": "4", "5th": "5", "sophomore": "2", "투": "2",
    "segunda": "2", "seconde": "2", "secnd": "2", "seccond": "2", "secound": "2", "2d": "2",
    "primera": "1", "primeira": "1", "tercera": "3", "terceira": "3",
}  # fmt: skip
_NUM = r"(\d{1,2}|one|two|three|four|five)"
_ORDINAL = (
    r"(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|sophomore|segunda|seconde"
    r"|secnd|seccond|secound|2d|primera|primeira|tercera|terceira)"
)
_SEASON_WORD = (
    r"(?:season|seasons|seasn|sesaon|seaon|seson|sason|seaosn|saeson|seasson|seasoon|sezon|szn"
    r"|ssn|sn|series|part|pt|temporada|saison)"
)
# Any other one-typo "season" before a number ("seasin 2", "seasom 2"); not "reason 2".
_SEASON_TYPO = re.compile(rf"\b(s[a-z]{{3,6}})\s*-?\s*{_NUM}\b")
# Our show has one season out: the next or new one, the sequel, the continuation, is the second
# ("the new seasons episodes" is the new season's, its apostrophe dropped).
_NEXT_SEASON = re.compile(
    r"\b(?:(?:next|nxt|new|upcoming|forthcoming|coming|following)\s+"
    r"(?:seasons?|seasn|szn|ssn|part|chapter|batch|instal+ment)|sequel|follow\s?up|continuation"
    r"|(?:nueva|nova|pr[oó]xima)\s+temporada|temporada\s+(?:nueva|nova))\b"
)
# An ordinal one typo away before the word season is that season ("the secon season").
_ORDINAL_TYPO = re.compile(r"\b([a-z]{4,7})\s+(?:season|temporada)\b")
# "the new ones", "new eps" are Season 2's episodes.
_NEW_EPISODES = re.compile(r"\bnew\s+(ones|eps|episodes)\b")
# "new szn" with no number is still the word "season".
_LONE_SEASON = re.compile(r"\b(?:szn|ssn|seasn|seaosn|saeson|sezon|temporada|saison)\b")
_SEASON_PATTERNS = (
    (re.compile(rf"\b{_SEASON_WORD}\s*-?\s*{_NUM}\b"), 1),
    (
        re.compile(
            rf"\b{_ORDINAL}\s+(?:season|seasn|seson|szn|series|part|temporada|saison"
            r"|chapter|batch|go\s+a?round|outing|instal+ment)\b"
        ),
        1,
    ),
    (re.compile(r"\bs\s?(\d{1,2})\b"), 1),
    (re.compile(r"시즌\s*(\d{1,2})"), 1),
    (re.compile(r"시즌\s*(투)"), 1),
    (re.compile(r"(\d)\s*기(?![가-힣])"), 1),
)
# "aouad 2", "all of us are dead 2": a number right after the show's name is a season.
# Not a number with a counter after it: "지우학 1월 28일" is a date, "4억 시간" hours.
_SHOW_NUMBER = re.compile(
    r"\b(aoad|aouad|dead)\s+(\d)\b|(지우학)\s*(\d)(?![\d월일억만천시분년명화회부편개위])"
)
# Korean writes particles onto numbers ("2025년에"): a number is a word of its own.
_DIGITS_IN_HANGUL = re.compile(r"(?<=\d)(?=[\uac00-\ud7a3])|(?<=[\uac00-\ud7a3])(?=\d)")
SEASON = re.compile(r"^season(\d+)$")  # the token fold writes for "s2", "szn 2", "시즌2"
# A hashtag keeps its "#": "#alive" is a film's title, not the word "alive".
_NON_WORD = re.compile(r"[^\w#]+|#(?!\w)|(?<=\w)#+")
# Sentences end in punctuation, a line break or, in chat, an emoji ("better be alive 😭 any
# chance he comes back").
_CLAUSE = re.compile(r"((?:[!?？;\n\u2600-\u27bf\U0001f300-\U0001faff]|[.,](?!\d))+)")
_REPEATS = re.compile(r"(\w)\1{2,}")
# A name in quotes, each long word capitalized: fans quote titles ("just finished 'Dead Set'").
_QUOTED_TITLE = re.compile(
    r"(?:(?<=\s)|^)['\"‘“]([A-Z0-9][\w’']*(?:\s+(?:[A-Z0-9][\w’']*|[a-z]{1,3})){0,6})['\"’”](?!\w)"
)
# Words that only look inflected: "news" is not "new", "series" not "sery".
# "dating" is no "date": "are they dating" is not "is there a date"; "here" is no "her".
_UNSTEMMED = frozenset(
    {"news", "series", "this", "plus", "bus", "ios", "kids", "finals", "dating", "here"}
)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff]")
_HANGUL_SYLLABLES = re.compile(r"[\uac00-\ud7a3]+")


@dataclass(frozen=True)
class Folded:
    """A message folded for matching: its tokens and the shape signals lost in folding."""

    tokens: tuple[str, ...]
    question_mark: bool
    clauses: tuple[Folded, ...] = ()  # the sentences and comma-parts, when there are several
    said: int = 0  # how many of the clauses quote what someone else said ("> s2 when")
    quoted: tuple[tuple[str, ...], ...] = ()  # Title Case in quotes: "is 'Dead Set' good"

    @property
    def reply(self) -> Folded:
        """Return the message without the lines it quotes: what its writer says."""
        if not self.said:
            return self
        own = self.clauses[self.said :]
        return Folded(
            tokens=tuple(token for clause in own for token in clause.tokens),
            question_mark=self.question_mark,
            clauses=own if len(own) > 1 else (),
        )


def _season_token(match: re.Match[str]) -> str:
    number = _WORD_NUMBERS.get(match.group(1), match.group(1))
    return f" season{int(number)} "


def _season_typo(match: re.Match[str]) -> str:
    if OSA.distance(match.group(1), "season") > 1:
        return match.group()
    return f" season{int(_WORD_NUMBERS.get(match.group(2), match.group(2)))} "


def _ordinal_typo(match: re.Match[str]) -> str:
    word = match.group(1)
    ordinal = next((o for o in ("first", "second", "third") if OSA.distance(word, o) == 1), None)
    return f" season{_WORD_NUMBERS[ordinal]} " if ordinal else match.group()


def _show_season(match: re.Match[str]) -> str:
    show, number = match.group(1, 2) if match.group(1) else match.group(3, 4)
    return f"{show} season{number}"


def jamo(text: str) -> str:
    """Spell Hangul by letters (jamo), so a stem is a prefix of its inflections.

    Korean fuses a verb's ending into its last syllable: 나오 (come out) becomes 나옴, 나온,
    나올 -- no longer a prefix as syllables, but still one spelled letter by letter.
    """
    return _HANGUL_SYLLABLES.sub(lambda m: unicodedata.normalize("NFD", m.group()), text)


def _unaccented(match: re.Match[str]) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", match.group()) if not unicodedata.combining(c)
    )


def fold(text: str) -> Folded:
    """Return the tokens of `text`: casefolded, markup, emoji and punctuation gone, seasons as
    `seasonN`. Lines quoting someone else ("> s2 when") come first, marked as `said`: they
    tell what a reply is about, but the reply is what asks."""
    text = _ACCENTED.sub(_unaccented, unicodedata.normalize("NFKC", text[:MAX_CHARS]))
    lines = text.split("\n")
    quoting = next((i for i, line in enumerate(lines) if not line.lstrip().startswith(">")), 0)
    if quoting:
        said = _fold("\n".join(line.lstrip()[1:] for line in lines[:quoting]))
        reply = _fold("\n".join(lines[quoting:]))
        if said.tokens and reply.tokens:
            parts = (*(said.clauses or (said,)), *(reply.clauses or (reply,)))
            return Folded(
                tokens=said.tokens + reply.tokens,
                question_mark=reply.question_mark,
                clauses=parts,
                quoted=said.quoted + reply.quoted,
                said=len(said.clauses or (said,)),
            )
    return _fold(text)


def _fold(text: str) -> Folded:
    """Fold text with no quoted lines."""
    quoted = tuple(
        tokens for m in _QUOTED_TITLE.finditer(text) if (tokens := fold(m.group(1)).tokens)
    )
    text = text.casefold()
    text = _DISCORD_MARKUP.sub(" ", text)
    question_mark = "?" in text or "？" in text
    text = _WHEN_DID.sub("when did", text)
    text = _APOSTROPHE_S.sub(r"\1", text)
    text = _APOSTROPHE.sub("", text)
    text = text.replace("-", " ").replace("_", " ")
    text = _SHOW_NUMBER.sub(_show_season, text)
    for pattern, _ in _SEASON_PATTERNS:
        text = pattern.sub(_season_token, text)
    text = _SEASON_TYPO.sub(_season_typo, text)
    text = _ORDINAL_TYPO.sub(_ordinal_typo, text)
    text = _NEXT_SEASON.sub(" season2 ", text)
    text = _NEW_EPISODES.sub(r" season2 \1 ", text)
    text = _DIGITS_IN_HANGUL.sub(" ", text)
    text = _LONE_SEASON.sub("season", text)
    text = jamo(_REPEATS.sub(r"\1\1", text))
    pieces = _CLAUSE.split(text)  # text, delimiter, text, delimiter, ...
    clauses = tuple(
        Folded(tokens=tuple(_NON_WORD.sub(" ", piece).split()), question_mark="?" in delimiter)
        for piece, delimiter in zip(pieces[::2], [*pieces[1::2], ""], strict=True)
    )
    clauses = tuple(clause for clause in clauses if clause.tokens)
    tokens = tuple(token for clause in clauses for token in clause.tokens)
    return Folded(
        tokens=tokens,
        question_mark=question_mark,
        clauses=clauses if len(clauses) > 1 else (),
        quoted=quoted,
    )


@lru_cache(maxsize=65536)
def is_hangul(token: str) -> bool:
    """Tell whether a token is Korean, whose particles attach to the word ("남라는")."""
    return bool(_HANGUL.search(token))


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """Strip English inflection so "dropping", "dropped" and "drops" meet at "drop"."""
    if is_hangul(token) or len(token) <= 3 or token.isdigit() or token in _UNSTEMMED:
        return token
    word = token
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def romanized(key: str) -> str:
    """Fold a compact name's spelling of a Korean vowel: fans write 이 as "ee", 우 as "oo" and
    어 as "u" ("Mee-jin", "Dae-soo", "Jae-hyuk" for Jae-hyeok), so both sides of a name lookup
    read "i" and "u"."""
    return key.replace("eo", "u").replace("ee", "i").replace("oo", "u")


def compact(text: str) -> str:
    """Fold a name to letters only, so "Nam-ra", "nam ra" and "NamRa" are one key."""
    text = jamo(unicodedata.normalize("NFKC", text).casefold())
    return _NON_WORD.sub("", text).replace("_", "")
