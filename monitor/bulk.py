"""Bulk article upserts per dialect: INSERT … ON CONFLICT (url_key) DO UPDATE … RETURNING.

PostgreSQL gets every column as one array parameter (`INSERT … SELECT unnest(:a), unnest(:b)…`):
a statement of fifteen parameters instead of fifteen per row, which psycopg adapts in
microseconds, where a multi-row VALUES clause of thousands of placeholders cost more than
parsing the feed (measured with bench/bench_ingest.py). SQLite uses SQLAlchemy's batched
"insertmanyvalues" execution of one compiled statement.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, any_, bindparam, cast, func, select
from sqlalchemy.dialects import postgresql, sqlite

from monitor.db.models import Article, table_of

ARTICLES = table_of(Article)
PG_BATCH = 5000  # rows per statement: bounded memory for a huge first fetch or a backfill


def _on_conflict(stmt: Any) -> Any:
    return stmt.on_conflict_do_update(
        index_elements=["url_key"],
        set_={
            "last_seen_at": stmt.excluded.last_seen_at,
            "times_seen": ARTICLES.c.times_seen + 1,
        },
    ).returning(ARTICLES.c.id, ARTICLES.c.url_key, ARTICLES.c.times_seen)


def upsert_returning(
    conn: Connection, rows: Sequence[dict[str, Any]]
) -> Iterator[tuple[int, str, int]]:
    """Upsert rows (distinct url_keys); yield (id, url_key, times_seen) for each."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        yield from conn.execute(_on_conflict(sqlite.insert(ARTICLES)), list(rows))  # type: ignore[misc,unused-ignore]
        return
    columns = list(rows[0])
    for start in range(0, len(rows), PG_BATCH):
        batch = rows[start : start + PG_BATCH]
        exprs: list[Any] = []
        for name in columns:
            values = [r[name] for r in batch]
            col_type = ARTICLES.c[name].type
            if all(v == values[0] for v in values):
                # Constant over the response (source, feed, times): one scalar, not an array.
                exprs.append(
                    cast(bindparam(f"c_{name}", value=values[0], type_=col_type), col_type)
                )
            else:
                array = bindparam(f"a_{name}", value=values, type_=postgresql.ARRAY(col_type))
                exprs.append(func.unnest(array))
        stmt = _on_conflict(postgresql.insert(ARTICLES).from_select(columns, select(*exprs)))
        yield from conn.execute(stmt)  # type: ignore[misc,unused-ignore]


def in_values(conn: Connection, column: Any, values: list[str]) -> ColumnElement[bool]:
    """`column IN values`, as `= ANY(:array)` on PostgreSQL (one parameter, not thousands)."""
    if conn.dialect.name == "postgresql":
        matches: ColumnElement[bool] = column == any_(
            bindparam("b_values", value=values, type_=postgresql.ARRAY(column.type))
        )
        return matches
    within: ColumnElement[bool] = column.in_(values)
    return within
