"""Crawl worker: one long-running Scrapy process on the shared Redis frontier (scale-out).

`run_worker` is to a worker what `monitor.crawl.run_crawl` is to a one-machine crawl: the same
spiders' parsing, the same store pipeline into the same database, but requests come from and go
to Redis (scrapy-redis scheduler, duplicate filter and start key, with leases, see
spiders/frontier.py), and the process never finishes on its own: it waits for the scheduler to
dispatch work. SIGTERM (or Ctrl-C) stops it gracefully: downloads in progress finish and are
stored, and whatever it still holds goes back to the frontier for the others.
Like `run_crawl`, it is callable once per process (Scrapy's reactor cannot restart).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import redis

from monitor.crawl import CrawlSummary, FeedOutcome, _quiet_scrapy
from monitor.settings import Settings
from spiders.frontier import Frontier, FrontierKeys, default_worker_id

log = logging.getLogger("crawl.worker")


@dataclass
class WorkerResult:
    worker: str
    summary: CrawlSummary
    returned: int  # requests and tasks handed back to the frontier at the stop

    def line(self) -> str:
        s = self.summary
        return (
            f"worker {self.worker}: {len(s.feeds)} recent feed responses, "
            f"{s.articles_ok} pages extracted, {s.articles_failed} pages failed; "
            f"{self.returned} request(s) handed back to the frontier"
        )


def redis_client(settings: Settings) -> redis.Redis:
    if not settings.redis_url:
        raise ValueError("MONITOR_REDIS_URL is not set: a worker needs the shared Redis frontier")
    client: redis.Redis = redis.Redis.from_url(
        settings.redis_url, socket_timeout=30, socket_connect_timeout=10, health_check_interval=30
    )
    client.ping()
    return client


def _poll_faster(seconds: float = 1.0) -> None:
    """An idle engine looks at its scheduler every 5 s; for a worker the scheduler is Redis,
    where others push work at any time, so look every second (a few cheap Redis calls)."""
    from scrapy.core.engine import ExecutionEngine

    if hasattr(ExecutionEngine, "_SLOT_HEARTBEAT_INTERVAL"):
        ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = seconds
    else:  # a future Scrapy renamed it: workers still work, they only notice work later
        log.warning("cannot shorten Scrapy's idle poll; idle workers notice new work within 5 s")


def run_worker(
    settings: Settings, worker_id: str | None = None, *, verbose: bool = False
) -> WorkerResult:
    """Crawl from the frontier until SIGTERM/SIGINT; returns what this worker did."""
    from scrapy.crawler import CrawlerProcess

    from spiders.distributed import FrontierSpider, frontier_settings
    from spiders.settings import scrapy_settings

    assert settings.redis_url  # redis_client() has checked it with a clear message
    if settings.database_url.startswith("sqlite"):
        log.warning(
            "workers share one database: SQLite serialises every write across them; "
            "use PostgreSQL (MONITOR_DATABASE_URL) for more than one worker"
        )
    server = redis_client(settings)
    keys = FrontierKeys(settings.redis_prefix)
    worker = worker_id or default_worker_id()
    frontier = Frontier(
        server, keys, worker, settings.worker_heartbeat_seconds, settings.lease_timeout_seconds
    )
    summary = CrawlSummary()

    def on_feed(outcome: FeedOutcome) -> None:
        (log.info if verbose else log.debug)(outcome.line())

    scrapy = scrapy_settings(settings, quiet=not verbose)
    scrapy.setdict(frontier_settings(settings.redis_prefix, settings.redis_url), priority="cmdline")
    _quiet_scrapy(logging.WARNING if verbose else logging.ERROR)
    # scrapy-redis 0.9 still passes `spider=` to the stats collector on every request.
    warnings.filterwarnings("ignore", message="Passing a 'spider' argument", module="scrapy_redis")
    _poll_faster()
    process = CrawlerProcess(scrapy)
    process.crawl(FrontierSpider, frontier=frontier, summary=summary, on_feed=on_feed)
    frontier.register()
    log.info("worker %s: waiting for work on %s (prefix %s)", worker, keys.queue, keys.prefix)
    try:
        process.start()  # returns after SIGTERM/SIGINT: Scrapy stops gracefully on the first
    finally:
        returned = frontier.unregister()
        server.close()
    result = WorkerResult(worker, summary, returned)
    log.info(result.line())
    return result
