"""With MONITOR_REDIS_URL set the crawl job dispatches to the frontier instead of crawling:
due feeds once (a claimed feed is not pushed twice), pending pages only when the frontier is
idle, and a failed run when nobody is there to do the work."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, update

from monitor.db.models import Feed
from monitor.service import jobs
from monitor.store import EntryRecord, upsert_articles
from tests.support.crawling import write_registry
from tests.support.redisdb import RedisTarget

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_overrides(
    overrides: dict[str, Any], redis_target: RedisTarget, tmp_path: Path
) -> dict[str, Any]:
    registry = write_registry(
        tmp_path / "r.toml",
        [
            {"id": "a", "feeds": [("https://a.kz/rss", "ru"), ("https://a.kz/kk", "kk")]},
            {
                "id": "b",
                "feeds": [("https://b.ru/rss", "ru")],
                "sitemaps": ["https://b.ru/news.xml"],
            },
        ],
    )
    # The fake crawl command would "succeed": a dispatch must not run it at all.
    return {
        **overrides,
        "sources": str(registry),
        "redis_url": redis_target.url,
        "redis_prefix": redis_target.prefix,
        "crawl_command": ["false"],
    }


def _start(target: RedisTarget) -> list[dict[str, Any]]:
    raw = target.client.lrange(f"{target.prefix}:frontier:start", 0, -1)
    return [json.loads(item) for item in raw]


def _live_worker(target: RedisTarget) -> None:
    target.client.hset(f"{target.prefix}:workers", "w1", json.dumps({"pid": 1}))
    target.client.set(f"{target.prefix}:alive:w1", "1", ex=60)


def test_crawl_job_dispatches_due_feeds_once(
    engine: Engine, redis_overrides: dict[str, Any], redis_target: RedisTarget
) -> None:
    _live_worker(redis_target)
    result = jobs.crawl_job(**redis_overrides)
    assert result.ok, result.summary
    assert result.summary.startswith("dispatched 3 feeds, 1 sitemaps, 0 pending pages")
    pushed = _start(redis_target)
    assert sorted(p["task"]["url"] for p in pushed) == [
        "https://a.kz/kk",
        "https://a.kz/rss",
        "https://b.ru/news.xml",
        "https://b.ru/rss",
    ]
    sitemap = next(p for p in pushed if p["kind"] == "sitemap")
    since = datetime.fromisoformat(sitemap["since"])
    assert abs(datetime.now(UTC) - timedelta(days=2) - since) < timedelta(minutes=5)
    assert sitemap["until"] is None
    # Still queued: the next tick pushes nothing again.
    again = jobs.crawl_job(**redis_overrides)
    assert again.ok and "dispatched 0 feeds, 0 sitemaps" in again.summary
    assert "4 still queued" in again.summary and len(_start(redis_target)) == 4


def test_pending_pages_are_requeued_only_when_the_frontier_is_idle(
    engine: Engine, redis_overrides: dict[str, Any], redis_target: RedisTarget
) -> None:
    _live_worker(redis_target)
    jobs.crawl_job(**redis_overrides)  # registers the feeds
    with engine.begin() as conn:
        feed_id = conn.execute(select(Feed.id).where(Feed.url == "https://a.kz/rss")).scalar_one()
        conn.execute(update(Feed).values(next_due_at=None))
        upsert_articles(
            conn,
            [EntryRecord("https://a.kz/n/1", "t")],
            source_id="a",
            feed_id=feed_id,
            lang="ru",
            fulltext=True,
            tz=UTC,
        )
    busy = jobs.crawl_job(**redis_overrides)
    assert "0 pending pages" in busy.summary  # feed tasks still waiting: not idle
    redis_target.client.delete(f"{redis_target.prefix}:frontier:start")
    for key in redis_target.client.scan_iter(f"{redis_target.prefix}:feed-claim:*"):
        redis_target.client.delete(key)
    idle = jobs.crawl_job(**redis_overrides)
    assert "1 pending pages" in idle.summary
    pages = [p for p in _start(redis_target) if p["kind"] == "article"]
    assert pages == [
        {"kind": "article", "article_id": pages[0]["article_id"], "url": "https://a.kz/n/1"}
    ]


def test_work_without_a_live_worker_fails_the_run(
    engine: Engine, redis_overrides: dict[str, Any]
) -> None:
    result = jobs.crawl_job(**redis_overrides)
    assert not result.ok
    assert result.summary.endswith("0 live workers, backlog 0 - NO LIVE WORKER")
