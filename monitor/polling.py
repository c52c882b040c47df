"""Adaptive polling: how long to wait before fetching a feed again.

A feed whose every fetch brings mostly new links is polled more often (we may be missing
items between polls); a quiet feed drifts towards six hours. Failures back off by doubling
up to the same ceiling, but a failing feed always gets a next due time: it is never dropped,
and its state and last error stay visible in `monitor status`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

MIN_INTERVAL_S = 10 * 60
MAX_INTERVAL_S = 6 * 60 * 60
DEFAULT_INTERVAL_S = 30 * 60


def _clamp(seconds: float) -> int:
    return int(min(MAX_INTERVAL_S, max(MIN_INTERVAL_S, seconds)))


def next_interval(current_s: int, items: int, new_items: int, *, first_fetch: bool = False) -> int:
    """The next poll interval after a successful fetch (a 304 counts as no new links)."""
    current = current_s or DEFAULT_INTERVAL_S
    if first_fetch:
        # Everything is new on a first fetch: that says nothing about the feed's pace.
        return _clamp(current)
    if items <= 0 or new_items <= 0:
        return _clamp(current * 1.5)
    share = new_items / items
    if share >= 0.5:
        return _clamp(current / 2)
    if share >= 0.2:
        return _clamp(current)
    return _clamp(current * 1.25)


def failure_delay(current_s: int, consecutive_failures: int) -> int:
    """Seconds until the retry after `consecutive_failures` (>= 1) failures in a row."""
    base = max(MIN_INTERVAL_S, current_s or DEFAULT_INTERVAL_S)
    exponent = max(0, min(consecutive_failures - 1, 16))  # 2**16 is past the ceiling anyway
    return _clamp(base * 2**exponent)


def next_due(now: datetime, seconds: int) -> datetime:
    return now + timedelta(seconds=seconds)
