"""The report's SQL: SQLAlchemy Core over articles, classifications, sources and fetch_log.

Every value from outside (days, bounds, countries, flag patterns) is a bound parameter. The
queries aggregate to the outlet-day, the unit of missing data and of the bootstrap; the
Python in `metrics` only sums those small rows. All of it runs unchanged on SQLite and
PostgreSQL: no time-zone maths in SQL (days are the stored `published_day`, fetch times are
bucketed with a CASE over precomputed UTC day edges) and no JSON operators (flags are
matched on their JSON text).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, String, and_, case, cast, func, or_, select

from monitor.db.models import (
    Article,
    ArticleTopic,
    Classification,
    ClassifierQuality,
    Feed,
    FetchLog,
    Source,
)

A = Article.__table__
C = Classification.__table__
S = Source.__table__
F = Feed.__table__
L = FetchLog.__table__
T = ArticleTopic.__table__
Q = ClassifierQuality.__table__

# Flags the classifier sets on articles whose only cue is a bloc or Baikonur (CODEBOOK.md).
FLAG_MULTILATERAL = "multilateral_only"
FLAG_BAIKONUR = "baikonur_only"


@dataclass(frozen=True)
class OutletDayRow:
    """Counts of one outlet on one local day, split by original vs repost."""

    source_id: str
    day: date
    original: bool
    stored: int
    articles: int  # classified
    about: int
    mention: int
    extra_multilateral: int  # not 'about' but flagged multilateral_only
    extra_baikonur: int
    extra_either: int


def _flag_like(flag: str) -> Any:
    # JSON text of a list of strings contains the quoted flag; the pattern is a bound parameter.
    return cast(C.c.flags, String).like(f'%"{flag}"%')


def outlet_day_counts(conn: Connection, first: date, last: date) -> list[OutletDayRow]:
    not_about = and_(C.c.article_id.is_not(None), C.c.label != "about")
    ml, bk = _flag_like(FLAG_MULTILATERAL), _flag_like(FLAG_BAIKONUR)
    original = A.c.duplicate_of.is_(None)  # no bound parameter: safe to GROUP BY on PostgreSQL
    stmt = (
        select(
            A.c.source_id,
            A.c.published_day,
            original.label("original"),
            func.count(A.c.id),
            func.count(C.c.article_id),
            func.sum(case((C.c.label == "about", 1), else_=0)),
            func.sum(case((C.c.label == "mention", 1), else_=0)),
            func.sum(case((and_(not_about, ml), 1), else_=0)),
            func.sum(case((and_(not_about, bk), 1), else_=0)),
            func.sum(case((and_(not_about, or_(ml, bk)), 1), else_=0)),
        )
        .select_from(A.outerjoin(C, C.c.article_id == A.c.id))
        .where(A.c.published_day >= first, A.c.published_day <= last)
        .group_by(A.c.source_id, A.c.published_day, original)
    )
    return [
        OutletDayRow(r[0], r[1], bool(r[2]), *(int(v or 0) for v in r[3:]))
        for r in conn.execute(stmt)
    ]


def sources(conn: Connection) -> list[dict[str, Any]]:
    """Every registered outlet with whether it has an active feed (see metrics.tracked_outlets)."""
    has_feed = select(F.c.id).where(F.c.source_id == S.c.id, F.c.active.is_(True)).exists()
    stmt = select(S.c.id, S.c.name, S.c.country, S.c.kind, has_feed.label("has_feed")).order_by(
        S.c.id
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def fetched_days(
    conn: Connection, edges: list[datetime], days: list[date]
) -> set[tuple[str, date]]:
    """(source_id, local day) pairs the outlet was observed on: a successful fetch of one of its
    feeds that day, or one whose items reach back past that day (`fetch_log.covers_from`).

    `edges` are the UTC instants of local midnight (len(days) + 1); a CASE maps each instant
    to the index of its local day, so the zone's offsets (and DST, if any) are exact. A fetch
    observes every day from its oldest item to the fetch itself: a crawl started today, or a
    sitemap backfill, shows those days' output even though no fetch happened on them.
    """

    def day_index(column: Any) -> Any:
        whens = [(column < edges[0], -1)]
        whens += [(column < edges[i + 1], i) for i in range(len(days))]
        return case(*whens, else_=len(days))

    window_start = func.coalesce(L.c.covers_from, L.c.fetched_at)
    stmt = (
        select(F.c.source_id, day_index(window_start), day_index(L.c.fetched_at))
        .select_from(L.join(F, F.c.id == L.c.feed_id))
        .where(L.c.ok.is_(True), L.c.fetched_at >= edges[0], window_start < edges[-1])
        .distinct()
    )
    observed: set[tuple[str, date]] = set()
    for source_id, oldest, fetched in conn.execute(stmt):
        # The oldest item's own day is only partly seen (earlier items of that day may have
        # dropped off the feed already), so a window starts on the day after it; the fetch's
        # own day counts as observed, as any fetch that day would.
        first = int(oldest) + 1 if int(oldest) < int(fetched) else int(fetched)
        for i in range(max(first, 0), min(int(fetched), len(days) - 1) + 1):
            observed.add((source_id, days[i]))
    return observed


def feed_health(conn: Connection, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Per feed: fetches and successes in [start, end), and its current health state."""
    in_week = and_(L.c.feed_id == F.c.id, L.c.fetched_at >= start, L.c.fetched_at < end)
    fetches = select(func.count(L.c.id)).where(in_week).scalar_subquery()
    oks = select(func.count(L.c.id)).where(in_week, L.c.ok.is_(True)).scalar_subquery()
    stmt = (
        select(
            F.c.id.label("feed_id"),
            F.c.source_id,
            S.c.country,
            F.c.url,
            F.c.kind,
            F.c.active,
            F.c.last_status,
            F.c.last_error,
            F.c.consecutive_failures,
            F.c.last_success_at,
            fetches.label("fetches"),
            oks.label("ok_fetches"),
        )
        .select_from(F.join(S, S.c.id == F.c.source_id))
        .order_by(S.c.country, F.c.source_id, F.c.id)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def topic_counts(conn: Connection, first: date, last: date) -> list[tuple[str, date, str, int]]:
    """(source_id, day, topic, about articles) over original articles labelled 'about'."""
    stmt = (
        select(A.c.source_id, A.c.published_day, T.c.topic, func.count(A.c.id))
        .select_from(A.join(C, C.c.article_id == A.c.id).join(T, T.c.article_id == A.c.id))
        .where(
            A.c.published_day >= first,
            A.c.published_day <= last,
            A.c.duplicate_of.is_(None),
            C.c.label == "about",
        )
        .group_by(A.c.source_id, A.c.published_day, T.c.topic)
    )
    return [(r[0], r[1], r[2], int(r[3])) for r in conn.execute(stmt)]


def classifier_versions(conn: Connection, first: date, last: date) -> list[dict[str, Any]]:
    """Classifier versions behind the week's decisions, per source country."""
    stmt = (
        select(S.c.country, C.c.classifier_version, func.count(C.c.article_id).label("articles"))
        .select_from(A.join(C, C.c.article_id == A.c.id).join(S, S.c.id == A.c.source_id))
        .where(A.c.published_day >= first, A.c.published_day <= last)
        .group_by(S.c.country, C.c.classifier_version)
        .order_by(S.c.country, C.c.classifier_version)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def top_stories(
    conn: Connection, country: str, first: date, last: date, limit: int = 5
) -> list[dict[str, Any]]:
    """The highest-scoring original 'about' articles of one side's outlets."""
    stmt = (
        select(
            A.c.id,
            A.c.title,
            A.c.url,
            A.c.published_day,
            S.c.id.label("source_id"),
            S.c.name.label("source_name"),
            C.c.score,
        )
        .select_from(A.join(C, C.c.article_id == A.c.id).join(S, S.c.id == A.c.source_id))
        .where(
            S.c.country == country,
            A.c.published_day >= first,
            A.c.published_day <= last,
            A.c.duplicate_of.is_(None),
            C.c.label == "about",
        )
        .order_by(C.c.score.desc(), A.c.id)
        .limit(limit)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def classifier_quality(conn: Connection, version: str, direction: str) -> dict[str, Any] | None:
    stmt = select(Q.c.precision, Q.c.recall, Q.c.n_labelled, Q.c.measured_on).where(
        Q.c.classifier_version == version, Q.c.direction == direction
    )
    row = conn.execute(stmt).first()
    return dict(row._mapping) if row else None
