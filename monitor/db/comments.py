"""PostgreSQL `COMMENT ON` every table, view and column, from the descriptions in docs.py.

Only relations and columns that exist are commented, so an old migration keeps working when
docs.py later describes newer columns, and the library tables (alembic_version,
apscheduler_jobs) get theirs once the library has created them. A migration that adds columns or recreates a view
(which drops its comments) should end with `apply_comments(op.get_bind())` again.
No-op on SQLite, which has no comments.
"""

from __future__ import annotations

from typing import Any

from psycopg import sql
from sqlalchemy import Connection, inspect

from monitor.db.docs import LIBRARY_TABLES, TABLES, VIEWS, Doc


def _driver(conn: Connection) -> Any:
    """The psycopg connection under SQLAlchemy's, in the same transaction."""
    return conn.connection.driver_connection


def _statements(conn: Connection, clear: bool) -> list[sql.Composed]:
    inspector = inspect(conn)
    present = {"TABLE": set(inspector.get_table_names()), "VIEW": set(inspector.get_view_names())}
    out: list[sql.Composed] = []
    tables = {**TABLES, **LIBRARY_TABLES}
    relations: list[tuple[str, str, Doc]] = [("TABLE", n, d) for n, d in tables.items()]
    relations += [("VIEW", n, d) for n, d in VIEWS.items()]
    for kind, name, doc in relations:
        if name not in present[kind]:
            continue
        text = sql.NULL if clear else sql.Literal(doc.description)
        out.append(
            sql.SQL("COMMENT ON {} {} IS {}").format(sql.SQL(kind), sql.Identifier(name), text)
        )
        existing = {c["name"] for c in inspector.get_columns(name)}
        for column, description in doc.columns.items():
            if column not in existing:
                continue
            text = sql.NULL if clear else sql.Literal(description)
            out.append(
                sql.SQL("COMMENT ON COLUMN {}.{} IS {}").format(
                    sql.Identifier(name), sql.Identifier(column), text
                )
            )
    return out


def apply_comments(conn: Connection, *, clear: bool = False) -> int:
    """Comment (or, with clear, un-comment) what exists; returns the number of statements."""
    if conn.dialect.name != "postgresql":
        return 0
    statements = _statements(conn, clear)
    with _driver(conn).cursor() as cur:
        for statement in statements:
            cur.execute(statement)
    return len(statements)
