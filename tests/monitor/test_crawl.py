"""The crawl stage as the scheduler runs it: a subprocess that may be killed at any moment."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from sqlalchemy import func, select

from monitor.db.engine import make_engine
from monitor.db.models import Article, FetchLog
from tests.spiders import feeds
from tests.support.crawling import REPO, monitor_cmd, monitor_env, run_monitor, write_registry
from tests.support.httpserver import FixtureServer

N = 8


def _text_states(db_url: str) -> list[str]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(select(Article.text_status).order_by(Article.id)).scalars())
    finally:
        engine.dispose()


def _slow_site(http_server: FixtureServer, tmp_path: Path, etag: str | None = None) -> Path:
    """A feed of N items whose pages are slow, so a crawl can be hit while fetching them."""
    items = [(f"Новость {i}", f"/news/{i}", "Sat, 21 Nov 2026 09:00:00 +0500") for i in range(N)]
    url = http_server.add(
        "/rss.xml", feeds.rss(items), headers={"Content-Type": "application/rss+xml"}, etag=etag
    )
    for i in range(N):
        http_server.add(
            f"/news/{i}",
            feeds.article_page(f"Новость {i}"),
            headers={"Content-Type": "text/html"},
            delay=0.4,
        )
    return write_registry(tmp_path / "r.toml", [{"id": "s", "feeds": [(url, "ru")]}])


def _crawl_until_pages_stored(db_url: str, registry: Path, pages: int = 1) -> subprocess.Popen[str]:
    """Start `monitor crawl` and return, still running, once it has stored `pages` page texts."""
    proc = subprocess.Popen(
        monitor_cmd("crawl", "--quiet"),
        env=monitor_env(db_url, registry),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    try:
        while _text_states(db_url).count("ok") < pages:
            assert proc.poll() is None, "the crawl ended before the test could act on it"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    except BaseException:
        proc.kill()  # never leave a crawl running behind a failed test
        proc.communicate(timeout=30)
        raise
    return proc


def test_a_crawl_killed_half_way_loses_nothing_and_duplicates_nothing(
    db_url: str, http_server: FixtureServer, tmp_path: Path
) -> None:
    registry = _slow_site(http_server, tmp_path, etag='"e1"')
    proc = _crawl_until_pages_stored(db_url, registry, pages=2)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    before = _text_states(db_url)
    assert len(before) == N  # the feed response was committed as a whole
    assert 2 <= before.count("ok") < N and "pending" in before

    again = run_monitor(db_url, registry, "crawl")
    assert again.returncode == 0, again.stderr
    assert _text_states(db_url) == ["ok"] * N
    assert [h.status for h in http_server.hits("/rss.xml")] == [200, 304]
    page_hits = sum(len(http_server.hits(f"/news/{i}")) for i in range(N))
    assert N <= page_hits <= N + 1  # at most the page in flight at the kill is fetched twice
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count(func.distinct(Article.url_key)))).scalar_one() == N
        assert conn.execute(select(func.count()).select_from(FetchLog)).scalar_one() == 2
    engine.dispose()


def test_a_database_that_goes_away_mid_crawl_fails_the_crawl_with_one_readable_line(
    db_url: str, http_server: FixtureServer, tmp_path: Path
) -> None:
    proc = _crawl_until_pages_stored(db_url, _slow_site(http_server, tmp_path))
    engine = make_engine(db_url)  # the database goes away: its tables vanish under the crawl
    with engine.begin() as conn:
        cascade = " CASCADE" if engine.dialect.name == "postgresql" else ""
        conn.exec_driver_sql(f"DROP TABLE articles{cascade}")
    engine.dispose()
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1, stderr  # the scheduler must see a failed crawl
    assert "Traceback" not in stderr
    assert "MONITOR_DATABASE_URL" in stderr or "monitor db upgrade" in stderr, stderr
    assert "STOPPED: " in stderr.splitlines()[-1]  # the summary line says why


def test_an_interrupted_crawl_says_so_and_exits_1(
    sqlite_url: str, http_server: FixtureServer, tmp_path: Path
) -> None:
    proc = _crawl_until_pages_stored(sqlite_url, _slow_site(http_server, tmp_path))
    proc.send_signal(signal.SIGINT)  # Ctrl-C: `monitor crawl && monitor classify` must stop
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1, stderr
    assert "interrupted" in stderr.splitlines()[-1], stderr


def test_summary_line_counts_feeds_not_responses() -> None:
    from monitor.crawl import CrawlSummary, FeedOutcome

    summary = CrawlSummary(planned=4, interrupted=True)
    summary.feeds = [
        FeedOutcome("a", "http://a/rss", 200, ok=True, new=3, bytes=100),
        FeedOutcome("a", "http://a/atom", 304, ok=True, unchanged=True),
        FeedOutcome("b", "http://b/rss", None, ok=False, error="DNS lookup failed"),
    ]
    assert summary.line() == (
        "crawl: 4 feeds, 2 ok, 1 failed, 1 not reached, 3 new articles, 0 pages extracted, "
        "0 pages failed, 100 bytes; interrupted before the end"
    )
