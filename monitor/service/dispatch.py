"""Dispatch: with MONITOR_REDIS_URL set, the crawl job pushes work to the Redis frontier.

The single active scheduler stops crawling itself and instead puts every due feed (and due
news sitemap, with a two-day window: what a news sitemap lists) as a JSON task on the
frontier's start key; `monitor worker` processes crawl them. Two guards keep this idempotent:

- a feed is pushed only when its Redis claim (`SET NX`, expiring after
  `crawl_timeout_seconds`) is free: a feed still queued from the last dispatch is not pushed
  twice, and one lost with everything else comes back when the claim expires (its database
  row still says it is due). Workers free the claim once the feed's response is stored;
- article pages left `pending` in the database (e.g. a worker died between storing a feed and
  queueing its pages) are re-pushed, but only when the frontier is idle (nothing queued,
  leased or claimed), so that a page in flight is never queued a second time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

import redis
from sqlalchemy import Engine, select

from monitor.crawl import select_tasks
from monitor.db.models import Feed, Source, utcnow
from monitor.settings import Settings
from monitor.sources import load_registry, sync_registry
from monitor.store import pending_articles
from spiders.frontier import FrontierKeys, reap_dead

NEWS_SITEMAP_WINDOW = timedelta(days=2)  # Google's news sitemaps list the last two days


@dataclass
class DispatchSummary:
    feeds: int = 0
    sitemaps: int = 0
    already_queued: int = 0
    pages: int = 0
    requeued: int = 0
    workers: int = 0
    backlog: int = 0  # requests waiting in the queue before this dispatch

    def line(self) -> str:
        return (
            f"dispatched {self.feeds} feeds, {self.sitemaps} sitemaps, {self.pages} pending pages "
            f"({self.already_queued} still queued, {self.requeued} taken back from dead workers); "
            f"{self.workers} live workers, backlog {self.backlog}"
        )


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def frontier_state(server: redis.Redis, keys: FrontierKeys) -> dict[str, Any]:
    """Sizes of the frontier and each registered worker's holdings (for status and metrics)."""
    workers: dict[str, Any] = {}
    for raw, info in server.hgetall(keys.workers).items():
        worker = _text(raw)
        workers[worker] = {
            **json.loads(info),
            "alive": bool(server.exists(keys.alive(worker))),
            "leased": int(server.zcard(keys.leases(worker))),
            "claimed": int(server.llen(keys.claims(worker))),
        }
    stats = {_text(k): int(v) for k, v in server.hgetall(keys.stats).items()}
    return {
        "prefix": keys.prefix,
        "queued": int(server.zcard(keys.queue)),
        "tasks": int(server.llen(keys.start)),
        "seen": int(server.scard(keys.dupefilter)),
        "workers": workers,
        "stats": stats,
    }


def _idle(state: dict[str, Any]) -> bool:
    held = sum(w["leased"] + w["claimed"] for w in state["workers"].values())
    return bool(state["queued"] == 0 and state["tasks"] == 0 and held == 0)


def _fulltext_feeds(engine: Engine) -> list[int]:
    query = (
        select(Feed.id)
        .join(Source, Source.id == Feed.source_id)
        .where(Feed.active.is_(True), Source.fulltext.is_(True))
    )
    with engine.connect() as conn:
        return [int(i) for i in conn.execute(query).scalars()]


def dispatch(
    settings: Settings,
    engine: Engine,
    server: redis.Redis,
    source_ids: Sequence[str] | None = None,
    *,
    due_only: bool = True,
    feeds: bool = True,
    sitemaps: bool = True,
    since: datetime | None = None,
    until: datetime | None = None,
) -> DispatchSummary:
    """Push the selected feeds/sitemaps (and, when idle, pending pages) to the frontier."""
    keys = FrontierKeys(settings.redis_prefix)
    summary = DispatchSummary(requeued=reap_dead(server, keys))
    sync_registry(engine, load_registry(settings.sources))
    now = utcnow()
    state = frontier_state(server, keys)
    summary.backlog = state["queued"] + state["tasks"]
    summary.workers = sum(1 for w in state["workers"].values() if w["alive"])
    payloads: list[tuple[int, str, dict[str, Any]]] = []
    if feeds:
        for task in select_tasks(engine, source_ids, kind="feed", due_only=due_only, now=now):
            payloads.append((task.feed_id, "feed", {"task": asdict(task)}))
    if sitemaps:
        window = {
            "since": (since or now - NEWS_SITEMAP_WINDOW).isoformat(),
            "until": until.isoformat() if until else None,
        }
        for task in select_tasks(engine, source_ids, kind="sitemap", due_only=due_only, now=now):
            payloads.append((task.feed_id, "sitemap", {"task": asdict(task), **window}))
    ttl = max(1, int(settings.crawl_timeout_seconds))
    pipe = server.pipeline(transaction=False)
    for feed_id, _, _ in payloads:
        pipe.set(keys.feed_claim(feed_id), "1", nx=True, ex=ttl)
    claimed = pipe.execute()
    pipe = server.pipeline(transaction=False)
    for (_, kind, body), fresh in zip(payloads, claimed, strict=True):
        if not fresh:
            summary.already_queued += 1
            continue
        pipe.rpush(keys.start, json.dumps({"kind": kind, **body}))
        if kind == "feed":
            summary.feeds += 1
        else:
            summary.sitemaps += 1
    if _idle(state):
        for article_id, url in pending_articles(engine, _fulltext_feeds(engine)):
            pipe.rpush(
                keys.start, json.dumps({"kind": "article", "article_id": article_id, "url": url})
            )
            summary.pages += 1
    pipe.hincrby(keys.stats, "dispatched", summary.feeds + summary.sitemaps + summary.pages)
    pipe.execute()
    return summary


def dispatch_crawl(settings: Settings, engine: Engine) -> tuple[bool, str]:
    """The crawl job's body when MONITOR_REDIS_URL is set (see monitor.service.jobs._crawl)."""
    from monitor.worker import redis_client

    server = redis_client(settings)
    try:
        summary = dispatch(settings, engine, server)
    finally:
        server.close()
    # Work waiting with nobody to do it is a failure the health check should show.
    stalled = summary.workers == 0 and (summary.backlog or summary.feeds or summary.sitemaps)
    return not stalled, summary.line() + (" - NO LIVE WORKER" if stalled else "")
