"""Adaptive poll intervals and failure backoff."""

from __future__ import annotations

from monitor.polling import MAX_INTERVAL_S, MIN_INTERVAL_S, failure_delay, next_interval


def test_busy_feeds_are_polled_more_often_down_to_ten_minutes() -> None:
    interval = 3600
    for _ in range(10):
        interval = next_interval(interval, items=50, new_items=40)
    assert interval == MIN_INTERVAL_S


def test_quiet_feeds_drift_to_six_hours() -> None:
    interval = 1800
    for _ in range(20):
        interval = next_interval(interval, items=50, new_items=0)
    assert interval == MAX_INTERVAL_S


def test_moderate_share_keeps_the_interval_and_first_fetch_says_nothing() -> None:
    assert next_interval(1800, items=50, new_items=15) == 1800
    assert next_interval(1800, items=50, new_items=50, first_fetch=True) == 1800


def test_failures_double_up_to_six_hours() -> None:
    delays = [failure_delay(900, n) for n in range(1, 8)]
    assert delays[:4] == [900, 1800, 3600, 7200]
    assert delays[-1] == MAX_INTERVAL_S
    assert failure_delay(900, 1000) == MAX_INTERVAL_S
