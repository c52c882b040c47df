"""`monitor sources list` keeps its columns aligned; `monitor worker` errors read like the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main

ENTRY = """
[[sources]]
id = "{id}"
name = "{id}"
country = "KZ"
languages = ["ru"]
homepage = "https://{id}.kz/"
feeds = [{{ url = "https://{id}.kz/rss", lang = "ru" }}]
"""


def test_list_columns_line_up_with_long_ids(tmp_path: Path) -> None:
    registry = tmp_path / "sources.toml"
    registry.write_text("".join(ENTRY.format(id=i) for i in ("a", "a-much-longer-source-id")))
    result = CliRunner().invoke(main, ["sources", "list"], env={"MONITOR_SOURCES": str(registry)})
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert len(rows) == 2
    assert len({row.index(" KZ ") for row in rows}) == 1, rows  # the country column is aligned


def test_unreachable_redis_is_a_click_error() -> None:
    # Port 1 on loopback refuses at once; the message has the same form as every other error.
    env = {"MONITOR_REDIS_URL": "redis://127.0.0.1:1/0", "MONITOR_DATABASE_URL": "sqlite://"}
    result = CliRunner().invoke(main, ["worker", "status"], env=env)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: cannot reach Redis at MONITOR_REDIS_URL"), result.stderr


def test_sources_option_selects_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DESIGN: the registry is overridable with `--sources FILE` as well as MONITOR_SOURCES.
    # The option wins over the variable; setenv also makes monkeypatch restore the variable
    # the CLI sets for its subprocesses.
    monkeypatch.setenv("MONITOR_SOURCES", str(tmp_path / "the-variable.toml"))
    registry = tmp_path / "mine.toml"
    registry.write_text(ENTRY.format(id="only-mine"))
    result = CliRunner().invoke(main, ["--sources", str(registry), "sources", "list"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert [row.split()[0] for row in rows] == ["only-mine"]


def test_sources_option_names_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--sources", str(tmp_path / "nope.toml"), "status"])
    assert result.exit_code == 2
    assert "nope.toml" in result.stderr and "does not exist" in result.stderr
