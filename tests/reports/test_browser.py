"""The HTML report in a real headless browser (Debian chromium): renders, no console errors,
charts present, a hostile headline shown as text and never executed."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from monitor.db.engine import make_engine
from monitor.db.migrate import upgrade
from monitor.settings import Settings
from reports.build import build_report
from reports.render import render
from reports.weeks import parse_week
from tests.reports.conftest import NOW
from tests.reports.factory import populate
from tests.support.databases import fresh_database

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} absent: apt-get install chromium to run this"
    ),
]


def run_chromium(page: Path, tmp_path: Path, *args: str) -> tuple[str, str]:
    """(stdout, stderr) of one headless run with console messages logged to stderr."""
    proc = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
            page.as_uri(),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return proc.stdout, proc.stderr


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """One engine is enough here: the browser sees HTML, which does not depend on the engine."""
    with fresh_database("sqlite", tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        yield engine
        engine.dispose()


def _report(engine: Engine, filled: bool) -> dict[str, Any]:
    if filled:
        populate(engine)
    return build_report(engine, Settings(), parse_week("2026-W47"), now=NOW)


@pytest.mark.parametrize("filled", [False, True], ids=["empty-week", "synthetic-week"])
def test_report_renders_without_console_errors(
    sqlite_engine: Engine, tmp_path: Path, filled: bool
) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(_report(sqlite_engine, filled), "html"), encoding="utf-8")
    dom, stderr = run_chromium(page, tmp_path, "--dump-dom")
    assert console_lines(stderr) == []
    assert dom.count("<svg") == 3
    assert "Kazakhstan–Russia media attention, week 2026-W47" in dom
    if filled:
        assert dom.count("<polyline") >= 3 and "<rect" in dom
        # Shown as text: escaped in the DOM, no script element, the script's effect absent.
        assert "&lt;script&gt;document.body.setAttribute" in dom
        assert "<script" not in dom and 'data-pwned="1"' not in dom


def test_console_errors_are_detected(tmp_path: Path) -> None:
    """Control: the check above would see a failing script."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>nosuch();</script>", encoding="utf-8")
    _, stderr = run_chromium(page, tmp_path, "--dump-dom")
    assert any("nosuch is not defined" in line for line in console_lines(stderr))


def test_screenshot(sqlite_engine: Engine, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(_report(sqlite_engine, True), "html"), encoding="utf-8")
    shot = tmp_path / "report.png"
    run_chromium(page, tmp_path, "--window-size=1100,1600", f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
