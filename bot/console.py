"""The offline console: type what a fan would, see exactly what the bot would answer.

It drives the same `Brain` as Discord, so what you see here is what a server sees.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot import __version__
from bot.answers import as_text, help_text
from bot.service import TOPIC_COMMANDS, Brain, Reply

PROMPT = "you> "


def about_text(brain: Brain) -> str:
    """Return the /about text: source, its date, what the bot answers, the version."""
    meta = brain.kb.meta
    return (
        f"aoad-bot {__version__}: answers questions about All of Us Are Dead Season 2.\n"
        f"Source: {meta.source} ({meta.date}). {meta.note}\n"
        f"It knows {len(brain.kb)} things: release news, renewal, episodes, cast and characters, "
        "the Season 1 ending, plot, where to watch, trailers."
    )


def respond(brain: Brain, line: str) -> str:
    """Return what the bot would say to one console line (a /command or a chat message)."""
    text = line.strip()
    if not text:
        return ""
    if text.startswith("/"):
        name, _, argument = text[1:].partition(" ")
        name = name.casefold()
        if name in TOPIC_COMMANDS:
            return as_text(brain.entry_answer(TOPIC_COMMANDS[name][0]))
        if name == "whois":
            return _show(brain.whois(argument)) if argument else "Usage: /whois NAME"
        if name == "ask":
            return _show(brain.ask(argument, "ask")) if argument else "Usage: /ask QUESTION"
        if name == "help":
            return help_text(brain.kb)
        if name == "about":
            return about_text(brain)
        return f"Unknown command /{name}. Try /help."
    chat = brain.ask(text, "chat")
    if chat.answer is not None:
        return _show(chat)
    return "(in a channel the bot stays silent; mentioned or in a DM it would say:)\n" + _show(
        brain.ask(text, "ask")
    )


def _show(reply: Reply) -> str:
    return as_text(reply.answer) if reply.answer is not None else reply.text


def run_console(brain: Brain, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Read lines until EOF or Ctrl-C and print the bot's answers; return the exit code."""
    interactive = stdin.isatty()
    if interactive:
        print(
            "Type a question or a /command (/help lists them). Ctrl-D or Ctrl-C quits.", file=stdout
        )
    try:
        while True:
            if interactive:
                stdout.write(PROMPT)
                stdout.flush()
            line = stdin.readline()
            if not line:
                break
            reply = respond(brain, line)
            if reply:
                print(reply, file=stdout, end="\n\n")
    except KeyboardInterrupt:
        pass
    if interactive:
        print("bye", file=stdout)
    return 0
