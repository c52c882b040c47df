"""The Redis for the scale-out tests: a unique key prefix per test, removed afterwards.

Redis is `MONITOR_TEST_REDIS_URL` (default: the machine's 127.0.0.1:6379/0). Where it is
unreachable the Redis tests skip with the reason, unless MONITOR_REQUIRE_REDIS=1 (set by
.ci/run), where they fail: CI must never pass by skipping the frontier.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import redis

DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
_problem: list[str | None] = []


def redis_base_url() -> str:
    return os.environ.get("MONITOR_TEST_REDIS_URL", DEFAULT_REDIS)


def redis_unavailable() -> str | None:
    """None when Redis answers, else why not (checked once per test run)."""
    if not _problem:
        try:
            client = redis.Redis.from_url(redis_base_url(), socket_connect_timeout=3)
            client.ping()
            client.close()
            _problem.append(None)
        except Exception as exc:  # any failure to connect means "not here"
            _problem.append(f"Redis at {redis_base_url()} unreachable: {exc.__class__.__name__}")
    return _problem[0]


def require_redis() -> None:
    problem = redis_unavailable()
    if problem:
        if os.environ.get("MONITOR_REQUIRE_REDIS") == "1":
            pytest.fail(problem + " (MONITOR_REQUIRE_REDIS=1)")
        pytest.skip(problem)


@dataclass
class RedisTarget:
    url: str
    prefix: str
    client: redis.Redis

    def keys(self) -> list[str]:
        return sorted(k.decode() for k in self.client.scan_iter(f"{self.prefix}:*"))


@contextmanager
def fresh_prefix() -> Iterator[RedisTarget]:
    """A Redis client and a key prefix no other test uses; its keys are deleted afterwards."""
    require_redis()
    client = redis.Redis.from_url(redis_base_url())
    target = RedisTarget(redis_base_url(), f"test-{uuid.uuid4().hex[:12]}", client)
    try:
        yield target
    finally:
        for key in client.scan_iter(f"{target.prefix}:*"):
            client.delete(key)
        client.close()
