"""ISO weeks: parsing, bounds in the report zone, the default week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from reports.weeks import (
    IsoWeek,
    WeekError,
    day_starts_utc,
    last_complete_week,
    local_day,
    parse_week,
    utc_offset_label,
    week_of,
)

ALMATY = ZoneInfo("Asia/Almaty")


def test_parse_and_format_round_trip() -> None:
    week = parse_week("2026-W47")
    assert week == IsoWeek(2026, 47)
    assert str(week) == "2026-W47"
    assert week.monday == date(2026, 11, 16)
    assert week.sunday == date(2026, 11, 22)
    assert str(IsoWeek(2027, 3)) == "2027-W03"


@pytest.mark.parametrize("text", ["2026-47", "2026W47", "26-W47", "2026-W7", "", "2026-W47x"])
def test_malformed_weeks_are_refused_with_the_expected_form(text: str) -> None:
    with pytest.raises(WeekError, match="YYYY-Www"):
        parse_week(text)


def test_week_53_exists_only_in_long_years() -> None:
    assert parse_week("2026-W53").monday == date(2026, 12, 28)  # 2026 has 53 ISO weeks
    with pytest.raises(WeekError, match="2027 has no ISO week 53"):
        parse_week("2027-W53")
    with pytest.raises(WeekError):
        parse_week("2026-W00")


def test_bounds_are_local_midnights_in_the_report_zone() -> None:
    start, end = parse_week("2026-W47").bounds(ALMATY)
    assert start.astimezone(UTC) == datetime(2026, 11, 15, 19, 0, tzinfo=UTC)
    assert end - start == timedelta(days=7)
    assert utc_offset_label(start) == "UTC+05:00"


def test_shift_crosses_years() -> None:
    assert str(parse_week("2027-W01").shift(-1)) == "2026-W53"
    assert str(parse_week("2026-W47").shift(-11)) == "2026-W36"


def test_last_complete_week_uses_local_time() -> None:
    # Sunday 20:00 UTC is already Monday 01:00 in Almaty: W47 has just completed.
    assert str(last_complete_week(datetime(2026, 11, 22, 20, 0, tzinfo=UTC), ALMATY)) == "2026-W47"
    # ...but in UTC it is still Sunday, so the last complete week is W46.
    assert str(last_complete_week(datetime(2026, 11, 22, 20, 0, tzinfo=UTC), UTC)) == "2026-W46"


def test_day_edges_bucket_fetch_times_by_local_day() -> None:
    edges = day_starts_utc(date(2026, 11, 16), 2, ALMATY)
    assert edges == [
        datetime(2026, 11, 15, 19, tzinfo=UTC),
        datetime(2026, 11, 16, 19, tzinfo=UTC),
        datetime(2026, 11, 17, 19, tzinfo=UTC),
    ]
    assert local_day(datetime(2026, 11, 16, 19, 30, tzinfo=UTC), ALMATY) == date(2026, 11, 17)
    assert week_of(date(2026, 1, 1)) == IsoWeek(2026, 1)


def test_dst_zone_days_have_their_real_length() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    edges = day_starts_utc(date(2026, 3, 29), 1, berlin)  # the spring-forward day
    assert edges[1] - edges[0] == timedelta(hours=23)
