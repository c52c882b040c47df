"""Real crawls on a made-up network (tests/support/fakenet.py): a feed on a "public" host links
to pages on a host that resolves to 127.0.0.1 and on a literal 127.0.0.1. Without
MONITOR_ALLOW_PRIVATE_NETWORKS those pages are refused, recorded, and never connected to,
while the feed and its public pages are crawled; with it, the same crawl fetches them all."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.db.engine import make_engine
from monitor.db.models import Article, Feed
from spiders.addresses import ALLOW_HINT
from tests.spiders import feeds
from tests.support.crawling import REPO, monitor_env, write_registry
from tests.support.httpserver import FixtureServer
from tests.support.redisdb import RedisTarget

PUBLIC = "93.184.216.34"  # what news.test "is"; connections to it go to the fixture server
FAKENET = json.dumps(
    {
        "dns": {"news.test": [PUBLIC], "intranet.test": ["127.0.0.1"]},
        "nat": {PUBLIC: "127.0.0.1"},
    }
)
HTML = {"Content-Type": "text/html; charset=utf-8"}


def fakenet_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "tests.support.fakenet", *args]


def site(server: FixtureServer) -> tuple[str, dict[str, str]]:
    """The feed's URL, and each page's path by the URL the feed links it under."""
    port = server.port
    links = {
        f"http://news.test:{port}/news/1": "/news/1",
        f"http://intranet.test:{port}/news/2": "/news/2",
        f"http://127.0.0.1:{port}/news/3": "/news/3",
        f"http://news.test:{port}/news/4": "/news/4",
        f"http://news.test:{port}/news/5": "/news/5",  # 503: retried once
    }
    items = [
        (f"Новость {n}", url, "Sat, 21 Nov 2026 09:00:00 +0500") for n, url in enumerate(links)
    ]
    for path in links.values():
        server.add(path, feeds.article_page(f"Статья {path}"), headers=HTML)
    server.add("/news/5", "busy", status=503)
    server.add("/rss.xml", feeds.rss(items), headers={"Content-Type": "application/rss+xml"})
    return f"http://news.test:{port}/rss.xml", links


def articles(db_url: str) -> dict[str, tuple[str, str | None]]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Article.url, Article.text_status, Article.text_error))
            return {url: (status, error) for url, status, error in rows}
    finally:
        engine.dispose()


def refused(host: str, kind: str, via: str | None = None) -> str:
    if via:
        return f"refused: {host} resolves to {via}, {kind}; {ALLOW_HINT}"
    return f"refused: {host} is {kind}; {ALLOW_HINT}"


@pytest.mark.parametrize("allow", [False, True])
def test_pages_on_private_addresses_are_refused_and_recorded_the_rest_is_crawled(
    sqlite_url: str, http_server: FixtureServer, tmp_path: Path, allow: bool
) -> None:
    feed_url, links = site(http_server)
    registry = write_registry(tmp_path / "r.toml", [{"id": "s", "feeds": [(feed_url, "ru")]}])
    env = monitor_env(
        sqlite_url,
        registry,
        MONITOR_ALLOW_PRIVATE_NETWORKS=str(allow).lower(),
        FAKENET=FAKENET,
    )
    done = subprocess.run(
        fakenet_cmd("--log-level", "debug", "crawl"),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    got = articles(sqlite_url)
    url = dict(zip(links.values(), links, strict=True))  # path -> URL
    assert got[url["/news/1"]] == ("ok", None)
    assert got[url["/news/4"]] == ("ok", None)
    assert got[url["/news/5"]] == ("failed", "HTTP 503")
    assert http_server.hits("/rss.xml") and http_server.hits("/news/1")
    if allow:
        assert got[url["/news/2"]] == ("ok", None)
        assert got[url["/news/3"]] == ("ok", None)
        assert http_server.hits("/news/2") and http_server.hits("/news/3")
    else:
        # intranet.test passes the early check (a hostname); the resolver refuses its answer.
        assert got[url["/news/2"]] == (
            "failed",
            refused("intranet.test", "a loopback address", via="127.0.0.1"),
        )
        assert got[url["/news/3"]] == ("failed", refused("127.0.0.1", "a loopback address"))
        # Never connected to: all four pages are on the one fixture server, so the paths tell.
        assert http_server.hits("/news/2") == [] and http_server.hits("/news/3") == []
        # Recorded at once, not retried as a DNS failure would be (Scrapy logs retries at DEBUG).
        assert f"Retrying <GET {url['/news/5']}>" in done.stderr
        assert "Retrying <GET http://intranet.test" not in done.stderr


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_worker_refuses_them_too(
    db_url: str, redis_target: RedisTarget, http_server: FixtureServer, tmp_path: Path
) -> None:
    """`monitor worker` builds its own Scrapy settings on top of the crawl's: same rule."""
    feed_url, links = site(http_server)
    registry = write_registry(tmp_path / "r.toml", [{"id": "s", "feeds": [(feed_url, "ru")]}])
    env = monitor_env(
        db_url,
        registry,
        MONITOR_ALLOW_PRIVATE_NETWORKS="false",
        MONITOR_REDIS_URL=redis_target.url,
        MONITOR_REDIS_PREFIX=redis_target.prefix,
        MONITOR_WORKER_HEARTBEAT_SECONDS="2",
        FAKENET=FAKENET,
    )
    worker = subprocess.Popen(
        fakenet_cmd("worker", "--id", "w1"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        dispatch = subprocess.run(
            fakenet_cmd("worker", "dispatch"),
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
        )
        assert dispatch.returncode == 0, dispatch.stderr
        deadline = time.monotonic() + 60
        got = articles(db_url)
        while (len(got) < len(links) or any(s == "pending" for s, _ in got.values())) and (
            time.monotonic() < deadline
        ):
            assert worker.poll() is None, worker.communicate()[1][-2000:]
            time.sleep(0.3)
            got = articles(db_url)
        url = dict(zip(links.values(), links, strict=True))
        assert {path: got[url[path]] for path in links.values()} == {
            "/news/1": ("ok", None),
            "/news/2": ("failed", refused("intranet.test", "a loopback address", via="127.0.0.1")),
            "/news/3": ("failed", refused("127.0.0.1", "a loopback address")),
            "/news/4": ("ok", None),
            "/news/5": ("failed", "HTTP 503"),
        }
        assert http_server.hits("/news/2") == [] and http_server.hits("/news/3") == []
        engine = make_engine(db_url)
        with engine.connect() as conn:
            assert conn.execute(select(Feed.last_error)).scalar_one() is None
        engine.dispose()
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err[-2000:]
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()
