"""One log line per event, as key=value fields: easy to read, easy to grep and to parse.

    time=2026-01-01T12:00:00 level=INFO logger=bot.cogs.chat event=answer guild=1 entry=release

Cogs call `log_event`; `KeyValueFormatter` renders every record, the library's too (its free
text goes in a quoted `msg=`). No user's words are ever logged, only ids and scores.
"""

from __future__ import annotations

import json
import logging
from typing import Any

DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"


def _value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    text = str(value)
    # Quote only what would break the line apart; json also escapes newlines.
    if not text or any(ch.isspace() or ch in '"=' for ch in text):
        return json.dumps(text, ensure_ascii=False)
    return text


def key_values(**fields: Any) -> str:
    """Return `fields` as one line of key=value pairs, quoting values that need it."""
    return " ".join(f"{key}={_value(value)}" for key, value in fields.items())


def log_event(
    logger: logging.Logger,
    event: str,
    level: int = logging.INFO,
    *,
    exc_info: bool | BaseException = False,
    **fields: Any,
) -> None:
    """Log one event as `event=NAME key=value ...` at `level`."""
    if logger.isEnabledFor(level):
        line = key_values(event=event, **fields)
        logger.log(level, "%s", line, exc_info=exc_info, extra={"key_values": True})


class KeyValueFormatter(logging.Formatter):
    """Render a record as `time=... level=... logger=...` plus its fields (or a quoted msg)."""

    def __init__(self) -> None:
        super().__init__(datefmt=DATE_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as one line; a traceback, if any, follows on its own lines."""
        message = record.getMessage()
        if not getattr(record, "key_values", False):
            message = key_values(msg=message)
        head = key_values(
            time=self.formatTime(record, self.datefmt), level=record.levelname, logger=record.name
        )
        line = f"{head} {message}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line
