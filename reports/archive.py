"""Generate a week's report, write it to a file and archive it in the `reports` table.

Regenerating a week in a format replaces both the file and the row (unique iso_week, format),
so the scheduler's weekly job and a manual rerun can never leave two versions side by side.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, select

from monitor.db.engine import session_scope
from monitor.db.models import Report
from monitor.settings import Settings
from reports.build import build_report
from reports.render import EXTENSIONS, FORMATS, render
from reports.weeks import IsoWeek, last_complete_week, parse_week

log = logging.getLogger("report")


def resolve_week(week: str | IsoWeek | None, settings: Settings, now: datetime) -> IsoWeek:
    if week is None:
        return last_complete_week(now, settings.tz)
    return week if isinstance(week, IsoWeek) else parse_week(week)


def target_path(settings: Settings, week: IsoWeek, fmt: str, out: Path | None) -> Path:
    """`out` if it names a file; inside `out` (or reports_dir) as <week>.<ext> otherwise."""
    name = f"kzru-{week}.{EXTENSIONS[fmt]}"
    if out is None:
        return settings.reports_dir / name
    return out / name if out.is_dir() else out


def archive(
    engine: Engine, week: IsoWeek, fmt: str, path: Path, content: str, version: str | None
) -> None:
    """Insert or replace the (week, format) row."""
    with session_scope(engine) as session:
        row = session.scalars(
            select(Report).where(Report.iso_week == str(week), Report.format == fmt)
        ).one_or_none()
        if row is None:
            row = Report(iso_week=str(week), format=fmt)
            session.add(row)
        row.path = str(path)
        row.content = content
        row.classifier_version = version
        row.generated_at = datetime.now(UTC)


def run_report(
    engine: Engine,
    settings: Settings,
    week: str | IsoWeek | None,
    fmt: str,
    out: Path | None,
    *,
    now: datetime | None = None,
) -> Path:
    """Build, render, write and archive one week's report; return the written path."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")
    now = now or datetime.now(UTC)
    iso = resolve_week(week, settings, now)
    report = build_report(engine, settings, iso, now=now)
    content = render(report, fmt)
    path = target_path(settings, iso, fmt, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)  # readers never see a half-written report
    versions = sorted(
        {v["classifier_version"] for v in report["data_quality"]["classifier_versions"]}
    )
    archive(engine, iso, fmt, path, content, ",".join(versions)[:32] or None)
    log.info("report %s (%s) written to %s", iso, fmt, path)
    return path
