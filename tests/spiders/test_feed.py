"""Real Scrapy crawls (`python -m monitor crawl` subprocesses) against the fixture server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.db.engine import make_engine
from monitor.db.models import Article, Feed, FetchLog
from tests.spiders import feeds
from tests.support.crawling import run_monitor, write_registry
from tests.support.httpserver import FixtureServer

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}


def _rows(db_url: str, model: type) -> list:  # type: ignore[type-arg]
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(select(model).order_by(model.id)))  # type: ignore[attr-defined]
    finally:
        engine.dispose()


def test_lenta_feed_gives_198_articles_then_a_304_stores_nothing(
    db_url: str, http_server: FixtureServer, corpus: Path, tmp_path: Path
) -> None:
    body = (corpus / "feeds" / "lenta.ru_rss_2022-12-03.xml").read_bytes()
    url = http_server.add("/rss/news", body, headers=RSS, etag='"lenta-1"')
    # fulltext=false: the items link to lenta.ru, which tests must never contact.
    registry = write_registry(
        tmp_path / "r.toml",
        [{"id": "lenta", "country": "RU", "fulltext": False, "feeds": [(url, "ru")]}],
    )
    first = run_monitor(db_url, registry, "crawl")
    assert first.returncode == 0, first.stderr
    assert "200 items, 198 new" in first.stdout
    articles = _rows(db_url, Article)
    assert len(articles) == 198
    assert {a.text_status for a in articles} == {"skipped"}
    assert all(a.source_id == "lenta" and a.lang == "ru" for a in articles)

    second = run_monitor(db_url, registry, "crawl")
    assert second.returncode == 0, second.stderr
    hits = http_server.hits("/rss/news")
    assert [h.status for h in hits] == [200, 304]
    assert hits[1].headers.get("If-None-Match") == '"lenta-1"'
    assert "kzru-monitor" in hits[1].headers["User-Agent"]
    assert len(_rows(db_url, Article)) == 198
    log = _rows(db_url, FetchLog)
    assert [(r.status, r.items, r.new_items) for r in log] == [(200, 200, 198), (304, 0, 0)]
    (feed,) = _rows(db_url, Feed)
    assert feed.etag == '"lenta-1"' and feed.last_status == 304 and feed.consecutive_failures == 0


@pytest.fixture
def aborted() -> Iterator[FixtureServer]:
    server = FixtureServer().start()
    yield server
    server.stop()


def test_bad_feeds_are_recorded_while_good_feeds_are_stored(
    db_url: str, http_server: FixtureServer, aborted: FixtureServer, tmp_path: Path
) -> None:
    srv = http_server
    good = [
        (srv.add("/rss.xml", feeds.rss(feeds.RSS_ITEMS), headers=RSS), "ru"),
        (
            srv.add(
                "/atom.xml",
                feeds.atom(srv.url("")),
                headers={"Content-Type": "application/atom+xml"},
            ),
            "en",
        ),
        (
            srv.add(
                "/cp1251.xml",
                feeds.rss(
                    [("Новости Казахстана", "/kz/1", "Sat, 21 Nov 2026 09:00:00 +0500")],
                    encoding=None,
                ).encode("cp1251"),
                headers={"Content-Type": "application/rss+xml; charset=windows-1251"},
            ),
            "ru",
        ),
    ]
    for path, title in [
        ("/news/1", "Переговоры в Москве"),
        ("/news/2", "Курс тенге"),
        ("/en/1", "Summit"),
        ("/en/2", "Second"),
        ("/kz/1", "Новости"),
    ]:
        srv.add(path, feeds.article_page(title), headers=HTML)
    # /news/3 is not served: its page fails (404) but the item stays.
    expected = {
        "/broken.xml": (srv.add("/broken.xml", feeds.BROKEN, headers=RSS), "broken XML"),
        "/empty.xml": (srv.add("/empty.xml", feeds.EMPTY, headers=RSS), "empty feed"),
        "/page.html": (
            srv.add("/page.html", feeds.HTML, headers=HTML),
            "not a feed: the server sent an HTML page",
        ),
        "/lolz.xml": (srv.add("/lolz.xml", feeds.BILLION_LAUGHS, headers=RSS), "entity-expansion"),
        "/gone.xml": (srv.add("/gone.xml", "gone", status=404), "HTTP 404 Not Found"),
        "/busy.xml": (srv.add("/busy.xml", "slow down", status=429), "HTTP 429 Too Many Requests"),
        "/error.xml": (srv.add("/error.xml", "oops", status=500), "HTTP 500 Internal Server Error"),
        # On a second server: the client aborts these connections mid-way.
        "/slow.xml": (
            aborted.add("/slow.xml", feeds.EMPTY, delay=2.5, headers=RSS),
            "timed out after 1 s",
        ),
        "/huge.xml": (
            aborted.add("/huge.xml", "x" * 200_000, headers=RSS),
            "larger than the 50000-byte limit",
        ),
    }
    registry = write_registry(
        tmp_path / "r.toml",
        [
            {"id": "good", "feeds": good},
            {
                "id": "bad",
                "fulltext": False,
                "feeds": [(url, "ru") for url, _ in expected.values()],
            },
        ],
    )
    result = run_monitor(
        db_url, registry, "crawl", MONITOR_DOWNLOAD_TIMEOUT="1", MONITOR_MAX_RESPONSE_BYTES="50000"
    )
    assert result.returncode == 0, result.stderr  # not every feed failed
    feeds_by_url = {f.url: f for f in _rows(db_url, Feed)}
    for path, (url, message) in expected.items():
        feed = feeds_by_url[url]
        assert feed.consecutive_failures == 1, path
        assert feed.last_error and message in feed.last_error, (path, feed.last_error)
        assert feed.next_due_at is not None
    assert len(http_server.hits("/error.xml")) == 2  # one retry on 5xx
    for url, _ in good:
        assert feeds_by_url[url].last_error is None and feeds_by_url[url].last_status == 200
    articles = {a.url_key.removeprefix(srv.url("")): a for a in _rows(db_url, Article)}
    assert sorted(articles) == ["/en/1", "/en/2", "/kz/1", "/news/1", "/news/2", "/news/3"]
    assert articles["/kz/1"].title == "Новости Казахстана"
    assert articles["/news/1"].text_status == "ok"
    assert "подробный текст статьи" in articles["/news/1"].text
    assert "Комментарий читателя" not in articles["/news/1"].text
    assert (articles["/news/3"].text_status, articles["/news/3"].text_error) == (
        "failed",
        "HTTP 404",
    )
    log = _rows(db_url, FetchLog)
    assert len(log) == len(good) + len(expected)
    assert sum(r.new_items for r in log) == 6


def test_private_addresses_are_refused_without_the_flag(
    db_url: str, http_server: FixtureServer, tmp_path: Path
) -> None:
    url = http_server.add("/rss.xml", feeds.rss(feeds.RSS_ITEMS), headers=RSS)
    registry = write_registry(tmp_path / "r.toml", [{"id": "s", "feeds": [(url, "ru")]}])
    result = run_monitor(db_url, registry, "crawl", MONITOR_ALLOW_PRIVATE_NETWORKS="false")
    assert result.returncode == 1  # every feed failed
    assert http_server.requests == []  # not even robots.txt was fetched
    (feed,) = _rows(db_url, Feed)
    assert feed.last_error.startswith("refused: 127.0.0.1 is a loopback address; set MONITOR_")
    assert _rows(db_url, Article) == []
