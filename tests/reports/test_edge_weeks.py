"""Empty and one-sided weeks: a clear report with reasons, never a crash or a fake number."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Engine

from monitor.db.engine import session_scope
from monitor.settings import Settings
from reports.build import build_report
from reports.render import render
from reports.weeks import parse_week
from tests.reports.conftest import NOW
from tests.reports.factory import add_many, add_source, day, fetch, local


def _all_formats(report: dict) -> dict[str, str]:
    return {fmt: render(report, fmt) for fmt in ("html", "md", "json", "csv")}


def test_empty_week(engine: Engine, settings: Settings) -> None:
    report = build_report(engine, settings, parse_week("2026-W47"), now=NOW)
    out = _all_formats(report)
    data = json.loads(out["json"])
    for d in data["directions"].values():
        assert (d["articles"], d["share"], d["share_ci"]) == (0, None, [None, None])
        assert d["share_note"]
    assert data["imbalance"]["ratio"] is None and data["imbalance"]["ci"] == [None, None]
    assert "neither side" in data["imbalance"]["note"]
    assert "Ratio not computed: neither side has classified articles" in out["md"]
    assert "Not computed: neither side" in out["html"] and "no data in these weeks" in out["html"]
    assert out["csv"].strip().count("\n") == 0  # the header only


def test_one_sided_week(engine: Engine, settings: Settings) -> None:
    with session_scope(engine) as s:
        (kz,) = add_source(s, "kz1", "KZ")
        (ru,) = add_source(s, "ru1", "RU")  # registered, but its feed never fetched
        for i in range(7):
            fetch(s, kz, local(day(i), 9))
            fetch(s, ru, local(day(i), 9), ok=False)
        add_many(s, "kz1", day(0), 10, 3, 1)
    report = build_report(engine, settings, parse_week("2026-W47"), now=NOW)
    out = _all_formats(report)
    data = json.loads(out["json"])
    assert data["directions"]["KZ->RU"]["share"] == 0.3
    assert data["directions"]["RU->KZ"]["share"] is None
    assert data["imbalance"]["ratio"] is None
    assert data["imbalance"]["note"] == (
        "no classified articles from Russian outlets on observed outlet-days"
    )
    assert len(data["data_quality"]["missing_outlet_days"]) == 7
    assert "Ratio not computed: no classified articles from Russian outlets" in out["md"]
    assert "÷ share RU→KZ): —**." in out["md"]  # a dash, not a number
    assert '<div class="big">—</div>' in out["html"]


def test_zero_share_on_the_denominator_side_is_not_a_division(
    engine: Engine, settings: Settings
) -> None:
    with session_scope(engine) as s:
        (kz,) = add_source(s, "kz1", "KZ")
        (ru,) = add_source(s, "ru1", "RU")
        for feed in (kz, ru):
            fetch(s, feed, local(day(0), 9))
        add_many(s, "kz1", day(0), 10, 3, 1)
        add_many(s, "ru1", day(0), 10, 0, 2)
    report = build_report(engine, settings, parse_week("2026-W47"), now=NOW)
    assert report["directions"]["RU->KZ"]["share"] == 0.0
    assert report["imbalance"]["ratio"] is None
    assert "division by zero" in report["imbalance"]["note"]
    assert "inf" not in render(report, "json").lower()


def test_unfinished_week_counts_only_days_so_far(engine: Engine, settings: Settings) -> None:
    # Wednesday of W47: Thursday..Sunday have not begun and are not "missing".
    now = datetime(2026, 11, 18, 6, 0, tzinfo=UTC)
    report = build_report(engine, settings, parse_week("2026-W47"), now=now)
    assert report["period"]["complete"] is False and report["period"]["days_observed"] == 3
    assert "not complete" in render(report, "html")


def test_retired_outlet_is_not_listed_as_missing(engine: Engine, settings: Settings) -> None:
    with session_scope(engine) as s:
        (kz,) = add_source(s, "kz1", "KZ")
        (old,) = add_source(s, "kz9", "KZ")
        old.active = False  # switched off before the week, never fetched in it
        for i in range(7):
            fetch(s, kz, local(day(i), 9))
        add_many(s, "kz1", day(0), 10, 3, 1)
    report = build_report(engine, settings, parse_week("2026-W47"), now=NOW)
    assert report["data_quality"]["missing_outlet_days"] == []
    assert [o["source_id"] for o in report["outlets"]] == ["kz1"]
