"""Store under concurrent workers: overlapping transactions neither duplicate nor miss re-posts."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from monitor.db.models import Article
from monitor.sources import load_registry, sync_registry
from monitor.store import EntryRecord, StoreResult, upsert_articles
from tests.support.crawling import write_registry

ALMATY = ZoneInfo("Asia/Almaty")
T0 = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def _source(engine: Engine, tmp_path: Path) -> None:
    reg = write_registry(tmp_path / "r.toml", [{"id": "s1", "feeds": [("https://a.kz/rss", "ru")]}])
    sync_registry(engine, load_registry(reg))


def _upsert(conn, entries: list[EntryRecord]) -> StoreResult:  # type: ignore[no-untyped-def]
    return upsert_articles(
        conn, entries, source_id="s1", feed_id=None, lang="ru", fulltext=True, tz=ALMATY, now=T0
    )


def test_overlapping_stores_of_one_source_take_turns(engine: Engine, tmp_path: Path) -> None:
    """Worker B stores a re-post while worker A's transaction with the original is still open.

    Without the per-source lock B's re-post check would not see A's uncommitted row and both
    would stay originals; with it B waits for A's commit and marks its item as the re-post.
    """
    _source(engine, tmp_path)
    results: dict[str, StoreResult] = {}
    b_started = threading.Event()

    def worker_b() -> None:
        with engine.begin() as conn:
            b_started.set()
            results["b"] = _upsert(
                conn, [EntryRecord("https://a.kz/en/7", "Minister visits Moscow")]
            )

    with engine.begin() as conn:
        results["a"] = _upsert(conn, [EntryRecord("https://a.kz/ru/7", "Minister  visits Moscow")])
        thread = threading.Thread(target=worker_b)
        thread.start()
        assert b_started.wait(5)
        thread.join(0.5)
        assert thread.is_alive(), "B must wait for A's transaction"
    thread.join(30)
    assert not thread.is_alive()
    assert (results["a"].new, results["b"].new, results["b"].reposts) == (1, 1, 1)
    with engine.connect() as conn:
        rows = {r.url: r for r in conn.execute(select(Article))}
    assert rows["https://a.kz/en/7"].duplicate_of == rows["https://a.kz/ru/7"].id
    assert rows["https://a.kz/ru/7"].duplicate_of is None
