"""Frontier figures on /metrics: read from Redis at scrape time, and a dead Redis is a gauge."""

from __future__ import annotations

import logging

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from sqlalchemy import Engine

from monitor.service.metrics import FrontierCollector, ServiceMetrics
from monitor.settings import Settings
from spiders.frontier import Frontier, FrontierKeys
from tests.support.redisdb import RedisTarget


def _scrape(registry: CollectorRegistry) -> dict[str, float]:
    values: dict[str, float] = {}
    for line in generate_latest(registry).decode().splitlines():
        if line and not line.startswith("#") and "{" not in line:
            name, value = line.split()
            values[name] = float(value)
    return values


def _registry(collector: FrontierCollector) -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(collector)
    return registry


@pytest.mark.redis
def test_frontier_gauges_are_read_at_scrape_time(redis_target: RedisTarget) -> None:
    keys = FrontierKeys(redis_target.prefix)
    client = redis_target.client
    registry = _registry(FrontierCollector(redis_target.url, redis_target.prefix))
    empty = _scrape(registry)
    assert empty["monitor_frontier_up"] == 1
    assert empty["monitor_frontier_requests_queued"] == 0
    assert empty["monitor_frontier_requeued_total"] == 0

    alive, dead = (Frontier(client, keys, w, heartbeat=60) for w in ("alive", "dead"))
    for frontier in (alive, dead):
        frontier._beat({"host": "test", "pid": 0, "started": 0})
    for n in range(6):
        alive.push(keys.queue, f"req{n}".encode(), n, None)
    assert alive.pop(keys.queue) and alive.pop(keys.queue) and dead.pop(keys.queue)
    client.delete(keys.alive("dead"))  # its heartbeat lapsed; not reaped yet
    client.rpush(keys.start, "task1", "task2")
    client.hincrby(keys.stats, "requeued", 7)
    client.hincrby(keys.stats, "lease_expired", 2)

    got = _scrape(registry)
    assert got["monitor_frontier_up"] == 1
    assert got["monitor_frontier_requests_queued"] == 3
    assert got["monitor_frontier_tasks_queued"] == 2
    assert got["monitor_frontier_workers_live"] == 1
    assert got["monitor_frontier_requests_leased"] == 3  # the dead worker's one included
    assert got["monitor_frontier_requeued_total"] == 7
    assert got["monitor_frontier_lease_expired_total"] == 2


def test_unreachable_redis_is_a_gauge_not_a_failed_scrape(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry = _registry(FrontierCollector("redis://127.0.0.1:1/0", "nowhere"))  # port 1: refused
    with caplog.at_level(logging.WARNING, logger="monitor.serve"):
        got = _scrape(registry)
    assert got == {"monitor_frontier_up": 0.0}
    assert "Redis frontier unreachable" in caplog.text


def test_frontier_figures_only_with_a_redis_url(engine: Engine) -> None:
    url = str(engine.url.render_as_string(hide_password=False))
    without = ServiceMetrics(engine, lambda: True, Settings(database_url=url, redis_url=None))
    assert "monitor_frontier_up" not in _scrape(without.registry)
    with_redis = ServiceMetrics(
        engine, lambda: True, Settings(database_url=url, redis_url="redis://127.0.0.1:1/0")
    )
    assert _scrape(with_redis.registry)["monitor_frontier_up"] == 0
