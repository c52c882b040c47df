"""`monitor sql`: prints rows in four forms, binds parameters, and can never write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, text

from monitor.cli import main
from tests.support.seed import article_url, seed

COUNT = (
    "SELECT source_country, COUNT(*) AS n FROM article_coverage GROUP BY source_country ORDER BY 1"
)


def _run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["sql", *args], env={"MONITOR_DATABASE_URL": db_url})


def _articles(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT COUNT(*) FROM articles")).scalar_one())


@pytest.fixture
def seeded(engine: Engine) -> dict[str, int]:
    return seed(engine)


def test_csv(db_url: str, seeded: dict[str, int]) -> None:
    result = _run(db_url, "--csv", COUNT)
    assert result.exit_code == 0, result.output
    assert result.stdout == "source_country,n\nKZ,15\nRU,18\n"
    assert "2 rows" in result.stderr


def test_json_with_a_parameter(db_url: str, seeded: dict[str, int]) -> None:
    first = seeded[article_url("kz_ru", "d1", 0)]
    query = "SELECT surface, masked FROM evidence WHERE article_id = :id ORDER BY start"
    result = _run(db_url, "--json", query, "--param", f"id={first}")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"surface": "Москва", "masked": None},
        {"surface": "России", "masked": None},
        {"surface": "ТАСС", "masked": "attribution"},
    ]


def test_plain_text_when_piped(db_url: str, seeded: dict[str, int]) -> None:
    result = _run(
        db_url,
        "SELECT iso_week, about FROM weekly_attention WHERE source_country = 'KZ' ORDER BY 1",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "iso_week\tabout",
        "2026-W44\t1",
        "2026-W45\t2",
        "2026-W46\t2",
    ]


def test_rich_table_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from monitor.cli import sql as sql_module

    monkeypatch.setattr(sql_module.sys.stdout, "isatty", lambda: True, raising=False)
    sql_module._print(["a", "b"], iter([(1, None)]), "table")
    out = capsys.readouterr().out
    assert out.startswith("┏") and "│ 1 │ NULL │" in out


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM articles",
        "UPDATE articles SET title = 'x'",
        "DROP VIEW article_coverage",
        "CREATE TABLE x (id INTEGER)",
        "SELECT 1; DELETE FROM articles",
        "SELECT 1; COMMIT; DELETE FROM articles",
    ],
)
def test_writes_fail_and_change_nothing(
    db_url: str, engine: Engine, seeded: dict[str, int], statement: str
) -> None:
    before = _articles(engine)
    result = _run(db_url, statement)
    assert result.exit_code == 1
    assert "query failed (read-only)" in result.stderr
    assert _articles(engine) == before == 33
    assert "article_coverage" in _run(db_url, "--csv", "SELECT 'article_coverage' AS v").stdout


def test_missing_parameter_is_named(db_url: str, seeded: dict[str, int]) -> None:
    result = _run(db_url, "SELECT * FROM articles WHERE id = :id")
    assert result.exit_code == 1
    # The same hint on both engines (SQLite gave sqlite3's own sentence).
    assert "missing parameter 'id': add --param id=VALUE" in result.stderr


def test_a_param_without_a_value_names_the_option(db_url: str) -> None:
    result = _run(db_url, "SELECT :id AS id", "-p", "id")
    assert result.exit_code == 2
    assert "Invalid value for '--param': 'id': write NAME=VALUE" in result.stderr


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_is_a_usage_error(db_url: str, query: str) -> None:
    # It printed nothing and "0 rows" with exit 0.
    result = _run(db_url, query)
    assert result.exit_code == 2
    assert "QUERY is empty" in result.stderr


@pytest.mark.parametrize("url", ["sqlite://", "mysql+pymysql://u@localhost/db"])
def test_unsupported_databases_are_refused(url: str) -> None:
    result = _run(url, "SELECT 1")
    assert result.exit_code == 2
    assert "MONITOR_DATABASE_URL" in result.stderr


def test_missing_sqlite_file(tmp_path: object) -> None:
    result = _run(f"sqlite:///{tmp_path}/absent.db", "SELECT 1")
    assert result.exit_code == 1
    assert "monitor db upgrade" in result.stderr


def test_reader_database_url_is_used_when_set(
    db_url: str, engine: Engine, seeded: dict[str, int], tmp_path: Path
) -> None:
    # The main URL points nowhere usable: the query must go to MONITOR_READER_DATABASE_URL.
    env = {
        "MONITOR_DATABASE_URL": f"sqlite:///{tmp_path / 'absent.db'}",
        "MONITOR_READER_DATABASE_URL": db_url,
    }
    result = CliRunner().invoke(
        main, ["sql", "--csv", "SELECT COUNT(*) AS n FROM articles"], env=env
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == str(_articles(engine)) != "0"


def test_a_statement_over_the_timeout_is_stopped(pg_url: str) -> None:
    env = {"MONITOR_DATABASE_URL": pg_url, "MONITOR_SQL_TIMEOUT_SECONDS": "0.5"}
    result = CliRunner().invoke(main, ["sql", "SELECT pg_sleep(5)"], env=env)
    assert result.exit_code == 1
    assert "statement timeout" in result.output


def test_only_canonical_integers_bind_as_integers(db_url: str) -> None:
    result = _run(db_url, "--json", "SELECT :a AS a, :b AS b, :c AS c", "-p", "a=42", "-p", "b=007",
                  "-p", "c=-3")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"a": 42, "b": "007", "c": -3}]


def test_json_refuses_repeated_column_names(db_url: str) -> None:
    result = _run(db_url, "--json", "SELECT 1 AS x, 2 AS x, 3 AS y")
    assert result.exit_code == 1
    assert "x appear more than once" in result.stderr and "AS" in result.stderr
    assert result.stdout == ""  # nothing half-printed
    # CSV keeps both columns, so it needs no such check.
    assert _run(db_url, "--csv", "SELECT 1 AS x, 2 AS x").stdout == "x,x\n1,2\n"


def test_csv_and_json_together_is_a_usage_error(db_url: str) -> None:
    result = _run(db_url, "--csv", "--json", "SELECT 1")
    assert result.exit_code == 2
    assert "--csv and --json exclude each other" in result.stderr
