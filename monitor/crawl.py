"""Crawl stage: one Scrapy crawl of the due feeds (or of news sitemaps), in this process.

`run_crawl` is callable once per process: Scrapy's Twisted reactor cannot restart. The
scheduler therefore runs each crawl as a subprocess (`monitor crawl --due --quiet`), which
also isolates memory and crashes and lets it kill a crawl that overruns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from monitor.db.engine import make_engine
from monitor.db.models import Feed, Source, utcnow
from monitor.settings import Settings
from monitor.sources import load_registry, sync_registry
from monitor.store import FetchRecord, StoreResult, pending_articles

log = logging.getLogger("crawl")


@dataclass
class FeedOutcome:
    """One feed response as the crawl saw it (one line of the crawl's output)."""

    source_id: str
    url: str
    status: int | None
    ok: bool
    unchanged: bool = False
    items: int = 0
    new: int = 0
    reposts: int = 0
    bytes: int = 0
    duration_ms: int = 0
    error: str | None = None

    @classmethod
    def from_fetch(
        cls, source_id: str, url: str, fetch: FetchRecord, result: StoreResult
    ) -> FeedOutcome:
        return cls(
            source_id=source_id,
            url=url,
            status=fetch.status,
            ok=fetch.ok,
            unchanged=fetch.unchanged,
            items=result.items,
            new=result.new,
            reposts=result.reposts,
            bytes=fetch.bytes,
            duration_ms=fetch.duration_ms,
            error=fetch.error,
        )

    def line(self) -> str:
        status = self.status if self.status is not None else "---"
        if not self.ok:
            state = f"FAILED {self.error}"
        elif self.unchanged:
            state = "unchanged"
        else:
            state = f"{self.items} items, {self.new} new, {self.reposts} re-posts"
            if self.error:
                state += f" ({self.error})"
        return f"{self.source_id:<12} {status} {state}  {self.url} [{self.bytes} B, {self.duration_ms} ms]"


@dataclass
class CrawlSummary:
    started_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None
    feeds: list[FeedOutcome] = field(default_factory=list)
    articles_ok: int = 0
    articles_failed: int = 0
    planned: int = 0  # feeds (or sitemaps) requested
    # Set when the database refused a write (gone, unmigrated): the crawl stops and fails.
    store_error: str | None = None
    interrupted: bool = False  # stopped by a signal before it finished

    @property
    def failed(self) -> list[FeedOutcome]:
        return [f for f in self.feeds if not f.ok]

    @property
    def new_items(self) -> int:
        return sum(f.new for f in self.feeds)

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.feeds)

    @property
    def all_failed(self) -> bool:
        return bool(self.feeds) and all(not f.ok for f in self.feeds)

    def line(self) -> str:
        # ok = a usable answer (200 or 304); feeds never reached (an interrupted crawl) are
        # the difference to the planned count and are said separately.
        unreached = self.planned - len(self.feeds)
        parts = [
            f"crawl: {self.planned} feeds",
            f"{len(self.feeds) - len(self.failed)} ok",
            f"{len(self.failed)} failed",
        ]
        if unreached > 0:
            parts.append(f"{unreached} not reached")
        parts += [
            f"{self.new_items} new articles",
            f"{self.articles_ok} pages extracted",
            f"{self.articles_failed} pages failed",
            f"{self.bytes} bytes",
        ]
        return (
            ", ".join(parts)
            + (f"; STOPPED: {self.store_error}" if self.store_error else "")
            + ("; interrupted before the end" if self.interrupted else "")
        )


def select_tasks(
    engine: Engine,
    source_ids: Sequence[str] | None,
    *,
    kind: str,
    due_only: bool,
    now: datetime,
) -> list[Any]:
    """The active feeds to fetch, with their conditional-GET state."""
    from spiders.items import FeedTask

    query = (
        select(Feed, Source.fulltext)
        .join(Source, Source.id == Feed.source_id)
        .where(Feed.active.is_(True), Feed.kind == kind)
        .order_by(Feed.id)
    )
    if source_ids:
        query = query.where(Feed.source_id.in_(list(source_ids)))
    if due_only:
        query = query.where(or_(Feed.next_due_at.is_(None), Feed.next_due_at <= now))
    with Session(engine) as session:
        rows = session.execute(query).all()
    return [
        FeedTask(
            feed_id=f.id,
            url=f.url,
            source_id=f.source_id,
            lang=f.lang,
            fulltext=bool(fulltext),
            kind=f.kind,
            etag=f.etag,
            last_modified=f.last_modified,
            body_hash=f.body_hash,
        )
        for f, fulltext in ((r[0], r[1]) for r in rows)
    ]


class _BelowLevel(logging.Filter):
    """Drops Scrapy's records under a level: Scrapy resets its loggers to DEBUG on start."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        noisy = record.name.startswith(("scrapy", "twisted", "py.warnings"))
        return not noisy or record.levelno >= self.level


def _quiet_scrapy(level: int) -> None:
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, _BelowLevel) for f in handler.filters):
            handler.addFilter(_BelowLevel(level))


def run_crawl(
    settings: Settings,
    source_ids: Sequence[str] | None = None,
    *,
    due_only: bool = False,
    progress: bool = False,
    sitemaps: bool = False,
    since: datetime | None = None,
    until: datetime | None = None,
    fetch_articles: bool = True,
    on_feed: Callable[[FeedOutcome], None] | None = None,
) -> CrawlSummary:
    """Sync the registry, then crawl the selected feeds (or sitemaps) and store what they give.

    `progress` only changes the log level here; the CLI draws the progress bar via `on_feed`.
    """
    from scrapy.crawler import CrawlerProcess

    from spiders.settings import scrapy_settings

    engine = make_engine(settings.database_url)
    try:
        specs = load_registry(settings.sources)
        known = {s.id for s in specs}
        unknown = sorted(set(source_ids or ()) - known)
        if unknown:
            raise ValueError(
                f"unknown source id(s): {', '.join(unknown)} (see `monitor sources list`)"
            )
        sync_registry(engine, specs)
        tasks = select_tasks(
            engine,
            source_ids,
            kind="sitemap" if sitemaps else "feed",
            due_only=due_only,
            now=utcnow(),
        )
        pending = (
            pending_articles(engine, [t.feed_id for t in tasks if t.fulltext])
            if fetch_articles
            else []
        )
    finally:
        engine.dispose()
    summary = CrawlSummary(planned=len(tasks))
    if not tasks and not pending:
        summary.finished_at = utcnow()
        return summary
    # --log-level DEBUG shows Scrapy's own debug lines too (one line per request).
    debug = logging.getLogger().level <= logging.DEBUG
    _quiet_scrapy(logging.DEBUG if debug else logging.WARNING if progress else logging.ERROR)
    process = CrawlerProcess(scrapy_settings(settings, quiet=not progress))
    # An unreachable host fails its robots.txt first, logged with a traceback; the feed's
    # own failure is recorded with a readable message, so that log line is only noise.
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    kwargs: dict[str, Any] = {
        "summary": summary,
        "pending": pending,
        "fetch_articles": fetch_articles,
        "on_feed": on_feed,
    }
    if sitemaps:
        from spiders.sitemap import SitemapSpider

        crawler = process.create_crawler(SitemapSpider)
        process.crawl(crawler, tasks, since=since, until=until, **kwargs)
    else:
        from spiders.feed import FeedSpider

        crawler = process.create_crawler(FeedSpider)
        process.crawl(crawler, tasks, **kwargs)
    process.start()
    summary.finished_at = utcnow()
    # Ctrl-C / SIGTERM: Scrapy shuts down gracefully; the run is incomplete and must say so.
    if crawler.stats is not None and crawler.stats.get_value("finish_reason") == "shutdown":
        summary.interrupted = True
    log.debug(summary.line())
    return summary
