"""A database that is unreachable or not migrated gives one readable line and exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main


def test_unmigrated_sqlite_says_to_run_db_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    result = CliRunner().invoke(main, ["status"])
    assert result.exit_code == 1
    assert "run `monitor db upgrade`" in result.output
    assert "Traceback" not in result.output


def test_unreachable_server_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    monkeypatch.setenv("MONITOR_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = CliRunner().invoke(main, ["status", "--json"])
    assert result.exit_code == 1
    assert "MONITOR_DATABASE_URL" in result.output and "Connection refused" in result.output


@pytest.mark.parametrize("verb", [["status"], ["sql", "SELECT 1"], ["db", "current"]])
def test_malformed_database_url_is_a_usage_error_naming_the_variable(
    verb: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_DATABASE_URL", "postgres-on-localhost")
    result = CliRunner().invoke(main, verb)
    assert result.exit_code == 2, result.output
    assert "MONITOR_DATABASE_URL" in result.output and "sqlite:///" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_postgres_scheme_url_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # The Heroku-style scheme SQLAlchemy has no dialect for: one line, no "Value error," noise.
    monkeypatch.setenv("MONITOR_DATABASE_URL", "postgres://monitor@127.0.0.1:1/monitor")
    result = CliRunner().invoke(main, ["report"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "MONITOR_DATABASE_URL: the monitor runs on SQLite or PostgreSQL" in result.stderr
    assert "Value error" not in result.stderr


def test_unknown_revision_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOR_DATABASE_URL", f"sqlite:///{tmp_path / 'monitor.db'}")
    result = CliRunner().invoke(main, ["db", "upgrade", "--revision", "bogus"])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "cannot upgrade to revision 'bogus'" in result.stderr
