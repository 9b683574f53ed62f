"""The command line: `aoad-bot [run|console|ask|check|eval|misses]` (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.answers import as_text
from bot.knowledge import KnowledgeError, load_knowledge
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.storage import MissGroup

TOKEN_HELP = (
    "Set DISCORD_TOKEN in the environment or in a .env file. Get a token at "
    "https://discord.com/developers/applications -> your application -> Bot -> Reset Token."
)


def _brain(settings: Settings):  # noqa: ANN202 - imported lazily to keep `check` light
    from bot.service import Brain

    return Brain.from_settings(settings)


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Validate a knowledge directory; print each problem as file:line: message."""
    directory = Path(args.directory) if args.directory else settings.knowledge_dir
    try:
        kb = load_knowledge(directory)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in {directory}", file=sys.stderr)
        return 1
    print(f"ok: {len(kb)} entries in {directory}")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question as /ask would."""
    brain = _brain(settings)
    reply = brain.ask(args.question, "ask")
    if args.json:
        analysis = brain.matcher.analyze(args.question)
        ranked = analysis.ranked()
        print(
            json.dumps(
                {
                    "id": reply.answer.entry_id if reply.answer else None,
                    "score": reply.match.score
                    if reply.match
                    else (round(ranked[0][1], 1) if ranked else 0.0),
                    "answer": reply.answer.body if reply.answer else reply.text,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(as_text(reply.answer) if reply.answer else reply.text)
    return 0


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    """Start the offline console."""
    from bot.console import run_console

    return run_console(_brain(settings))


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Connect to Discord; a missing or rejected token is one line saying how to get one."""
    if not settings.token:
        print(f"error: no Discord token. {TOKEN_HELP}", file=sys.stderr)
        return 2
    from bot.discord_bot import run_discord

    return run_discord(settings)


def cmd_default(args: argparse.Namespace, settings: Settings) -> int:
    """Run on Discord when a token is set, else the offline console."""
    if settings.token:
        return cmd_run(args, settings)
    print("No DISCORD_TOKEN set: starting the offline console (see README to connect).")
    return cmd_console(args, settings)


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Score the matcher on a labelled JSONL file and print the table."""
    from bot.evaluation import evaluate, read_questions

    rows = read_questions(args.file)
    if args.split:
        rows = [row for row in rows if row.get("split") == args.split]
    report = evaluate(_brain(settings).matcher, rows)
    print(report.table())
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as out:
            for prediction in report.predictions:
                out.write(json.dumps(prediction, ensure_ascii=False) + "\n")
    return 0


def cmd_misses(args: argparse.Namespace, settings: Settings) -> int:
    """Print the questions the bot could not answer, grouped, most frequent first."""
    from bot.storage import StorageError

    if isinstance(settings.database, Path) and not settings.database.exists():
        print(f"No misses recorded yet (no database at {settings.database}).")
        return 0
    try:
        groups = asyncio.run(_list_misses(settings, args.limit))
    except StorageError as exc:
        print(f"error: cannot read the database: {exc}", file=sys.stderr)
        return 2
    if not groups:
        print("No misses recorded yet.")
        return 0
    print(f"{'count':>5}  {'last seen':<10}  {'closest':<16}  example")
    for group in groups:
        example = " ".join(group.example.split())  # one line, whatever was typed
        closest = group.closest_id or "-"
        print(f"{group.count:>5}  {group.last_seen:%Y-%m-%d}  {closest:<16}  {example}")
    return 0


async def _list_misses(settings: Settings, limit: int) -> list[MissGroup]:
    from bot.storage import open_storage

    async with await open_storage(settings.database) as storage:
        return await storage.list_misses(limit)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    p = argparse.ArgumentParser(
        prog="aoad-bot",
        description="Answer fans' questions about All of Us Are Dead Season 2.",
    )
    p.set_defaults(func=cmd_default)
    sub = p.add_subparsers(title="commands")
    sub.add_parser("run", help="connect to Discord (needs DISCORD_TOKEN)").set_defaults(
        func=cmd_run
    )
    sub.add_parser("console", help="offline console: see what the bot would answer").set_defaults(
        func=cmd_console
    )
    ask = sub.add_parser("ask", help="answer one question as /ask would")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help='print {"id", "score", "answer"}')
    ask.set_defaults(func=cmd_ask)
    check = sub.add_parser("check", help="validate the knowledge base; non-zero exit on errors")
    check.add_argument("directory", nargs="?", help="knowledge folder (default: KNOWLEDGE_DIR)")
    check.set_defaults(func=cmd_check)
    ev = sub.add_parser("eval", help="measure answer quality on labelled questions (JSONL)")
    ev.add_argument("file")
    ev.add_argument("--predictions", help="write one JSON line per question here")
    ev.add_argument("--split", help="only lines whose 'split' field is this (dev, heldout)")
    ev.set_defaults(func=cmd_eval)
    misses = sub.add_parser(
        "misses", help="questions the bot could not answer, most frequent first"
    )
    misses.add_argument("--limit", type=_positive, default=50, help="groups to show (default 50)")
    misses.set_defaults(func=cmd_misses)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = parser().parse_args(argv)
    settings = Settings.from_env()
    try:
        return args.func(args, settings)
    except KnowledgeError as exc:
        print("error: the knowledge base is invalid:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
