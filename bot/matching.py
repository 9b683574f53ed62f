"""Decide what a message asks: which entry answers it, how sure we are, or that it is not for us.

Two signals are matched separately and then combined: *entities* (characters, by any alias or
actor name) and *intents* (topic keywords such as "trailer" or "come out", with weaker hints).
The words of the knowledge base's example questions then re-rank the entries found, and say
how much the message reads like the "not ours" examples (bot/examples.py). Gates keep chat
quiet: a chat auto-reply needs question shape, a tie to the show (or a plainly asked question
that is fully understood or that the examples leave little doubt about), and no sign that
another show or something the article never covers is meant. /ask and mentions were asked
for, so they skip the shape and tie gates. Long messages are read sentence by sentence, with
the whole message as context.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from rapidfuzz import fuzz, process

from bot.example_cache import cached_examples
from bot.examples import EVERYDAY, NOT_OURS, OURS, ExampleModel
from bot.knowledge import Entry, KnowledgeBase
from bot.people import Strangers
from bot.phrases import PhraseSet, fold_phrase, same, starting_at
from bot.settings import ASK_THRESHOLD, CHAT_THRESHOLD
from bot.shape import QuestionShape
from bot.spelling import OneEditIndex
from bot.text import SEASON, Folded, compact, fold, is_hangul, romanized, stem
from bot.titles import NOT_OUR_KINDS, SLOT_SKIP, OtherShows, described_kinds

Policy = Literal["chat", "ask"]

# Scores are on a 0-100 scale. A strong keyword alone is a confident answer; hints alone need
# company. These were tuned on the dev split of tests/data/questions.jsonl.
STRONG = 70.0
EXTRA_STRONG = 8.0
LONGER = 4.0
HINT = 5.0
HINTS_ONLY_BASE = 20.0
HINTS_ONLY_STEP = 12.0
ENTITY = 78.0
ENTITY_HINT = 6.0
RERANKED = 8  # how many of the rules' best candidates the example model weighs
LEARNED = 30.0  # up to this much for an entry the example questions' words point to
LEARNED_HINTED = 40.0  # ...for an entry only hints found, when the show or a person is named
LEARNED_NOT_OURS = 20.0  # doubt: up to this much surer chat must be when they say "not ours"
ASKED_DOUBT = 0.75  # the share of that doubt /ask and mentions bear (they were asked for)
SURELY_OURS = 2.0  # doubt at most this (P(not ours) <= 10%): the examples say it is ours
EVERYDAY_DOUBT = 10.0  # ...and from the everyday questions, for a message with no tie to the show
WHOLE_DOUBT = 50.0  # ...and from the whole of a message with no tie to the show, as it reads
POINTS_TO = 50.0  # a question naming nothing points to an earlier sentence's entry this surely
UNEXPLAINED_PENALTY = 25.0
HINTED_PENALTY = 12.0  # ...less when the words around a name ask about a person
OTHER_NAME_PENALTY = 20.0
BESIDE_DESCRIBED = 0.9  # a name's weight beside a description of someone else
AS_OBJECT = 0.9  # the weight of a character named or described as an object ("by the bully")
ENTITY_MARGIN = 8.0
SEASON_CONFLICT = 0.3
INHERITED_CONFLICT = 0.45  # ...for a season another sentence names ("s2 hype. the finale?")
UNANCHORED_MIN = 70.0  # a chat question with no tie to the show: its keywords' own score
SCORE_CAP = 99.0
MAX_GAP = 2  # filler words allowed between the words of a keyword

# Typo correction: a token close enough to a known word is read as that word.
TYPO_MIN_LENGTH = 4
TYPO_CUTOFF = 0.79  # Damerau-Levenshtein similarity: one edit in five letters
TYPO_CUTOFF_SHORT = 0.74
ALIAS_FUZZY_MIN_LENGTH = 4
ALIAS_FUZZY_CUTOFF = 0.79
KNOWN_NAME_CUTOFF = 80.0  # rapidfuzz ratio: "leejaegyu" is the director's "leejaekyoo"

_LIKE = stem("like")
_COMPARED_WITH = {_LIKE, "than", "as"}
_UNTIL = {stem(w) for w in ("before", "until", "till", "til")}
TIME_REACH = 3  # words between "before" and the season it times: "before i start s2"
_DETERMINERS = {"the", "that", "this", "a", "an", "his", "her", "their"}
_OBJECT_MARKERS = {"by", "with", "fighting", "fought", "against", "from", "and", "than", "bit"}
_IN_IT = {("in", "it"), ("in", "that"), ("in", "there")}
_REFERS_BACK = {"it", "that", "its"}  # a question about the thing just named
_OBJECT_PRONOUNS = {("it",), ("this",), ("them",)}  # after a verb: "the service that carries it"
_ADVERBS = {"really", "even", "ever", "just", "still", "actually", "exactly", "truly"}
_SPEAKERS = {"my", "our", "mine"}
_CLAIM_CHECKS = {
    ("who", "right"), ("whos", "right"), ("who", "is", "right"), ("is", "that", "true"),
    ("is", "that", "right"), ("is", "that", "real"), ("is", "it", "true"), ("which", "is", "it"),
    ("true", "or", "not"), ("is", "that", "correct"), ("am", "i", "right"), ("fact", "check"),
    ("since", "when"), ("which", "one", "is", "right"), ("which", "one", "right"),
}  # fmt: skip
SHOW_REFERENCES = ("the show", "this show", "the series", "this series")
_SHOW_KINDS = {stem(w) for w in ("show", "series", "drama", "kdrama", "programme")}
_ANY_ONE = {stem(w) for w in (
    "every", "any", "which", "other", "another", "most", "all", "each", "normal", "typical",
    "usual", "average", "some",
)}  # fmt: skip
# A sentence that opens with the speaker says something of them: "i'm a halfbie at 3am".
_SPEAKING = {stem(w) for w in ("i", "im", "ive", "my", "me", "we", "our", "mine")}
_PRONOUNS = {"he": "he", "him": "he", "his": "he", "she": "she", "her": "she", "hers": "she"}
KOREAN_TITLE_MIN = 4  # letters (jamo): two syllables, the shortest Korean title we would see
FAN_WORD = 3  # a word in the examples of this many entries is fans' everyday vocabulary
ADVERB_MIN = 7  # letters of an "-ly" word read as an adverb, not a noun ("family", "italy")
SHORT_QUERY = 5  # "dae soo actor", "s2 trailer": a short, fully understood query is a question


def _one_meant(words: tuple[str, ...]) -> bool:
    """Tell whether a sentence asks about "a new one", "an official one": a thing named before
    (but "the new one" is the new season)."""
    return any(
        word == "one"
        and words[at + 1 : at + 2] != ("of",)
        and (words[at - 1 : at] == ("another",) or (at > 1 and words[at - 2] in ("a", "an")))
        for at, word in enumerate(words)
    )


def _in_it(words: tuple[str, ...]) -> bool:
    """Tell whether a sentence places someone in a thing named before ("i saw lomon in it",
    "was lomon there")."""
    return words[-1:] == ("there",) or any(
        words[at : at + 2] in _IN_IT for at in range(len(words) - 1)
    )


def _checks_a_claim(words: tuple[str, ...]) -> bool:
    """Tell whether a sentence asks only whether what was said before holds ("she says 2021.
    who's right?", "is that true?"): what it asks about is the claim."""
    return any(
        words[start : start + size] in _CLAIM_CHECKS for start in (0, 1) for size in (2, 3, 4)
    )  # "wait, since when?"


def _shows_in_general(raw: tuple[str, ...], words: tuple[str, ...], anchors: set[int]) -> bool:
    """Tell whether a tie to the show speaks of shows in general: a kind of show in the plural
    ("which service has the most kdramas") or after a word that picks any one ("why does every
    zombie show...", "a normal kdrama episode")."""
    for i in anchors:
        if words[i] not in _SHOW_KINDS:
            continue
        start = i
        while start - 1 in anchors:
            start -= 1
        plural = raw[i] != words[i] and raw[i].endswith("s") and raw[i] != "series"
        if plural or (start and words[start - 1] in _ANY_ONE):
            return True
    return False


def _every_name(tokens: tuple[str, ...], names: list[tuple[str, ...]]) -> Iterator[tuple[str, ...]]:
    """Yield `tokens` with the show's name in it written as each of its other names."""
    for name in names:
        for i in range(len(tokens) - len(name) + 1):
            if tokens[i : i + len(name)] == name:
                for other in names:
                    yield tokens[:i] + other + tokens[i + len(name) :]
                return


def _compared(words: tuple[str, ...], i: int) -> bool:
    """Tell whether the word at `i` is what something is compared with ("like s1", "as long
    as the first batch") or a time ("how did it end? need it before i start s2")."""
    before = words[max(i - 2, 0) : i]
    return bool(before) and (
        before[-1] in _COMPARED_WITH
        or (before[-1] in _DETERMINERS and before[0] in _COMPARED_WITH)
        or bool(_UNTIL.intersection(words[max(i - TIME_REACH, 0) : i]))
    )


def _ly_adverb(word: str) -> bool:
    """Tell whether a word is an "-ly" adverb ("genuinely"), not a noun ("family", "italy")."""
    return len(word) >= ADVERB_MIN and word.endswith("ly") and word.isascii()


def _adverb(word: str) -> bool:
    """Tell whether a word says how, not what ("actually", "really"): a phrase reads through it."""
    return word in _ADVERBS or _ly_adverb(word)


def _not_the_speakers(words: tuple[str, ...], covered: set[int]) -> set[int]:
    """Return the positions of phrases not about the speaker's own life: "my mom asked me if
    hyosan is real" asks about Hyosan, "who is on-jo's mom" about what the article never says."""
    keep: set[int] = set()
    own = False
    for i in sorted(covered):
        if i - 1 not in covered:  # a phrase starts here: whose is it?
            own = i > 0 and words[i - 1] in _SPEAKERS
        if not own:
            keep.add(i)
    return keep


class _Named(NamedTuple):
    """The characters a text names or describes, and the positions that name them."""

    found: dict[str, float]  # id -> how surely (100: an exact alias or a description)
    covered: set[int]
    described: frozenset[str]  # ids only described ("the class president"), never named
    by_actor: frozenset[str]  # ids named by their actor ("lomon"), not by the character


@dataclass(frozen=True)
class Match:
    """The answer the bot would give: an entry and how sure the matcher is (0-100)."""

    entry: Entry
    score: float


@dataclass
class Analysis:
    """Everything the matcher saw in one message; `decide` turns it into a Match or silence."""

    tokens: tuple[str, ...]
    scores: dict[str, float] = field(default_factory=dict)
    question: bool = False
    anchored: bool = False
    foreign: bool = False
    unexplained: int = 0
    strong: set[str] = field(default_factory=set)
    plain: bool = False  # asks outright: "?" or a sentence opening with a question word
    entities: dict[str, float] = field(default_factory=dict)
    seasons: set[int] = field(default_factory=set)  # the seasons it names ("season1" -> 1)
    doubt: float = 0.0  # how much more sure chat must be: the message reads like "not ours"
    learned: dict[str, float] = field(default_factory=dict)  # score the examples added, by id
    unknown_object: set[str] = field(default_factory=set)  # entries whose keyword is followed
    # by a word we cannot place: "watch the match"
    named: bool = False  # tied to the show by a name, not only a description ("the main guy")
    off_limits: bool = False  # it asks what the article never covers ("the age rating")
    season_tied: bool = False  # tied to the show by a season ("s2", "the next season")
    elsewhere: bool = False  # names a streaming service the show is not on ("on prime")

    @property
    def top(self) -> float:
        """Return the best score, 0 when nothing scored."""
        return max(self.scores.values(), default=0.0)

    def ranked(self) -> list[tuple[str, float]]:
        """Return entry ids with their scores, best first."""
        return sorted(self.scores.items(), key=lambda item: -item[1])

    def discount(self) -> None:
        """Scale every score down: what is asked is not ours to answer, whatever matched."""
        self.scores = {eid: s * SEASON_CONFLICT for eid, s in self.scores.items()}


@dataclass(frozen=True)
class _Phrase:
    entry_id: str
    tokens: tuple[str, ...]
    kind: Literal["keyword", "tied", "hint", "exclude"]


class Matcher:
    """Match text to the knowledge base; build once per knowledge base, then call `match`."""

    def __init__(
        self,
        kb: KnowledgeBase,
        chat_threshold: float = CHAT_THRESHOLD,
        ask_threshold: float = ASK_THRESHOLD,
        cache_dir: Path | None = None,
    ) -> None:
        """Build the matcher for `kb`; with `cache_dir`, keep the example questions as read
        there, so the next start with the same knowledge and code skips reading them."""
        self.kb = kb
        self.order = {entry_id: i for i, entry_id in enumerate(kb.entries)}
        self.thresholds: dict[Policy, float] = {"chat": chat_threshold, "ask": ask_threshold}
        lex = kb.lexicon
        self.stopwords = {stem(t) for w in lex.stopwords for t in fold(w).tokens}
        self.question_words = {stem(t) for w in lex.question_words for t in fold(w).tokens}
        self.openers = {stem(t) for w in lex.question_openers for t in fold(w).tokens}
        self.abbreviations = dict(lex.abbreviations)
        # Ways to refer to the show that say nothing of what is asked: its names, and ties to
        # it that are no entry's keyword ("the show", "this drama", but not "yangdong").
        keywords = {self._phrase_tokens(k) for entry in kb for k in entry.all_keywords}
        references = [
            a for a in (*lex.anchors, *lex.show_names)
            if self._phrase_tokens(a) not in keywords
            and not all(SEASON.match(t) for t in self._phrase_tokens(a))
        ]  # fmt: skip
        self.lexicon_phrases = PhraseSet(
            self._phrase_tokens,
            inside=_adverb,
            reference=references,
            anchor=(*lex.anchors, *lex.show_names),
            show=lex.show_names,
            kind=lex.other_kinds,
            platform=lex.other_platforms,
            person=lex.character_hints,
            unanswerable=lex.not_in_article,
            actor=lex.actor_questions,
            story=lex.story_words,
        )

        # Titles are names, matched as written: "moving" (the drama) is not "moved".
        self.other_shows = OtherShows(lex.other_titles, self._unknown)

        # Phrases indexed by their first token, so a message only checks phrases it could hold.
        # A phrase naming the show holds for each of its names: "what is aouad about" is also
        # "what is aoad about" and "what is the show about".
        show_names = [
            self._phrase_tokens(n) for n in (*lex.show_names, *SHOW_REFERENCES) if n.isascii()
        ]
        self.phrases: dict[str, list[_Phrase]] = defaultdict(list)
        self.aliases: dict[str, str] = {}
        for entry in kb:
            for kind, texts in (
                ("keyword", entry.keywords),
                ("tied", entry.tied_keywords),
                ("hint", entry.hints),
                ("exclude", entry.exclude),
            ):
                written = [self._phrase_tokens(text) for text in texts]
                named = (v for tokens in written for v in _every_name(tokens, show_names))
                for tokens in dict.fromkeys((*written, *named)):
                    # Inflections fold together ("drop", "drops"): count such a phrase once.
                    if tokens:
                        self.phrases[tokens[0]].append(_Phrase(entry.id, tokens, kind))
            for name in entry.names:
                self.aliases[compact(name)] = entry.id
        # Which entries use each keyword word: a word only one entry uses is distinctive.
        users: dict[str, set[str]] = defaultdict(set)
        for phrases in self.phrases.values():
            for phrase in phrases:
                if phrase.kind in ("keyword", "tied"):
                    for token in phrase.tokens:
                        users[token].add(phrase.entry_id)
        self.distinctive = {token for token, ids in users.items() if len(ids) == 1}
        self.actor_keys = {compact(entry.actor) for entry in kb if entry.actor}
        self.romanized_aliases = {romanized(key): key for key in self.aliases}
        self.alias_index = OneEditIndex(k for k in self.aliases if len(k) >= ALIAS_FUZZY_MIN_LENGTH)
        self.hangul_aliases = {key: eid for key, eid in self.aliases.items() if is_hangul(key)}
        self.name_parts = {t for e in kb for name in e.names for t in fold(name).tokens}
        # Names a keyword holds ("lee jae-kyoo", the director) are ours as much as aliases are,
        # however they are spelled ("lee jae-gyu").
        self.named_in_keywords = [
            romanized(compact(k)) for e in kb for k in (*e.all_keywords, *e.hints)
        ]
        self.strangers = Strangers(lex.surnames, self._known_name)
        self.topics = frozenset(e.id for e in kb if e.kind == "topic")
        # The entries that answer whether the show is on another service ("is it on hulu").
        platforms = PhraseSet(self._phrase_tokens, platform=lex.other_platforms)
        self.platform_entries = frozenset(
            e.id for e in kb if any(platforms.find(self._phrase_tokens(k)) for k in e.all_keywords)
        )
        # Names of people and of the show, as one key each, for the short-query test.
        names = [n for e in kb for n in e.names] + list(lex.show_names)
        self.name_keys = frozenset(map(compact, names))
        self.longest_name = max((len(fold(n).tokens) for n in names), default=1)
        self.descriptions = PhraseSet(self._phrase_tokens, **{e.id: e.described_as for e in kb})

        # Every word the knowledge base uses, as written (for typo correction) and stemmed.
        # Other shows' titles are known words, left as typed, but no typo target ("teacher"
        # is not "reacher"), and not ours where a title goes ("apex new season").
        texts = [
            *lex.stopwords, *lex.question_words, *lex.question_openers, *lex.anchors,
            *lex.show_names, *lex.character_hints, *lex.question_endings,
            *lex.not_in_article, *lex.actor_questions,
        ]  # fmt: skip
        for entry in kb:
            texts += [*entry.all_keywords, *entry.hints, *entry.exclude, *entry.names]
            texts += entry.described_as
        written = {token for text in texts for token in fold_phrase(text)}
        self.ours = frozenset(stem(token) for token in written)
        titles = {
            stem(token)
            for text in (*lex.other_titles, *lex.other_kinds)
            for token in fold_phrase(text)
        }
        self.known = self.ours | titles
        self.real_words = lex.real_words
        self.korean_fillers = tuple(
            w for w in (*self.stopwords, *self.question_words) if is_hangul(w) and len(w) >= 2
        ) + tuple(w for w in self.question_words if is_hangul(w))
        self.function_words = self.stopwords | self.question_words | self.openers
        self.shape = QuestionShape(
            self.stopwords,
            self.question_words,
            self.openers,
            (self._phrase_tokens(p) for p in lex.question_endings),
            {stem(w) for w in self.name_parts} | (self.ours - self.function_words),
            self.abbreviations,
        )
        show_words = self.lexicon_phrases.words["show"]
        self.skippable = frozenset(self.stopwords)
        self.show_words = frozenset(show_words)
        self.typo_vocab = sorted(
            w for w in written if len(w) >= TYPO_MIN_LENGTH and w.isascii() and w.isalpha()
        )
        self.typo_index = OneEditIndex(self.typo_vocab)
        self._correct = lru_cache(maxsize=65536)(self._correct_uncached)
        labelled = cached_examples(
            cache_dir,
            kb,
            lambda: [
                *((self._example_words(fold(p).tokens), e.id) for e in kb for p in e.phrasings),
                *((self._example_words(fold(t).tokens), NOT_OURS) for t in lex.not_ours),
                *((self._example_words(fold(t).tokens), EVERYDAY) for t in lex.everyday),
            ],
        )
        self.examples = ExampleModel([pair for pair in labelled if pair[1] != EVERYDAY])
        asked = [(words, eid) for words, eid in labelled if eid not in (NOT_OURS, EVERYDAY)]
        # Everyday questions against every fan question: how much a message with no tie to
        # the show reads like "how long should i boil eggs?" rather than like a fan's. Here the
        # everyday questions carry NOT_OURS, the label `probabilities` always weighs.
        self.everyday = ExampleModel(
            [(self._content(words), OURS) for words, _ in asked]
            + [(self._content(words), NOT_OURS) for words, label in labelled if label == EVERYDAY]
        )
        # Words fans use around an entry are not a sign the question is about something else;
        # those they use around many entries ("finish", "watch") are no show's title either.
        entries_using: dict[str, set[str]] = defaultdict(set)
        for words, entry_id in asked:
            for word in words:
                entries_using[word].add(entry_id)
        self.example_vocabulary = frozenset(entries_using)
        self.fan_words = frozenset(w for w, ids in entries_using.items() if len(ids) >= FAN_WORD)

    # --- tokens -------------------------------------------------------------------------------

    def _phrase_tokens(self, text: str) -> tuple[str, ...]:
        """Fold a knowledge phrase exactly as a message is folded (long forms, stems)."""
        return tuple(stem(self.abbreviations.get(t, t)) for t in fold_phrase(text))

    def _correct_uncached(self, token: str) -> str:
        """Return the known word a token stands for: itself, its long form, de-doubled, or the
        known word one typo away ("relese", "plto")."""
        if token.startswith("#"):  # "#alive" is a title we know; "#namra" is namra
            if stem(token) in self.known:
                return stem(token)
            token = token.lstrip("#")
        token = self.abbreviations.get(token, token)
        word = stem(token)
        if word in self.known or is_hangul(token) or token.isdigit() or SEASON.match(token):
            return word
        single = re.sub(r"(\w)\1", r"\1", token)
        if stem(single) in self.known:
            return stem(single)
        if len(token) < TYPO_MIN_LENGTH or not token.isascii() or token in self.real_words:
            return word
        cutoff = TYPO_CUTOFF_SHORT if len(token) == TYPO_MIN_LENGTH else TYPO_CUTOFF
        # Four letters: one edit is 25%, so only swapped letters ("plto") or one letter missing
        # ("plys") count, never "past" -> "cast".
        for candidate, score in self.typo_index.near(token, cutoff):
            if score >= TYPO_CUTOFF or sorted(candidate) == sorted(token):
                return stem(candidate)
        return word

    def _example_words(
        self,
        raw: tuple[str, ...],
        entities: _Named | None = None,
        show: set[int] | None = None,
    ) -> list[str]:
        """Return the words the example model reads: known spellings, Korean words without
        their particles ("하프비가" is 하프비), names as "@person", and every name of the show
        ("aoad", "the show", "지우학") as "@show", so no entry's examples own one of them.
        A message's analysis passes the names and show references it already found."""
        found, covered = (entities or self._entities(raw))[:2]
        spelled = tuple(
            self._korean_stem(token.lstrip("#")) if is_hangul(token) else self._correct(token)
            for token in raw
        )
        if show is None:
            show = self.lexicon_phrases.find(spelled)["reference"]
        words: list[str] = []
        for i, word in enumerate(spelled):
            if i in covered:
                if i - 1 not in covered:
                    words.append("@person")
            elif i in show:
                if i - 1 not in show:
                    words.append("@show")
            else:
                words.append(word)
        return words + [f"@{entry_id}" for entry_id in found]

    def _content(self, words: list[str]) -> list[str]:
        """Return the words that say what a message is about: "how", "the" and "does" are in
        every question, fans' and everyone else's alike."""
        return [w for w in words if w not in self.function_words]

    @lru_cache(maxsize=65536)  # noqa: B019 - one matcher per knowledge base, kept for its life
    def _mentions(self, topic_id: str, person_id: str) -> bool:
        """Tell whether a topic's answer speaks of a character (the recap, of Cheong-san)."""
        return self.kb[person_id].title in self.kb[topic_id].answer

    @lru_cache(maxsize=65536)  # noqa: B019 - one matcher per knowledge base, kept for its life
    def _speaks_of_actor(self, topic_id: str, person_id: str) -> bool:
        """Tell whether a topic's answer names a character's actor (the cast list, of Lomon)."""
        actor = self.kb[person_id].actor
        return bool(actor) and actor in self.kb[topic_id].answer

    @lru_cache(maxsize=65536)  # noqa: B019 - one matcher per knowledge base, kept for its life
    def _names_actor(self, topic_id: str, person_id: str) -> bool:
        """Tell whether a topic's answer names a character's actor but not the character (the
        renewal video, of Lomon)."""
        return self._speaks_of_actor(topic_id, person_id) and not self._mentions(
            topic_id, person_id
        )

    @lru_cache(maxsize=65536)  # noqa: B019 - one matcher per knowledge base, kept for its life
    def _korean_stem(self, token: str) -> str:
        """Return the longest known word a Korean token starts with, else the token."""
        for end in range(len(token), 1, -1):
            if token[:end] in self.known:
                return token[:end]
        return token

    # --- signals ------------------------------------------------------------------------------

    def _phrase_spans(self, words: tuple[str, ...]) -> Iterator[tuple[_Phrase, list[int]]]:
        """Yield every knowledge phrase found in `words`, with the positions it covers."""
        for start, word in enumerate(words):
            for phrase in starting_at(self.phrases, word):
                if span := self._span(words, phrase.tokens, start):
                    yield phrase, span

    def _span(self, words: tuple[str, ...], phrase: tuple[str, ...], start: int) -> list[int]:
        """Return the positions of `phrase` from `start`, allowing filler words between its
        words ("when is the second season" holds "when season2"); empty if it is not there."""
        if not same(words[start], phrase[0]):
            return []
        found, at = [start], start + 1
        for part in phrase[1:]:
            gap = 0
            while at < len(words) and not same(words[at], part):
                if words[at] in self.show_words:  # "did all of us are dead come out"
                    at += 1
                    continue
                if gap == MAX_GAP or words[at] not in self.skippable:
                    return []
                at, gap = at + 1, gap + 1
            if at == len(words):
                return []
            found.append(at)
            at += 1
        return found

    def _entities(self, raw: tuple[str, ...]) -> _Named:
        """Find characters named by any alias (joined n-grams, Hangul prefixes, close typos) or
        described ("the class president"). A fan describes the one whose name they forgot:
        beside a description, a name is what the question is not about ("the bully who bit
        cheong-san, what's his name")."""
        found: dict[str, float] = {}
        covered: set[int] = set()
        described = self.descriptions.find(tuple(map(self._correct, raw)))
        raw = tuple(token.lstrip("#") for token in raw)
        # The one described as an object ("bitten by that bully", "fighting the bully") is
        # not the one asked about: the subject of the sentence is.
        subjects = False
        for entry_id, positions in described.items():
            as_object = self._as_object(raw, min(positions))
            found[entry_id] = AS_OBJECT * 100.0 if as_object else 100.0
            subjects = subjects or not as_object
            covered |= positions
        # A name, even misspelled, is made of name parts and words we do not know: only runs
        # of such words are looked up, longest n-grams first.
        runs: list[tuple[int, int]] = []
        for i, w in enumerate(raw):
            if w in self.name_parts or stem(w) not in self.known:
                if runs and runs[-1][1] == i:
                    runs[-1] = (runs[-1][0], i + 1)
                else:
                    runs.append((i, i + 1))
        named_ids: set[str] = set()
        by_actor: set[str] = set()
        for first, end in runs:
            for size in range(min(4, end - first), 0, -1):
                for start in range(first, end - size + 1):
                    span = range(start, start + size)
                    if covered.intersection(span):
                        continue
                    hit = self._alias("".join(raw[start : start + size]))
                    # A misspelled name of several words is no stopword plus a word we do
                    # not know: "a lot on" is not "lomon", though "lot on" is one edit away.
                    if hit is None or (
                        hit[1] < 100
                        and size > 1
                        and self.stopwords.intersection(raw[start : start + size])
                    ):
                        continue
                    quality = hit[1] * (BESIDE_DESCRIBED if subjects else 1.0)
                    if self._as_object(raw, start):  # "fell with gwi-nam"
                        quality *= AS_OBJECT
                    found[hit[0]] = max(found.get(hit[0], 0.0), quality)
                    named_ids.add(hit[0])
                    if hit[2] in self.actor_keys:
                        by_actor.add(hit[0])
                    covered.update(span)
        return _Named(found, covered, frozenset(described.keys() - named_ids), frozenset(by_actor))

    @lru_cache(maxsize=65536)  # noqa: B019 - one matcher per knowledge base, kept for its life
    def _alias(self, key: str) -> tuple[str, float, str] | None:
        """Return (character id, score, the alias matched) for a joined n-gram that names a
        character."""
        if key in self.aliases:
            return self.aliases[key], 100.0, key
        if (alias := self.romanized_aliases.get(romanized(key))) is not None:
            return self.aliases[alias], 100.0, alias
        if is_hangul(key):
            return next(
                (
                    (eid, 100.0, name)
                    for name, eid in self.hangul_aliases.items()
                    if key.startswith(name)
                ),
                None,
            )
        if len(key) >= ALIAS_FUZZY_MIN_LENGTH and key.isascii():
            near = self.alias_index.near(key, ALIAS_FUZZY_CUTOFF)
            if near:
                return self.aliases[near[0][0]], 100 * near[0][1], near[0][0]
        return None

    def analyze(self, text: str, folded: Folded | None = None) -> Analysis:
        """Score every entry against `text` and record the gate signals.

        A long message is read sentence by sentence: the question buried in a ramble is judged
        on its own words, while the rest of the message still ties it to the show.
        """
        folded = folded or fold(text)
        analysis = self._analyze_message(folded)
        if self._asks_of_a_stranger(text, analysis.tokens):
            analysis.off_limits = True
            analysis.discount()
        analysis.foreign = (
            analysis.foreign
            or any(map(self._another_title, folded.quoted))
            or self._describes_another(folded)
        )
        return analysis

    def _known_name(self, key: str) -> bool:
        """Tell whether a compact name ("leejaegyu") is a character, an actor or a keyword."""
        return self._alias(key) is not None or bool(
            process.extractOne(
                romanized(key),
                self.named_in_keywords,
                scorer=fuzz.ratio,
                score_cutoff=KNOWN_NAME_CUTOFF,
            )
        )

    def _asks_of_a_stranger(self, text: str, asked: tuple[str, ...]) -> bool:
        """Tell whether the sentence that asks names a person we do not know ("who is yoo
        in-soo in aoad"); a stranger in a remark beside it does not matter."""
        for name in self.strangers.named(text):
            words = tuple(map(self._correct, fold(name).tokens))
            if any(asked[i : i + len(words)] == words for i in range(len(asked))):
                return True
        return False

    def _describes_another(self, folded: Folded) -> bool:
        """Tell whether a message describes a show ("the one with the bakery couple, season 2
        when?") by no word of our story, or as a film or anime, which ours is not, and names
        nothing of ours but a season."""
        kinds = set().union(
            *(
                described_kinds(tuple(map(self._correct, c.tokens)))
                for c in folded.clauses or (folded,)
            )
        )
        if not kinds:
            return False
        words = tuple(map(self._correct, folded.tokens))
        found = self.lexicon_phrases.find(words)
        if found["show"] or self._entities(folded.tokens).found:
            return False
        return bool(kinds & NOT_OUR_KINDS) or not (
            found["story"] or any(not SEASON.match(words[i]) for i in found["anchor"])
        )

    def _another_title(self, quoted: tuple[str, ...]) -> bool:
        """Tell whether a quoted Title Case name is not ours: no name, show name or keyword
        of ours in it ("just finished 'Dead Set'", not "what does 'Halfbie' mean")."""
        words = tuple(map(self._correct, quoted))
        if self._entities(quoted).found or self.lexicon_phrases.find(words)["show"]:
            return False
        return not any(self._phrase_spans(words))

    def _analyze_message(self, folded: Folded) -> Analysis:
        """Analyze a folded message, sentence by sentence when it has several."""
        if not folded.clauses:
            analysis = self._analyze_clause(folded)
            analysis.plain = self.shape.plainly_asks(folded)
            return analysis
        # The whole message gives context (names, ties to the show, other shows); its question
        # sentences are scored first, and the others only when no question sentence names
        # what it asks about.
        context = self._analyze_clause(folded, context_only=True)
        clauses = folded.clauses
        if context.seasons and context.foreign:  # only then can a season be another show's
            context.seasons -= self._their_seasons(clauses)
        asked = [i for i, c in enumerate(clauses) if self.shape.is_question(c, relatives=False)]
        # A reply asks, not the line it quotes ("> s2 when / never at this rate 💀").
        asked = [i for i in asked if i >= folded.said]
        parts = [self._asked_clause(clauses, i, context) for i in asked]
        if not any(part.strong for part in parts):
            for i, clause in enumerate(clauses):
                if i not in asked:
                    part = self._analyze_clause(self._resolve(clause, context.entities), context)
                    part.question = part.question and i >= folded.said
                    parts.append(part)
        # The sentence that asks, if it names what it asks about; else the one that names it
        # ("I keep seeing 'halfbie'. What does it mean?").
        best = max(parts, key=lambda a: (a.question and bool(a.strong), bool(a.strong), a.top))
        # A question the article never answers, or about another thing, is not answered by a
        # remark beside it, nor by a vague second question ("What's the age rating? ...the
        # clips looked gory", "how do i spoiler tag on mobile, want to talk about cheong-san").
        # Nor by the same question put again ("where did they film it? like which school").
        elsewhere = any(p.off_limits or p.foreign for p in parts[: len(asked)])
        again = best.tokens[:1] == (_LIKE,)
        # Options of one question ask of one thing: "does she say she liked him back, or does
        # she end up with su-hyeok in the webtoon?" is about the webtoon.
        by_clause = dict(zip(asked, parts, strict=False))
        at = next((i for i, part in by_clause.items() if part is best), -1)
        option = by_clause.get(at + 1) if at >= 0 else None
        offered = (
            option is not None
            and clauses[at + 1].tokens[:1] == ("or",)
            and (option.off_limits or option.foreign)
        )
        if elsewhere and (again or offered or not (best.question and best.strong)):
            best.discount()
        # A statement picked for its keyword does not ask outright, however the message ends
        # ("tried making tteokbokki? mine always comes out sticky").
        best.plain = best.question and self.shape.plainly_asks(folded.reply)
        # A description is no tie here: "no, that was sweet home. who plays the main guy there";
        # nor is a season of "it", which is the show just named ("finished Mask Girl. does it
        # get a season 2?"), unless another sentence, not about that show, speaks of ours too
        # ("the 12 episode format of s1 dragged ... will it be the same length in s2?").
        own_anchor = best.named and not (
            best.season_tied
            and not best.entities
            and _REFERS_BACK.intersection(best.tokens)
            and sum(bool(a.strong) and not a.foreign for a in map(self._analyze_clause, clauses))
            < 2
        )
        best.anchored = context.anchored
        # Another show named only in a remark is compared with ours when the sentence that
        # asks ties itself to ours ("train to busan got a sequel faster than this. when does
        # s2 release?"), or another sentence does by more than a season ("explain the show to
        # my grandpa, he loves train to busan. how would you describe it"); a third season
        # anywhere is never ours.
        if (
            best.question
            and context.foreign
            and not any(season > 2 for season in context.seasons)
            and (own_anchor or any(map(self._ours_aside, clauses)))
        ):
            best.foreign = best.foreign or any(
                self._analyze_clause(clauses[i], context_only=True).foreign for i in asked
            )
        else:
            best.foreign = best.foreign or context.foreign
        best.elsewhere = context.elsewhere
        best.question = bool(asked) or best.question
        # Doubt is read off the whole message too: a sentence can look like ours while the
        # message around it reads like another show's ("The Bus ep 8 preview out yet? ...").
        if not best.anchored and best.scores:
            top = max(best.scores, key=best.scores.__getitem__)
            whole = self.examples.probabilities(self._example_words(folded.tokens), [top])
            best.doubt = max(best.doubt, WHOLE_DOUBT * whole.get(NOT_OURS, 0.0))
        return best

    def _their_seasons(self, clauses: tuple[Folded, ...]) -> set[int]:
        """Return the seasons that only sentences naming another show speak of: in "sweet home
        s3 was mid. is aoad s2 confirmed?", season 3 is Sweet Home's, not one asked about."""
        theirs: set[int] = set()
        ours: set[int] = set()
        for clause in clauses:
            words = tuple(map(self._correct, clause.tokens))
            named = self.other_shows.named(clause.tokens) or self.other_shows.in_title_slot(words)
            (theirs if named else ours).update(
                self._analyze_clause(clause, context_only=True).seasons
            )
        return theirs - ours

    def _ours_aside(self, clause: Folded) -> bool:
        """Tell whether a sentence speaks of our show, by more than a season, and of no other."""
        seen = self._analyze_clause(clause, context_only=True)
        return seen.named and not seen.season_tied and not seen.foreign

    def _asked_clause(self, clauses: tuple[Folded, ...], i: int, context: Analysis) -> Analysis:
        """Score question sentence `i`; one that names nothing asks about a sentence before
        it: the nearest whose keyword its own words point to ("I keep seeing 'halfbie'. I only
        watched 3 eps. What does it even mean?"), else the one just before ("...the exact date
        the first season went live. Can someone confirm it?")."""
        part = self._analyze_clause(self._resolve(clauses[i], context.entities), context)
        if i and (actors := self._actors_in_it(clauses[i].tokens)):
            # "...the netflix announcement video. i know i saw lomon in it": the thing before
            # that speaks of the actor as an actor, not of the part.
            for j in range(i - 1, -1, -1):
                before = self._analyze_clause(clauses[j], context)
                if any(self._names_actor(t, p) for t in before.strong for p in actors):
                    return self._read_together(clauses[j], clauses[i], context)
        if i and (_one_meant(clauses[i].tokens) or _checks_a_claim(clauses[i].tokens)):
            # "...a 'trailer' for season 2 on TikTok, looked fake. Is there an official one out
            # yet?": the one asked about is what the nearest sentence naming a thing names.
            for j in range(i - 1, -1, -1):
                if self._analyze_clause(clauses[j], context).strong:
                    return self._read_together(clauses[j], clauses[i], context)
        if part.strong or i == 0:
            return part
        fallback = part
        for j in range(i - 1, -1, -1):
            whole = self._read_together(clauses[j], clauses[i], context)
            if not whole.strong:
                continue
            top = max(whole.scores, key=whole.scores.__getitem__)
            if part.scores.get(top, 0.0) >= POINTS_TO:
                return whole
            if j == i - 1 and whole.top >= part.top:  # only if the sentence before says more
                fallback = whole
        return fallback

    def _actors_in_it(self, tokens: tuple[str, ...]) -> set[str]:
        """Return the characters whose actors a sentence places in a thing named before, if it
        names only actors: "i know i saw lomon in it" is about the video, not Su-hyeok."""
        if not _in_it(tokens):
            return set()
        named = self._entities(tokens)
        return set(named.found) if named.found and named.found.keys() <= named.by_actor else set()

    def _read_together(self, before: Folded, asked: Folded, context: Analysis) -> Analysis:
        """Score a question read with a sentence before it, as one question."""
        joined = Folded(tokens=before.tokens + asked.tokens, question_mark=asked.question_mark)
        whole = self._analyze_clause(self._resolve(joined, context.entities), context)
        whole.question = True
        return whole

    def _resolve(self, clause: Folded, named: dict[str, float]) -> Folded:
        """Read "who plays him" after "su-hyeok best boy ngl" as "who plays su-hyeok", and
        "is he back" after "his scenes with nam-ra" as "is su-hyeok back"."""
        pronouns = {_PRONOUNS[t] for t in clause.tokens if t in _PRONOUNS}
        if not pronouns and len(named) == 1 and self._asks_for_an_actor(clause):
            # "hari from aoad, whos the actress": the actor of the one just named.
            name = compact(self.kb[next(iter(named))].title)
            return Folded(tokens=(*clause.tokens, name), question_mark=clause.question_mark)
        # Each pronoun is read as the one named it can mean: in "she wants to know if he is
        # back", after "my sister loves dae-su", "he" is dae-su and "she" the sister.
        names: dict[str, str] = {}
        for pronoun in pronouns:
            meant = [eid for eid in named if self.kb[eid].pronoun in (pronoun, None)]
            if len(meant) > 1:  # the subject over one named as an object ("...and the bully")
                surest = max(named[eid] for eid in meant)
                meant = [eid for eid in meant if named[eid] == surest]
            if len(meant) == 1:
                names[pronoun] = compact(self.kb[meant[0]].title)
        if not names:
            return clause
        tokens = tuple(names.get(_PRONOUNS.get(t, ""), t) for t in clause.tokens)
        return Folded(tokens=tokens, question_mark=clause.question_mark)

    def _asks_for_an_actor(self, clause: Folded) -> bool:
        """Tell whether a sentence that names nobody asks who plays someone ("whos the actress");
        "which actors were in the video" asks for several, not for the one just named."""
        words = tuple(map(self._correct, clause.tokens))
        asking = self.lexicon_phrases.find(words)["actor"]
        plural = any(
            clause.tokens[i] != words[i] and clause.tokens[i].endswith("s") for i in asking
        )
        return bool(asking) and not plural and not self._entities(clause.tokens).found

    def _analyze_clause(
        self, folded: Folded, context: Analysis | None = None, context_only: bool = False
    ) -> Analysis:
        """Score every entry against one folded piece of text (or, with `context_only`, just
        find its names, ties to the show and signs of another show). A sentence that names no
        season speaks of the one the rest of the message names ("How many episodes did the
        first season have? I want to know how long a rewatch takes")."""
        raw = folded.tokens
        words = tuple(self._correct(token) for token in raw)
        analysis = Analysis(tokens=words, question=self.shape.is_question(folded))
        if not words:
            return analysis

        # A season it is compared with is not the one asked about ("are they long like s1").
        seasons = {
            int(m.group(1))
            for i, w in enumerate(words)
            if (m := SEASON.match(w)) and not _compared(words, i)
        }
        inherited = not seasons and context is not None
        if inherited:
            seasons = context.seasons
        analysis.seasons = seasons
        named = self._entities(raw)
        entities, entity_positions = named.found, named.covered
        analysis.entities = entities
        found = self.lexicon_phrases.find(words)
        anchor_positions = found["anchor"]
        named_show = bool(found["show"])
        # A description ties a message to the show less than a name does: another show has
        # its "main girl" too ("who plays the main girl in extraordinary attorney woo").
        by_name = entities.keys() - named.described
        analysis.anchored = bool(anchor_positions or entities)
        analysis.named = bool(anchor_positions or by_name)
        analysis.season_tied = any(SEASON.match(words[i]) for i in anchor_positions)
        analysis.elsewhere = bool(found["platform"])
        analysis.foreign = (
            any(s > 2 for s in seasons)
            # Text that names another show beside "this show" relates the two ("someone
            # recommended me this drama because i loved train to busan").
            or (
                self.other_shows.named(raw)
                and not named_show
                and not by_name
                and not any(words[i] == "this" for i in found["reference"])
            )
            or self.other_shows.in_title_slot(words)
        )
        if context_only:
            return analysis
        # "every zombie show", "the most kdramas": shows in general, not ours; as with a kind of
        # thing, only in the sentence asked.
        if not named_show and not by_name and _shows_in_general(raw, words, anchor_positions):
            analysis.foreign = True
        strong: dict[str, int] = defaultdict(int)
        longest: dict[str, int] = defaultdict(int)
        own_phrase: set[str] = set()  # entries named by a phrase only they use
        hints: dict[str, int] = defaultdict(int)
        excluded: set[str] = set()
        explained = set(entity_positions) | anchor_positions
        keyword_ends: set[tuple[str, int]] = set()
        keyworded: set[int] = set()
        # An everyday phrase ("bring it back", "worth a try") is a keyword only where the message
        # is tied to the show; elsewhere it is not even read.
        show_tied = analysis.anchored or (context is not None and context.anchored)
        for phrase, span in self._phrase_spans(words):
            if phrase.kind == "tied" and not show_tied:
                continue
            explained.update(span)
            if phrase.kind in ("keyword", "tied"):
                keyworded.update(span)
                keyword_ends.add((phrase.entry_id, span[-1]))
                strong[phrase.entry_id] += 1
                content = sum(t not in self.stopwords for t in phrase.tokens)
                longest[phrase.entry_id] = max(longest[phrase.entry_id], content)
                if content >= 2 and self.distinctive.intersection(phrase.tokens):
                    own_phrase.add(phrase.entry_id)
            elif phrase.kind == "hint":
                hints[phrase.entry_id] += 1
            else:
                excluded.add(phrase.entry_id)
        # "a movie" names another thing; "long like movies" only compares, and "is it a movie
        # or a series" asks what ours is.
        kinds = {
            i
            for i in found["kind"] - keyworded
            if i == 0 or words[i - 1] != _LIKE or i - 1 in found["kind"]
        }
        analysis.foreign = analysis.foreign or (bool(kinds) and not named_show)
        hinted = found["person"]
        char_hints = len(hinted)
        explained |= hinted
        unexplained = {
            i
            for i, w in enumerate(words)
            if i not in explained and not self._filler(w) and w not in self.example_vocabulary
        }
        analysis.unexplained = len(unexplained)
        # Korean puts the object before the verb: what follows a Korean keyword is no object.
        # Nor is a verb with its own object: "which streaming service carries it".
        analysis.unknown_object = {
            entry_id
            for entry_id, end in keyword_ends
            if (at := self._object_at(words, end + 1)) in unexplained
            and not is_hangul(words[at])
            and words[at + 1 : at + 2] not in _OBJECT_PRONOUNS
        }

        scores: dict[str, float] = {}
        # In knowledge-base order, so a tie is broken the same way in every process.
        for entry_id in sorted(set(strong) | set(hints), key=self.order.__getitem__):
            entry = self.kb[entry_id]
            if strong[entry_id]:
                # A longer keyword is more specific: "first come out" beats "come out".
                score = (
                    STRONG
                    + LONGER * max(longest[entry_id] - 1, 0)
                    + EXTRA_STRONG * (strong[entry_id] - 1)
                    + HINT * hints[entry_id]
                )
            else:
                score = HINTS_ONLY_BASE + HINTS_ONLY_STEP * hints[entry_id]
            if entry_id in excluded:
                score = 0.0
            # Another season's question ("how many episodes did season 1 have") is not this
            # entry's; a phrase only this entry uses ("the quarantine camp") still is.
            if seasons and not seasons.intersection(entry.seasons) and entry_id not in own_phrase:
                score *= INHERITED_CONFLICT if inherited else SEASON_CONFLICT
            if not strong[entry_id]:
                score -= UNEXPLAINED_PENALTY * min(analysis.unexplained, 2)
            scores[entry_id] = min(score, SCORE_CAP)

        below: dict[str, str] = {}  # id -> the id it must stay below, after the examples too
        for entry_id, quality in entities.items():
            # A bare name is a fair question; a name with words we cannot place ("mi-jin's
            # favorite food") or beside another name ("is on-jo dating su-hyeok") is not ours.
            score = ENTITY * quality / 100 + ENTITY_HINT * min(char_hints, 3)
            penalty = HINTED_PENALTY if char_hints else UNEXPLAINED_PENALTY
            score -= penalty * min(analysis.unexplained, 2)
            score -= OTHER_NAME_PENALTY * (len(entities) - 1) if not char_hints else 0.0
            # A topic whose answer already speaks of this character is less specific than the
            # character's own entry; a topic that does not (release, trailer) is what is asked.
            # A topic that does not must beat the name by a margin ("is namra confirmed?" asks
            # about Nam-ra, not the renewal).
            for topic_id, topic_score in list(scores.items()):
                if topic_id not in self.topics:
                    continue
                if found["actor"] and not self._speaks_of_actor(topic_id, entry_id):
                    # "who portrays the girl who leaps from the rooftop" asks for an actor:
                    # a topic that never names this one's actor cannot answer it.
                    scores[topic_id] = min(topic_score, score - 1)
                    below[topic_id] = entry_id
                elif self._mentions(topic_id, entry_id) and topic_score >= score:
                    score = topic_score + 1
                elif (
                    entry_id in named.by_actor
                    and self._names_actor(topic_id, entry_id)
                    and topic_id in own_phrase
                    and topic_score >= score - ENTITY_MARGIN
                ):
                    # The topic speaks of the actor, not of the part, and a phrase only it uses
                    # names it: "was lomon in the announcement video" asks about the video.
                    score = min(score, topic_score - 1)
                    below[entry_id] = topic_id
                elif topic_score < score + ENTITY_MARGIN:
                    scores[topic_id] = min(topic_score, score - 1)
                    below[topic_id] = entry_id
            scores[entry_id] = min(max(score, scores.get(entry_id, 0.0)), SCORE_CAP)
        # The words of the example questions re-rank what the rules found; they never add an
        # entry the rules did not (so chatter with no keyword stays silent).
        # Only the leading candidates are weighed: a large knowledge base finds many.
        leading = sorted(scores, key=lambda eid: (-scores[eid], self.order[eid]))[:RERANKED]
        read = self._example_words(raw, named, found["reference"])
        learned = self.examples.probabilities(read, leading)
        if learned:
            # A message that names the show or a character needs no keyword to be ours: there
            # the examples may lift an entry that hints alone support ("whats aoad about").
            tied = bool(found["reference"] or entities)
            for entry_id, score in scores.items():
                hinted_only = not strong[entry_id] and entry_id not in entities
                weight = LEARNED_HINTED if hinted_only and tied else LEARNED
                scores[entry_id] = min(score + weight * learned.get(entry_id, 0.0), SCORE_CAP)
                analysis.learned[entry_id] = scores[entry_id] - score
            analysis.doubt = LEARNED_NOT_OURS * learned.get(NOT_OURS, 0.0)
            for held, above in below.items():
                scores[held] = min(scores[held], scores[above] - 1)
        # Everyday questions ("how long should i boil eggs?") say "not ours" only of a message
        # that nothing ties to the show: "how long are aoad's eps" is ours however it reads.
        if scores and not show_tied:
            everyday = self.everyday.probabilities(self._content(read), [OURS]).get(NOT_OURS, 0.0)
            analysis.doubt = max(analysis.doubt, EVERYDAY_DOUBT * everyday)
        # Another show, a detail the article never covers (an actor's age), or the actor of
        # someone whose actor it never names ("who plays gwi-nam", "who played the teacher
        # that made the virus"): not ours to answer.
        people = entities.keys() | {e for e in strong if self.kb[e].kind == "character"}
        unnamed_actor = found["actor"] and any(self.kb[eid].actor is None for eid in people)
        analysis.off_limits = bool(_not_the_speakers(words, found["unanswerable"]) or unnamed_actor)
        if analysis.foreign or analysis.off_limits:
            scores = {eid: s * SEASON_CONFLICT for eid, s in scores.items()}
        # A keyword its entry excludes here says nothing: "the person who made it" (director's
        # "who made", but "made it") names no entry.
        analysis.strong = {eid for eid, count in strong.items() if count} - excluded | set(entities)
        # A short, fully understood query asks ("s2 trailer", "dae soo actor"); a name alone,
        # or with feelings, does not ("namra!!!", "i love namra").
        # A name of several words ("im jae hyuk", "all of us are dead") counts as one.
        shown = found["show"]
        if (
            len(words) - len(entity_positions) + len(entities) - len(shown) + bool(shown)
            <= SHORT_QUERY
            and not analysis.unexplained
            and (any(strong.values()) or (entities and char_hints))
            and analysis.anchored
            and not (words[0] in _SPEAKING and 0 not in entity_positions)
        ):
            analysis.question = True
        analysis.scores = scores
        return analysis

    @staticmethod
    def _as_object(raw: tuple[str, ...], start: int) -> bool:
        """Tell whether the name or description at `start` is an object ("bitten by that
        bully", "fell with gwi-nam"): the question is then about the sentence's subject."""
        while start > 0 and raw[start - 1] in _DETERMINERS:
            start -= 1
        return start > 0 and raw[start - 1] in _OBJECT_MARKERS

    def _object_at(self, words: tuple[str, ...], at: int) -> int:
        """Return where the object after a keyword starts, past articles and adjectives."""
        while at < len(words) and words[at] in SLOT_SKIP:
            at += 1
        return at

    def _filler(self, word: str) -> bool:
        """Tell whether a word carries no content: a stopword, question word, number, particle."""
        if word in self.stopwords or word in self.question_words or word in self.openers:
            return True
        if word.isdigit() or SEASON.match(word) or (len(word) < 2 and word.isascii()):
            return True
        # An adverb says how, not what: "genuinely", "literally", "seriously".
        if _ly_adverb(word):
            return True
        # Korean attaches endings: "뭐야" is "뭐" (what), "됐어" an ending on its own.
        return is_hangul(word) and word.startswith(self.korean_fillers)

    def _unknown(self, word: str) -> bool:
        """Tell whether a word could be another show's title: no word, name or number we know,
        nor one fans use around our entries ("finishing s1" names no title)."""
        if word in self.fan_words:
            return False
        if is_hangul(word):
            # Korean adds particles: "청산이" is 청산; "약한영웅" (Weak Hero) is nothing we know;
            # a word that asks ("될까요 시즌2는") is a verb, no title.
            return (
                len(word) >= KOREAN_TITLE_MIN
                and not self.shape.korean_question(word)
                and not any(
                    word[:end] in self.ours for end in range(KOREAN_TITLE_MIN, len(word) + 1)
                )
                and self._alias(word) is None
            )
        return (
            word not in self.ours
            and not word.isdigit()
            and not SEASON.match(word)
            and len(word) > 2
        )

    # --- decisions ----------------------------------------------------------------------------

    def decide(self, analysis: Analysis, policy: Policy = "chat") -> Match | None:
        """Return the answer `analysis` supports under `policy`, or None to stay silent."""
        ranked = analysis.ranked()
        if not ranked:
            return None
        entry_id, score = ranked[0]
        # A message that reads like the "not ours" examples needs more to be answered; less
        # so under /ask and mentions, which were asked for.
        doubt = analysis.doubt * (1.0 if policy == "chat" else ASKED_DOUBT)
        if score - doubt < self.thresholds[policy]:
            return None
        if policy == "chat":
            if not analysis.question or analysis.foreign:
                return None
            # The show streams only on Netflix: what drops on another service is another show.
            if analysis.elsewhere and entry_id not in self.platform_entries:
                return None
            # In a fan server "is there a trailer?" is about the show; but with no tie to it,
            # a keyword must say what, and every word must be explained or the example
            # questions must leave little doubt that it is ours; it must ask outright, unless
            # both hold ("trailer out yet or we still waiting").
            # The keywords must be sure on their own: the examples only rank what they found.
            keyed = score - analysis.learned.get(entry_id, 0.0)
            surely_ours = analysis.doubt <= SURELY_OURS
            if not analysis.anchored and not (
                (analysis.plain or (analysis.unexplained == 0 and surely_ours))
                and entry_id not in analysis.unknown_object
                and entry_id in analysis.strong
                and keyed >= UNANCHORED_MIN
                and (analysis.unexplained <= 1 or surely_ours)
            ):
                return None
        return Match(entry=self.kb[entry_id], score=round(score, 1))

    def match(self, text: str, policy: Policy = "chat") -> Match | None:
        """Return the entry that answers `text` under `policy` (chat or ask), or None."""
        folded = fold(text)
        if policy == "chat" and self.chat_skips(folded):
            return None  # most chatter stops here, before any fuzzy work
        return self.decide(self.analyze(text, folded), policy)

    def chat_skips(self, folded: Folded) -> bool:
        """Tell whether chat leaves a message alone before analysing it: longer than a short
        query, with no sentence shaped as a question."""
        return (
            len(folded.tokens) > SHORT_QUERY
            and not self.shape.is_question(reply := folded.reply)
            and not any(map(self.shape.is_question, reply.clauses))
            and not self._short_with_a_name(folded.tokens)
        )

    def _short_with_a_name(self, tokens: tuple[str, ...]) -> bool:
        """Tell whether a query is short once a name of several words counts as one ("im jae
        hyuk role in aoad", "all of us are dead 2 episode count"); a few dictionary lookups,
        so chatter stays cheap."""
        if len(tokens) > SHORT_QUERY + self.longest_name - 1:
            return False
        return any(
            "".join(tokens[i : i + size]) in self.name_keys
            for size in range(len(tokens) - SHORT_QUERY + 1, self.longest_name + 1)
            for i in range(len(tokens) - size + 1)
        )

    def suggest(self, analysis: Analysis, limit: int = 3) -> list[Entry]:
        """Return the entries closest to an analysed message, for "did you mean" replies."""
        return [self.kb[eid] for eid, score in analysis.ranked()[:limit] if score > 0]
