"""Turn an entry into the words a fan sees: title, body (spoilers wrapped or plain) and source.

Front ends differ only in wrapping: Discord puts these three parts in an embed, the console
prints them. So the console shows exactly what the bot would say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge import Entry, KnowledgeBase, Meta

SPOILER = "||"


@dataclass(frozen=True)
class Answer:
    """A rendered answer: what goes in the embed's title, description and footer."""

    entry_id: str
    title: str
    body: str
    footer: str


def footer(meta: Meta) -> str:
    """Return the source line every answer carries, dated so nobody takes it for today's news."""
    return f"Source: {meta.source}, {meta.date}. Reported as of {meta.date}, not current news."


def build_answer(entry: Entry, meta: Meta, spoilers: bool = True) -> Answer:
    """Render `entry`; with `spoilers` False the spoiler markup is dropped (a spoiler channel)."""
    body = entry.answer if spoilers else entry.answer.replace(SPOILER, "")
    return Answer(entry_id=entry.id, title=entry.title, body=body, footer=footer(meta))


def not_in_article(suggestions: Sequence[Entry] = ()) -> str:
    """Return the polite reply for a question the article does not answer."""
    text = "The article I answer from doesn't say, sorry."
    if suggestions:
        text += (
            " Closest things I do know: " + ", ".join(f"**{e.title}**" for e in suggestions) + "."
        )
    return text + " Try `/help` to see what I can answer."


def introduction() -> str:
    """Return the reply to a message that speaks to the bot but asks nothing ("hi", "thanks")."""
    return (
        "Hi! Ask me anything about *All of Us Are Dead* and its Season 2: when it comes out, "
        "who's in it, how Season 1 ended, where to watch it... or try `/help`."
    )


def help_text(kb: KnowledgeBase) -> str:
    """Return the list of things the bot can answer, for /help and the console."""
    topics = ", ".join(e.title for e in kb if e.kind == "topic")
    people = ", ".join(e.title for e in kb if e.kind == "character")
    return (
        "Ask me about *All of Us Are Dead* Season 2: just ask in chat, or use a command.\n"
        "`/release` `/renewal` `/episodes` `/cast` `/trailer` `/watch` `/recap` `/plot` "
        "`/whois name` `/ask question` `/about`\n"
        f"**Topics:** {topics}\n**Characters:** {people}\n"
        f"Everything comes from one article written in {kb.meta.date}; "
        "Season 1 plot is hidden behind spoiler tags."
    )


def as_text(answer: Answer) -> str:
    """Render an answer as plain text, for the console and the CLI."""
    return f"{answer.title}\n{answer.body}\n— {answer.footer}"
