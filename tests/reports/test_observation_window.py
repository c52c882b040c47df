"""A successful fetch observes the outlet from the day after its oldest item to the fetch
(fetch_log.covers_from): those outlet-days are observed, not missing; failed fetches observe
nothing; windows are clipped to the week."""

from __future__ import annotations

from sqlalchemy import Engine

from monitor.db.engine import session_scope
from monitor.db.models import FetchLog
from reports.queries import fetched_days
from reports.weeks import day_starts_utc
from tests.reports.factory import TZ, add_source, day, local


def _observed(engine: Engine) -> set[tuple[str, str]]:
    days = [day(i) for i in range(7)]
    with engine.connect() as conn:
        got = fetched_days(conn, day_starts_utc(days[0], 7, TZ), days)
    return {(sid, d.isoformat()) for sid, d in got}


def test_window_reaching_back_marks_every_covered_day_observed(engine: Engine) -> None:
    with session_scope(engine) as s:
        (kz,) = add_source(s, "kz1", "KZ")
        (ru,) = add_source(s, "ru1", "RU")
        (late,) = add_source(s, "kz2", "KZ")
        # One fetch on Friday whose items reach back to Tuesday: Wed..Fri observed (Tuesday
        # itself only partly: its earlier items may have left the feed).
        s.add(
            FetchLog(
                feed_id=kz.id, fetched_at=local(day(4), 9), ok=True, covers_from=local(day(1), 8)
            )
        )
        # A failed fetch with a window observes nothing.
        s.add(
            FetchLog(
                feed_id=ru.id, fetched_at=local(day(6), 9), ok=False, covers_from=local(day(0), 8)
            )
        )
        # A fetch a week later whose items reach back to Saturday night: Sunday, clipped.
        s.add(
            FetchLog(
                feed_id=late.id,
                fetched_at=local(day(10), 9),
                ok=True,
                covers_from=local(day(5), 23, 30),
            )
        )
    observed = _observed(engine)
    assert {d for sid, d in observed if sid == "kz1"} == {day(i).isoformat() for i in (2, 3, 4)}
    assert not {d for sid, d in observed if sid == "ru1"}
    assert {d for sid, d in observed if sid == "kz2"} == {day(6).isoformat()}


def test_fetch_without_window_observes_its_own_day_only(engine: Engine) -> None:
    with session_scope(engine) as s:
        (kz,) = add_source(s, "kz1", "KZ")
        s.add(FetchLog(feed_id=kz.id, fetched_at=local(day(3), 0, 10), ok=True))
    assert _observed(engine) == {("kz1", day(3).isoformat())}
