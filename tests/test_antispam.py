"""Anti-spam: one answer per burst, per-user and per-channel bounds, bounded memory."""

from __future__ import annotations

from bot.antispam import ReplyLimiter


def test_burst_of_one_question_gets_one_answer() -> None:
    """Six fans asking the same thing within the cooldown get a single reply."""
    limiter = ReplyLimiter()
    allowed = [limiter.allow(1, user, "release", now=float(user)) for user in range(6)]
    assert allowed == [True, False, False, False, False, False]


def test_same_entry_again_after_the_cooldown() -> None:
    """Once the cooldown has passed the entry may be answered again."""
    limiter = ReplyLimiter()
    assert limiter.allow(1, 1, "trailer", now=0.0, cooldown_s=120)
    assert not limiter.allow(1, 2, "trailer", now=119.0, cooldown_s=120)
    assert limiter.allow(1, 2, "trailer", now=121.0, cooldown_s=120)


def test_cooldown_is_per_channel() -> None:
    """Another channel's burst does not silence this one."""
    limiter = ReplyLimiter()
    assert limiter.allow(1, 1, "cast", now=0.0)
    assert limiter.allow(2, 2, "cast", now=1.0)


def test_one_user_cannot_farm_replies() -> None:
    """A user asking many different things is capped per window."""
    limiter = ReplyLimiter(user_limit=3, user_window_s=60)
    entries = ["release", "cast", "trailer", "plot", "recap"]
    allowed = [limiter.allow(1, 7, e, now=float(i)) for i, e in enumerate(entries)]
    assert allowed == [True, True, True, False, False]
    assert limiter.allow(1, 7, "plot", now=61.0)


def test_channel_bound_per_minute() -> None:
    """A channel never gets more than the bound of auto-replies in a minute."""
    limiter = ReplyLimiter(channel_limit=5, channel_window_s=60)
    entries = ["release", "cast", "trailer", "plot", "recap", "episodes", "renewal"]
    allowed = [limiter.allow(1, i, e, now=float(i)) for i, e in enumerate(entries)]
    assert allowed.count(True) == 5
    assert limiter.allow(1, 99, "episodes", now=70.0)
