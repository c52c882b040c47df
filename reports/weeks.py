"""ISO weeks ("2026-W47"): parsing, formatting and their bounds in the report time zone.

A week runs from Monday 00:00 to the next Monday 00:00 *local* time in `settings.tz`
(Asia/Almaty by default). Articles carry `published_day` computed in that zone at store time,
so a week is simply the seven local days Monday..Sunday; fetch times (UTC in storage) are
bucketed into the same local days with the per-day UTC bounds computed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
WEEK_FORM = "YYYY-Www, e.g. 2026-W47"


class WeekError(ValueError):
    """A string that is not a valid ISO week."""


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]

    def shift(self, weeks: int) -> IsoWeek:
        return week_of(self.monday + timedelta(weeks=weeks))

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """[start, end) of the week as aware local datetimes in `tz`."""
        return local_midnight(self.monday, tz), local_midnight(self.monday + timedelta(7), tz)


def parse_week(text: str) -> IsoWeek:
    """'2026-W47' -> IsoWeek(2026, 47); anything else (or week 53 of a 52-week year) fails."""
    match = _WEEK_RE.match(text.strip())
    if not match:
        raise WeekError(f"{text!r} is not an ISO week: expected {WEEK_FORM}")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise WeekError(f"{text!r}: {year} has no ISO week {week}: expected {WEEK_FORM}") from exc
    return IsoWeek(year, week)


def week_of(day: date) -> IsoWeek:
    iso = day.isocalendar()
    return IsoWeek(iso.year, iso.week)


def local_midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def local_day(moment: datetime, tz: tzinfo) -> date:
    """The calendar day of an aware instant in the report zone."""
    return moment.astimezone(tz).date()


def last_complete_week(now: datetime, tz: tzinfo) -> IsoWeek:
    """The ISO week before the one containing `now` (local time): the default report week."""
    return week_of(local_day(now, tz)).shift(-1)


def day_starts_utc(first: date, days: int, tz: tzinfo) -> list[datetime]:
    """UTC instants of local midnight for `days + 1` consecutive days (bucket edges)."""
    return [local_midnight(first + timedelta(i), tz).astimezone(UTC) for i in range(days + 1)]


def utc_offset_label(moment: datetime) -> str:
    """'UTC+05:00' for a stated time zone in the report header."""
    offset = moment.utcoffset() or timedelta(0)
    sign = "+" if offset >= timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
