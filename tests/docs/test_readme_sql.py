"""The README's `monitor sql` examples run as written on SQLite and PostgreSQL.

The README says they work with sqlite3, psql or `monitor sql`; `ROUND(share, 3)` once did
not on PostgreSQL (no round(double precision, int)). Each `$ monitor sql …` command, with its
continuation lines, is run through the CLI on the seeded database; where the README shows
output, the header row must be the one printed.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from monitor.cli import main
from tests.support.seed import seed

README = Path(__file__).resolve().parents[2] / "README.md"
# A prompt line, its indented continuation lines, then (optionally) the output up to a blank line.
EXAMPLE = re.compile(r"^\$ monitor (sql .*?(?:\n[ \t]+.*)*)\n((?:.+\n)*)", re.M)


def readme_examples() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in EXAMPLE.finditer(README.read_text("utf-8"))]


def test_the_readme_has_sql_examples() -> None:
    assert len(readme_examples()) >= 2


@pytest.mark.parametrize("command, output", readme_examples(), ids=lambda v: v[:30])
def test_readme_sql_example_runs(command: str, output: str, db_url: str, engine: Engine) -> None:
    seed(engine)
    result = CliRunner().invoke(main, shlex.split(command), env={"MONITOR_DATABASE_URL": db_url})
    assert result.exit_code == 0, result.output
    if output.strip() and not output.startswith("```"):
        assert result.stdout.splitlines()[0] == output.splitlines()[0]
