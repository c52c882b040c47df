"""Article pages: the base of the feed and sitemap spiders.

After the pipeline has stored a feed response it knows which articles are new; the
`item_scraped` signal (sent once the pipeline has finished with an item) lets the spider
schedule exactly those pages. Text comes from trafilatura with comments excluded; a page
that fails is recorded on its article (text_status/text_error) and the feed item stays.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Self

import scrapy
import trafilatura
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from monitor.store import FetchRecord
from spiders.errors import describe_failure
from spiders.items import ArticleTextItem, FeedItem, FeedTask

if TYPE_CHECKING:  # monitor.crawl imports the spiders lazily, not the other way round
    from monitor.crawl import CrawlSummary, FeedOutcome


class ArticleSpider(scrapy.Spider):
    """Shared machinery: tasks, the crawl summary, article pages, failure messages."""

    def __init__(
        self,
        tasks: Sequence[FeedTask] = (),
        *,
        summary: CrawlSummary,
        pending: Sequence[tuple[int, str]] = (),
        fetch_articles: bool = True,
        on_feed: Callable[[FeedOutcome], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.tasks = list(tasks)
        self.summary = summary
        self.pending = list(pending)
        self.fetch_articles = fetch_articles
        self.on_feed = on_feed

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._after_store, signal=signals.item_scraped)
        return spider

    # -- helpers --------------------------------------------------------------------------
    @property
    def monitor_settings(self) -> Any:
        return self.crawler.settings["MONITOR_SETTINGS"]

    def describe(self, failure: Failure) -> str:
        ms = self.monitor_settings
        return describe_failure(
            failure, timeout=ms.download_timeout, max_bytes=ms.max_response_bytes
        )

    @staticmethod
    def duration_ms(meta: dict[str, Any]) -> int:
        started = meta.get("download_started")
        return int((time.monotonic() - started) * 1000) if started else 0

    def fetch_record(self, response: Response) -> FetchRecord:
        """What a feed or sitemap response was, before the parser decides whether it is ok."""
        task: FeedTask = response.meta["task"]
        return FetchRecord(
            feed_id=task.feed_id,
            status=response.status,
            ok=False,
            bytes=len(response.body),
            duration_ms=self.duration_ms(response.meta),
        )

    # -- article pages ----------------------------------------------------------------------
    def _after_store(self, item: Any, response: Response, spider: scrapy.Spider) -> None:
        if spider is not self or not isinstance(item, FeedItem) or item.result is None:
            return
        if not self.fetch_articles:
            return
        for article_id, url in item.result.pending:
            self.crawler.engine.crawl(self.article_request(article_id, url))

    def article_request(self, article_id: int, url: str) -> Request:
        return Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            # Feeds first: a long queue of pages must not delay the next feed's freshness.
            priority=-10,
            meta={"article_id": article_id},
        )

    def parse_article(self, response: Response) -> Iterator[ArticleTextItem]:
        article_id = response.meta["article_id"]
        if response.status != 200:
            yield ArticleTextItem(
                article_id, response.url, "failed", error=f"HTTP {response.status}"
            )
            return
        if not isinstance(response, TextResponse):
            kind = (response.headers.get("Content-Type") or b"").decode("latin-1") or "unknown"
            yield ArticleTextItem(
                article_id, response.url, "failed", error=f"not a text page (Content-Type {kind})"
            )
            return
        text = trafilatura.extract(response.text, url=response.url, include_comments=False)
        if text:
            yield ArticleTextItem(article_id, response.url, "ok", text=text)
        else:
            yield ArticleTextItem(
                article_id, response.url, "failed", error="trafilatura found no article text"
            )

    def article_failed(self, failure: Failure) -> Iterator[ArticleTextItem]:
        request = failure.request  # type: ignore[attr-defined]
        yield ArticleTextItem(
            request.meta["article_id"], request.url, "failed", error=self.describe(failure)
        )
