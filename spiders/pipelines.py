"""The store pipeline: hands each spider item to `monitor.store`, one transaction per item.

A feed response (articles + feed state + fetch log) commits as one unit, so a crawl killed
at any moment loses at most the response in flight and the rerun duplicates nothing.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from monitor.crawl import FeedOutcome
from monitor.db.engine import make_engine
from monitor.db.errors import database_problem
from monitor.settings import Settings
from monitor.store import store_article_text, store_feed_response
from spiders.items import ArticleTextItem, FeedItem

log = logging.getLogger("store")


class StorePipeline:
    def __init__(self, crawler: Crawler, settings: Settings) -> None:
        self.crawler = crawler
        self.settings = settings
        self.engine: Engine | None = None
        self._closing: Any = None  # keeps the close-spider Deferred alive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings["MONITOR_SETTINGS"])

    def open_spider(self) -> None:
        self.engine = make_engine(self.settings.database_url)

    def close_spider(self) -> None:
        if self.engine is not None:
            self.engine.dispose()

    def process_item(self, item: Any) -> Any:
        summary = self.crawler.spider.summary  # type: ignore[union-attr]
        if summary.store_error is not None:
            return item  # the spider is closing; in-flight items cannot be stored either
        try:
            self._store(item)
        except DBAPIError as exc:
            # A database that went away (or lost its schema) mid-crawl fails every later write:
            # stop fetching, say so once, and let the CLI exit 1 so the scheduler sees it.
            summary.store_error = database_problem(exc)
            log.error("store failed, stopping the crawl: %s", summary.store_error)
            if self.crawler.engine is not None:
                self._closing = deferred_from_coro(
                    self.crawler.engine.close_spider_async(reason="store_failed")
                )
        return item

    def _store(self, item: Any) -> None:
        assert self.engine is not None
        spider = self.crawler.spider
        if isinstance(item, FeedItem):
            task, fetch = item.task, item.fetch
            item.result = store_feed_response(
                self.engine,
                fetch,
                item.entries,
                source_id=task.source_id,
                lang=task.lang,
                fulltext=task.fulltext,
                tz=self.settings.tz,
            )
            outcome = FeedOutcome.from_fetch(task.source_id, task.url, fetch, item.result)
            spider.summary.feeds.append(outcome)  # type: ignore[union-attr]
            if spider.on_feed is not None:  # type: ignore[union-attr]
                spider.on_feed(outcome)  # type: ignore[union-attr]
            log.debug(outcome.line())
        elif isinstance(item, ArticleTextItem):
            store_article_text(
                self.engine, item.article_id, status=item.status, text=item.text, error=item.error
            )
            if item.status == "ok":
                spider.summary.articles_ok += 1  # type: ignore[union-attr]
            else:
                spider.summary.articles_failed += 1  # type: ignore[union-attr]
                log.debug("article %s: %s", item.url, item.error)
