"""The example questions as the matcher reads them, kept on disk between starts.

Reading every example question the way a message is read (folding, names, typos) is most of
the matcher's build, and start-up must stay quick (README, Performance). What it yields depends
only on the knowledge base and this package's code, so it is stored under a key made of both:
a restart with neither changed reads it back, and any edit to either builds it afresh. The
cache only saves time: a missing, stale, unreadable or unwritable one is rebuilt, never an error.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import rapidfuzz

from bot.knowledge import KnowledgeBase

Labelled = list[tuple[list[str], str]]  # (the words the example model reads, entry id)
_PACKAGE = Path(__file__).resolve().parent


def cache_key(kb: KnowledgeBase) -> str:
    """Return a digest of the knowledge base, this package's code and what folding depends on
    (Python's Unicode tables, rapidfuzz)."""
    digest = hashlib.sha256()
    # Sets sorted: their order changes from process to process, the knowledge does not.
    digest.update(json.dumps(dataclasses.asdict(kb), sort_keys=True, default=sorted).encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.read_bytes())
    digest.update(f"{sys.version} {rapidfuzz.__version__}".encode())
    return digest.hexdigest()[:32]


def cached_examples(
    directory: Path | None, kb: KnowledgeBase, build: Callable[[], Labelled]
) -> Labelled:
    """Return `build()`, read from `directory` when an earlier start stored it for this exact
    knowledge base and code; with no directory, just build."""
    if directory is None:
        return build()
    path = directory / f"examples-{cache_key(kb)}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if all(isinstance(label, str) and isinstance(words, list) for words, label in stored):
            return [(words, label) for words, label in stored]
    except (OSError, ValueError, TypeError):
        pass  # not there yet, or damaged: build it again
    labelled = build()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # Written whole, then renamed: a process reading it never sees half a file.
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=directory, suffix=".tmp", delete=False
        ) as out:
            json.dump(labelled, out, ensure_ascii=False)
        os.replace(out.name, path)
        for old in directory.glob("examples-*.json"):  # earlier knowledge or code
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home: every start builds it
    return labelled
