"""The shared Redis frontier of the crawl workers: keys, leases, liveness and recovery.

scrapy-redis provides the shared scheduler queue, the duplicate filter and the start-URL key.
What it lacks for us is delivery that survives a dead worker: its queue *pops* a request, so a
worker killed with requests in flight (in the downloader, waiting for a slot, or parsed but not
yet stored) would lose them. Hence, per worker:

- a **lease** zset: `pop` moves the request from the queue into the worker's lease zset in one
  Lua script; the worker removes it (`ack`) only after the store pipeline committed the item
  that request produced (and after any requests it yielded were pushed to the queue);
- a **claims** list: feed tasks taken from the start key stay there until their requests are
  in the queue;
- a **liveness** key renewed by a thread every `heartbeat/3` seconds with a `heartbeat` TTL.
  Every worker also reaps: for any registered worker whose liveness key has lapsed, one Lua
  script checks the key again and moves its leases back to the queue and its claims back to the
  start key, atomically, so two reapers cannot both re-queue (the second finds nothing);
- a **leased-at** zset (request -> Redis server time of the pop): a worker that hangs but stays
  alive (heartbeat thread fine, reactor stuck) would keep its leases forever, so the reapers
  also move back single leases older than `lease_timeout_seconds`, whoever holds them, in one
  Lua script (atomic as above). The hung worker's later ack or retry of such a request finds no
  lease and does nothing; the request may be fetched twice, which the store absorbs.

A request is therefore fetched at least once; it is fetched twice only when a worker died
after the fetch and before the store committed (bounded by its concurrency), and the store's
unique keys make that second pass harmless. See docs/scale-out.md.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import redis

log = logging.getLogger("crawl.frontier")
SPIDER = "frontier"  # one spider name: feeds, sitemaps and article pages share one queue
LEASE = "frontier_lease"  # request.meta key of the lease id (worker-local)

# KEYS: queue, leases, leased-at. Returns {member, score} or nil. The lease keeps the queue score
# (its priority, for a re-queue); its age goes to leased-at, stamped with the Redis server's
# clock so that workers' clocks never have to agree.
_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return nil end
local t = redis.call('TIME')
redis.call('ZREM', KEYS[1], r[1])
redis.call('ZADD', KEYS[2], r[2], r[1])
redis.call('ZADD', KEYS[3], tonumber(t[1]) + tonumber(t[2]) / 1000000, r[1])
return r
"""
# KEYS: queue, leases, leased-at. ARGV: max age (s). Re-queues the leases older than that, at
# their priority; returns how many. A lease acked meanwhile is only forgotten.
_EXPIRE = """
local t = redis.call('TIME')
local cutoff = tonumber(t[1]) + tonumber(t[2]) / 1000000 - tonumber(ARGV[1])
local old = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', cutoff)
local n = 0
for i = 1, #old do
  local score = redis.call('ZSCORE', KEYS[2], old[i])
  if score then
    redis.call('ZADD', KEYS[1], score, old[i])
    redis.call('ZREM', KEYS[2], old[i])
    n = n + 1
  end
  redis.call('ZREM', KEYS[3], old[i])
end
return n
"""
# KEYS: start, claims. ARGV: count. Returns the claimed payloads (oldest first).
_CLAIM = """
local items = redis.call('LPOP', KEYS[1], ARGV[1])
if not items then return {} end
redis.call('RPUSH', KEYS[2], unpack(items))
return items
"""
# KEYS: queue, leases, start, claims, workers, alive, leased-at. ARGV: worker id, force (1 = own release).
# Returns the number of requests and tasks put back, or -1 when the worker is alive after all.
_REAP = """
if ARGV[2] ~= '1' and redis.call('EXISTS', KEYS[6]) == 1 then return -1 end
local n = 0
local r = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #r, 2 do
  redis.call('ZADD', KEYS[1], r[i + 1], r[i])
  n = n + 1
end
local c = redis.call('LRANGE', KEYS[4], 0, -1)
for i = #c, 1, -1 do redis.call('LPUSH', KEYS[3], c[i]) end
n = n + #c
redis.call('DEL', KEYS[2], KEYS[4], KEYS[6], KEYS[7])
redis.call('HDEL', KEYS[5], ARGV[1])
return n
"""


@dataclass(frozen=True)
class FrontierKeys:
    """Every Redis key of one deployment, under its prefix (MONITOR_REDIS_PREFIX)."""

    prefix: str

    @property
    def queue(self) -> str:
        return f"{self.prefix}:{SPIDER}:requests"

    @property
    def dupefilter(self) -> str:
        return f"{self.prefix}:{SPIDER}:dupefilter"

    @property
    def start(self) -> str:
        return f"{self.prefix}:{SPIDER}:start"

    @property
    def workers(self) -> str:
        return f"{self.prefix}:workers"

    @property
    def stats(self) -> str:
        return f"{self.prefix}:stats"

    def leases(self, worker: str) -> str:
        return f"{self.prefix}:{SPIDER}:leases:{worker}"

    def leased_at(self, worker: str) -> str:
        return f"{self.prefix}:{SPIDER}:leased-at:{worker}"

    def claims(self, worker: str) -> str:
        return f"{self.prefix}:{SPIDER}:claims:{worker}"

    def alive(self, worker: str) -> str:
        return f"{self.prefix}:alive:{worker}"

    def feed_claim(self, feed_id: int) -> str:
        return f"{self.prefix}:feed-claim:{feed_id}"

    def reap_keys(self, worker: str) -> list[str]:
        return [
            self.queue,
            self.leases(worker),
            self.start,
            self.claims(worker),
            self.workers,
            self.alive(worker),
            self.leased_at(worker),
        ]

    def lease_keys(self, worker: str) -> list[str]:
        return [self.queue, self.leases(worker), self.leased_at(worker)]


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def reap_dead(server: redis.Redis, keys: FrontierKeys, *, skip: str | None = None) -> int:
    """Put back what dead workers held; returns how many requests/tasks went back."""
    script = server.register_script(_REAP)
    total = 0
    for raw in server.hkeys(keys.workers):
        worker = raw.decode() if isinstance(raw, bytes) else str(raw)
        if worker == skip:
            continue
        moved = int(script(keys=keys.reap_keys(worker), args=[worker, "0"]))
        if moved >= 0:
            log.warning("worker %s is gone: %d request(s) put back on the frontier", worker, moved)
            server.hincrby(keys.stats, "requeued", moved)
            total += moved
    return total


def reap_stale(server: redis.Redis, keys: FrontierKeys, max_age: float) -> int:
    """Re-queue leases older than `max_age` seconds, of every registered worker, alive or not:
    a hung worker still renews its liveness key. Returns how many went back."""
    script = server.register_script(_EXPIRE)
    total = 0
    for raw in server.hkeys(keys.workers):
        worker = raw.decode() if isinstance(raw, bytes) else str(raw)
        moved = int(script(keys=keys.lease_keys(worker), args=[max_age]))
        if moved:
            log.warning(
                "worker %s held %d request(s) for over %.0f s (hung?): put back on the frontier",
                worker,
                moved,
                max_age,
            )
            pipe = server.pipeline(transaction=False)
            pipe.hincrby(keys.stats, "requeued", moved)
            pipe.hincrby(keys.stats, "lease_expired", moved)
            pipe.execute()
            total += moved
    return total


class Frontier:
    """One worker's side of the frontier: pop with a lease, ack, claims, heartbeat, reaping."""

    def __init__(
        self,
        server: redis.Redis,
        keys: FrontierKeys,
        worker: str,
        heartbeat: float,
        lease_timeout: float | None = None,
    ) -> None:
        self.server = server
        self.keys = keys
        self.worker = worker
        self.heartbeat = heartbeat
        self.lease_timeout = lease_timeout  # None: leases of live workers never expire
        self._pop = server.register_script(_POP)
        self._claim = server.register_script(_CLAIM)
        self._reap = server.register_script(_REAP)
        self._leased: dict[str, bytes] = {}  # lease id -> the exact member in the lease zset
        self._next_lease = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- requests ---------------------------------------------------------------------------
    def pop(self, queue_key: str) -> tuple[str, bytes] | None:
        got = self._pop(
            keys=[queue_key, self.keys.leases(self.worker), self.keys.leased_at(self.worker)]
        )
        if not got:
            return None
        self._next_lease += 1
        lease = str(self._next_lease)
        self._leased[lease] = got[0]
        return lease, got[0]

    def push(self, queue_key: str, data: bytes, score: float, lease: str | None) -> None:
        """Queue a request; a re-queued leased request (retry, redirect) gives its lease back."""
        old = self._leased.pop(lease, None) if lease else None
        pipe = self.server.pipeline(transaction=True)
        pipe.zadd(queue_key, {data: score})
        if old is not None:
            pipe.zrem(self.keys.leases(self.worker), old)
            pipe.zrem(self.keys.leased_at(self.worker), old)
        pipe.execute()

    def ack(self, lease: str | None) -> None:
        """The request's outcome is stored: it no longer needs to survive this worker."""
        old = self._leased.pop(lease, None) if lease else None
        if old is not None:
            pipe = self.server.pipeline(transaction=True)
            pipe.zrem(self.keys.leases(self.worker), old)
            pipe.zrem(self.keys.leased_at(self.worker), old)
            pipe.execute()

    @property
    def in_flight(self) -> int:
        return len(self._leased)

    # -- feed tasks from the start key ---------------------------------------------------------
    def claim(self, count: int) -> list[bytes]:
        return list(
            self._claim(keys=[self.keys.start, self.keys.claims(self.worker)], args=[count])
        )

    def claims_done(self) -> None:
        self.server.delete(self.keys.claims(self.worker))

    def release_feed(self, feed_id: int) -> None:
        self.server.delete(self.keys.feed_claim(feed_id))

    # -- liveness -----------------------------------------------------------------------------
    def register(self) -> None:
        info = {"host": socket.gethostname(), "pid": os.getpid(), "started": time.time()}
        self._beat(info)
        reap_dead(self.server, self.keys, skip=self.worker)
        self._thread = threading.Thread(target=self._run, name="frontier-heartbeat", daemon=True)
        self._thread.start()

    def _beat(self, info: dict[str, Any] | None = None) -> None:
        pipe = self.server.pipeline(transaction=True)
        pipe.set(self.keys.alive(self.worker), "1", px=int(self.heartbeat * 1000))
        if info is not None:
            pipe.hset(self.keys.workers, self.worker, json.dumps(info))
        pipe.execute()

    def _run(self) -> None:
        # A thread, not a reactor timer: a long parse or store must not make a live worker look
        # dead. What it proves is that the process is alive, which is what SIGKILL takes away.
        while not self._stop.wait(self.heartbeat / 3):
            try:
                self._beat()
                reap_dead(self.server, self.keys, skip=self.worker)
                if self.lease_timeout is not None:
                    reap_stale(self.server, self.keys, self.lease_timeout)
            except redis.RedisError as exc:
                log.warning("frontier heartbeat failed: %s", exc)

    def unregister(self) -> int:
        """Clean stop: hand back whatever this worker still holds, then leave."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        moved = int(self._reap(keys=self.keys.reap_keys(self.worker), args=[self.worker, "1"]))
        self._leased.clear()
        return moved
