"""Store: idempotent upserts, re-posts, local days and weeks, feed state and the fetch log."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select

from monitor.db.models import Article, Feed, FetchLog
from monitor.sources import load_registry, sync_registry
from monitor.store import EntryRecord, FetchRecord, store_article_text, store_feed_response
from tests.support.crawling import write_registry

ALMATY = ZoneInfo("Asia/Almaty")
T0 = datetime(2026, 11, 22, 20, 30, tzinfo=UTC)  # Sunday 20:30 UTC = Monday 01:30 in Almaty


def _feed(engine: Engine, tmp_path: Path) -> int:
    reg = write_registry(tmp_path / "r.toml", [{"id": "s1", "feeds": [("https://a.kz/rss", "ru")]}])
    sync_registry(engine, load_registry(reg))
    with engine.connect() as conn:
        return int(conn.execute(select(Feed.id)).scalar_one())


def _store(
    engine: Engine, feed_id: int, entries: list[EntryRecord], at: datetime = T0, **kw: object
):  # type: ignore[no-untyped-def]
    fetch = FetchRecord(feed_id=feed_id, status=200, ok=True, bytes=100, fetched_at=at, **kw)  # type: ignore[arg-type]
    return store_feed_response(
        engine, fetch, entries, source_id="s1", lang="ru", fulltext=True, tz=ALMATY
    )


def _articles(engine: Engine) -> list:  # type: ignore[type-arg]
    with engine.connect() as conn:
        return list(conn.execute(select(Article).order_by(Article.id)))


def test_upsert_is_idempotent_and_keeps_first_seen(engine: Engine, tmp_path: Path) -> None:
    feed_id = _feed(engine, tmp_path)
    entries = [
        EntryRecord("https://a.kz/n/1?utm_source=rss", "One"),
        EntryRecord("https://A.kz/n/1/", "One again"),  # same key within one response
        EntryRecord("https://a.kz/n/2", "Two", published_at=T0 - timedelta(hours=1)),
    ]
    first = _store(engine, feed_id, entries)
    assert (first.items, first.new, first.repeats) == (3, 2, 1)
    assert [url for _, url in first.pending] == [
        "https://a.kz/n/1?utm_source=rss",
        "https://a.kz/n/2",
    ]
    later = T0 + timedelta(hours=2)
    second = _store(engine, feed_id, entries, at=later)
    assert second.new == 0 and second.pending == []
    rows = _articles(engine)
    assert [r.url_key for r in rows] == ["https://a.kz/n/1", "https://a.kz/n/2"]
    assert all(r.first_seen_at == T0 and r.last_seen_at == later for r in rows)
    assert [r.times_seen for r in rows] == [2, 2]
    assert all(r.first_seen_at.tzinfo is not None for r in rows)


def test_day_and_iso_week_are_computed_in_the_report_zone(engine: Engine, tmp_path: Path) -> None:
    feed_id = _feed(engine, tmp_path)
    _store(
        engine,
        feed_id,
        [
            EntryRecord("https://a.kz/n/1", "Published Sunday night UTC", published_at=T0),
            EntryRecord("https://a.kz/n/2", "No date: first seen counts"),
        ],
        at=T0 + timedelta(days=3),
    )
    first, second = _articles(engine)
    # 2026-11-22 20:30 UTC is Monday 23 November 01:30 in Almaty: ISO week 48, not 47.
    assert (first.published_day, first.iso_week) == (date(2026, 11, 23), "2026-W48")
    assert (second.published_day, second.iso_week) == (date(2026, 11, 26), "2026-W48")
    assert second.published_at is None


def test_reposted_title_within_seven_days_points_at_the_original(
    engine: Engine, tmp_path: Path
) -> None:
    feed_id = _feed(engine, tmp_path)
    _store(
        engine,
        feed_id,
        [EntryRecord("https://a.kz/n/1", "Токаев встретился с Путиным", published_at=T0)],
    )
    result = _store(
        engine,
        feed_id,
        [
            EntryRecord(
                "https://a.kz/n/1-repost",
                "  токаев встретился  с путиным ",
                published_at=T0 + timedelta(days=2),
            ),
            EntryRecord(
                "https://a.kz/n/old",
                "Токаев встретился с Путиным",
                published_at=T0 + timedelta(days=30),
            ),
        ],
        at=T0 + timedelta(days=30),
    )
    assert result.reposts == 1
    original, repost, much_later = _articles(engine)
    assert repost.duplicate_of == original.id
    assert much_later.duplicate_of is None and original.duplicate_of is None


def test_failures_keep_validators_count_and_back_off(engine: Engine, tmp_path: Path) -> None:
    feed_id = _feed(engine, tmp_path)
    _store(engine, feed_id, [EntryRecord("https://a.kz/n/1", "x")], etag='"v1"', body_hash="h1")
    for n in range(1, 4):
        fetch = FetchRecord(
            feed_id=feed_id,
            status=500,
            ok=False,
            error="HTTP 500 Internal Server Error",
            fetched_at=T0 + timedelta(hours=n),
        )
        store_feed_response(engine, fetch, [], source_id="s1", lang="ru", fulltext=True, tz=ALMATY)
    with engine.connect() as conn:
        feed = conn.execute(select(Feed)).one()
        log = list(conn.execute(select(FetchLog).order_by(FetchLog.id)))
    assert feed.etag == '"v1"' and feed.body_hash == "h1"
    assert feed.consecutive_failures == 3 and feed.last_error == "HTTP 500 Internal Server Error"
    assert feed.last_success_at == T0 and feed.active
    assert feed.next_due_at - (T0 + timedelta(hours=3)) == timedelta(
        seconds=4 * feed.poll_interval_s
    )
    assert [(r.status, r.ok, r.items, r.new_items) for r in log] == [
        (200, True, 1, 1),
        (500, False, 0, 0),
        (500, False, 0, 0),
        (500, False, 0, 0),
    ]
    fetch = FetchRecord(
        feed_id=feed_id, status=304, ok=True, unchanged=True, fetched_at=T0 + timedelta(hours=5)
    )
    store_feed_response(engine, fetch, [], source_id="s1", lang="ru", fulltext=True, tz=ALMATY)
    with engine.connect() as conn:
        feed = conn.execute(select(Feed)).one()
    assert feed.consecutive_failures == 0 and feed.last_error is None and feed.etag == '"v1"'


def test_article_text_is_recorded_once(engine: Engine, tmp_path: Path) -> None:
    feed_id = _feed(engine, tmp_path)
    result = _store(engine, feed_id, [EntryRecord("https://a.kz/n/1", "x")])
    article_id = result.pending[0][0]
    store_article_text(engine, article_id, status="failed", text=None, error="HTTP 404")
    store_article_text(engine, article_id, status="ok", text="late", error=None)  # not pending
    (row,) = _articles(engine)
    assert (row.text_status, row.text_error, row.text) == ("failed", "HTTP 404", None)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Article)).scalar_one() == 1


def test_fetch_log_records_the_observation_window(engine: Engine, tmp_path: Path) -> None:
    feed_id = _feed(engine, tmp_path)
    oldest = T0 - timedelta(days=3)
    entries = [
        EntryRecord("https://a.kz/n/1", "One", published_at=T0 - timedelta(hours=1)),
        EntryRecord("https://a.kz/n/2", "Two", published_at=oldest),
        EntryRecord("https://a.kz/n/3", "Undated"),
    ]
    _store(engine, feed_id, entries)
    # An unchanged body (304) shows what the previous response showed: same window.
    _store(engine, feed_id, [], at=T0 + timedelta(hours=1), unchanged=True)
    failed = FetchRecord(feed_id=feed_id, status=500, ok=False, fetched_at=T0 + timedelta(hours=2))
    store_feed_response(engine, failed, [], source_id="s1", lang="ru", fulltext=True, tz=ALMATY)
    with engine.connect() as conn:
        windows = list(
            conn.execute(select(FetchLog.ok, FetchLog.covers_from).order_by(FetchLog.id))
        )
    assert [(ok, w.astimezone(UTC) if w else None) for ok, w in windows] == [
        (True, oldest),
        (True, oldest),
        (False, None),
    ]
