"""Load and validate the knowledge base: the YAML files in knowledge/, the only place facts live.

Validation is strict on purpose: a keeper who mistypes a field, reuses an id or gives one alias
to two characters gets an error naming the file and line, never a bot that quietly answers
wrong. `aoad-bot check` runs the same code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from bot.phrases import fold_phrase
from bot.text import SEASON

# Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_TOTAL_MAX = 6000
FOOTER_MAX = 2048

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KINDS = ("topic", "character")
ACTOR_SOURCES = ("article", "common knowledge")
PRONOUNS = ("he", "she")

# field -> (type, required). Lists are lists of non-empty strings unless said otherwise.
ENTRY_FIELDS: dict[str, tuple[type, bool]] = {
    "id": (str, True),
    "kind": (str, True),
    "title": (str, True),
    "answer": (str, True),
    "section": (str, True),
    "keywords": (list, False),
    "tied_keywords": (list, False),
    "hints": (list, False),
    "phrasings": (list, False),
    "exclude": (list, False),
    "aliases": (list, False),
    "described_as": (list, False),
    "pronoun": (str, False),
    "actor": (str, False),
    "actor_source": (str, False),
    "seasons": (list, False),
    "spoiler": (bool, False),
    "dated": (bool, False),
}
META_FIELDS: dict[str, tuple[type, bool]] = {
    "source": (str, True),
    "date": (str, True),
    "note": (str, False),
}
LEXICON_FIELDS: dict[str, tuple[type, bool]] = {
    "show_names": (list, True),
    "anchors": (list, True),
    "other_titles": (list, True),
    "question_words": (list, True),
    "question_openers": (list, True),
    "character_hints": (list, True),
    "stopwords": (list, True),
    "question_endings": (list, True),
    "abbreviations": (dict, True),
    "not_in_article": (list, True),
    "actor_questions": (list, False),
    "other_kinds": (list, False),
    "other_platforms": (list, False),
    "story_words": (list, False),
    "surnames": (list, False),
}
# Top-level lists of words or messages, which may be split over several files.
LIST_KEYS = {
    "real_words": "a list of words",
    "not_ours": "a list of messages",
    "everyday": "a list of messages",
}
FILE_KEYS = {"meta", "lexicon", "entries", *LIST_KEYS}


@dataclass(frozen=True)
class Entry:
    """One answerable thing: a topic (release, trailer...) or a character."""

    id: str
    kind: str
    title: str
    answer: str
    section: str
    keywords: tuple[str, ...] = ()
    # Keywords that say what is asked only in a message tied to the show: everyday phrases
    # ("bring it back", "last scene") that elsewhere ask about anything.
    tied_keywords: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    phrasings: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    described_as: tuple[str, ...] = ()  # how fans describe a character: "the class president"
    pronoun: str | None = None  # "he" or "she": who "him" or "her" can mean
    actor: str | None = None
    actor_source: str | None = None
    seasons: tuple[int, ...] = (1, 2)
    spoiler: bool = False
    dated: bool = False
    source_file: str = ""
    line: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a fan may use for this entry: title, aliases and actor."""
        extra = (self.actor,) if self.actor else ()
        return (self.title, *self.aliases, *extra) if self.kind == "character" else ()

    @property
    def all_keywords(self) -> tuple[str, ...]:
        """Every keyword, tied to the show or not."""
        return (*self.keywords, *self.tied_keywords)


@dataclass(frozen=True)
class Meta:
    """Where every fact comes from, and when it was written."""

    source: str
    date: str
    note: str = ""


@dataclass(frozen=True)
class Lexicon:
    """Language data the matcher needs besides the entries: kept in YAML so keepers extend it."""

    show_names: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()
    other_titles: tuple[str, ...] = ()
    question_words: tuple[str, ...] = ()
    question_openers: tuple[str, ...] = ()
    character_hints: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()
    question_endings: tuple[str, ...] = ()
    abbreviations: tuple[tuple[str, str], ...] = ()
    not_in_article: tuple[str, ...] = ()
    actor_questions: tuple[str, ...] = ()  # words asking who plays someone
    other_kinds: tuple[str, ...] = ()  # words naming another kind of thing: a movie, a game
    other_platforms: tuple[str, ...] = ()  # streaming services the show is not on
    story_words: tuple[str, ...] = ()  # words that describe our story: "school", "zombie"
    surnames: tuple[str, ...] = ()  # Korean surnames: "Lee You-mi" is a person's name
    not_ours: tuple[str, ...] = ()  # example messages no entry answers (not_ours.yaml)
    # everyday questions, about anything but the show: they weigh only where nothing ties a
    # message to the show (everyday.yaml)
    everyday: tuple[str, ...] = ()
    real_words: frozenset[str] = frozenset()  # English words never "corrected" as typos


@dataclass(frozen=True)
class KnowledgeBase:
    """Every entry, by id, with the source and the matcher's lexicon."""

    meta: Meta
    lexicon: Lexicon
    entries: dict[str, Entry] = field(default_factory=dict)

    def __getitem__(self, entry_id: str) -> Entry:
        return self.entries[entry_id]

    def __iter__(self) -> Iterable[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)


class KnowledgeError(Exception):
    """The knowledge base is invalid; `problems` lists each error as 'file:line: message'."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class _Collector:
    """Gather every problem of a load, so a keeper sees them all at once, not one per run."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: Path, line: int, message: str) -> None:
        self.problems.append(f"{path}:{line}: {message}")


# The safe loader (what yaml.safe_load uses: plain data, never arbitrary objects), in its C
# build where PyYAML has libyaml: it parses the knowledge base twenty times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse YAML once into both its node tree (for line numbers) and its data."""
    loader = _SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _line_of(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """Return the value node under `key` in a mapping node, for its line number."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == key:
                return value_node
    return None


def _check_fields(
    data: dict[str, Any],
    spec: dict[str, tuple[type, bool]],
    node: yaml.Node | None,
    path: Path,
    what: str,
    out: _Collector,
) -> bool:
    ok = True
    for key in data:
        if key not in spec:
            out.add(path, _line_of(_child(node, str(key))), f"{what}: unknown field {key!r}")
            ok = False
    for key, (kind, required) in spec.items():
        if key not in data:
            if required:
                out.add(path, _line_of(node), f"{what}: missing field {key!r}")
                ok = False
            continue
        value = data[key]
        line = _line_of(_child(node, key))
        if not isinstance(value, kind):
            out.add(path, line, f"{what}: {key!r} must be a {kind.__name__}")
            ok = False
        elif kind is str and not value.strip():
            out.add(path, line, f"{what}: {key!r} is empty")
            ok = False
        elif (
            kind is list
            and key != "seasons"
            and not all(isinstance(item, str) and item.strip() for item in value)
        ):
            out.add(path, line, f"{what}: {key!r} must be a list of non-empty strings")
            ok = False
    return ok


def _build_entry(
    data: dict[str, Any], node: yaml.Node, path: Path, out: _Collector
) -> Entry | None:
    what = f"entry {data.get('id', '?')!r}"
    if not _check_fields(data, ENTRY_FIELDS, node, path, what, out):
        return None
    line = _line_of(node)
    ok = True

    def fail(key: str, message: str) -> None:
        nonlocal ok
        out.add(path, _line_of(_child(node, key)) if key else line, f"{what}: {message}")
        ok = False

    if not ID_PATTERN.match(data["id"]):
        fail("id", "id must be lowercase words joined by hyphens, like 'where-to-watch'")
    if data["kind"] not in KINDS:
        fail("kind", f"kind must be one of {', '.join(KINDS)}")
    if data.get("actor_source") is not None and data["actor_source"] not in ACTOR_SOURCES:
        fail("actor_source", f"actor_source must be one of {', '.join(ACTOR_SOURCES)}")
    if data.get("actor") and not data.get("actor_source"):
        fail("actor", "an actor needs actor_source: 'article' or 'common knowledge'")
    seasons = data.get("seasons", [1, 2])
    if not seasons or not all(isinstance(s, int) and s in (1, 2) for s in seasons):
        fail("seasons", "seasons must be a list drawn from 1 and 2")
    if data["kind"] == "topic" and not data.get("keywords"):
        fail("", "a topic needs keywords, or nothing can lead to it")
    for key in ("keywords", "tied_keywords"):
        for keyword in data.get(key, ()):
            tokens = fold_phrase(keyword)  # cached: the matcher folds each keyword again
            if tokens and all(SEASON.match(t) for t in tokens):
                # "next chapter" folds to season2, as fans' "next season" does: it would match
                # every message that names the season.
                fail(key, f"keyword {keyword!r} reads as just {' '.join(tokens)!r}")
    if data["kind"] == "character" and not data.get("aliases"):
        fail("", "a character needs aliases (romanizations, Hangul)")
    if data["kind"] != "character" and data.get("described_as"):
        fail("described_as", "only a character is described ('the class president')")
    if data.get("pronoun") is not None and data["pronoun"] not in PRONOUNS:
        fail("pronoun", f"pronoun must be one of {', '.join(PRONOUNS)}")
    answer = data["answer"]
    has_markup = "||" in answer
    if answer.count("||") % 2:
        fail("answer", "unbalanced spoiler markup '||'")
    if data.get("spoiler", False) != has_markup:
        fail("spoiler", "spoiler: true exactly when the answer wraps Season 1 plot in ||...||")
    if len(data["title"]) > EMBED_TITLE_MAX:
        fail("title", f"title is {len(data['title'])} characters; Discord allows {EMBED_TITLE_MAX}")
    if len(answer) > EMBED_DESCRIPTION_MAX:
        fail(
            "answer", f"answer is {len(answer)} characters; Discord allows {EMBED_DESCRIPTION_MAX}"
        )
    if len(data["title"]) + len(answer) + FOOTER_MAX > EMBED_TOTAL_MAX:
        fail("answer", f"title + answer + footer would exceed Discord's {EMBED_TOTAL_MAX}")
    if not ok:
        return None
    return Entry(
        id=data["id"],
        kind=data["kind"],
        title=data["title"].strip(),
        answer=answer.strip(),
        section=data["section"].strip(),
        keywords=tuple(data.get("keywords", ())),
        tied_keywords=tuple(data.get("tied_keywords", ())),
        hints=tuple(data.get("hints", ())),
        phrasings=tuple(data.get("phrasings", ())),
        exclude=tuple(data.get("exclude", ())),
        aliases=tuple(data.get("aliases", ())),
        described_as=tuple(data.get("described_as", ())),
        pronoun=data.get("pronoun"),
        actor=data.get("actor"),
        actor_source=data.get("actor_source"),
        seasons=tuple(seasons),
        spoiler=data.get("spoiler", False),
        dated=data.get("dated", False),
        source_file=str(path),
        line=line,
    )


def _normal_alias(alias: str) -> str:
    """Fold an alias the way fans vary it (case, hyphens, spaces) to detect double claims."""
    return re.sub(r"[\s\-'.]", "", alias.casefold())


def load_knowledge(directory: str | Path) -> KnowledgeBase:
    """Load every *.yaml under `directory`, validate it all, and raise KnowledgeError on any problem."""
    root = Path(directory)
    out = _Collector()
    files = sorted(root.glob("*.yaml"))
    if not root.is_dir():
        raise KnowledgeError([f"{root}:1: not a directory"])
    if not files:
        raise KnowledgeError([f"{root}:1: no *.yaml files found"])
    meta: Meta | None = None
    lexicon: Lexicon | None = None
    lists: dict[str, list[str]] = {key: [] for key in LIST_KEYS}
    entries: dict[str, Entry] = {}
    alias_owner: dict[str, tuple[str, Path, int]] = {}
    for path in files:
        try:
            node, data = _parse(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            out.add(path, 1, f"cannot read: {exc}")
            continue
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            out.add(path, line, f"invalid YAML: {getattr(exc, 'problem', exc)}")
            continue
        if data is None:
            continue
        if not isinstance(data, dict):
            out.add(path, 1, "a knowledge file is a mapping with 'meta', 'lexicon' or 'entries'")
            continue
        for key in data:
            if key not in FILE_KEYS:
                out.add(path, _line_of(_child(node, str(key))), f"unknown top-level key {key!r}")
        if "meta" in data:
            meta_node = _child(node, "meta")
            if meta is not None:
                out.add(path, _line_of(meta_node), "a second 'meta' block; keep exactly one")
            elif isinstance(data["meta"], dict) and _check_fields(
                data["meta"], META_FIELDS, meta_node, path, "meta", out
            ):
                meta = Meta(**{k: v.strip() for k, v in data["meta"].items()})
            elif not isinstance(data["meta"], dict):
                out.add(path, _line_of(meta_node), "meta must be a mapping")
        if "lexicon" in data:
            lex_node = _child(node, "lexicon")
            if lexicon is not None:
                out.add(path, _line_of(lex_node), "a second 'lexicon' block; keep exactly one")
            elif isinstance(data["lexicon"], dict) and _check_fields(
                data["lexicon"], LEXICON_FIELDS, lex_node, path, "lexicon", out
            ):
                lexicon = Lexicon(
                    **{
                        k: tuple(v.items()) if isinstance(v, dict) else tuple(v)
                        for k, v in data["lexicon"].items()
                    }
                )
            elif not isinstance(data["lexicon"], dict):
                out.add(path, _line_of(lex_node), "lexicon must be a mapping")
        for key, what in LIST_KEYS.items():
            items = data.get(key)
            if items is None:
                continue
            if isinstance(items, list) and all(isinstance(i, str) and i.strip() for i in items):
                lists[key].extend(items)
            else:
                out.add(path, _line_of(_child(node, key)), f"{key}: {what}")
        raw_entries = data.get("entries", [])
        entries_node = _child(node, "entries")
        if not isinstance(raw_entries, list):
            out.add(path, _line_of(entries_node), "entries must be a list")
            continue
        item_nodes = entries_node.value if isinstance(entries_node, yaml.SequenceNode) else []
        for raw, item_node in zip(raw_entries, item_nodes, strict=False):
            if not isinstance(raw, dict):
                out.add(path, _line_of(item_node), "each entry must be a mapping")
                continue
            entry = _build_entry(raw, item_node, path, out)
            if entry is None:
                continue
            if entry.id in entries:
                first = entries[entry.id]
                out.add(
                    path,
                    entry.line,
                    f"duplicate id {entry.id!r} (first at {first.source_file}:{first.line})",
                )
                continue
            entries[entry.id] = entry
            for alias in entry.names:
                folded = _normal_alias(alias)
                owner = alias_owner.get(folded)
                if owner and owner[0] != entry.id:
                    out.add(
                        path,
                        _line_of(_child(item_node, "aliases")),
                        f"alias {alias!r} of {entry.id!r} is already claimed by {owner[0]!r} "
                        f"({owner[1]}:{owner[2]})",
                    )
                alias_owner.setdefault(folded, (entry.id, path, entry.line))
    if meta is None:
        out.add(root, 1, "no 'meta' block (source and date) in any knowledge file")
    if lexicon is None:
        out.add(root, 1, "no 'lexicon' block in any knowledge file")
    if out.problems:
        raise KnowledgeError(out.problems)
    assert meta is not None and lexicon is not None
    lexicon = replace(
        lexicon,
        real_words=frozenset(w.casefold() for w in lists["real_words"]),
        not_ours=tuple(lists["not_ours"]),
        everyday=tuple(lists["everyday"]),
    )
    return KnowledgeBase(meta=meta, lexicon=lexicon, entries=entries)
