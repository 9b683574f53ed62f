"""What the bot keeps between restarts: per-guild settings, the misses log and answer feedback.

The storage layer knows nothing of Discord: guilds and channels are plain ints, entries are
strings. No user id is stored anywhere. Backends implement the `_`-prefixed hooks; the public
methods here validate their input first, so every backend rejects the same values.
"""

from __future__ import annotations

import math
import re
import unicodedata
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

MODES = ("answer", "suggest", "off")
SPOILER_STYLES = ("wrap", "plain")
MAX_COOLDOWN_S = 24 * 60 * 60

# Keys of `update_settings`; channel overrides have their own methods.
SETTING_KEYS = ("mode", "cooldown_s", "spoilers", "record_near_misses")

# Pruning every write would be wasted work: a log is pruned after each max_misses // 100 writes
# (1 to 100), so it overshoots its cap by about 1% per process at most.
_PRUNE_FRACTION = 100
_MAX_PRUNE_INTERVAL = 100


class StorageError(Exception):
    """A storage problem an admin must act on (a corrupt file, an unreachable server...)."""


@dataclass(frozen=True)
class GuildSettings:
    """One guild's settings; the defaults apply to guilds that never changed them."""

    mode: str = "answer"
    # hash=False: a dict cannot be hashed, and the other fields identify the settings well enough.
    channel_modes: dict[int, str] = field(default_factory=dict, hash=False)
    cooldown_s: int = 120
    spoilers: str = "wrap"
    plain_spoiler_channels: frozenset[int] = frozenset()
    record_near_misses: bool = False

    def __post_init__(self) -> None:
        _check_setting("mode", self.mode)
        _check_setting("cooldown_s", self.cooldown_s)
        _check_setting("spoilers", self.spoilers)
        _check_setting("record_near_misses", self.record_near_misses)
        for channel_id, mode in self.channel_modes.items():
            _check_id("channel_id", channel_id)
            _check_setting("mode", mode)
        for channel_id in self.plain_spoiler_channels:
            _check_id("channel_id", channel_id)

    def mode_for(self, channel_id: int) -> str:
        """Return the mode in force in a channel: its override, else the guild's mode."""
        return self.channel_modes.get(channel_id, self.mode)

    def spoilers_for(self, channel_id: int) -> str:
        """Return how spoilers are answered in a channel: "plain" or the guild's style."""
        return "plain" if channel_id in self.plain_spoiler_channels else self.spoilers


@dataclass(frozen=True)
class MissGroup:
    """Similar unanswered messages: how often, an example, and what they came closest to."""

    key: str  # the normalized text shared by the group
    count: int
    example: str  # the most recent text in the group
    closest_id: str | None  # the entry most often closest, ties going to the most recent
    last_seen: datetime


@dataclass(frozen=True)
class MissRow:
    """One recorded miss, as a backend reads it back for grouping."""

    key: str
    text: str
    closest_id: str | None
    at: datetime


_WHITESPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Return the text casefolded, without punctuation, with whitespace collapsed."""
    kept = "".join(ch for ch in text.casefold() if not unicodedata.category(ch).startswith("P"))
    return _WHITESPACE.sub(" ", kept).strip()


def group_misses(rows: Iterable[MissRow], limit: int) -> list[MissGroup]:
    """Group misses by normalized text, most frequent first, then most recently seen."""
    by_key: dict[str, list[MissRow]] = {}
    # Newest first, so each group's first row is its example and wins closest_id ties.
    for row in sorted(rows, key=lambda r: r.at, reverse=True):
        by_key.setdefault(row.key, []).append(row)
    groups = []
    for key, members in by_key.items():
        closest = Counter(m.closest_id for m in members if m.closest_id is not None)
        groups.append(
            MissGroup(
                key=key,
                count=len(members),
                example=members[0].text,
                closest_id=closest.most_common(1)[0][0] if closest else None,
                last_seen=members[0].at,
            )
        )
    groups.sort(key=lambda g: (g.count, g.last_seen), reverse=True)
    return groups[:limit]


def utc(at: datetime | None) -> datetime:
    """Return `at` (now when None) as an aware UTC datetime; naive times are taken as UTC."""
    if at is None:
        return datetime.now(UTC)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _check_id(name: str, value: object) -> None:
    # bool is an int subclass, and True as a guild id is always a bug.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{name} must be an int, not {value!r}")


def _check_setting(name: str, value: object) -> None:
    if name == "mode" and value not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}; got {value!r}")
    if name == "spoilers" and value not in SPOILER_STYLES:
        raise ValueError(f"spoilers must be one of {', '.join(SPOILER_STYLES)}; got {value!r}")
    if name == "cooldown_s" and (
        not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COOLDOWN_S
    ):
        raise ValueError(
            f"cooldown_s must be a whole number of seconds 0..{MAX_COOLDOWN_S}; got {value!r}"
        )
    if name == "record_near_misses" and not isinstance(value, bool):
        raise ValueError(f"record_near_misses must be True or False; got {value!r}")


def check_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Return the setting changes after checking each key and value; raise ValueError if bad."""
    unknown = sorted(set(changes) - set(SETTING_KEYS))
    if unknown:
        raise ValueError(
            f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(SETTING_KEYS)}"
        )
    for name, value in changes.items():
        _check_setting(name, value)
    return dict(changes)


def settings_from(
    row: Mapping[str, Any] | None,
    channel_modes: Iterable[tuple[int, str]],
    plain_spoiler_channels: Iterable[int],
) -> GuildSettings:
    """Return settings from stored values, where a missing row or NULL column means default."""
    stored = {} if row is None else {k: row[k] for k in SETTING_KEYS if row[k] is not None}
    if "record_near_misses" in stored:  # SQLite keeps booleans as 0/1
        stored["record_near_misses"] = bool(stored["record_near_misses"])
    return replace(
        GuildSettings(**stored),
        channel_modes=dict(channel_modes),
        plain_spoiler_channels=frozenset(plain_spoiler_channels),
    )


class Storage(ABC):
    """Settings, misses and feedback, kept in a database; use `open_storage` to get one."""

    def __init__(self, *, max_misses: int = 10_000, max_age_days: int = 90) -> None:
        for name, value in (("max_misses", max_misses), ("max_age_days", max_age_days)):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive int; got {value!r}")
        self.max_misses = max_misses
        self.max_age_days = max_age_days
        self._prune_interval = max(1, min(_MAX_PRUNE_INTERVAL, max_misses // _PRUNE_FRACTION))
        self._writes_since_prune = 0

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # Settings

    async def get_settings(self, guild_id: int) -> GuildSettings:
        """Return a guild's settings, read from the database (defaults when never set)."""
        _check_id("guild_id", guild_id)
        return await self._get_settings(guild_id)

    async def update_settings(self, guild_id: int, **changes: Any) -> GuildSettings:
        """Change some of a guild's settings and return them all as now stored."""
        _check_id("guild_id", guild_id)
        checked = check_changes(changes)
        if not checked:
            return await self._get_settings(guild_id)
        return await self._update_settings(guild_id, checked)

    async def set_channel_mode(self, guild_id: int, channel_id: int, mode: str | None) -> None:
        """Override the mode in one channel, or remove the override when `mode` is None."""
        _check_id("guild_id", guild_id)
        _check_id("channel_id", channel_id)
        if mode is not None:
            _check_setting("mode", mode)
        await self._set_channel_mode(guild_id, channel_id, mode)

    async def set_plain_spoilers(self, guild_id: int, channel_id: int, plain: bool) -> None:
        """Answer spoilers plainly in one channel (plain=True) or as the guild does (False)."""
        _check_id("guild_id", guild_id)
        _check_id("channel_id", channel_id)
        if not isinstance(plain, bool):
            raise ValueError(f"plain must be True or False; got {plain!r}")
        await self._set_plain_spoilers(guild_id, channel_id, plain)

    # Logs

    async def record_miss(
        self,
        text: str,
        guild_id: int | None,
        closest_id: str | None,
        score: float,
        at: datetime | None = None,
    ) -> None:
        """Log a message the bot could not answer; the author is deliberately not recorded."""
        if guild_id is not None:
            _check_id("guild_id", guild_id)
        if not isinstance(score, int | float) or not math.isfinite(score):
            raise ValueError(f"score must be a finite number; got {score!r}")
        await self._record_miss(text, normalize(text), guild_id, closest_id, float(score), utc(at))
        await self._count_write()

    async def list_misses(self, limit: int = 50) -> list[MissGroup]:
        """Return up to `limit` groups of similar misses, most frequent first."""
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise ValueError(f"limit must be a positive int; got {limit!r}")
        return group_misses(await self._miss_rows(), limit)

    async def record_false_answer(self, entry_id: str, guild_id: int | None, text: str) -> None:
        """Log that an answer from `entry_id` did not fit the message `text`."""
        if guild_id is not None:
            _check_id("guild_id", guild_id)
        await self._record_false_answer(entry_id, guild_id, text, utc(None))
        await self._count_write()

    async def false_answer_counts(self) -> dict[str, int]:
        """Return how many false answers each entry has had (within retention)."""
        return await self._false_answer_counts()

    async def prune(self) -> int:
        """Delete log records beyond `max_misses` per log or older than `max_age_days`."""
        self._writes_since_prune = 0
        cutoff = datetime.now(UTC) - timedelta(days=self.max_age_days)
        return await self._prune(cutoff, self.max_misses)

    async def _count_write(self) -> None:
        self._writes_since_prune += 1
        if self._writes_since_prune >= self._prune_interval:
            await self.prune()

    @abstractmethod
    async def close(self) -> None:
        """Release the database; the storage cannot be used afterwards."""

    # Backend hooks: arguments are already checked.

    @abstractmethod
    async def _get_settings(self, guild_id: int) -> GuildSettings: ...

    @abstractmethod
    async def _update_settings(self, guild_id: int, changes: dict[str, Any]) -> GuildSettings: ...

    @abstractmethod
    async def _set_channel_mode(self, guild_id: int, channel_id: int, mode: str | None) -> None: ...

    @abstractmethod
    async def _set_plain_spoilers(self, guild_id: int, channel_id: int, plain: bool) -> None: ...

    @abstractmethod
    async def _record_miss(
        self,
        text: str,
        key: str,
        guild_id: int | None,
        closest_id: str | None,
        score: float,
        at: datetime,
    ) -> None: ...

    @abstractmethod
    async def _miss_rows(self) -> list[MissRow]: ...

    @abstractmethod
    async def _record_false_answer(
        self, entry_id: str, guild_id: int | None, text: str, at: datetime
    ) -> None: ...

    @abstractmethod
    async def _false_answer_counts(self) -> dict[str, int]: ...

    @abstractmethod
    async def _prune(self, cutoff: datetime, keep: int) -> int: ...
