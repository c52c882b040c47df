"""`monitor export`: article_coverage rows by publication day, as CSV, JSON Lines, Parquet."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from monitor.cli import main
from monitor.export import NAMES
from tests.support.seed import seed


def _run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["export", *args], env={"MONITOR_DATABASE_URL": db_url})


@pytest.fixture
def seeded(engine: Engine) -> dict[str, int]:
    return seed(engine)


def test_csv_since_is_inclusive(db_url: str, seeded: dict[str, int]) -> None:
    result = _run(db_url, "--since", "2026-11-04")
    assert result.exit_code == 0, result.output
    records = list(csv.DictReader(io.StringIO(result.stdout)))
    # d2 (10 articles) and d3 (9 and one re-post); d1 (30 October) is out.
    assert len(records) == 20
    assert list(records[0]) == NAMES
    assert {r["published_day"] for r in records} == {"2026-11-04", "2026-11-11"}
    assert sum(1 for r in records if r["duplicate_of"]) == 1
    assert "exported 20 articles" in result.stderr


def test_jsonl_with_until(db_url: str, seeded: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    result = _run(
        db_url,
        "--since",
        "2026-10-01",
        "--until",
        "2026-11-04",
        "--format",
        "jsonl",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 23  # d1 (13) and d2 (10)
    first = records[0]
    assert first["published_day"] == "2026-10-30"
    assert first["published_at"] == "2026-10-30T06:00:00+00:00"
    assert first["label"] == "about" and first["source_country"] == "KZ"
    assert first["target_country"] == "RU" and first["score"] == 0.9


def test_parquet_types_are_the_same_on_both_engines(
    db_url: str, seeded: dict[str, int], tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "c.parquet"
    result = _run(db_url, "--since", "2026-11-11", "--format", "parquet", "--out", str(out))
    assert result.exit_code == 0, result.output
    frame = pq.read_table(out)
    assert frame.num_rows == 10
    assert frame.column_names == NAMES
    assert str(frame.schema.field("published_at").type) == "timestamp[us, tz=UTC]"
    assert str(frame.schema.field("published_day").type) == "date32[day]"
    labels = frame.column("label").to_pylist()
    assert labels.count("about") == 3 and labels.count(None) == 1


def test_parquet_without_pyarrow_says_how_to_install(
    db_url: str, seeded: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    result = _run(
        db_url, "--since", "2026-11-11", "--format", "parquet", "--out", str(tmp_path / "x.parquet")
    )
    assert result.exit_code == 1
    assert "kzru-monitor[export]" in result.stderr


def test_usage_errors(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/x.db"
    assert _run(url, "--since", "2026-11-11", "--format", "parquet").exit_code == 2
    bad = _run(url, "--since", "2026-11-11", "--until", "2026-11-01")
    assert bad.exit_code == 2 and "--until" in bad.stderr
    assert _run(url, "--since", "11/11/2026").exit_code == 2


@pytest.mark.parametrize("out", [None, "coverage.csv"])
def test_unmigrated_database_writes_nothing(tmp_path: Path, out: str | None) -> None:
    # The CSV header (or an --out file holding only it) came out before the error.
    empty = tmp_path / "empty.db"
    empty.touch()
    args = ["--since", "2026-11-01"] + (["--out", str(tmp_path / out)] if out else [])
    result = _run(f"sqlite:///{empty}", *args)
    assert result.exit_code == 1
    assert "run `monitor db upgrade`" in result.stderr
    assert result.stdout == ""
    assert out is None or not (tmp_path / out).exists()
