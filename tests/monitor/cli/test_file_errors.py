"""A file the CLI cannot read or write gives one line naming the path and exit 1, not a traceback.

The path is made unusable by putting a regular file where a directory should be: that fails
the same way for root (who ignores permissions) and for everyone else.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from monitor.cli import main


@pytest.fixture
def blocked(tmp_path: Path) -> Path:
    """A path whose parent is a regular file: nothing can be created under it."""
    (tmp_path / "file").write_text("not a directory", encoding="utf-8")
    return tmp_path / "file" / "sub"


def _run(args: list[str], sqlite_url: str, reports_dir: Path) -> Result:
    env = {"MONITOR_DATABASE_URL": sqlite_url, "MONITOR_REPORTS_DIR": str(reports_dir)}
    return CliRunner().invoke(main, args, env=env)


def _one_line_error(result: Result, path: Path) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not an uncaught error
    assert result.stderr.startswith("Error: ") and str(path.parent) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_report_into_an_unwritable_reports_dir(sqlite_url: str, blocked: Path) -> None:
    result = _run(["report", "--week", "2026-W47", "--format", "md"], sqlite_url, blocked)
    _one_line_error(result, blocked)


def test_report_out_under_a_file(sqlite_url: str, blocked: Path, tmp_path: Path) -> None:
    result = _run(["report", "--week", "2026-W47", "--out", str(blocked / "r.html")],
                  sqlite_url, tmp_path)  # fmt: skip
    _one_line_error(result, blocked)


def test_export_out_under_a_file(sqlite_url: str, blocked: Path, tmp_path: Path) -> None:
    out = blocked / "coverage.csv"
    result = _run(["export", "--since", "2026-11-01", "--out", str(out)], sqlite_url, tmp_path)
    _one_line_error(result, out)


def test_classify_jsonl_out_under_a_file(sqlite_url: str, blocked: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "outlet_country": "KZ", "title": "x", "text": "y"}\n')
    out = blocked / "out.jsonl"
    result = _run(["classify", "--jsonl", str(src), "--out", str(out)], sqlite_url, tmp_path)
    _one_line_error(result, out)


def test_classify_missing_jsonl_is_a_usage_error(sqlite_url: str, tmp_path: Path) -> None:
    result = _run(["classify", "--jsonl", str(tmp_path / "absent.jsonl")], sqlite_url, tmp_path)
    assert result.exit_code == 2, result.output
    assert "absent.jsonl" in result.stderr and "does not exist" in result.stderr
