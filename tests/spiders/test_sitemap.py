"""News sitemaps for backfill: index → sitemaps → <url> with news:publication_date and title."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from monitor.db.engine import make_engine
from monitor.db.models import Article
from spiders.sitemap import parse_sitemap
from tests.support.crawling import run_monitor, write_registry
from tests.support.httpserver import FixtureServer

XML = {"Content-Type": "application/xml"}


def urlset(base: str, rows: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<url><loc>{base}{path}</loc><news:news><news:publication>"
        f"<news:name>X</news:name><news:language>ru</news:language></news:publication>"
        f"<news:publication_date>{date}</news:publication_date><news:title>{title}</news:title>"
        f"</news:news></url>"
        for path, date, title in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + body + "</urlset>"
    )


def index(locs: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<sitemap><loc>{loc}</loc><lastmod>{mod}</lastmod></sitemap>" for loc, mod in locs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'
    )


def test_parse_filters_by_window() -> None:
    doc = parse_sitemap(
        urlset(
            "https://x.kz", [("/a", "2026-11-20T10:00:00+05:00", "A"), ("/b", "2026-10-01", "B")]
        ).encode(),
        since=datetime(2026, 11, 1, tzinfo=UTC),
        until=None,
    )
    assert [(e.url, e.title, e.published_at) for e in doc.entries] == [
        ("https://x.kz/a", "A", datetime(2026, 11, 20, 5, 0, tzinfo=UTC))
    ]
    assert doc.skipped == 1


def test_backfill_crawl_follows_the_index(
    db_url: str, http_server: FixtureServer, tmp_path: Path
) -> None:
    base = http_server.url("")
    http_server.add(
        "/news-1.xml",
        urlset(
            base,
            [
                ("/n/1", "2026-11-20T10:00:00+03:00", "В окне"),
                ("/n/2", "2026-11-25T10:00:00Z", "После окна"),
            ],
        ),
        headers=XML,
    )
    http_server.add(
        "/news-2.xml.gz",
        gzip.compress(urlset(base, [("/n/3", "2026-11-21", "Из gz")]).encode()),
        headers={"Content-Type": "application/x-gzip"},
    )
    http_server.add("/old.xml", urlset(base, [("/n/old", "2025-01-01", "Old")]), headers=XML)
    sitemap = http_server.add(
        "/sitemap.xml",
        index(
            [
                (f"{base}/news-1.xml", "2026-11-25"),
                ("/news-2.xml.gz", "2026-11-21"),
                (f"{base}/old.xml", "2025-01-02"),
            ]
        ),
        headers=XML,
    )
    feed = http_server.add("/rss.xml", "unused", headers=XML)
    registry = write_registry(
        tmp_path / "r.toml",
        [{"id": "s", "fulltext": False, "feeds": [(feed, "ru")], "sitemaps": [sitemap]}],
    )
    result = run_monitor(
        db_url, registry, "crawl", "--sitemaps", "--since", "2026-11-15", "--until", "2026-11-22"
    )
    assert result.returncode == 0, result.stderr
    assert http_server.hits("/old.xml") == []  # its lastmod is before --since
    assert http_server.hits("/rss.xml") == []  # a backfill does not touch the feeds
    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(Article.url, Article.title, Article.iso_week).order_by(Article.url)
        ).all()
    engine.dispose()
    assert [(u.removeprefix(base), t, w) for u, t, w in rows] == [
        ("/n/1", "В окне", "2026-W47"),
        ("/n/3", "Из gz", "2026-W47"),
    ]


def test_backfill_without_any_sitemap_says_so(tmp_path: Path, sqlite_url: str) -> None:
    registry = write_registry(
        tmp_path / "r.toml", [{"id": "s1", "feeds": [("http://127.0.0.1:9/rss", "ru")]}]
    )
    done = run_monitor(sqlite_url, registry, "crawl", "--sitemaps", "--since", "2026-11-01")
    assert done.returncode == 1
    assert "no selected source has a news sitemap" in done.stderr
