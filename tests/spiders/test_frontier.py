"""Frontier leases on a real Redis: pop leaves a lease, ack and re-queue release it, and the
in-flight work of a dead worker, or a lease a live worker held too long, goes back exactly once."""

from __future__ import annotations

import json
import time

import pytest

from spiders.frontier import Frontier, FrontierKeys, reap_dead, reap_stale
from tests.support.redisdb import RedisTarget

pytestmark = pytest.mark.redis


def _frontier(target: RedisTarget, worker: str) -> Frontier:
    frontier = Frontier(target.client, FrontierKeys(target.prefix), worker, heartbeat=60)
    frontier._beat({"host": "test", "pid": 0, "started": 0})  # registered and alive
    return frontier


def test_pop_leases_until_ack_and_requeue_gives_the_lease_back(redis_target: RedisTarget) -> None:
    keys = FrontierKeys(redis_target.prefix)
    w1 = _frontier(redis_target, "w1")
    w1.push(keys.queue, b"page", 10, None)  # scrapy-redis scores are -priority (pages: -10)
    w1.push(keys.queue, b"feed", 0, None)
    lease, data = w1.pop(keys.queue)  # type: ignore[misc]
    assert data == b"feed"  # higher priority first
    assert redis_target.client.zrange(keys.leases("w1"), 0, -1) == [b"feed"]
    w1.ack(lease)
    assert redis_target.client.exists(keys.leases("w1")) == 0
    lease, data = w1.pop(keys.queue)  # type: ignore[misc]
    # A retry re-queues the request (new bytes: its meta changed) and frees the old lease.
    w1.push(keys.queue, b"page-retry", 10, lease)
    assert redis_target.client.exists(keys.leases("w1")) == 0
    assert redis_target.client.zrange(keys.queue, 0, -1) == [b"page-retry"]
    assert w1.pop(keys.queue) is not None and w1.pop(keys.queue) is None


def test_dead_worker_leases_and_claims_go_back_once(redis_target: RedisTarget) -> None:
    keys = FrontierKeys(redis_target.prefix)
    client = redis_target.client
    w1, w2 = _frontier(redis_target, "w1"), _frontier(redis_target, "w2")
    for n in range(3):
        w2.push(keys.queue, f"req{n}".encode(), n, None)
    client.rpush(keys.start, *[json.dumps({"n": n}) for n in range(4)])
    assert w2.pop(keys.queue) and w2.pop(keys.queue)
    assert w2.claim(2) == [b'{"n": 0}', b'{"n": 1}']
    assert reap_dead(client, keys, skip="w1") == 0  # w2 is alive: nothing moves
    client.delete(keys.alive("w2"))  # SIGKILL: its heartbeat lapses
    assert reap_dead(client, keys, skip="w1") == 4
    assert reap_dead(client, keys, skip="w1") == 0  # a second reaper finds nothing
    assert sorted(client.zrange(keys.queue, 0, -1)) == [b"req0", b"req1", b"req2"]
    # Claimed tasks are back at the head of the start key, in their order.
    assert client.lrange(keys.start, 0, -1) == [json.dumps({"n": n}).encode() for n in range(4)]
    assert client.hkeys(keys.workers) == [b"w1"]
    assert int(client.hget(keys.stats, "requeued")) == 4  # type: ignore[arg-type]
    assert w1.unregister() == 0 and client.hlen(keys.workers) == 0


def _server_now(target: RedisTarget) -> float:
    seconds, micros = target.client.time()
    return float(seconds) + micros / 1e6


def test_stale_lease_of_a_live_worker_goes_back_exactly_once(redis_target: RedisTarget) -> None:
    keys = FrontierKeys(redis_target.prefix)
    client = redis_target.client
    hung = _frontier(redis_target, "hung")
    hung.push(keys.queue, b"stuck", 3.25, None)
    hung.push(keys.queue, b"fresh", 5, None)
    before = _server_now(redis_target)
    stuck_lease, _ = hung.pop(keys.queue)  # type: ignore[misc]
    hung.pop(keys.queue)
    stamped = client.zscore(keys.leased_at("hung"), b"stuck")
    assert stamped is not None and before - 1 <= stamped <= _server_now(redis_target) + 1
    # The stuck request was leased two hours ago; the worker still heartbeats.
    client.zadd(keys.leased_at("hung"), {b"stuck": before - 7200})
    assert client.exists(keys.alive("hung")) == 1
    assert reap_dead(client, keys) == 0  # alive: the dead-worker reaper leaves it alone
    assert reap_stale(client, keys, max_age=3600) == 1
    assert reap_stale(client, keys, max_age=3600) == 0  # a second reaper finds nothing
    # Back at its own priority score; the fresh lease stays with its worker.
    assert client.zrange(keys.queue, 0, -1, withscores=True) == [(b"stuck", 3.25)]
    assert client.zrange(keys.leases("hung"), 0, -1) == [b"fresh"]
    assert client.zrange(keys.leased_at("hung"), 0, -1) == [b"fresh"]
    assert client.hmget(keys.stats, "requeued", "lease_expired") == [b"1", b"1"]
    # The hung worker wakes up and acks: nothing of the re-queued request is touched.
    hung.ack(stuck_lease)
    assert client.zrange(keys.queue, 0, -1) == [b"stuck"]
    assert hung.in_flight == 1
    # Its clean stop hands back the fresh lease and leaves no lease key behind.
    assert hung.unregister() == 1
    assert sorted(client.zrange(keys.queue, 0, -1)) == [b"fresh", b"stuck"]
    assert not client.exists(keys.leases("hung"), keys.leased_at("hung"))


def test_ack_forgets_the_lease_age(redis_target: RedisTarget) -> None:
    keys = FrontierKeys(redis_target.prefix)
    w1 = _frontier(redis_target, "w1")
    w1.push(keys.queue, b"a", 0, None)
    w1.push(keys.queue, b"b", 1, None)
    lease_a, _ = w1.pop(keys.queue)  # type: ignore[misc]
    lease_b, _ = w1.pop(keys.queue)  # type: ignore[misc]
    w1.ack(lease_a)
    w1.push(keys.queue, b"b-retry", 1, lease_b)
    assert redis_target.client.exists(keys.leases("w1"), keys.leased_at("w1")) == 0


def test_a_live_workers_heartbeat_thread_reaps_stale_leases(redis_target: RedisTarget) -> None:
    keys = FrontierKeys(redis_target.prefix)
    client = redis_target.client
    reaper = Frontier(client, keys, "reaper", heartbeat=0.3, lease_timeout=0.5)
    hung = _frontier(redis_target, "hung")
    hung.push(keys.queue, b"stuck", 0, None)
    assert hung.pop(keys.queue) is not None
    reaper.register()
    try:
        deadline = time.monotonic() + 5
        while client.zcard(keys.queue) == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.zrange(keys.queue, 0, -1) == [b"stuck"]
        assert client.zcard(keys.leases("hung")) == 0
        assert client.exists(keys.alive("hung")) == 1  # still alive: a lease age, not a death
    finally:
        reaper.unregister()
