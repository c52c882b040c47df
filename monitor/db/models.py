"""SQLAlchemy 2 models: the one schema shared by SQLite and PostgreSQL.

Times are timezone-aware UTC (`UtcDateTime`). Articles also carry `published_day` and
`iso_week` computed in the report time zone at store time: SQLite has no time-zone maths
and no ISO-week format, and a stored column keeps the weekly views identical on both engines.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; SQLite hands them back naive, so re-attach UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: store timezone-aware UTC times")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


def table_of(model: type[Base]) -> Table:
    """The Core table of a model, typed as a Table (mypy sees `__table__` as a FromClause)."""
    return cast(Table, model.__table__)


class Source(Base):
    """An outlet from the registry (synchronised on every crawl)."""

    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)  # KZ | RU
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    homepage: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str | None] = mapped_column(String(32))  # state|private|foreign-funded|wire
    fulltext: Mapped[bool] = mapped_column(Boolean, default=True)


class Feed(Base):
    """One feed or news sitemap of a source, with its polling and health state."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str] = mapped_column(String(1000), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="feed")  # feed | sitemap
    lang: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Conditional GET validators and a hash of the last body (some servers ignore validators).
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    body_hash: Mapped[str | None] = mapped_column(String(64))
    last_fetched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    poll_interval_s: Mapped[int] = mapped_column(Integer, default=1800)
    next_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)


class FetchLog(Base):
    """One row per fetch of a feed: the audit trail behind feed health and missing days."""

    __tablename__ = "fetch_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id"), index=True)
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    status: Mapped[int | None] = mapped_column(Integer)  # HTTP status; None when no response
    ok: Mapped[bool] = mapped_column(Boolean, default=False)
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[int] = mapped_column(Integer, default=0)
    new_items: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    # Oldest publication time among the items of this (successful) response: the fetch shows
    # the outlet's output from here to fetched_at, so those days are observed, not missing.
    covers_from: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Article(Base):
    """A news item, keyed by its normalised URL so that every stage is idempotent."""

    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_source_week", "source_id", "iso_week"),
        Index("ix_articles_title_hash", "source_id", "title_hash"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    url_key: Mapped[str] = mapped_column(String(1000), unique=True)  # normalised URL
    url: Mapped[str] = mapped_column(String(2000))
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id"))
    lang: Mapped[str | None] = mapped_column(String(8))  # language declared by the feed
    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)  # full text from trafilatura
    text_status: Mapped[str] = mapped_column(
        String(16), default="pending"
    )  # pending|ok|failed|skipped
    text_error: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Day and ISO week (e.g. 2026-W47) of publication (or first sighting) in the report zone.
    published_day: Mapped[date] = mapped_column(Date, index=True)
    iso_week: Mapped[str] = mapped_column(String(8), index=True)
    title_hash: Mapped[str] = mapped_column(String(64))
    # A re-post of the same title by the same source within 7 days points at the original.
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    times_seen: Mapped[int] = mapped_column(Integer, default=1)


class Classification(Base):
    """The current decision for an article (one row per article; the version says by what)."""

    __tablename__ = "classifications"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    classifier_version: Mapped[str] = mapped_column(String(32), index=True)
    target_country: Mapped[str] = mapped_column(String(2))  # RU for KZ outlets, KZ for RU outlets
    label: Mapped[str] = mapped_column(String(8))  # about | mention | none
    score: Mapped[float] = mapped_column(Float)
    detected_lang: Mapped[str | None] = mapped_column(String(8))
    # Cues that change sensitivity analyses (multilateral-only, baikonur-only, ...).
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    features: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    classified_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class EvidenceRow(Base):
    """One matched surface form behind a decision, with where it was and why it was masked."""

    __tablename__ = "classification_evidence"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    classifier_version: Mapped[str] = mapped_column(String(32))
    field: Mapped[str] = mapped_column(String(8))  # title | lead | body
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    surface: Mapped[str] = mapped_column(String(300))
    entry: Mapped[str] = mapped_column(String(200))  # lexicon entry (canonical form)
    entry_type: Mapped[str] = mapped_column(String(32))  # country|capital|leader|region|...
    masked: Mapped[str | None] = mapped_column(String(64))  # masking reason, None when counted


class ArticleTopic(Base):
    """Topics of an article (several per article), for agenda comparison in SQL."""

    __tablename__ = "article_topics"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(32), primary_key=True)


class ClassifierQuality(Base):
    """Precision/recall of a classifier version on labelled data, for corrected shares."""

    __tablename__ = "classifier_quality"
    __table_args__ = (UniqueConstraint("classifier_version", "direction"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    classifier_version: Mapped[str] = mapped_column(String(32))
    direction: Mapped[str] = mapped_column(String(8))  # KZ->RU | RU->KZ
    precision: Mapped[float] = mapped_column(Float)
    recall: Mapped[float] = mapped_column(Float)
    n_labelled: Mapped[int] = mapped_column(Integer)
    measured_on: Mapped[str] = mapped_column(String(200))


class Report(Base):
    """An archived weekly report; regenerating a week and format replaces the row."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("iso_week", "format"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    iso_week: Mapped[str] = mapped_column(String(8))
    format: Mapped[str] = mapped_column(String(8))
    path: Mapped[str | None] = mapped_column(String(1000))
    content: Mapped[str] = mapped_column(Text)
    classifier_version: Mapped[str | None] = mapped_column(String(32))
    generated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class JobRun(Base):
    """One row per stage run (crawl, classify, report) for `monitor status` and metrics."""

    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job: Mapped[str] = mapped_column(String(32), index=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ok: Mapped[bool | None] = mapped_column(Boolean)
    summary: Mapped[str | None] = mapped_column(Text)


class ArticleVoice(Base):
    """A person quoted or cited in an article, with role and (when the text says) country."""

    __tablename__ = "article_voices"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))  # as written (case forms are not normalised)
    role: Mapped[str | None] = mapped_column(String(32))  # canonical role, None: speech verb only
    country: Mapped[str | None] = mapped_column(String(8))  # KZ | RU | other | None
    kind: Mapped[str] = mapped_column(String(8))  # quoted | cited
    field: Mapped[str] = mapped_column(String(8))  # title | text
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    classifier_version: Mapped[str] = mapped_column(String(32))
