"""Store: idempotent upserts of feed items, feed state and the fetch log.

Everything of one feed response (its articles, the feed's validators and state, the fetch
log row) is written in ONE transaction: a crawl killed mid-way loses at most the response in
flight, and the rerun neither loses nor duplicates (articles are keyed on the normalised URL
with INSERT … ON CONFLICT, so two overlapping crawls cannot race a read-then-write).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, func, select, update

from monitor.bulk import in_values, upsert_returning
from monitor.db.models import Article, FetchLog, table_of, utcnow
from monitor.feedstate import apply_fetch
from monitor.urls import normalize_url

ARTICLES = table_of(Article)
REPOST_WINDOW = timedelta(days=7)
# Title hashes per look-up: below SQLite's bound-parameter limit.
CHUNK = 500
# First key of the per-source advisory lock (the two-key form: apart from the scheduler's lock).
SOURCE_LOCK_CLASS = 7201
_SPACES = re.compile(r"\s+")


@dataclass
class EntryRecord:
    """One feed or sitemap item as parsed by a spider (links already absolute)."""

    url: str
    title: str = ""
    summary: str | None = None
    published_at: datetime | None = None


@dataclass
class FetchRecord:
    """What happened to one feed request; `unchanged` = 304 or the same body hash."""

    feed_id: int
    status: int | None
    ok: bool
    bytes: int = 0
    duration_ms: int = 0
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    unchanged: bool = False
    fetched_at: datetime = field(default_factory=utcnow)


@dataclass
class StoreResult:
    items: int = 0
    new: int = 0
    reposts: int = 0  # new URL, same title as a recent item of the source
    repeats: int = 0  # the same URL twice in one response
    pending: list[tuple[int, str]] = field(default_factory=list)  # (article id, url) to fetch


def title_hash(title: str) -> str:
    return hashlib.sha256(_SPACES.sub(" ", title).strip().casefold().encode()).hexdigest()


def local_day_week(moment: datetime, tz: tzinfo) -> tuple[Any, str]:
    """Day and ISO week (`2026-W47`) of an aware moment in the report time zone."""
    local = moment.astimezone(tz)
    year, week, _ = local.isocalendar()
    return local.date(), f"{year}-W{week:02d}"


def _rows(
    entries: Iterable[EntryRecord],
    *,
    source_id: str,
    feed_id: int | None,
    lang: str | None,
    fulltext: bool,
    tz: tzinfo,
    now: datetime,
) -> tuple[list[dict[str, Any]], int]:
    rows: dict[str, dict[str, Any]] = {}
    repeats = 0
    for entry in entries:
        key = normalize_url(entry.url)
        if key in rows:
            repeats += 1
            continue
        day, week = local_day_week(entry.published_at or now, tz)
        rows[key] = {
            "url_key": key,
            "url": entry.url,
            "source_id": source_id,
            "feed_id": feed_id,
            "lang": lang,
            "title": entry.title,
            "summary": entry.summary,
            "text_status": "pending" if fulltext else "skipped",
            "published_at": entry.published_at,
            "first_seen_at": now,
            "last_seen_at": now,
            "published_day": day,
            "iso_week": week,
            "title_hash": title_hash(entry.title),
            "times_seen": 1,
        }
    return list(rows.values()), repeats


def upsert_articles(
    conn: Connection,
    entries: Sequence[EntryRecord],
    *,
    source_id: str,
    feed_id: int | None,
    lang: str | None,
    fulltext: bool,
    tz: tzinfo,
    now: datetime | None = None,
) -> StoreResult:
    """Insert new articles, count sightings of known ones, mark re-posts. One caller transaction."""
    now = now or utcnow()
    rows, repeats = _rows(
        entries, source_id=source_id, feed_id=feed_id, lang=lang, fulltext=fulltext, tz=tz, now=now
    )
    result = StoreResult(items=len(entries), repeats=repeats)
    if conn.dialect.name == "postgresql":
        # Concurrent workers: one source's stores take turns (until commit), so the re-post
        # check below sees the other worker's new rows (no read-then-write race) and two
        # feeds listing the same URLs in different orders cannot deadlock on the unique key.
        conn.execute(
            select(func.pg_advisory_xact_lock(SOURCE_LOCK_CLASS, func.hashtext(source_id)))
        )
    by_key = {r["url_key"]: r for r in rows}
    new_rows: list[dict[str, Any]] = []
    for art_id, key, times_seen in upsert_returning(conn, rows):
        # A row this statement inserted still has times_seen 1; an update made it >= 2.
        if times_seen == 1:
            new_rows.append({**by_key[key], "id": art_id})
    new_rows.sort(key=lambda r: r["id"])
    result.new = len(new_rows)
    result.reposts = _mark_reposts(conn, source_id, new_rows)
    if fulltext:
        result.pending = [(r["id"], r["url"]) for r in new_rows]
    return result


def _mark_reposts(conn: Connection, source_id: str, new_rows: list[dict[str, Any]]) -> int:
    """Point a new item at an earlier item of the source with the same title within 7 days."""
    titled = [r for r in new_rows if r["title"].strip()]
    if not titled:
        return 0
    hashes = sorted({r["title_hash"] for r in titled})
    first_new = min(r["id"] for r in titled)
    # Earlier articles only (ids below this batch); the batch's own rows are added from memory.
    candidates: dict[str, list[tuple[int, datetime]]] = {}
    step = len(hashes) if conn.dialect.name == "postgresql" else CHUNK
    for start in range(0, len(hashes), step):
        query = select(
            ARTICLES.c.id, ARTICLES.c.title_hash, ARTICLES.c.published_at, ARTICLES.c.first_seen_at
        ).where(
            and_(
                ARTICLES.c.source_id == source_id,
                in_values(conn, ARTICLES.c.title_hash, hashes[start : start + step]),
                ARTICLES.c.duplicate_of.is_(None),
                ARTICLES.c.id < first_new,
            )
        )
        for art_id, thash, published, first_seen in conn.execute(query):
            candidates.setdefault(thash, []).append((art_id, published or first_seen))
    for row in titled:
        candidates.setdefault(row["title_hash"], []).append(
            (row["id"], row["published_at"] or row["first_seen_at"])
        )
    updates = []
    for row in titled:
        moment = row["published_at"] or row["first_seen_at"]
        earlier = [
            (cid, when)
            for cid, when in candidates.get(row["title_hash"], [])
            if cid < row["id"] and abs(moment - when) <= REPOST_WINDOW
        ]
        if earlier:
            updates.append({"b_id": row["id"], "b_orig": min(earlier)[0]})
    if updates:
        conn.execute(
            update(ARTICLES)
            .where(ARTICLES.c.id == bindparam("b_id"))
            .values(duplicate_of=bindparam("b_orig")),
            updates,
        )
    return len(updates)


def store_feed_response(
    engine: Engine,
    fetch: FetchRecord,
    entries: Sequence[EntryRecord],
    *,
    source_id: str,
    lang: str | None,
    fulltext: bool,
    tz: tzinfo,
) -> StoreResult:
    """Articles + feed state + fetch log of one response, committed together."""
    with engine.begin() as conn:
        result = StoreResult()
        if entries:
            result = upsert_articles(
                conn,
                entries,
                source_id=source_id,
                feed_id=fetch.feed_id,
                lang=lang,
                fulltext=fulltext,
                tz=tz,
                now=fetch.fetched_at,
            )
        apply_fetch(conn, fetch, items=len(entries), new_items=result.new)
        conn.execute(
            table_of(FetchLog)
            .insert()
            .values(
                covers_from=_window_start(conn, fetch, entries),
                feed_id=fetch.feed_id,
                fetched_at=fetch.fetched_at,
                status=fetch.status,
                ok=fetch.ok,
                bytes=fetch.bytes,
                duration_ms=fetch.duration_ms,
                items=len(entries),
                new_items=result.new,
                error=fetch.error,
            )
        )
    return result


def _window_start(
    conn: Connection, fetch: FetchRecord, entries: Sequence[EntryRecord]
) -> datetime | None:
    """Oldest item time of a successful response: the fetch observed the outlet from there on.

    An unchanged response (304 or the same body) shows what the previous one showed, so it
    keeps that response's window. Reports use the window to tell observed days from missing.
    """
    if not fetch.ok:
        return None
    dated = [e.published_at for e in entries if e.published_at is not None]
    if dated:
        return min(dated)
    if fetch.unchanged:
        log = table_of(FetchLog)
        return conn.execute(
            select(log.c.covers_from)
            .where(
                log.c.feed_id == fetch.feed_id, log.c.ok.is_(True), log.c.covers_from.is_not(None)
            )
            .order_by(log.c.fetched_at.desc())
            .limit(1)
        ).scalar()
    return None


def store_article_text(
    engine: Engine, article_id: int, *, status: str, text: str | None, error: str | None
) -> None:
    """Record the outcome of an article page fetch (only while the article is still pending)."""
    with engine.begin() as conn:
        conn.execute(
            update(ARTICLES)
            .where(and_(ARTICLES.c.id == article_id, ARTICLES.c.text_status == "pending"))
            .values(text=text, text_status=status, text_error=error)
        )


def pending_articles(
    engine: Engine, feed_ids: Sequence[int], limit: int = 5000
) -> list[tuple[int, str]]:
    """Articles of these feeds whose page was never fetched (e.g. a killed crawl's)."""
    if not feed_ids:
        return []
    query = (
        select(ARTICLES.c.id, ARTICLES.c.url)
        .where(and_(ARTICLES.c.feed_id.in_(list(feed_ids)), ARTICLES.c.text_status == "pending"))
        .order_by(ARTICLES.c.id)
        .limit(limit)
    )
    with engine.connect() as conn:
        return [(int(i), str(u)) for i, u in conn.execute(query)]


__all__ = [
    "EntryRecord",
    "FetchRecord",
    "StoreResult",
    "pending_articles",
    "store_article_text",
    "store_feed_response",
    "upsert_articles",
]
