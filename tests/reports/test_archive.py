"""run_report: files under reports_dir (or --out), one archived row per week and format."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, func, select

from monitor.db.engine import session_scope
from monitor.db.models import Report
from monitor.settings import Settings
from reports import run_report
from tests.reports.conftest import NOW


def test_writes_and_archives_every_format(populated: Engine, settings: Settings) -> None:
    for fmt in ("html", "md", "json", "csv"):
        path = run_report(populated, settings, "2026-W47", fmt, None, now=NOW)
        assert path == settings.reports_dir / f"kzru-2026-W47.{fmt}"
        assert path.read_text(encoding="utf-8")
    with session_scope(populated) as s:
        rows = s.scalars(select(Report).order_by(Report.format)).all()
        assert [(r.iso_week, r.format) for r in rows] == [
            ("2026-W47", f) for f in ("csv", "html", "json", "md")
        ]
        assert all(r.classifier_version == "kw-1.0" for r in rows)
        assert rows[2].content == (settings.reports_dir / "kzru-2026-W47.json").read_text()


def test_regenerating_a_week_replaces_file_and_row(populated: Engine, settings: Settings) -> None:
    first = run_report(populated, settings, "2026-W47", "json", None, now=NOW)
    with session_scope(populated) as s:
        s.execute(Report.__table__.update().values(content="stale"))
    second = run_report(populated, settings, "2026-W47", "json", None, now=NOW)
    assert first == second
    with session_scope(populated) as s:
        count = s.scalar(select(func.count()).select_from(Report))
        content = s.scalar(select(Report.content))
    assert count == 1 and content != "stale"
    assert json.loads(content or "")["week"] == "2026-W47"


def test_out_may_be_a_file_or_a_directory(
    populated: Engine, settings: Settings, tmp_path: Path
) -> None:
    target = tmp_path / "mail" / "weekly.md"
    assert run_report(populated, settings, "2026-W47", "md", target, now=NOW) == target
    folder = tmp_path / "drop"
    folder.mkdir()
    path = run_report(populated, settings, "2026-W47", "csv", folder, now=NOW)
    assert path == folder / "kzru-2026-W47.csv" and path.is_file()


def test_default_week_is_the_last_complete_one(populated: Engine, settings: Settings) -> None:
    path = run_report(populated, settings, None, "json", None, now=NOW)
    assert json.loads(path.read_text())["week"] == "2026-W47"
