"""`monitor demo`: clear failure when a stage is missing, the summary, and the whole run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from monitor.cli import main
from monitor.demo import run as demo_run
from monitor.settings import Settings
from tests.support.seed import seed

REPO = Path(__file__).resolve().parents[2]


def test_missing_stage_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(
        demo_run, "missing_stages", lambda: ["classify (monitor.classify.run_classify)"]
    )
    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert "lacks stage(s) the demo runs: classify" in result.stderr
    assert not (tmp_path / "d").exists()  # checked before anything is created


def test_summary_of_a_week(engine: Engine) -> None:
    seed(engine)
    kz, ru = demo_run.summarise(engine, "2026-W46")
    assert (kz.articles, kz.about, ru.articles, ru.about) == (4, 2, 4, 1)
    result = demo_run.DemoResult(Path("r.html"), "2026-W46", kz, ru, 0, 0, 0.0)
    assert result.ratio == 2.0
    empty = demo_run.summarise(engine, "2020-W01")
    assert empty[0].share is None


def test_last_complete_week_is_in_the_report_zone() -> None:
    settings = Settings(report_timezone="Asia/Almaty")
    # Sunday 20:00 UTC is already Monday 01:00 in Almaty: the week just ended is complete.
    assert (
        demo_run.last_complete_week(settings, datetime(2026, 11, 29, 20, tzinfo=UTC)) == "2026-W48"
    )
    assert (
        demo_run.last_complete_week(settings, datetime(2026, 11, 29, 12, tzinfo=UTC)) == "2026-W47"
    )


@pytest.mark.slow
def test_demo_runs_the_whole_pipeline(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "monitor", "demo", "--dir", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        timeout=170,
        env=env,
        cwd=tmp_path,
    )
    # A branch without every stage (before the lead's merge) cannot run it: say so, loudly.
    partial = ("not available in this build", "lacks stage(s)")
    if proc.returncode == 1 and any(p in proc.stderr for p in partial):
        pytest.skip(proc.stderr.strip().splitlines()[-1])
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    report = Path(lines[0].removeprefix("report: "))
    assert report.is_file() and report.suffix == ".html"
    assert "Kazakh outlets → Russia" in lines[1] and "imbalance ratio" in lines[1]
    assert (tmp_path / "demo" / "demo.db").is_file()
    stored = re.search(r"(\d+) articles stored, (\d+) classified", proc.stderr)
    assert stored is not None
    assert 150 <= int(stored.group(1)) == int(stored.group(2)) <= 250
