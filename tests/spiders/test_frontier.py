"""Frontier leases on a real Redis: pop leaves a lease, ack and re-queue release it, and the
in-flight work of a dead worker goes back exactly once."""

from __future__ import annotations

import json

import pytest

from spiders.frontier import Frontier, FrontierKeys, reap_dead
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
