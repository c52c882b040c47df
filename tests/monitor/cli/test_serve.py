"""`monitor serve`: usage errors name the variable and exit 2; help ends with an example."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from monitor.cli import main


def test_memory_database_is_a_usage_error() -> None:
    result = CliRunner().invoke(
        main, ["serve", "--once"], env={"MONITOR_DATABASE_URL": "sqlite://"}
    )
    assert result.exit_code == 2
    assert "MONITOR_DATABASE_URL: monitor serve needs a SQLite file" in result.output


def test_bad_interval_names_the_variable() -> None:
    result = CliRunner().invoke(main, ["serve"], env={"MONITOR_CRAWL_INTERVAL_MINUTES": "0"})
    assert result.exit_code == 2
    assert "MONITOR_CRAWL_INTERVAL_MINUTES" in result.output


def test_help_ends_with_an_example() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "monitor serve --once" in result.output


def test_bad_report_cron_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOR_REPORT_CRON", "every monday")
    result = CliRunner().invoke(main, ["serve", "--no-standby"])
    assert result.exit_code == 2
    assert "MONITOR_REPORT_CRON" in result.output
    assert "MONITOR_DATABASE_URL" not in result.output
