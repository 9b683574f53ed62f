"""Every setting of the bot, in one place, read from the environment (or a `.env` file).

Handlers never read `os.environ` themselves: they get a `Settings`, so a newcomer finds every
knob, its default and its meaning here and in the README's settings table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from dotenv import load_dotenv

# Chat auto-replies must be confident; /ask and mentions were asked for, so they may answer
# on weaker evidence. Both are scores on the matcher's 0-100 scale.
CHAT_THRESHOLD = 60.0
ASK_THRESHOLD = 40.0


def default_knowledge_dir() -> Path:
    """Return the knowledge/ folder: the repo's in a checkout, the packaged copy in a wheel."""
    checkout = Path(__file__).resolve().parent.parent / "knowledge"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("bot.knowledge_data")))


def _int_or_none(value: str | None, name: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a number (a Discord id), got {value!r}") from None


@dataclass(frozen=True)
class Settings:
    """The bot's configuration; `from_env()` is the only way production builds one."""

    token: str | None = field(default=None, repr=False)  # never shown in logs or reprs
    knowledge_dir: Path = field(default_factory=default_knowledge_dir)
    guild_id: int | None = None
    log_level: str = "INFO"
    chat_threshold: float = CHAT_THRESHOLD
    ask_threshold: float = ASK_THRESHOLD

    @classmethod
    def from_env(cls, env_file: str | os.PathLike[str] | None = ".env") -> Settings:
        """Build settings from the environment, after loading `.env` if present."""
        if env_file and Path(env_file).is_file():
            load_dotenv(env_file, override=False)
        knowledge = os.environ.get("KNOWLEDGE_DIR")
        return cls(
            token=os.environ.get("DISCORD_TOKEN", "").strip() or None,
            knowledge_dir=Path(knowledge) if knowledge else default_knowledge_dir(),
            guild_id=_int_or_none(os.environ.get("GUILD_ID"), "GUILD_ID"),
            log_level=os.environ.get("LOG_LEVEL", "INFO").upper(),
        )
