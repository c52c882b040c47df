"""What spiders hand to the store pipeline (typed dataclasses, Scrapy accepts them as items)."""

from __future__ import annotations

from dataclasses import dataclass, field

from monitor.store import EntryRecord, FetchRecord, StoreResult


@dataclass(frozen=True)
class FeedTask:
    """One feed or news sitemap to fetch, with its conditional-GET state from the database."""

    feed_id: int
    url: str
    source_id: str
    lang: str | None = None
    fulltext: bool = True
    kind: str = "feed"
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


@dataclass
class FeedItem:
    """The outcome of one feed (or sitemap) response: fetch facts and parsed entries."""

    task: FeedTask
    fetch: FetchRecord
    entries: list[EntryRecord] = field(default_factory=list)
    # Filled by the pipeline after the store commits: what was new, which pages to fetch.
    result: StoreResult | None = None


@dataclass
class ArticleTextItem:
    """The text extracted from an article page, or why there is none."""

    article_id: int
    url: str
    status: str  # ok | failed
    text: str | None = None
    error: str | None = None
