"""The bot's brain, shared by Discord, the console and the CLI so the three never disagree.

It owns the knowledge base and the matcher, and answers in front-end-neutral terms: a
rendered `Answer`, or the text of a polite "the article doesn't say".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bot.answers import Answer, build_answer, introduction, not_in_article
from bot.knowledge import Entry, KnowledgeBase, load_knowledge
from bot.matching import Match, Matcher, Policy
from bot.settings import ASK_THRESHOLD, CHAT_THRESHOLD, Settings
from bot.text import compact

# Slash commands that answer one topic, by command name. /whois, /ask, /help, /about and the
# chat listener are the other ways in.
TOPIC_COMMANDS: dict[str, tuple[str, str]] = {
    "release": ("release", "When Season 2 comes out (as the article reported it)"),
    "renewal": ("renewal", "Was All of Us Are Dead renewed for Season 2?"),
    "episodes": ("episodes", "How many episodes Season 2 will have"),
    "cast": ("cast", "Who is expected in the Season 2 cast"),
    "trailer": ("trailer", "Is there a Season 2 trailer?"),
    "watch": ("where-to-watch", "Where to watch All of Us Are Dead"),
    "recap": ("recap", "How Season 1 ended (spoilers hidden)"),
    "plot": ("plot", "What Season 2 could be about"),
}
WHOIS_CUTOFF = 70.0
AUTOCOMPLETE_MAX = 25  # Discord rejects more choices than this


@dataclass(frozen=True)
class Reply:
    """What the bot says: an answer, or `text` when the article does not answer."""

    answer: Answer | None
    text: str = ""
    match: Match | None = None
    missed: bool = False  # a question went unanswered: worth logging for keepers


@dataclass(frozen=True)
class Closest:
    """The entry a message came closest to (None when nothing scored), for the misses log."""

    entry_id: str | None
    score: float
    question: bool  # whether the message reads as a question


class Brain:
    """Answer questions from one knowledge base; `reload` swaps it in one step."""

    def __init__(
        self,
        kb: KnowledgeBase,
        chat_threshold: float = CHAT_THRESHOLD,
        ask_threshold: float = ASK_THRESHOLD,
        cache_dir: Path | None = None,
    ) -> None:
        self.thresholds = (chat_threshold, ask_threshold)
        self.cache_dir = cache_dir
        self._install(kb)

    @classmethod
    def from_dir(cls, directory: str | Path, **options: Any) -> Brain:
        """Load and validate the knowledge base in `directory`; raise KnowledgeError if invalid."""
        return cls(load_knowledge(directory), **options)

    @classmethod
    def from_settings(cls, settings: Settings) -> Brain:
        """Build the brain every front end runs on, as the settings say."""
        return cls.from_dir(
            settings.knowledge_dir,
            chat_threshold=settings.chat_threshold,
            ask_threshold=settings.ask_threshold,
            cache_dir=settings.cache_dir,
        )

    def _install(self, kb: KnowledgeBase) -> None:
        # Build everything first, then swap references: a reader never sees half a new state.
        matcher = Matcher(kb, *self.thresholds, cache_dir=self.cache_dir)
        pairs = [(name, e.id) for e in kb if e.kind == "character" for name in e.names]
        self.kb, self.matcher = kb, matcher
        self._names = [name.casefold() for name, _ in pairs]
        self._name_ids = [entry_id for _, entry_id in pairs]

    def reload(self, directory: str | Path) -> None:
        """Replace the knowledge base with a valid new one; on KnowledgeError keep the old one."""
        self._install(load_knowledge(directory))

    def entry_answer(self, entry_id: str, spoilers: bool = True) -> Answer:
        """Render one entry by id (the topic slash commands)."""
        return build_answer(self.kb[entry_id], self.kb.meta, spoilers)

    def ask(self, text: str, policy: Policy = "ask", spoilers: bool = True) -> Reply:
        """Answer free text; under "chat" a None answer and empty text mean stay silent.

        Spoken to without a question ("hi", "thanks", a bare mention) the bot says what it
        can answer rather than that the article doesn't say.
        """
        if policy == "chat":
            match = self.matcher.match(text, policy)
            return Reply(None) if match is None else self._answer(match, spoilers)
        analysis = self.matcher.analyze(text)
        match = self.matcher.decide(analysis, policy)
        if match is not None:
            return self._answer(match, spoilers)
        if not analysis.question and not analysis.scores:
            return Reply(None, introduction())
        return Reply(None, not_in_article(self.matcher.suggest(analysis)), missed=True)

    def _answer(self, match: Match, spoilers: bool) -> Reply:
        return Reply(build_answer(match.entry, self.kb.meta, spoilers), match=match)

    def closest(self, text: str) -> Closest:
        """Return the entry `text` came closest to and its score, whether answered or not."""
        analysis = self.matcher.analyze(text)
        scored = ((entry_id, score) for entry_id, score in analysis.ranked() if score > 0)
        entry_id, score = next(scored, (None, 0.0))
        return Closest(entry_id, round(score, 1), analysis.question)

    def find_character(self, name: str) -> Entry | None:
        """Return the character a name, alias, actor or id stands for, allowing small typos."""
        if name in self.kb.entries and self.kb[name].kind == "character":
            return self.kb[name]
        key = compact(name)
        for entry in self.kb:
            if entry.kind == "character" and key in {compact(n) for n in entry.names}:
                return entry
        hit = process.extractOne(
            name.casefold(), self._names, scorer=fuzz.WRatio, score_cutoff=WHOIS_CUTOFF
        )
        return self.kb[self._name_ids[hit[2]]] if hit else None

    def whois(self, name: str, spoilers: bool = True) -> Reply:
        """Answer /whois: the character's entry, or the closest names when none fits."""
        entry = self.find_character(name)
        if entry is not None:
            return Reply(build_answer(entry, self.kb.meta, spoilers))
        names = ", ".join(f"**{e.title}**" for e in self._closest(name, 3))
        return Reply(None, f"I don't know a character called {name!r}. Closest: {names}.")

    def _closest(self, name: str, limit: int) -> list[Entry]:
        """Return up to `limit` distinct characters whose names are nearest to `name`."""
        hits = process.extract(name.casefold(), self._names, scorer=fuzz.WRatio, limit=None)
        ranked = dict.fromkeys(self.kb[self._name_ids[index]] for _, _, index in hits)
        return list(ranked)[:limit]

    def name_choices(self, current: str) -> list[tuple[str, str]]:
        """Return (label, entry id) pairs for /whois autocomplete, best first, at most 25."""
        characters = [e for e in self.kb if e.kind == "character"]
        if current.strip():
            characters = self._closest(current, AUTOCOMPLETE_MAX)
        return [(f"{e.title} ({e.actor})" if e.actor else e.title, e.id) for e in characters][
            :AUTOCOMPLETE_MAX
        ]
