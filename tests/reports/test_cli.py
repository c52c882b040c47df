"""`monitor report`: files, stdout with --out -, and usage errors naming --week."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine

from monitor.cli import main


def _env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {"MONITOR_DATABASE_URL": db_url, "MONITOR_REPORTS_DIR": str(tmp_path / "out")}


def test_report_writes_the_file_and_prints_its_path(
    populated: Engine, db_url: str, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main, ["report", "--week", "2026-W47", "--format", "csv"], env=_env(db_url, tmp_path)
    )
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path == tmp_path / "out" / "kzru-2026-W47.csv"
    assert path.read_text().splitlines()[0].startswith("direction,source_id,name")


def test_json_to_stdout(populated: Engine, db_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["report", "--week", "2026-W47", "--format", "json", "--out", "-"],
        env=_env(db_url, tmp_path),
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["directions"]["RU->KZ"]["share"] == 0.06
    assert "archived at" in result.stderr


def test_bad_week_is_a_usage_error_naming_the_flag(tmp_path: Path) -> None:
    env = {"MONITOR_DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"}
    for bad in ("47", "2026-W60"):
        result = CliRunner().invoke(main, ["report", "--week", bad], env=env)
        assert result.exit_code == 2
        assert "--week" in result.stderr and "YYYY-Www, e.g. 2026-W47" in result.stderr
    assert not (tmp_path / "none.db").exists()  # refused before touching the database


def test_a_week_in_the_future_is_refused(tmp_path: Path) -> None:
    env = {"MONITOR_DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"}
    future = date.today() + timedelta(weeks=3)
    iso = future.isocalendar()
    result = CliRunner().invoke(main, ["report", "--week", f"{iso.year}-W{iso.week:02d}"], env=env)
    assert result.exit_code == 2
    assert "--week" in result.stderr and "has not started yet" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_help_ends_with_an_example() -> None:
    result = CliRunner().invoke(main, ["report", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "monitor report --week 2026-W47" in result.stdout
