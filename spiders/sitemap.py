"""The news-sitemap spider, for backfill: `monitor crawl --sitemaps --since DATE [--until DATE]`.

Follows a sitemap index to its sitemaps (skipping those whose lastmod is before --since),
and reads each <url>: <loc>, <news:publication_date> (else <lastmod>) and <news:title>.
Items outside the window, or without any date, are skipped: a backfill must not guess days.
XML is parsed without entity resolution or network access; .gz sitemaps are unpacked with
the same size cap as any response.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from monitor.store import EntryRecord, FetchRecord
from spiders.article import ArticleSpider
from spiders.feed import http_error
from spiders.items import FeedItem, FeedTask
from spiders.parsing import entity_declaration

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
MAX_DEPTH = 3  # index → index → sitemap is as deep as real sites go


def parse_date(value: str | None) -> datetime | None:
    """W3C datetime (`2026-11-20`, `2026-11-20T10:00:00+03:00`, `...Z`) → aware UTC."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


@dataclass
class SitemapDoc:
    sitemaps: list[tuple[str, datetime | None]]  # from an index
    entries: list[EntryRecord]  # from a urlset, in the window
    skipped: int = 0
    error: str | None = None


def parse_sitemap(body: bytes, since: datetime, until: datetime | None) -> SitemapDoc:
    doc = SitemapDoc([], [])
    if entity_declaration(body):
        doc.error = "refused: the sitemap declares XML entities (possible entity expansion)"
        return doc
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        doc.error = f"broken sitemap XML: {exc}"
        return doc
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        for node in root.findall("sm:sitemap", NS):
            loc = node.findtext("sm:loc", namespaces=NS)
            if loc:
                doc.sitemaps.append(
                    (loc.strip(), parse_date(node.findtext("sm:lastmod", namespaces=NS)))
                )
        return doc
    if tag != "urlset":
        doc.error = f"not a sitemap: root element <{tag}>"
        return doc
    for node in root.findall("sm:url", NS):
        loc = (node.findtext("sm:loc", namespaces=NS) or "").strip()
        moment = parse_date(node.findtext("news:news/news:publication_date", namespaces=NS))
        moment = moment or parse_date(node.findtext("sm:lastmod", namespaces=NS))
        if not loc or moment is None or moment < since or (until is not None and moment >= until):
            doc.skipped += 1
            continue
        title = node.findtext("news:news/news:title", namespaces=NS) or ""
        doc.entries.append(EntryRecord(url=loc, title=" ".join(title.split()), published_at=moment))
    return doc


class SitemapSpider(ArticleSpider):
    name = "sitemap"

    def __init__(
        self, *args: Any, since: datetime, until: datetime | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.since = since
        self.until = until

    async def start(self) -> AsyncIterator[Any]:
        for task in self.tasks:
            yield self.sitemap_request(task, task.url, 0)
        if self.fetch_articles:
            for article_id, url in self.pending:
                yield self.article_request(article_id, url)

    def sitemap_request(self, task: FeedTask, url: str, depth: int) -> Request:
        return Request(
            url,
            callback=self.parse_sitemap,
            errback=self.sitemap_failed,
            dont_filter=True,
            meta={"task": task, "depth_left": MAX_DEPTH - depth, "handle_httpstatus_all": True},
        )

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        task: FeedTask = response.meta["task"]
        fetch = self.fetch_record(response)
        if response.status != 200:
            fetch.error = http_error(response.status)
            yield FeedItem(task, fetch)
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=self.monitor_settings.max_response_bytes)
        doc = parse_sitemap(body, self.since, self.until)
        if doc.error:
            fetch.error = doc.error
            yield FeedItem(task, fetch)
            return
        fetch.ok = True
        yield FeedItem(task, fetch, doc.entries)
        if response.meta["depth_left"] > 0:
            for loc, lastmod in doc.sitemaps:
                if lastmod is None or lastmod >= self.since:
                    yield self.sitemap_request(
                        task, response.urljoin(loc), MAX_DEPTH - response.meta["depth_left"] + 1
                    )

    def sitemap_failed(self, failure: Failure) -> Iterator[FeedItem]:
        request = failure.request  # type: ignore[attr-defined]
        task: FeedTask = request.meta["task"]
        yield FeedItem(
            task,
            FetchRecord(
                feed_id=task.feed_id,
                status=None,
                ok=False,
                duration_ms=self.duration_ms(request.meta),
                error=self.describe(failure),
            ),
        )
