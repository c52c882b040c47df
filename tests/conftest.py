"""Shared fixtures: databases on SQLite and PostgreSQL, the fixture HTTP server, the corpus."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine

from monitor.db.engine import make_engine
from monitor.db.migrate import upgrade
from tests.support.databases import fresh_database
from tests.support.httpserver import FixtureServer
from tests.support.redisdb import RedisTarget, fresh_prefix

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"


@contextmanager
def migrated_database(kind: str, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh database of `kind` (sqlite|postgresql) at the latest schema."""
    with fresh_database(kind, tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a freshly migrated database, once per engine."""
    with migrated_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    """PostgreSQL only, for PostgreSQL-only features (roles, advisory locks)."""
    with migrated_database("postgresql", tmp_path) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    with migrated_database("sqlite", tmp_path) as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def corpus() -> Path:
    """../shared/corpus beside the checkout; tests that need it skip cleanly without it."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture
def http_server() -> Iterator[FixtureServer]:
    server = FixtureServer().start()
    yield server
    server.stop()


@pytest.fixture
def redis_target() -> Iterator[RedisTarget]:
    """The test Redis with a unique key prefix (skips when Redis is unreachable, see redisdb)."""
    with fresh_prefix() as target:
        yield target
