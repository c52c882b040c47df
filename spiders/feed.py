"""The feed spider: one conditional GET per due feed, parsed with feedparser.

Every outcome becomes a FeedItem (success, 304, unchanged body, HTTP error, broken feed,
download failure) so that the pipeline records it: no feed ends a crawl without a trace.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from http import HTTPStatus
from typing import Any

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from monitor.store import FetchRecord
from spiders.article import ArticleSpider
from spiders.items import FeedItem, FeedTask
from spiders.parsing import parse_feed


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def http_error(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


class FeedSpider(ArticleSpider):
    name = "feed"

    async def start(self) -> AsyncIterator[Any]:
        for task in self.tasks:
            yield self.feed_request(task)
        if self.fetch_articles:
            # Pages left pending by an earlier, interrupted crawl (its feed now answers 304).
            for article_id, url in self.pending:
                yield self.article_request(article_id, url)

    def feed_request(self, task: FeedTask) -> Request:
        headers = {
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
        }
        if task.etag:
            headers["If-None-Match"] = task.etag
        if task.last_modified:
            headers["If-Modified-Since"] = task.last_modified
        return Request(
            task.url,
            headers=headers,
            callback=self.parse_feed,
            errback=self.feed_failed,
            dont_filter=True,
            meta={"task": task, "handle_httpstatus_all": True},
        )

    def parse_feed(self, response: Response) -> Iterator[FeedItem]:
        task: FeedTask = response.meta["task"]
        fetch = self.fetch_record(response)
        fetch.etag = _header(response, "ETag")
        fetch.last_modified = _header(response, "Last-Modified")
        if response.status == 304:
            fetch.ok = fetch.unchanged = True
            yield FeedItem(task, fetch)
            return
        if not 200 <= response.status < 300:
            fetch.error = http_error(response.status)
            yield FeedItem(task, fetch)
            return
        fetch.body_hash = hashlib.sha256(response.body).hexdigest()
        if fetch.body_hash == task.body_hash:
            # The server ignored our validators but sent the same bytes: nothing to parse.
            fetch.ok = fetch.unchanged = True
            yield FeedItem(task, fetch)
            return
        parsed = parse_feed(response.body, _header(response, "Content-Type") or "", response.url)
        if parsed.error:
            fetch.error = parsed.error
            yield FeedItem(task, fetch)
            return
        fetch.ok = True
        fetch.error = parsed.warning
        yield FeedItem(task, fetch, parsed.entries)

    def feed_failed(self, failure: Failure) -> Iterator[FeedItem]:
        request = failure.request  # type: ignore[attr-defined]
        task: FeedTask = request.meta["task"]
        response = getattr(failure.value, "response", None)
        yield FeedItem(
            task,
            FetchRecord(
                feed_id=task.feed_id,
                status=getattr(response, "status", None),
                ok=False,
                duration_ms=self.duration_ms(request.meta),
                error=self.describe(failure),
            ),
        )
