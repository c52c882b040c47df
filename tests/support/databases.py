"""Database URLs for tests: a fresh SQLite file, or a fresh schema in the local PostgreSQL.

PostgreSQL is `MONITOR_TEST_POSTGRES_URL` (default: the machine's 127.0.0.1:5432/test). Where it
is unreachable the PostgreSQL variants skip with the reason, unless MONITOR_REQUIRE_POSTGRES=1
(set by .ci/run), where they fail: CI must never pass by skipping the production engine.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
_pg_problem: list[str | None] = []


def postgres_base_url() -> str:
    return os.environ.get("MONITOR_TEST_POSTGRES_URL", DEFAULT_PG)


def postgres_unavailable() -> str | None:
    """None when PostgreSQL answers, else why not (checked once per test run)."""
    if not _pg_problem:
        try:
            engine = create_engine(postgres_base_url(), connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
            _pg_problem.append(None)
        except Exception as exc:  # any failure to connect means "not here"
            _pg_problem.append(
                f"PostgreSQL at {postgres_base_url()} unreachable: {exc.__class__.__name__}"
            )
    return _pg_problem[0]


def require_postgres() -> None:
    problem = postgres_unavailable()
    if problem:
        if os.environ.get("MONITOR_REQUIRE_POSTGRES") == "1":
            pytest.fail(problem + " (MONITOR_REQUIRE_POSTGRES=1)")
        pytest.skip(problem)


@contextmanager
def fresh_database(kind: str, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of an empty database of `kind` (sqlite|postgresql), removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_base_url())
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        # search_path in the URL reaches subprocesses (crawls) too.
        yield f"{postgres_base_url()}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
