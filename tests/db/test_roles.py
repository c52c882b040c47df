"""The read-only role: created by migration 0002 with a password from settings, reads the
views, cannot write or create anything, and goes away on downgrade."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from psycopg import errors
from sqlalchemy import Engine, create_engine, func, make_url, select, table, text
from sqlalchemy.exc import DBAPIError

from monitor.db.engine import make_engine
from monitor.db.migrate import downgrade, upgrade
from monitor.db.views import VIEWS
from monitor.settings import Settings
from tests.support.databases import fresh_database

# A quote, a semicolon and a comment marker: only correct quoting survives this.
PASSWORD = "r3ad'er; DROP ROLE postgres; --"


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


@pytest.fixture
def reader(pg_url: str, pg_engine: Engine) -> Iterator[tuple[Engine, Settings]]:
    db_url, engine = pg_url, pg_engine
    # A unique role name: the cluster is shared with other test runs.
    settings = Settings(
        database_url=db_url, reader_password=PASSWORD, reader_role=f"r_{uuid.uuid4().hex[:10]}"
    )
    downgrade(engine, "0001", settings)
    upgrade(engine, "head", settings)
    url = make_url(db_url).set(username=settings.reader_role, password=PASSWORD)
    reader_engine = create_engine(url)
    yield reader_engine, settings
    reader_engine.dispose()
    downgrade(engine, "0001", settings)


def _sqlstate(conn_engine: Engine, statement: str, *, read_write: bool = False) -> type:
    with conn_engine.connect() as conn:
        if read_write:
            # The role may lift its read-only default; the privileges must still hold.
            conn.execute(text("SET default_transaction_read_only = off"))
            conn.commit()
        with pytest.raises(DBAPIError) as info:
            conn.execute(text(statement))
        conn.rollback()
    return type(info.value.orig)


def test_sqlite_migration_creates_no_role(sqlite_url: str) -> None:
    db_url, engine = sqlite_url, make_engine(sqlite_url)
    settings = Settings(database_url=db_url, reader_password=PASSWORD)
    downgrade(engine, "0001", settings)
    upgrade(engine, "head", settings)  # must not fail
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM article_coverage")).scalar() == 0


def test_reader_selects_every_view(reader: tuple[Engine, Settings]) -> None:
    reader_engine, settings = reader
    with reader_engine.connect() as conn:
        assert conn.execute(text("SELECT current_user")).scalar() == settings.reader_role
        for view in VIEWS:
            count = select(func.count()).select_from(table(view))
            assert conn.execute(count).scalar() == 0
        assert conn.execute(text("SELECT COUNT(*) FROM articles")).scalar() == 0


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO sources (id, name, country, languages, fulltext) "
        "VALUES ('x', 'x', 'KZ', '[]', true)",
        "UPDATE feeds SET active = false",
        "DELETE FROM articles",
        "CREATE TABLE stolen (id int)",
        "CREATE VIEW stolen AS SELECT 1 AS one",
        "DROP VIEW article_coverage",
        "TRUNCATE classifications",
    ],
)
def test_reader_cannot_write_or_create(reader: tuple[Engine, Settings], statement: str) -> None:
    reader_engine, _ = reader
    # By default the role's transactions are read-only ...
    assert _sqlstate(reader_engine, statement) is errors.ReadOnlySqlTransaction
    # ... and when it switches that off, privileges refuse it.
    assert _sqlstate(reader_engine, statement, read_write=True) is errors.InsufficientPrivilege


def test_reader_cannot_create_temporary_tables_by_default(reader: tuple[Engine, Settings]) -> None:
    reader_engine, _ = reader
    failure = _sqlstate(reader_engine, "CREATE TEMP TABLE scratch (id int)")
    assert failure is errors.ReadOnlySqlTransaction


def test_password_is_stored_hashed(reader: tuple[Engine, Settings], pg_engine: Engine) -> None:
    _, settings = reader
    with pg_engine.connect() as conn:
        stored = conn.execute(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"),
            {"r": settings.reader_role},
        ).scalar()
    assert stored is not None and stored.startswith("SCRAM-SHA-256$")
    assert PASSWORD not in stored


def test_downgrade_drops_the_role(pg_engine: Engine, reader: tuple[Engine, Settings]) -> None:
    reader_engine, settings = reader
    reader_engine.dispose()
    downgrade(pg_engine, "0001", settings)
    with pg_engine.connect() as conn:
        exists = conn.execute(
            text("SELECT COUNT(*) FROM pg_roles WHERE rolname = :r"), {"r": settings.reader_role}
        ).scalar()
    assert exists == 0


def test_role_shared_by_two_schemas_survives_one_downgrade(
    reader: tuple[Engine, Settings], tmp_path: Path
) -> None:
    reader_engine, settings = reader
    with fresh_database("postgresql", tmp_path) as other_url:
        other = make_engine(other_url)
        upgrade(other, "head", settings)
        downgrade(other, "0001", settings)  # the first schema still grants: keep the role
        with other.connect() as conn:
            assert (
                conn.execute(
                    text("SELECT COUNT(*) FROM pg_roles WHERE rolname = :r"),
                    {"r": settings.reader_role},
                ).scalar()
                == 1
            )
        reader_engine.dispose()  # a new session: the role can still log in and read
        with reader_engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM weekly_attention")).scalar() == 0
        other.dispose()


def test_password_set_after_the_first_migration_creates_the_role_on_upgrade(
    pg_url: str, pg_engine: Engine
) -> None:
    # The schema was migrated without MONITOR_READER_PASSWORD; the operator sets it later and
    # runs `monitor db upgrade` again (a no-op for Alembic): the role must appear then.
    from click.testing import CliRunner

    from monitor.cli import main

    role = f"r_{uuid.uuid4().hex[:10]}"
    env = {
        "MONITOR_DATABASE_URL": pg_url,
        "MONITOR_READER_PASSWORD": PASSWORD,
        "MONITOR_READER_ROLE": role,
    }
    result = CliRunner().invoke(main, ["db", "upgrade"], env=env)
    settings = Settings(database_url=pg_url, reader_password=PASSWORD, reader_role=role)
    try:
        assert result.exit_code == 0, result.output
        url = make_url(pg_url).set(username=role, password=PASSWORD)
        reader_engine = create_engine(url)
        with reader_engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM weekly_attention")).scalar_one() == 0
        reader_engine.dispose()
    finally:
        downgrade(pg_engine, "0001", settings)
