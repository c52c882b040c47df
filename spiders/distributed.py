"""The crawl worker's spider: feeds, news sitemaps and article pages from the Redis frontier.

It is the feed spider (and the sitemap spider's parsing) fed by scrapy-redis instead of a task
list: the scheduler pushes feed tasks (JSON) to the start key, an idle worker claims a batch
(RedisSpider-style, with DontCloseSpider so it waits for work), turns them into requests in the
shared queue, and every worker pops from that queue. Requests pass through the queue with a
lease (spiders.frontier) that is acked once their item is stored.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.spiders import RedisMixin

from spiders.feed import FeedSpider
from spiders.frontier import LEASE, SPIDER, Frontier
from spiders.items import FeedItem, FeedTask
from spiders.sitemap import MAX_DEPTH, SitemapSpider, parse_date

if TYPE_CHECKING:  # monitor.crawl imports the spiders lazily, not the other way round
    from monitor.crawl import CrawlSummary


def _spread(url: str) -> float:
    """A stable fraction in [0, 0.5) added to the score: equal priorities would otherwise pop
    in the byte order of their JSON, i.e. one feed's pages (one host) in a row, and a worker
    (one request at a time per host) would hold many requests for one host while others idle.
    Below 1, so priority classes (feeds 0, pages -10) keep their order."""
    return int.from_bytes(hashlib.blake2b(url.encode(), digest_size=4).digest()) / 2**33


class LeasedQueue(PriorityQueue):
    """scrapy-redis' priority queue whose pop leaves a lease behind (see spiders.frontier)."""

    @property
    def frontier(self) -> Frontier:
        return self.spider.frontier  # type: ignore[no-any-return]

    def push(self, request: Request) -> None:
        lease = request.meta.pop(LEASE, None)
        # A monotonic start time means nothing on another worker (another clock).
        request.meta.pop("download_started", None)
        data = self._encode_request(request)
        self.frontier.push(self.key, data, -request.priority + _spread(request.url), lease)

    def pop(self, timeout: int = 0) -> Request | None:
        got = self.frontier.pop(self.key)
        if got is None:
            return None
        lease, data = got
        request: Request = self._decode_request(data)
        request.meta[LEASE] = lease
        return request


def _request_of(response: Any) -> Request | None:
    """The request behind a Response or a download Failure (Scrapy sets failure.request)."""
    return getattr(response, "request", None)


class FrontierSpider(RedisMixin, FeedSpider):
    name = SPIDER
    # The sitemap spider's request builder and errback, under the names that requests in Redis
    # refer to (callbacks travel by method name).
    sitemap_request = SitemapSpider.sitemap_request
    sitemap_failed = SitemapSpider.sitemap_failed

    def __init__(self, *, frontier: Frontier, summary: CrawlSummary, **kwargs: Any) -> None:
        super().__init__((), summary=summary, **kwargs)
        self.frontier = frontier
        # A worker runs for weeks: keep the last outcomes only, not every feed ever fetched.
        self.summary.feeds = deque(maxlen=1000)  # type: ignore[assignment]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.setup_redis(crawler)
        for signal in (signals.item_dropped, signals.item_error, signals.spider_error):
            crawler.signals.connect(spider._finished, signal=signal)
        crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
        return spider

    # -- feed tasks from the start key ---------------------------------------------------------
    async def start(self) -> Any:
        for request in self._claimed_requests():
            yield request
        self.frontier.claims_done()

    def schedule_next_requests(self) -> None:
        """Called when idle (RedisMixin.spider_idle): claim the next batch of feed tasks."""
        for request in self._claimed_requests():
            self.crawler.engine.crawl(request)
        self.frontier.claims_done()

    def _claimed_requests(self) -> Iterator[Request]:
        for data in self.frontier.claim(self.redis_batch_size):
            request = self.make_request_from_data(data)
            if request is not None:
                yield request

    def make_request_from_data(self, data: bytes) -> Request | None:
        payload = json.loads(data)
        kind = payload.get("kind")
        if kind == "article":
            # A page left pending by an earlier crawl: dont_filter, the duplicate filter saw it.
            request = self.article_request(payload["article_id"], payload["url"])
            return request.replace(dont_filter=True)
        task = FeedTask(**payload["task"])
        if kind == "feed":
            return self.feed_request(task)
        if kind == "sitemap":
            return self._sitemap_request(task, task.url, 0, payload["since"], payload.get("until"))
        self.logger.error("frontier: unknown task kind %r, dropped", kind)
        return None

    # -- news sitemaps: the window travels with the request ------------------------------------
    def _sitemap_request(
        self, task: FeedTask, url: str, depth: int, since: str, until: str | None
    ) -> Request:
        request = self.sitemap_request(task, url, depth)
        request.meta["window"] = [since, until]
        return request

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        since_s, until_s = response.meta["window"]
        since, until = parse_date(since_s), parse_date(until_s)
        assert since is not None
        outputs = list(self._parse_sitemap(response, since, until))
        # Child sitemaps first: they must be in the queue before the item's store acks the
        # lease of this response, or a worker killed in between would lose them.
        yield from (o for o in outputs if isinstance(o, Request))
        yield from (o for o in outputs if not isinstance(o, Request))

    def _parse_sitemap(
        self, response: Response, since: datetime, until: datetime | None
    ) -> Iterator[Any]:
        self.since, self.until = since, until  # SitemapSpider.parse_sitemap reads these
        for output in SitemapSpider.parse_sitemap(self, response):  # type: ignore[arg-type]
            if isinstance(output, Request):
                depth = MAX_DEPTH - output.meta["depth_left"]
                window = response.meta["window"]
                output = self._sitemap_request(output.meta["task"], output.url, depth, *window)
            yield output

    # -- acks ---------------------------------------------------------------------------------
    def _after_store(self, item: Any, response: Response, spider: Any) -> None:
        # The parent pushes the new articles' page requests; only then is the lease acked.
        super()._after_store(item, response, spider)
        request = _request_of(response)
        if isinstance(item, FeedItem) and request is not None:
            if request.meta.get("depth_left", MAX_DEPTH) == MAX_DEPTH:
                self.frontier.release_feed(item.task.feed_id)
        self._ack(request)

    def _finished(self, response: Any = None, **_: Any) -> None:
        # A failed store or callback is not retried here: the database still says the feed is
        # due or the page pending, and the next dispatch puts it back.
        self._ack(_request_of(response))

    def _dropped(self, request: Request, **_: Any) -> None:
        self._ack(request)

    def _ack(self, request: Request | None) -> None:
        if request is not None:
            self.frontier.ack(request.meta.get(LEASE))


def frontier_settings(prefix: str, redis_url: str) -> dict[str, Any]:
    """The scrapy-redis settings of a worker (added to spiders.settings.scrapy_settings)."""
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "spiders.distributed.LeasedQueue",
        "SCHEDULER_SERIALIZER": "spiders.codec",
        # The frontier outlives every worker: a stopped worker must not clear the shared queue.
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:dupefilter",
        "REDIS_START_URLS_KEY": f"{prefix}:%(name)s:start",
        "REDIS_URL": redis_url,
        # Workers wait for work; never close on idle.
        "MAX_IDLE_TIME_BEFORE_CLOSE": 0,
    }
