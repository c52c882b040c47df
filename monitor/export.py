"""Export article_coverage rows for notebooks: CSV, JSON Lines or Parquet (pyarrow, optional).

Rows are read through a read-only connection (monitor.db.readonly) with a Core query and
bound dates; the columns are the view's, in its order, typed the same on both engines.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    BigInteger,
    ColumnClause,
    Connection,
    Date,
    Float,
    String,
    column,
    select,
    table,
)

from monitor.db.models import UtcDateTime

FORMATS = ("csv", "jsonl", "parquet")
COLUMNS: list[ColumnClause[Any]] = [
    column("article_id", BigInteger()),
    column("source_id", String()),
    column("source_country", String()),
    column("lang", String()),
    column("published_at", UtcDateTime()),
    column("url", String()),
    column("title", String()),
    column("target_country", String()),
    column("label", String()),
    column("score", Float()),
    column("classifier_version", String()),
    column("iso_week", String()),
    column("published_day", Date()),
    column("duplicate_of", BigInteger()),
]
NAMES = [c.name for c in COLUMNS]
ARTICLE_COVERAGE = table("article_coverage", *COLUMNS)


class ExportError(RuntimeError):
    """The export cannot run as asked (e.g. pyarrow missing for parquet)."""


def rows(conn: Connection, since: date, until: date | None) -> Iterator[tuple[Any, ...]]:
    """article_coverage rows published from `since` to `until` (both inclusive), in order."""
    day = ARTICLE_COVERAGE.c.published_day
    query = select(*ARTICLE_COVERAGE.c).where(day >= since)
    if until is not None:
        query = query.where(day <= until)
    query = query.order_by(day, ARTICLE_COVERAGE.c.article_id)
    # Executed now, not on the first next(): a database without the view must fail before a
    # writer has printed the CSV header or created the --out file.
    result = conn.execute(query)
    return (tuple(row) for row in result)


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def write_csv(records: Iterator[tuple[Any, ...]], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(NAMES)
    count = 0
    for record in records:
        writer.writerow(["" if v is None else _text(v) for v in record])
        count += 1
    return count


def write_jsonl(records: Iterator[tuple[Any, ...]], out: IO[str]) -> int:
    count = 0
    for record in records:
        payload = dict(zip(NAMES, map(_text, record), strict=True))
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_parquet(records: Iterator[tuple[Any, ...]], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportError(
            "--format parquet needs pyarrow: pip install 'kzru-monitor[export]' "
            "(or use --format csv|jsonl)"
        ) from exc
    schema = pa.schema(
        [
            ("article_id", pa.int64()),
            ("source_id", pa.string()),
            ("source_country", pa.string()),
            ("lang", pa.string()),
            ("published_at", pa.timestamp("us", tz="UTC")),
            ("url", pa.string()),
            ("title", pa.string()),
            ("target_country", pa.string()),
            ("label", pa.string()),
            ("score", pa.float64()),
            ("classifier_version", pa.string()),
            ("iso_week", pa.string()),
            ("published_day", pa.date32()),
            ("duplicate_of", pa.int64()),
        ]
    )
    data = list(records)
    columns = {name: [r[i] for r in data] for i, name in enumerate(NAMES)}
    pq.write_table(pa.table(columns, schema=schema), path)
    return len(data)
