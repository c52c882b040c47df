"""Read-only access for `monitor sql` and `monitor export`: an analyst's query cannot write.

Two guarantees per engine, because one alone has gaps:

- SQLite: the file is opened with the `mode=ro` URI (the library refuses every write), and an
  authorizer allows only reading (SELECT, reads, functions, recursive CTEs), which also stops
  `ATTACH 'file:x?mode=rwc'` and writing PRAGMAs. sqlite3 runs one statement per call.
- PostgreSQL: the query runs in a `SET TRANSACTION READ ONLY` transaction that is rolled back,
  and it is sent as a prepared statement: the server then refuses several statements in one
  string, so `SELECT 1; COMMIT; DELETE …` cannot end the read-only transaction and go on.

Other engines are refused (ReadOnlyUnsupported) rather than run without a guarantee.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, make_url, text
from sqlalchemy.pool import NullPool

# sqlite3 authorizer action codes that only read.
_SQLITE_READ_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    getattr(sqlite3, "SQLITE_RECURSIVE", 33),
}


class ReadOnlyUnsupported(ValueError):
    """The database URL names an engine (or an SQLite form) we cannot open read-only."""


def _authorize(action: int, *_args: Any) -> int:
    return sqlite3.SQLITE_OK if action in _SQLITE_READ_ACTIONS else sqlite3.SQLITE_DENY


def sqlite_path(database_url: str) -> Path:
    """The file of an SQLite URL; in-memory databases have nothing to read."""
    database = make_url(database_url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise ReadOnlyUnsupported(
            f"cannot open {database_url!r} read-only: give an SQLite file path "
            "(MONITOR_DATABASE_URL=sqlite:///monitor.db)"
        )
    return Path(database)


def readonly_engine(database_url: str) -> Engine:
    """An engine whose connections cannot write (see the module docstring)."""
    backend = make_url(database_url).get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(database_url)
        if not path.is_file():
            raise FileNotFoundError(f"no database at {path} (run `monitor db upgrade` first)")
        uri = path.resolve().as_uri() + "?mode=ro"

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)

        # NullPool: every checkout is a fresh connection, authorised in readonly_connection.
        return create_engine("sqlite://", creator=connect, poolclass=NullPool)
    if backend == "postgresql":
        return create_engine(database_url, poolclass=NullPool)
    raise ReadOnlyUnsupported(
        f"read-only queries are supported on SQLite and PostgreSQL, not {backend!r}; "
        "use that database's own client"
    )


@contextmanager
def readonly_connection(engine: Engine, timeout_s: float | None = None) -> Iterator[Connection]:
    """A connection in a transaction that is read-only (PostgreSQL) and always rolled back.

    `timeout_s` bounds each statement on PostgreSQL (statement_timeout, this transaction only),
    so a runaway analyst query cannot hold the production database's resources for hours.
    """
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # Installed after SQLAlchemy's own set-up PRAGMAs, which the authorizer would refuse.
            conn.connection.driver_connection.set_authorizer(_authorize)  # type: ignore[union-attr]
        conn.begin()
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            if timeout_s:
                conn.execute(
                    text("SELECT set_config('statement_timeout', :ms, true)"),
                    {"ms": str(int(timeout_s * 1000))},
                )
        try:
            yield conn
        finally:
            conn.rollback()


def run_query(
    conn: Connection, sql: str, params: dict[str, Any] | None = None
) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """Run one analyst statement; returns the column names and the rows (lazily)."""
    driver = conn.connection.driver_connection
    cursor: Any = driver.cursor()  # type: ignore[union-attr]
    if conn.dialect.name == "postgresql":
        # `:name` parameters as in sqlite3; compiled to psycopg's style (escaping any %).
        compiled = text(sql).compile(dialect=conn.dialect)
        bound = {key: (params or {})[key] for key in compiled.params}
        cursor.execute(str(compiled), bound, prepare=True)
    else:
        cursor.execute(sql, params or {})
    columns = [d[0] for d in cursor.description or []]

    def rows() -> Iterator[tuple[Any, ...]]:
        while batch := cursor.fetchmany(500):
            yield from (tuple(row) for row in batch)

    return columns, rows() if columns else iter(())
