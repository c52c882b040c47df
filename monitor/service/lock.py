"""Exactly one active scheduler per database.

- PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) taken on a dedicated
  connection that stays open while the service runs. The server releases it when that session
  ends, so a crashed or killed service never leaves a stale lock. The key is derived from the
  database and schema names: one lock per job store, and test schemas in one database do not
  block each other.
- SQLite: a `filelock` lock file next to the database file (`monitor.db.scheduler.lock`);
  the kernel releases it when the process dies.

A service that does not get the lock stands by and retries (see `runner`).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from abc import ABC, abstractmethod
from pathlib import Path

import filelock
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

log = logging.getLogger("monitor.serve")
LOCK_NAMESPACE = "kzru-monitor scheduler"


class SchedulerLock(ABC):
    """A non-blocking, process-wide lock; `describe()` names it for logs and /healthz."""

    kind: str

    @abstractmethod
    def try_acquire(self) -> bool:
        """Take the lock if free; True when this process holds it afterwards."""

    @abstractmethod
    def still_held(self) -> bool:
        """False when the lock was lost (e.g. the database connection dropped)."""

    @abstractmethod
    def release(self) -> None:
        """Give the lock up; safe to call when not held."""

    @abstractmethod
    def describe(self) -> str: ...


class FileSchedulerLock(SchedulerLock):
    kind = "file"

    def __init__(self, path: Path) -> None:
        self.path = path
        # thread_local=False: acquired in the main thread, inspected from the HTTP thread.
        self._lock = filelock.FileLock(str(path), thread_local=False)

    def try_acquire(self) -> bool:
        if self._lock.is_locked:
            return True
        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            return False
        return True

    def still_held(self) -> bool:
        return self._lock.is_locked

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)

    def describe(self) -> str:
        return f"file lock {self.path}"


class PostgresAdvisoryLock(SchedulerLock):
    kind = "postgresql-advisory"

    def __init__(self, database_url: str) -> None:
        # NullPool: the lock's connection is ours alone and truly closes on release.
        self._engine = create_engine(database_url, poolclass=NullPool)
        self._conn: Connection | None = None
        self.key: int | None = None
        # One SQLAlchemy connection is not thread-safe; /healthz checks it from the HTTP thread.
        self._mutex = threading.RLock()

    def _connect(self) -> Connection:
        conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        db, schema = conn.execute(text("SELECT current_database(), current_schema()")).one()
        self.key = lock_key(f"{db}.{schema}")
        return conn

    def try_acquire(self) -> bool:
        with self._mutex:
            return self._try_acquire()

    def _try_acquire(self) -> bool:
        if self._conn is not None and self.still_held():
            return True
        self._close()
        conn = self._connect()
        got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar())
        if got:
            self._conn = conn
        else:
            conn.close()
        return got

    def still_held(self) -> bool:
        # A session-level lock lives as long as its session: a live connection still holds it.
        with self._mutex:
            if self._conn is None:
                return False
            try:
                self._conn.execute(text("SELECT 1"))
            except Exception:
                log.exception("lost the connection that holds the scheduler lock")
                self._close()
                return False
            return True

    def release(self) -> None:
        with self._mutex:
            if self._conn is not None:
                try:
                    self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
                except Exception:  # closing the session below releases it anyway
                    log.warning("could not unlock explicitly; closing the session releases it")
            self._close()

    def _close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
            self._conn = None

    def describe(self) -> str:
        return f"PostgreSQL advisory lock {self.key}"


def lock_key(scope: str) -> int:
    """A stable signed 64-bit key for `pg_try_advisory_lock(bigint)`."""
    digest = hashlib.blake2b(f"{LOCK_NAMESPACE}:{scope}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def scheduler_lock(database_url: str) -> SchedulerLock:
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        return PostgresAdvisoryLock(database_url)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise ValueError("monitor serve needs a SQLite file (not :memory:) or PostgreSQL")
        return FileSchedulerLock(Path(f"{url.database}.scheduler.lock"))
    raise ValueError(f"no scheduler lock for {url.get_backend_name()}: use SQLite or PostgreSQL")
