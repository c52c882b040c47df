"""The SQL views analysts query directly. Column names are a contract (see docs/schema.md).

Written in the SQL that SQLite and PostgreSQL share, so that one definition serves both.
Shares are about / articles over *classified, non-duplicate* articles of the side.
"""

from __future__ import annotations

VIEWS: dict[str, str] = {
    "article_coverage": """
        SELECT a.id AS article_id, a.source_id, s.country AS source_country,
               COALESCE(c.detected_lang, a.lang) AS lang, a.published_at, a.url, a.title,
               CASE s.country WHEN 'KZ' THEN 'RU' ELSE 'KZ' END AS target_country, c.label, c.score, c.classifier_version,
               a.iso_week, a.published_day, a.duplicate_of
        FROM articles a
        JOIN sources s ON s.id = a.source_id
        LEFT JOIN classifications c ON c.article_id = a.id
    """,
    "weekly_attention": """
        SELECT a.iso_week, s.country AS source_country, CASE s.country WHEN 'KZ' THEN 'RU' ELSE 'KZ' END AS target_country,
               COUNT(c.article_id) AS articles,
               SUM(CASE WHEN c.label = 'about' THEN 1 ELSE 0 END) AS about,
               SUM(CASE WHEN c.label = 'mention' THEN 1 ELSE 0 END) AS mention,
               CAST(SUM(CASE WHEN c.label = 'about' THEN 1 ELSE 0 END) AS DOUBLE PRECISION)
                   / NULLIF(COUNT(c.article_id), 0) AS share
        FROM articles a
        JOIN sources s ON s.id = a.source_id
        LEFT JOIN classifications c ON c.article_id = a.id
        WHERE a.duplicate_of IS NULL
        GROUP BY a.iso_week, s.country
    """,
    "outlet_weekly": """
        SELECT a.iso_week, a.source_id, s.name AS source_name, s.country AS source_country,
               CASE s.country WHEN 'KZ' THEN 'RU' ELSE 'KZ' END AS target_country,
               COUNT(c.article_id) AS articles,
               SUM(CASE WHEN c.label = 'about' THEN 1 ELSE 0 END) AS about,
               SUM(CASE WHEN c.label = 'mention' THEN 1 ELSE 0 END) AS mention,
               CAST(SUM(CASE WHEN c.label = 'about' THEN 1 ELSE 0 END) AS DOUBLE PRECISION)
                   / NULLIF(COUNT(c.article_id), 0) AS share
        FROM articles a
        JOIN sources s ON s.id = a.source_id
        LEFT JOIN classifications c ON c.article_id = a.id
        WHERE a.duplicate_of IS NULL
        GROUP BY a.iso_week, a.source_id, s.name, s.country
    """,
    "feed_health": """
        SELECT f.id AS feed_id, f.source_id, s.country AS source_country, f.url, f.kind, f.lang,
               f.last_status, f.last_error, f.consecutive_failures, f.last_fetched_at,
               f.last_success_at, f.next_due_at, f.poll_interval_s,
               (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id) AS articles
        FROM feeds f
        JOIN sources s ON s.id = f.source_id
    """,
    "evidence": """
        SELECT e.article_id, a.source_id, a.url, a.title, c.label, c.score,
               e.field, e.start, e."end", e.surface, e.entry, e.entry_type, e.masked,
               e.classifier_version
        FROM classification_evidence e
        JOIN articles a ON a.id = e.article_id
        LEFT JOIN classifications c ON c.article_id = e.article_id
    """,
}


# Views added by later migrations. Migration 0001 creates exactly VIEWS above, so a view over a
# table that 0001 does not create must not go there: each later migration creates its own.
VOICES_VIEWS: dict[str, str] = {
    "voices": """
        SELECT v.article_id, a.source_id, s.country AS source_country,
               CASE s.country WHEN 'KZ' THEN 'RU' ELSE 'KZ' END AS target_country,
               a.iso_week, a.published_day, a.url, a.title,
               v.name, v.role, v.country AS voice_country, v.kind, v.field,
               a.duplicate_of, v.classifier_version
        FROM article_voices v
        JOIN articles a ON a.id = v.article_id
        JOIN sources s ON s.id = a.source_id
    """,
}
# Every analyst view, in documentation order.
ALL_VIEWS: dict[str, str] = {**VIEWS, **VOICES_VIEWS}


def create_statements() -> list[str]:
    return [f"CREATE VIEW {name} AS {sql.strip()}" for name, sql in VIEWS.items()]


def drop_statements() -> list[str]:
    return [f"DROP VIEW IF EXISTS {name}" for name in reversed(VIEWS)]
