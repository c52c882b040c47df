"""Exactly one holder of the scheduler lock per database, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.service.lock import FileSchedulerLock, PostgresAdvisoryLock, lock_key, scheduler_lock


def test_second_holder_is_refused_until_the_first_releases(db_url: str) -> None:
    first, second = scheduler_lock(db_url), scheduler_lock(db_url)
    try:
        assert first.try_acquire()
        assert first.still_held()
        assert not second.try_acquire()
        assert not second.still_held()
        first.release()
        assert not first.still_held()
        assert second.try_acquire()
        assert not first.try_acquire()
    finally:
        first.release()
        second.release()


def test_lock_kind_follows_the_database(db_url: str) -> None:
    lock = scheduler_lock(db_url)
    expected = PostgresAdvisoryLock if db_url.startswith("postgresql") else FileSchedulerLock
    assert isinstance(lock, expected)


def test_sqlite_lock_file_sits_next_to_the_database(tmp_path: Path) -> None:
    lock = scheduler_lock(f"sqlite:///{tmp_path / 'monitor.db'}")
    assert isinstance(lock, FileSchedulerLock)
    assert lock.path == tmp_path / "monitor.db.scheduler.lock"


def test_memory_database_is_refused() -> None:
    with pytest.raises(ValueError, match="SQLite file"):
        scheduler_lock("sqlite://")


def test_lock_keys_are_stable_and_per_schema() -> None:
    assert lock_key("monitor.public") == lock_key("monitor.public")
    assert lock_key("monitor.public") != lock_key("test.t_abc")
    assert -(2**63) <= lock_key("monitor.public") < 2**63
