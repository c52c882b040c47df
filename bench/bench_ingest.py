"""Ingest benchmark: prints figures, never asserts (not a test).

1. Entries per second for parse + store into PostgreSQL (what the spider and pipeline do for
   one feed response) beside feedparser alone on the same bytes, in the same run.
   Goal: ratio >= 0.7.
2. Bytes moved by a second crawl of unchanged feeds as a share of the first (real Scrapy
   crawls as subprocesses against a local server; conditional GET). Goal: <= 5 %.

Run: PYTHONPATH=. python bench/bench_ingest.py [--entries 20000]
PostgreSQL: MONITOR_BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
from sqlalchemy import create_engine, func, select, text

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from monitor.db.engine import make_engine  # noqa: E402
from monitor.db.migrate import upgrade  # noqa: E402
from monitor.db.models import FetchLog  # noqa: E402
from monitor.sources import load_registry, sync_registry  # noqa: E402
from monitor.store import FetchRecord, store_feed_response  # noqa: E402
from spiders.parsing import parse_feed  # noqa: E402
from tests.support.crawling import monitor_cmd, monitor_env, write_registry  # noqa: E402
from tests.support.httpserver import FixtureServer  # noqa: E402

PG = os.environ.get(
    "MONITOR_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
CT = "application/rss+xml; charset=utf-8"
LENTA = REPO.parent / "shared" / "corpus" / "feeds" / "lenta.ru_rss_2022-12-03.xml"


def generated_feed(n: int, tag: str = "g") -> bytes:
    items = []
    for i in range(n):
        items.append(
            f"<item><title>Заголовок новости номер {i}: переговоры в Астане и Москве</title>"
            f"<link>https://news.example.kz/{tag}/2026/11/{i}.html?utm_source=rss</link>"
            f"<guid>https://news.example.kz/{tag}/2026/11/{i}.html</guid>"
            f"<pubDate>Sat, 21 Nov 2026 {i % 24:02d}:{i % 60:02d}:00 +0500</pubDate>"
            "<description><![CDATA[<p>Лид статьи: короткое описание события, "
            "около двухсот символов текста, как в настоящих лентах новостей.</p>]]></description>"
            "<category>Политика</category></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title>'
        "<link>https://news.example.kz/</link>" + "".join(items) + "</channel></rss>"
    ).encode()


@contextmanager
def pg_schema() -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = f"{PG}?options=-csearch_path%3D{schema}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def bench_parse_store(n: int, rounds: int) -> None:
    body = generated_feed(n)
    print(
        f"== parse + store vs feedparser alone: {n} entries, {len(body) / 1e6:.1f} MB, best of {rounds}"
    )
    alone = []
    for _ in range(rounds):
        t = time.perf_counter()
        parsed = feedparser.parse(
            body,
            response_headers={"content-type": CT},
            resolve_relative_uris=False,
            sanitize_html=False,
        )
        alone.append(time.perf_counter() - t)
        assert len(parsed.entries) == n
    t = time.perf_counter()
    feedparser.parse(body, response_headers={"content-type": CT})
    default_s = time.perf_counter() - t
    full = []
    with pg_schema() as url, tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(url)
        reg = write_registry(
            Path(tmp) / "r.toml",
            [{"id": "bench", "feeds": [("https://news.example.kz/rss", "ru")]}],
        )
        sync_registry(engine, load_registry(reg))
        with engine.begin() as conn:
            feed_id = conn.execute(text("SELECT id FROM feeds")).scalar_one()
        for _ in range(rounds):
            with engine.begin() as conn:  # each round stores into an empty table
                conn.execute(text("DELETE FROM articles"))
            t = time.perf_counter()
            result = parse_feed(body, CT, "https://news.example.kz/rss")
            stored = store_feed_response(
                engine,
                FetchRecord(feed_id=feed_id, status=200, ok=True, bytes=len(body)),
                result.entries,
                source_id="bench",
                lang="ru",
                fulltext=True,
                tz=ZoneInfo("Asia/Almaty"),
            )
            full.append(time.perf_counter() - t)
            assert stored.new == n, stored
        engine.dispose()
    a, f = n / min(alone), n / min(full)
    print(f"feedparser alone (same flags as the spider): {a:10.0f} entries/s")
    print(f"feedparser alone (default flags):            {n / default_s:10.0f} entries/s")
    print(f"parse + store into PostgreSQL:               {f:10.0f} entries/s")
    print(f"ratio parse+store / feedparser alone:        {f / a:10.2f}   (goal >= 0.70)")


def bench_second_crawl() -> None:
    print("== bytes moved by a second crawl of unchanged feeds (real crawls, local server)")
    server = FixtureServer().start()
    feeds = []
    if LENTA.is_file():
        feeds.append(
            (
                server.add(
                    "/lenta.xml", LENTA.read_bytes(), headers={"Content-Type": CT}, etag='"lenta"'
                ),
                "ru",
            )
        )
    for i in range(4):
        feeds.append(
            (
                server.add(
                    f"/lm{i}.xml",
                    generated_feed(300, f"lm{i}"),
                    headers={"Content-Type": CT},
                    last_modified="Sat, 21 Nov 2026 10:00:00 GMT",
                ),
                "ru",
            )
        )
    no_validators = server.add(
        "/plain.xml", generated_feed(300, "plain"), headers={"Content-Type": CT}
    )
    try:
        for label, feed_set in [
            ("all feeds send ETag or Last-Modified", feeds),
            (
                "plus one feed without validators (body hash only saves parsing)",
                [*feeds, (no_validators, "ru")],
            ),
        ]:
            with pg_schema() as url, tempfile.TemporaryDirectory() as tmp:
                reg = write_registry(
                    Path(tmp) / "r.toml", [{"id": "b", "fulltext": False, "feeds": feed_set}]
                )
                env = monitor_env(url, reg)
                totals = []
                for _ in range(2):
                    before = _logged_bytes(url)
                    subprocess.run(
                        monitor_cmd("crawl", "--quiet"),
                        env=env,
                        cwd=REPO,
                        check=True,
                        capture_output=True,
                    )
                    totals.append(_logged_bytes(url) - before)
            share = totals[1] / totals[0] if totals[0] else float("nan")
            print(
                f"{label}: first {totals[0]} B, second {totals[1]} B -> {share:.1%} (goal <= 5 %)"
            )
    finally:
        server.stop()


def _logged_bytes(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        value = conn.execute(select(func.coalesce(func.sum(FetchLog.bytes), 0))).scalar_one()
    engine.dispose()
    return int(value)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bench_parse_store(args.entries, args.rounds)
    bench_second_crawl()


if __name__ == "__main__":
    main()
