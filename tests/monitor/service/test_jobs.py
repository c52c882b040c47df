"""The jobs: the crawl subprocess (exit codes, timeout, environment) and the stage hooks."""

from __future__ import annotations

import importlib.machinery
import sys
import types
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from monitor.db.engine import session_scope
from monitor.db.models import JobRun, Report
from monitor.service import jobs
from monitor.settings import Settings


def _rows(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(JobRun).order_by(JobRun.id)).all())


def test_failed_crawl_is_recorded_with_its_output(
    engine: Engine, overrides: dict[str, Any]
) -> None:
    overrides["crawl_command"] = [sys.executable, "-c", "print('3 feeds failed'); exit(3)"]
    result = jobs.crawl_job(**overrides)
    assert (result.ok, result.summary) == (False, "exit 3: 3 feeds failed")
    [row] = _rows(engine)
    assert (row.job, row.ok, row.summary) == ("crawl", False, "exit 3: 3 feeds failed")
    assert row.finished_at >= row.started_at


def test_crawl_gets_the_database_in_its_environment(
    engine: Engine, overrides: dict[str, Any]
) -> None:
    overrides["crawl_command"] = [
        sys.executable,
        "-c",
        "import os; print(os.environ['MONITOR_DATABASE_URL'])",
    ]
    result = jobs.crawl_job(**overrides)
    assert result.ok
    assert result.summary == f"exit 0: {overrides['database_url']}"


def test_overrunning_crawl_is_killed(engine: Engine, overrides: dict[str, Any]) -> None:
    overrides["crawl_command"] = ["sleep", "60"]
    overrides["crawl_timeout_seconds"] = 0.5
    result = jobs.crawl_job(**overrides)
    assert not result.ok
    assert result.summary == "timed out after 0.5s and was killed"
    assert result.duration < 10


def test_default_crawl_command_is_the_crawl_verb(tmp_path: Path) -> None:
    command = jobs.crawl_command(Settings(database_url=f"sqlite:///{tmp_path}/m.db"))
    assert command[0] == sys.executable
    assert command[1:3] == ["-m", "monitor"]
    assert command[-3:] == ["crawl", "--due", "--quiet"]


def _fake_module(monkeypatch: pytest.MonkeyPatch, name: str, **attrs: Any) -> None:
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    for key, value in attrs.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


def test_missing_stages_are_skipped_not_failed(
    engine: Engine, overrides: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "stage_entry", lambda module, name: None)
    assert jobs.classify_job(**overrides).summary.startswith("skipped:")
    assert jobs.report_job(**overrides).summary.startswith("skipped:")
    assert [r.ok for r in _rows(engine)] == [True, True]


def test_classify_hook_calls_the_stage(
    engine: Engine, overrides: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, Any]] = []

    def run_classify(eng: Engine, settings: Settings) -> int:
        calls.append((eng.url.render_as_string(), settings.database_url))
        return 42

    _fake_module(monkeypatch, "monitor.classify", run_classify=run_classify)
    result = jobs.classify_job(**overrides)
    assert (result.ok, result.summary) == (True, "42 articles classified")
    assert calls == [(overrides["database_url"], overrides["database_url"])]


def test_report_hook_writes_three_formats_and_failures_are_recorded(
    engine: Engine, overrides: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    formats: list[str] = []

    def run_report(eng: Engine, settings: Settings, week: Any, fmt: str, out: Any) -> Path:
        assert (week, out) == (None, None)
        formats.append(fmt)
        return Path(settings.reports_dir) / f"2026-W47.{fmt}"

    _fake_module(monkeypatch, "reports", run_report=run_report)
    result = jobs.report_job(**overrides)
    assert result.ok and formats == ["html", "md", "json"]
    assert result.summary.startswith("wrote ") and result.summary.endswith("2026-W47.json")

    def broken(*_: Any) -> int:
        raise RuntimeError("no articles table")

    _fake_module(monkeypatch, "monitor.classify", run_classify=broken)
    failed = jobs.classify_job(**overrides)
    assert (failed.ok, failed.summary) == (False, "RuntimeError: no articles table")
    assert [(r.job, r.ok) for r in _rows(engine)] == [("report", True), ("classify", False)]


def test_last_complete_week_is_in_the_report_time_zone() -> None:
    settings = Settings(report_timezone="Asia/Almaty")  # UTC+5 all year
    # Sunday 19:30 UTC is already Monday in Almaty: week 48 is then complete.
    assert jobs.last_complete_week(settings, datetime(2026, 11, 29, 19, 30, tzinfo=UTC)) == (
        "2026-W48"
    )
    assert jobs.last_complete_week(settings, datetime(2026, 11, 29, 18, 0, tzinfo=UTC)) == (
        "2026-W47"
    )


def test_report_is_due_until_last_weeks_html_is_archived(
    engine: Engine, overrides: dict[str, Any]
) -> None:
    settings = Settings(**overrides)
    assert jobs.report_due(engine, settings)
    with session_scope(engine) as s:
        s.add(Report(iso_week=jobs.last_complete_week(settings), format="html", content="x"))
    assert not jobs.report_due(engine, settings)


def test_crawl_summary_is_the_crawl_verbs_stderr_line(
    engine: Engine, overrides: dict[str, Any], capfd: pytest.CaptureFixture[str]
) -> None:
    script = (
        "import sys; print('INFO monitor.crawl: starting', file=sys.stderr);"
        "print('crawl: 3 feeds, 2 ok, 1 failed', file=sys.stderr);"
        "print('tass  500 FAILED HTTP 500  https://tass.ru/rss', file=sys.stderr)"
    )
    overrides["crawl_command"] = [sys.executable, "-c", script]
    result = jobs.crawl_job(**overrides)
    assert result.summary == "exit 0: crawl: 3 feeds, 2 ok, 1 failed"
    # The crawl's own lines reach the service's stderr (one log stream).
    assert "tass  500 FAILED HTTP 500" in capfd.readouterr().err


def test_crawl_output_stays_json_under_log_format_json(
    engine: Engine, overrides: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    import logging

    from monitor.logs import setup_logging

    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    overrides["crawl_command"] = [
        sys.executable,
        "-c",
        'import sys; sys.stderr.write(\'{"msg": "already json"}\\ncrawl: 2 responses\\n\')',
    ]
    try:
        setup_logging("INFO", "json")
        assert jobs.crawl_job(**overrides).ok
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line a JSON object
    assert any(r.get("message") == "crawl: 2 responses" for r in records), records


def test_unmigrated_database_is_one_line_saying_what_to_run(tmp_path: Path) -> None:
    # `serve --once` on a database nobody upgraded: each job's log line named the SQL statement
    # and its parameters over four lines instead of the fix.
    result = jobs.classify_job(database_url=f"sqlite:///{tmp_path / 'empty.db'}")
    assert not result.ok
    assert result.summary.startswith("cannot record the run: the database has no schema yet")
    assert "run `monitor db upgrade`" in result.summary and "\n" not in result.summary
