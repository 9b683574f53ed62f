"""Benchmark the matcher against the obvious rapidfuzz bot; print one table with PASS/FAIL.

Run from the repo root: `python -m benchmarks.run [--quick] [--profile]`. It is a report, not
a test: it exits 0 whatever the figures say.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import rapidfuzz
from rapidfuzz import fuzz, process, utils

import bot.text
from bot.knowledge import Entry, KnowledgeBase, load_knowledge
from bot.matching import Matcher
from bot.settings import default_knowledge_dir

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = Path(__file__).resolve().parent / "messages.jsonl"
EVAL_FILE = ROOT / "tests" / "data" / "questions.jsonl"
SIZES = (0, 1_000, 10_000)  # 0: the article's knowledge base as it is
BASELINE_CUTOFF = 80.0
MIX_CHATTER = 0.9
SEED = 20240

# Targets (project vs baseline, same machine, same run).
CHATTER_MEDIAN_SPEEDUP = 10.0
QUESTION_P99_SPEEDUP = 5.0
QUESTION_P99_MAX_US = 2_000.0  # at 10,000 entries
STARTUP_MAX_S = 0.8
RSS_MAX_MB = 80.0


@dataclass(frozen=True)
class Plan:
    """How much to measure: sample counts and a time budget per measurement."""

    chatter: int
    questions: int
    mix: int
    budget_s: float  # a slow matcher stops here, with fewer samples
    startup_runs: int


FULL = Plan(chatter=20_000, questions=5_000, mix=20_000, budget_s=5.0, startup_runs=5)
QUICK = Plan(chatter=2_000, questions=500, mix=2_000, budget_s=0.5, startup_runs=3)


# --- machine -----------------------------------------------------------------------------------


def cpu_model() -> str:
    """Return the CPU model named in /proc/cpuinfo, or the platform's guess."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def pin_one_core() -> str:
    """Pin this process to one core so msg/s means one core; return which."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


# --- messages and knowledge bases --------------------------------------------------------------


def load_messages(path: Path = MESSAGES) -> tuple[list[str], list[str]]:
    """Return (chatter, questions) from the JSONL corpus."""
    chatter: list[str] = []
    questions: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            (questions if row["kind"] == "question" else chatter).append(row["text"])
    return chatter, questions


_ONSETS = (
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y",
    "z", "ch", "sh", "th", "br", "kr", "st", "pl", "gr", "tr",
)  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "ae", "eo", "ia", "ou", "ai")
_CODAS = ("", "", "", "n", "r", "l", "m", "s", "k", "ng")  # open syllables are most common
_NAME_SYLLABLES = (
    "min", "ji", "seo", "yeon", "hyun", "woo", "jin", "soo", "ha", "eun", "joon", "young", "hee",
    "kyung", "tae", "sung", "dong", "jae", "yoon", "na", "ra", "bin", "hoon", "won", "ah", "hye",
    "mi", "so", "chan", "gyu", "hwan", "il", "kang", "ok", "rim", "bo", "da", "ye", "jun", "sik",
    "nam",
)  # fmt: skip
_SURNAMES = (
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh",
    "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song",
)  # fmt: skip
_QUESTION_STARTS = (
    "what is", "when does", "who is", "how do i", "where can i", "is there", "why does",
    "how many", "can you explain", "does anyone know",
)  # fmt: skip


def _pseudo_words(rng: random.Random, count: int) -> list[str]:
    """Return `count` distinct pronounceable non-words of 1-3 syllables."""
    words: set[str] = set()
    while len(words) < count:
        syllables = rng.choice((1, 2, 2, 2, 3))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        if len(word) >= 3:
            words.add(word)
    return sorted(words)


def _hangul(rng: random.Random, syllables: int) -> str:
    return "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(syllables))


class _Generator:
    """Make plausible topic and character entries from a fixed vocabulary."""

    def __init__(self, kb: KnowledgeBase, seed: int) -> None:
        self.rng = random.Random(seed)
        # Real English words (the article's own words and the project's real-word list) beside
        # a few thousand made-up ones, so generated phrases share words with real chatter.
        english = {w for w in kb.lexicon.real_words if w.isalpha() and len(w) >= 3}
        for entry in kb:
            for text in (*entry.keywords, *entry.phrasings, *entry.hints):
                english.update(w for w in text.lower().split() if w.isalpha() and len(w) >= 3)
        self.english = sorted(english)
        self.pseudo = _pseudo_words(self.rng, 3_000)
        self.taken: set[str] = {bot.text.compact(n) for e in kb for n in e.names}

    def word(self) -> str:
        return self.rng.choice(self.pseudo if self.rng.random() < 0.6 else self.english)

    def phrase(self, low: int, high: int) -> str:
        return " ".join(self.word() for _ in range(self.rng.randint(low, high)))

    def name(self) -> str:
        """Return an unused Korean-style given name of 2-3 syllables, like "Min-jae"."""
        while True:
            parts = [self.rng.choice(_NAME_SYLLABLES) for _ in range(self.rng.choice((2, 2, 3)))]
            name = parts[0].capitalize() + "-" + "".join(parts[1:])
            if bot.text.compact(name) not in self.taken:
                self.taken.add(bot.text.compact(name))
                return name

    def topic(self, number: int) -> Entry:
        rng = self.rng
        subject = self.phrase(1, 2)
        phrasings = tuple(
            f"{rng.choice(_QUESTION_STARTS)} {subject} {self.phrase(1, 5)}"
            for _ in range(rng.randint(2, 5))
        )
        return Entry(
            id=f"gen-topic-{number}",
            kind="topic",
            title=f"About {subject}",
            answer=f"Generated answer {number} about {subject}.",
            section="generated",
            keywords=(subject, *(self.phrase(1, 3) for _ in range(rng.randint(1, 4)))),
            hints=tuple(self.phrase(1, 2) for _ in range(rng.randint(0, 3))),
            phrasings=phrasings,
            exclude=tuple(self.phrase(1, 2) for _ in range(rng.choice((0, 0, 1)))),
        )

    def character(self, number: int) -> Entry:
        rng = self.rng
        given = self.name()
        surname = rng.choice(_SURNAMES)
        actor = f"{rng.choice(_SURNAMES)} {self.name()}"
        aliases = (given.replace("-", ""), f"{surname} {given}", _hangul(rng, rng.choice((2, 3))))
        return Entry(
            id=f"gen-character-{number}",
            kind="character",
            title=given,
            answer=f"{given} is a generated character ({number}), played by {actor}.",
            section="generated",
            keywords=tuple(self.phrase(1, 2) for _ in range(rng.randint(0, 2))),
            hints=tuple(self.phrase(1, 2) for _ in range(rng.randint(0, 2))),
            phrasings=(f"who is {given.lower()}", f"who plays {given.lower()} {self.phrase(0, 3)}"),
            aliases=aliases,
            actor=actor,
            actor_source="article",
        )


def scaled_kb(kb: KnowledgeBase, size: int, seed: int = SEED) -> KnowledgeBase:
    """Return `kb` with generated entries added until it holds `size` entries (real ones kept)."""
    if size <= len(kb):
        return kb
    gen = _Generator(kb, seed)
    entries = dict(kb.entries)
    for number in range(size - len(kb)):
        # Roughly the article's mix: more topics than characters.
        entry = gen.character(number) if gen.rng.random() < 0.4 else gen.topic(number)
        entries[entry.id] = entry
    return KnowledgeBase(meta=kb.meta, lexicon=kb.lexicon, entries=entries)


# --- the two matchers --------------------------------------------------------------------------


class Baseline:
    """The obvious bot: best WRatio over every phrasing, keyword, alias and title, cut at 80."""

    def __init__(
        self,
        kb: KnowledgeBase,
        cutoff: float = BASELINE_CUTOFF,
        scorer: Callable[..., float] = fuzz.WRatio,
    ) -> None:
        self.cutoff = cutoff
        self.scorer = scorer
        self.choices: list[str] = []
        self.owners: list[Entry] = []
        for entry in kb:
            for text in (entry.title, *entry.phrasings, *entry.all_keywords, *entry.aliases):
                self.choices.append(text)
                self.owners.append(entry)

    def match(self, text: str) -> Entry | None:
        """Return the entry owning the closest choice, or None below the cutoff."""
        best = process.extractOne(
            text,
            self.choices,
            scorer=self.scorer,
            processor=utils.default_process,
            score_cutoff=self.cutoff,
        )
        return self.owners[best[2]] if best else None


def clear_caches(matcher: Matcher) -> None:
    """Empty the matcher's memo caches, as for words a live server has never seen."""
    for cached in (
        getattr(matcher, "_correct", None),
        getattr(Matcher, "_alias", None),
        getattr(Matcher, "_korean_stem", None),
        getattr(Matcher, "_mentions", None),
        bot.text.stem,
        bot.text.is_hangul,
    ):
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class Timing:
    """Per-message decision times in nanoseconds, and how many messages got a reply."""

    ns: list[int] = field(default_factory=list)
    replied: int = 0
    seen: int = 0  # messages of the first pass, where `replied` was counted

    def median_us(self) -> float:
        return statistics.median(self.ns) / 1000 if self.ns else math.nan

    def p99_us(self) -> float:
        if not self.ns:
            return math.nan
        ordered = sorted(self.ns)
        return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)] / 1000


def time_each(
    decide: Callable[[str], object],
    texts: Sequence[str],
    samples: int,
    budget_s: float,
    before: Callable[[], None] | None = None,
) -> Timing:
    """Time `decide` on each text, cycling the texts, until `samples` or the budget is spent."""
    order = list(texts)
    random.Random(SEED).shuffle(order)  # a budget-cut run still sees a fair subset
    clock = time.perf_counter_ns
    warm_until = clock() + int(budget_s * 0.1e9)
    for text in order[:50]:  # warm-up: imports, caches, branch predictors
        decide(text)
        if clock() > warm_until:
            break
    result = Timing()
    deadline = clock() + int(budget_s * 1e9)
    i = 0
    while len(result.ns) < samples and clock() < deadline:
        text = order[i % len(order)]
        if before is not None:
            before()
        start = clock()
        answer = decide(text)
        result.ns.append(clock() - start)
        if i < len(order):
            result.seen += 1
            result.replied += answer is not None
        i += 1
    return result


def throughput(
    decide: Callable[[str], object], mix: Sequence[str], count: int, budget: float
) -> float:
    """Return messages per second over the mix, one message after another on this core."""
    clock = time.perf_counter_ns
    start = clock()
    deadline = start + int(budget * 1e9)
    done = 0
    while done < count and clock() < deadline:
        decide(mix[done % len(mix)])
        done += 1
    return done / ((clock() - start) / 1e9)


def make_mix(chatter: Sequence[str], questions: Sequence[str], size: int = 1_000) -> list[str]:
    """Return a shuffled stream of 90% chatter and 10% questions."""
    rng = random.Random(SEED + 1)
    n_chat = round(size * MIX_CHATTER)
    mix = rng.choices(list(chatter), k=n_chat) + rng.choices(list(questions), k=size - n_chat)
    rng.shuffle(mix)
    return mix


@dataclass
class SizeResult:
    """Everything measured at one knowledge-base size."""

    entries: int
    build_ms: dict[str, float]
    chatter: dict[str, Timing]
    questions: dict[str, Timing]
    cold_questions: Timing
    msgs_per_s: dict[str, float]


def bench_size(
    kb: KnowledgeBase, chatter: list[str], questions: list[str], mix: list[str], plan: Plan
) -> tuple[SizeResult, Matcher]:
    """Measure both matchers on one knowledge base."""
    start = time.perf_counter()
    matcher = Matcher(kb)
    project_build = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    baseline = Baseline(kb)
    baseline_build = (time.perf_counter() - start) * 1000
    deciders: dict[str, Callable[[str], object]] = {
        "project": lambda text: matcher.match(text, "chat"),
        "baseline": baseline.match,
    }
    result = SizeResult(
        entries=len(kb),
        build_ms={"project": project_build, "baseline": baseline_build},
        chatter={},
        questions={},
        cold_questions=Timing(),
        msgs_per_s={},
    )
    for name, decide in deciders.items():
        result.chatter[name] = time_each(decide, chatter, plan.chatter, plan.budget_s)
        result.questions[name] = time_each(decide, questions, plan.questions, plan.budget_s)
        result.msgs_per_s[name] = throughput(decide, mix, plan.mix, plan.budget_s)
    result.cold_questions = time_each(
        deciders["project"],
        questions,
        plan.questions // 5,
        plan.budget_s / 2,
        before=lambda: clear_caches(matcher),
    )
    return result, matcher


# --- start-up ----------------------------------------------------------------------------------

# Runs in a fresh interpreter: time import + create_bot() (+ the command tree, which the bot
# builds in setup_hook), and report its own peak RSS. No network: nothing logs in.
_STARTUP_CHILD = r"""
import time
t0 = time.perf_counter()
import json, os, resource, sys
out = {}
try:
    from bot import create_bot
    bot = create_bot()
    out["create_s"] = time.perf_counter() - t0
    commands = bot.tree.get_commands()
    if not commands:
        import asyncio
        from bot.cogs import add_cogs
        asyncio.run(add_cogs(bot))
        commands = bot.tree.get_commands()
    out["ready_s"] = time.perf_counter() - t0
    out["commands"] = len(commands)
except Exception as exc:
    out["error"] = f"{type(exc).__name__}: {exc}"
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
sys.stdout.write(json.dumps(out))
sys.stdout.flush()
os._exit(0)  # skip interpreter teardown: we measure start-up, not shutdown
"""


@dataclass
class Startup:
    """Median start-up figures over several fresh processes, or why they are missing."""

    wall_s: float = math.nan
    first_wall_s: float = math.nan  # the very first start, with the matcher's cache still empty
    create_s: float = math.nan
    ready_s: float = math.nan
    rss_mb: float = math.nan
    commands: int = 0
    runs: int = 0
    error: str = ""


def measure_startup(runs: int) -> Startup:
    """Start a fresh `python -c` once with an empty matcher cache, then `runs` times as a
    restart does (the cache that first start wrote); return the medians of the restarts."""
    with tempfile.TemporaryDirectory() as cache:  # removed on every way out
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "XDG_CACHE_HOME": cache}
        env.pop("DISCORD_TOKEN", None)  # create_bot never connects, but be sure
        walls: list[float] = []
        children: list[dict[str, float]] = []
        for _ in range(runs + 1):
            start = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-c", _STARTUP_CHILD],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            wall = time.perf_counter() - start
            try:
                child = json.loads(proc.stdout)
            except json.JSONDecodeError:
                tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
                return Startup(error=f"child failed: {tail}")
            if "error" in child:
                return Startup(error=str(child["error"]))
            walls.append(wall)
            children.append(child)
    return Startup(
        wall_s=statistics.median(walls[1:]),
        first_wall_s=walls[0],
        create_s=statistics.median(c["create_s"] for c in children[1:]),
        ready_s=statistics.median(c["ready_s"] for c in children[1:]),
        rss_mb=statistics.median(c["rss_mb"] for c in children),
        commands=int(children[0]["commands"]),
        runs=runs,
    )


# --- report ------------------------------------------------------------------------------------

_HEADER = ("metric", "KB", "project", "baseline", "ratio", "target", "result")


def _fmt(value: float, digits: int = 1) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{value:,.{digits}f}"


def _verdict(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "FAIL")


def _versus(
    name: str, kb: str, timings: dict[str, Timing], stat: str, target: float | None = None
) -> tuple[str, ...]:
    """Return one row comparing a statistic of the project and the baseline, with its target."""
    project, baseline = (getattr(timings[side], stat)() for side in ("project", "baseline"))
    speedup = baseline / project
    return (
        name, kb, _fmt(project), _fmt(baseline), f"{speedup:.1f}x",
        f">= {target:g}x" if target is not None else "",
        _verdict(speedup >= target if target is not None else None),
    )  # fmt: skip


def build_rows(results: list[SizeResult], startup: Startup) -> list[tuple[str, ...]]:
    """Turn the measurements into table rows, checking each target."""
    rows: list[tuple[str, ...]] = []
    article = results[0].entries if results else 0
    for res in results:
        checked = res.entries in (article, SIZES[-1])
        kb = f"{res.entries:,}"
        p, b = "project", "baseline"
        rows.append(
            _versus(
                "chatter median (us)",
                kb,
                res.chatter,
                "median_us",
                CHATTER_MEDIAN_SPEEDUP if checked else None,
            )
        )
        rows.append(_versus("chatter p99 (us)", kb, res.chatter, "p99_us"))
        rows.append(_versus("question median (us)", kb, res.questions, "median_us"))
        rows.append(
            _versus(
                "question p99 (us)",
                kb,
                res.questions,
                "p99_us",
                QUESTION_P99_SPEEDUP if checked else None,
            )
        )
        if res.entries == SIZES[-1]:
            p99 = res.questions[p].p99_us()
            rows.append((
                "question p99, project (us)", kb, _fmt(p99), "", "",
                f"< {QUESTION_P99_MAX_US:,.0f} us", _verdict(p99 < QUESTION_P99_MAX_US),
            ))  # fmt: skip
        cold = res.cold_questions
        rows.append((
            "question p99, cold caches (us)", kb, _fmt(cold.p99_us()),
            _fmt(res.questions[b].p99_us()), f"{res.questions[b].p99_us() / cold.p99_us():.1f}x",
            "", "",
        ))  # fmt: skip
        rows.append((
            "mix 90/10 (msg/s, 1 core)", kb, _fmt(res.msgs_per_s[p], 0),
            _fmt(res.msgs_per_s[b], 0), f"{res.msgs_per_s[p] / res.msgs_per_s[b]:.1f}x", "", "",
        ))  # fmt: skip
        rows.append((
            "replies: chatter / questions", kb,
            *(
                f"{t.replied / max(t.seen, 1):.0%} / {q.replied / max(q.seen, 1):.0%}"
                for t, q in ((res.chatter[p], res.questions[p]), (res.chatter[b], res.questions[b]))
            ),
            "", "", "",
        ))  # fmt: skip
        rows.append((
            "samples: chatter / questions", kb,
            *(f"{len(res.chatter[m].ns)} / {len(res.questions[m].ns)}" for m in (p, b)),
            "", "", "",
        ))  # fmt: skip
        rows.append((
            "matcher build (ms)", kb, _fmt(res.build_ms[p]), _fmt(res.build_ms[b]), "", "", "",
        ))  # fmt: skip
    if startup.error:
        # The reason is printed under the table; a long message would stretch every column.
        rows.append(("start-up (create_bot)", "", "not available", "", "", "", "n/a"))
        return rows
    rows.append((
        f"start-up wall, median of {startup.runs} (s)", f"{article}", _fmt(startup.wall_s, 3),
        "", "", f"< {STARTUP_MAX_S:g} s", _verdict(startup.wall_s < STARTUP_MAX_S),
    ))  # fmt: skip
    rows.append((
        "start-up wall, first, empty cache (s)", f"{article}", _fmt(startup.first_wall_s, 3),
        "", "", "", "",
    ))  # fmt: skip
    rows.append((
        "  in child: import + create_bot (s)", f"{article}", _fmt(startup.create_s, 3),
        "", "", "", "",
    ))  # fmt: skip
    rows.append((
        f"  in child: + command tree, {startup.commands} cmds (s)", f"{article}",
        _fmt(startup.ready_s, 3), "", "", "", "",
    ))  # fmt: skip
    rows.append((
        "start-up peak RSS (MB)", f"{article}", _fmt(startup.rss_mb), "", "",
        f"< {RSS_MAX_MB:g} MB", _verdict(startup.rss_mb < RSS_MAX_MB),
    ))  # fmt: skip
    return rows


def print_table(rows: list[tuple[str, ...]]) -> None:
    """Print rows under the header, columns aligned."""
    table = [_HEADER, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(_HEADER))]
    for n, row in enumerate(table):
        cells = [
            cell.ljust(w) if i in (0, 5) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def run_eval() -> None:
    """Print the answer-quality evaluation (heldout split) so speed never hides a quality loss."""
    print()
    if not EVAL_FILE.exists():
        print(f"eval skipped: {EVAL_FILE.relative_to(ROOT)} not found")
        return
    print(f"$ python -m bot eval {EVAL_FILE.relative_to(ROOT)} --split heldout")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bot", "eval", str(EVAL_FILE), "--split", "heldout"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"eval not available ({exc})")
        return
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        print(f"eval not available ({tail})")
        return
    print(proc.stdout.rstrip())
    print_obvious_bots()


def print_obvious_bots() -> None:
    """Print how the obvious bots do on the same held-out lines, for scale (the issue's list)."""
    from bot.evaluation import read_questions

    rows = [r for r in read_questions(EVAL_FILE) if r.get("split") == "heldout"]
    kb = load_knowledge(default_knowledge_dir())
    print("\nthe obvious bot on the same lines (extractOne over every phrasing, keyword, alias):")
    for name, scorer, cutoff in (
        ("token_set_ratio", fuzz.token_set_ratio, 80.0),
        ("WRatio", fuzz.WRatio, 80.0),
        ("WRatio", fuzz.WRatio, 90.0),
    ):
        bot = Baseline(kb, cutoff, scorer)
        right = answerable = answered = chatter = 0
        for row in rows:
            expect = row["expect"]
            entry = bot.match(row["q"])
            if expect:
                answerable += 1
                accepted = [expect] if isinstance(expect, str) else expect
                right += entry is not None and entry.id in accepted
            elif row.get("cat") in ("nearmiss", "offtopic"):
                chatter += 1
                answered += entry is not None
        print(
            f"  {name} at {cutoff:g}: {100 * right / answerable:.1f}% right, "
            f"{100 * answered / chatter:.1f}% of chatter answered"
        )


def print_profile(matcher: Matcher, mix: Sequence[str], entries: int, seconds: float) -> None:
    """Profile the project matcher on the mix and print the functions that cost the most."""
    profiler = cProfile.Profile()
    deadline = time.perf_counter() + seconds
    profiler.enable()
    count = 0
    while time.perf_counter() < deadline:
        for text in mix:
            matcher.match(text, "chat")
        count += len(mix)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(14)
    print(f"\nprofile: project matcher, {entries:,} entries, {count:,} mix messages (tottime)")
    body = out.getvalue()
    print(body[body.find("   ncalls") :].rstrip())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer samples (under 30 s)")
    parser.add_argument("--profile", action="store_true", help="also cProfile the project matcher")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    began = time.perf_counter()

    print(f"machine: {platform.platform()} | CPU: {cpu_model()} | {os.cpu_count()} cores")
    print(
        f"python {platform.python_version()} ({platform.python_implementation()}) | "
        f"rapidfuzz {rapidfuzz.__version__} | mode: {'quick' if args.quick else 'full'}"
    )
    # Start-up first, before this process pins itself or fills the page cache with its work.
    startup = measure_startup(plan.startup_runs)
    print(f"timing: {pin_one_core()}, perf_counter_ns per message, warm caches unless noted")
    chatter, questions = load_messages()
    mix = make_mix(chatter, questions)
    print(
        f"corpus: {len(chatter)} chatter + {len(questions)} questions ({MESSAGES.name}); "
        f"baseline: extractOne(WRatio, default_process, cutoff {BASELINE_CUTOFF:g})"
    )
    article = load_knowledge(default_knowledge_dir())
    results: list[SizeResult] = []
    matchers: dict[int, Matcher] = {}
    for size in SIZES:
        kb = scaled_kb(article, size) if size else article
        result, matcher = bench_size(kb, chatter, questions, mix, plan)
        results.append(result)
        matchers[len(kb)] = matcher
    print()
    print_table(build_rows(results, startup))
    if startup.error:
        print(f"start-up not available: {startup.error}")
    if args.profile:
        for entries, matcher in matchers.items():
            if entries in (len(article), SIZES[-1]):
                print_profile(matcher, mix, entries, seconds=1.0 if args.quick else 3.0)
    run_eval()
    print(f"\nbenchmark took {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
