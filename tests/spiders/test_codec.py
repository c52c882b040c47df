"""The frontier's JSON codec carries real feed and article requests and refuses the unknown."""

from __future__ import annotations

import pytest
from scrapy.utils.request import request_from_dict

from spiders import codec
from spiders.distributed import FrontierSpider
from spiders.items import FeedTask


class _Frontier:
    pass


def _spider() -> FrontierSpider:
    from monitor.crawl import CrawlSummary

    return FrontierSpider(frontier=_Frontier(), summary=CrawlSummary())  # type: ignore[arg-type]


def test_feed_request_round_trip() -> None:
    spider = _spider()
    task = FeedTask(7, "https://a.kz/rss", "a", lang="kk", etag='W/"x"', body_hash="ab")
    request = spider.feed_request(task)
    request.meta["retry_times"] = 1
    data = codec.dumps(request.to_dict(spider=spider))
    assert b"pickle" not in data and data.startswith(b"{")
    again = request_from_dict(codec.loads(data), spider=spider)
    assert again.url == request.url and again.meta["task"] == task
    assert again.headers.get("If-None-Match") == b'W/"x"'
    assert again.callback == spider.parse_feed and again.errback == spider.feed_failed
    assert again.dont_filter and again.meta["retry_times"] == 1
    assert codec.dumps(again.to_dict(spider=spider)) == data  # stable bytes: one zset member


def test_article_and_sitemap_requests_round_trip() -> None:
    spider = _spider()
    page = spider.make_request_from_data(
        b'{"kind": "article", "article_id": 3, "url": "https://a.kz/n/1"}'
    )
    task = FeedTask(2, "https://a.kz/news.xml", "a", kind="sitemap")
    sitemap = spider._sitemap_request(task, task.url, 0, "2026-11-01T00:00:00+00:00", None)
    for request in (page, sitemap):
        assert request is not None
        again = request_from_dict(
            codec.loads(codec.dumps(request.to_dict(spider=spider))), spider=spider
        )
        assert again.meta == request.meta and again.priority == request.priority
    assert page is not None and page.dont_filter and page.priority == -10


def test_unknown_values_are_refused() -> None:
    with pytest.raises(TypeError, match="cannot carry object"):
        codec.dumps({"meta": {"x": object()}})
