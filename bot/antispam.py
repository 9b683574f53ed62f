"""Keep chat auto-replies from flooding a channel: a burst of one question gets one answer.

Three limits on auto-replies: the same entry once per channel per cooldown, a few replies per
user per window, and a bound on replies per channel per minute. Replies asked for in chat
(mentions, DMs) meet only the per-user limit; slash commands are always answered. Time is
passed in, so tests need no sleeping.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

ENTRY_COOLDOWN_S = 120.0
USER_LIMIT = 3
USER_WINDOW_S = 60.0
CHANNEL_LIMIT = 5
CHANNEL_WINDOW_S = 60.0


@dataclass
class ReplyLimiter:
    """Decide whether an auto-reply may be sent now, and remember the ones that were."""

    user_limit: int = USER_LIMIT
    user_window_s: float = USER_WINDOW_S
    channel_limit: int = CHANNEL_LIMIT
    channel_window_s: float = CHANNEL_WINDOW_S
    _last_entry: dict[tuple[int, str], float] = field(default_factory=dict)
    _by_user: dict[int, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _by_channel: dict[int, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def allow(
        self,
        channel_id: int,
        user_id: int,
        entry_id: str,
        now: float,
        cooldown_s: float = ENTRY_COOLDOWN_S,
    ) -> bool:
        """Return True and record the reply if every limit allows it; else False."""
        last = self._last_entry.get((channel_id, entry_id))
        if last is not None and now - last < cooldown_s:
            return False
        user = self._recent(self._by_user[user_id], now, self.user_window_s)
        channel = self._recent(self._by_channel[channel_id], now, self.channel_window_s)
        if len(user) >= self.user_limit or len(channel) >= self.channel_limit:
            return False
        self._last_entry[(channel_id, entry_id)] = now
        user.append(now)
        channel.append(now)
        self._forget_old(now, cooldown_s)
        return True

    def allow_user(self, user_id: int, now: float) -> bool:
        """Return True and record the reply if the user's limit allows it (for replies asked for)."""
        user = self._recent(self._by_user[user_id], now, self.user_window_s)
        if len(user) >= self.user_limit:
            return False
        user.append(now)
        self._forget_old(now, ENTRY_COOLDOWN_S)
        return True

    @staticmethod
    def _recent(times: deque[float], now: float, window: float) -> deque[float]:
        while times and now - times[0] >= window:
            times.popleft()
        return times

    def _forget_old(self, now: float, cooldown_s: float) -> None:
        """Drop state older than any limit, so memory stays bounded on a long-running bot."""
        if len(self._last_entry) > 10_000:
            horizon = max(cooldown_s, ENTRY_COOLDOWN_S)
            self._last_entry = {k: t for k, t in self._last_entry.items() if now - t < horizon}
        for table, window in (
            (self._by_user, self.user_window_s),
            (self._by_channel, self.channel_window_s),
        ):
            if len(table) > 10_000:
                for key in [k for k, q in table.items() if not self._recent(q, now, window)]:
                    del table[key]
