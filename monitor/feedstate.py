"""Feed state after a fetch: validators, body hash, health counters and the next due time.

Kept apart from the article upserts because its rules are about politeness and health, not
data: validators are saved on every response, a failure never clears them (the next success
still gets its 304), and a failing feed keeps its last error and backs off, never dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select, update

from monitor.db.models import Feed, table_of
from monitor.polling import failure_delay, next_due, next_interval

if TYPE_CHECKING:
    from monitor.store import FetchRecord

FEEDS = table_of(Feed)


def apply_fetch(conn: Connection, fetch: FetchRecord, *, items: int, new_items: int) -> None:
    """Update the feed row for one fetch, inside the caller's transaction."""
    query = select(
        FEEDS.c.poll_interval_s, FEEDS.c.consecutive_failures, FEEDS.c.last_success_at
    ).where(FEEDS.c.id == fetch.feed_id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()  # two overlapping crawls update one feed in turn
    row = conn.execute(query).one()
    interval = int(row.poll_interval_s or 0)
    values: dict[str, Any] = {
        "last_fetched_at": fetch.fetched_at,
        "last_status": fetch.status,
    }
    if fetch.ok:
        interval = next_interval(
            interval, items, new_items, first_fetch=row.last_success_at is None
        )
        values.update(
            last_success_at=fetch.fetched_at,
            # A success with a parser warning keeps the warning visible.
            last_error=fetch.error,
            consecutive_failures=0,
            poll_interval_s=interval,
            next_due_at=next_due(fetch.fetched_at, interval),
        )
        if fetch.status != 304:
            # Validators from this response (None when the server stopped sending them).
            values.update(etag=fetch.etag, last_modified=fetch.last_modified)
        else:
            # A 304 may carry refreshed validators; absent ones keep the stored values.
            values.update(
                {
                    k: v
                    for k, v in (("etag", fetch.etag), ("last_modified", fetch.last_modified))
                    if v
                }
            )
        if fetch.body_hash:
            values["body_hash"] = fetch.body_hash
    else:
        # Validators of a failed response are not kept: a 304 must never hide a broken feed.
        failures = int(row.consecutive_failures or 0) + 1
        values.update(
            last_error=fetch.error or f"HTTP {fetch.status}",
            consecutive_failures=failures,
            next_due_at=next_due(fetch.fetched_at, failure_delay(interval, failures)),
        )
    conn.execute(update(FEEDS).where(FEEDS.c.id == fetch.feed_id).values(**values))
