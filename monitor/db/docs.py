"""Descriptions of every table, view and column: the one place they are written.

Used twice: migration 0002 (and any later migration that adds columns or recreates a view)
turns them into PostgreSQL `COMMENT ON` statements via `monitor.db.comments`, and
`monitor.db.schema_doc` renders them into docs/schema.md. A test fails when a column of the
models or views has no description here, so the documentation cannot silently fall behind.
"""

from __future__ import annotations

from typing import NamedTuple


class Doc(NamedTuple):
    """What a relation is, and what each of its columns means."""

    description: str
    columns: dict[str, str]


_ISO_WEEK = "ISO week of publication in the report time zone, e.g. 2026-W47."
_COUNTRY = "Country of the outlet (KZ or RU), from the source registry, never from the language."
_TARGET = "The other country, whose coverage is measured: RU for Kazakh outlets, KZ for Russian."
_VERSION = "Version of the classifier that made the decision; reclassifying replaces it."
_LABEL = "about | mention | none (see CODEBOOK.md); NULL while the article is not yet classified."
_SHARE = "about / articles (NULL when nothing was classified); summed, never averaged."

_ROLE = (
    "Canonical role from the lexicon (political_scientist, economist, expert, analyst, minister, "
    "ambassador, spokesperson, ...); NULL when only a speech verb marked the person."
)
_VOICE_COUNTRY = (
    "KZ | RU | other: the person's country as the text states it next to them (adjective, "
    "«из Казахстана», (Москва), Almaty-based); NULL when the text does not say."
)
_KIND = "quoted (words attributed: said, по мнению, деді) | cited (named with a role only)."

TABLES: dict[str, Doc] = {
    "sources": Doc(
        "Outlets from the source registry, synchronised on every crawl.",
        {
            "id": "Slug of the outlet (registry id), e.g. tengrinews.",
            "name": "Display name of the outlet.",
            "country": _COUNTRY,
            "languages": "JSON list of the languages the outlet publishes in (ru, kk, en).",
            "homepage": "Home page URL.",
            "kind": "state | private | foreign-funded | wire, where known.",
            "fulltext": "Whether article pages are fetched for the full text (else feed text only).",
        },
    ),
    "feeds": Doc(
        "RSS/Atom feeds and news sitemaps of each outlet, with polling and health state.",
        {
            "id": "Surrogate key.",
            "source_id": "Outlet the feed belongs to (sources.id).",
            "url": "Feed or sitemap URL (unique).",
            "kind": "feed | sitemap.",
            "lang": "Language declared for the feed's items (ru, kk, en).",
            "active": "False when the feed was removed from the registry (history is kept).",
            "etag": "ETag of the last response, sent back as If-None-Match.",
            "last_modified": "Last-Modified of the last response, sent back as If-Modified-Since.",
            "body_hash": "SHA-256 of the last body, for servers that ignore validators.",
            "last_fetched_at": "UTC time of the last fetch attempt.",
            "last_success_at": "UTC time of the last successful fetch.",
            "last_status": "HTTP status of the last fetch (NULL when there was no response).",
            "last_error": "Error of the last failed fetch, NULL after a success.",
            "consecutive_failures": "Failed fetches in a row; 0 after a success.",
            "poll_interval_s": "Seconds between two polls of this feed.",
            "next_due_at": "UTC time the feed is next due for a fetch.",
        },
    ),
    "fetch_log": Doc(
        "One row per fetch of a feed: the audit trail behind feed health and missing days.",
        {
            "id": "Surrogate key.",
            "feed_id": "Feed fetched (feeds.id).",
            "fetched_at": "UTC time of the fetch.",
            "status": "HTTP status; NULL when no response arrived (DNS, timeout, refused).",
            "ok": "True when the feed was fetched and parsed (304 Not Modified counts as ok).",
            "bytes": "Size of the response body in bytes.",
            "duration_ms": "Time the fetch took, in milliseconds.",
            "items": "Items found in the feed.",
            "new_items": "Items not seen before (new articles stored).",
            "error": "Error message of a failed fetch.",
            "covers_from": "Oldest publication time among the items of a successful response: "
            "the outlet-days after that item's day, up to fetched_at, count as observed.",
        },
    ),
    "articles": Doc(
        "News items, one per normalised URL, so that every stage is idempotent.",
        {
            "id": "Surrogate key (article_id in the views).",
            "url_key": "Normalised URL (scheme, host case, tracking parameters removed): unique.",
            "url": "URL as published.",
            "source_id": "Outlet that published it (sources.id).",
            "feed_id": "Feed it was first found in (feeds.id).",
            "lang": "Language declared by the feed (ru, kk, en).",
            "title": "Headline.",
            "summary": "Summary or lead from the feed.",
            "text": "Full text extracted from the article page (trafilatura).",
            "text_status": "pending | ok | failed | skipped: state of the full-text fetch.",
            "text_error": "Why the full-text fetch failed.",
            "published_at": "UTC publication time from the feed or page (NULL when unknown).",
            "first_seen_at": "UTC time the crawler first saw the article.",
            "last_seen_at": "UTC time the crawler last saw the article in a feed.",
            "published_day": "Day of publication (or first sighting) in the report time zone.",
            "iso_week": _ISO_WEEK,
            "title_hash": "Hash of the normalised title, to find re-posts.",
            "duplicate_of": "Original article when this is a re-post of the same title by the "
            "same outlet within 7 days; NULL for originals. Weekly views skip duplicates.",
            "times_seen": "How many times the article was seen in feeds.",
        },
    ),
    "classifications": Doc(
        "The current decision for each article, for its target country.",
        {
            "article_id": "Article classified (articles.id).",
            "classifier_version": _VERSION,
            "target_country": _TARGET,
            "label": "about | mention | none (see CODEBOOK.md).",
            "score": "Confidence-like score of the label, 0 to 1.",
            "detected_lang": "Language detected from the text (ru, kk, en).",
            "flags": "JSON list of cues that matter for sensitivity analyses "
            "(e.g. multilateral-only, baikonur-only).",
            "features": "JSON object of the explainable features behind the decision.",
            "classified_at": "UTC time of the decision.",
        },
    ),
    "classification_evidence": Doc(
        "Each matched surface form behind a decision: where it was and whether it was masked.",
        {
            "id": "Surrogate key.",
            "article_id": "Article (articles.id).",
            "classifier_version": _VERSION,
            "field": "title | lead | body: where the match was found.",
            "start": "Character offset of the match in the field (inclusive).",
            "end": "Character offset of the end of the match (exclusive).",
            "surface": "The text as it appears in the article.",
            "entry": "Canonical form of the lexicon entry matched.",
            "entry_type": "country | capital | leader | region | institution | company | ...",
            "masked": "Why the match was not counted (attribution, boilerplate, ...); "
            "NULL when it counted.",
        },
    ),
    "article_topics": Doc(
        "Topics of each article (several per article), for comparing agendas.",
        {
            "article_id": "Article (articles.id).",
            "topic": "Topic code, e.g. economy, energy, politics, sport, space.",
        },
    ),
    "classifier_quality": Doc(
        "Precision and recall of a classifier version on labelled data, for corrected shares.",
        {
            "id": "Surrogate key.",
            "classifier_version": _VERSION,
            "direction": "KZ->RU (Kazakh outlets about Russia) or RU->KZ.",
            "precision": "Share of articles labelled about that truly are about the target.",
            "recall": "Share of truly-about articles that were labelled about.",
            "n_labelled": "Number of labelled articles measured.",
            "measured_on": "Name of the labelled data set.",
        },
    ),
    "reports": Doc(
        "Archived weekly reports; regenerating a week and format replaces the row.",
        {
            "id": "Surrogate key.",
            "iso_week": "ISO week reported, e.g. 2026-W47.",
            "format": "html | md | json | csv.",
            "path": "File the report was written to.",
            "content": "The report itself.",
            "classifier_version": "Classifier version of the decisions the report counts.",
            "generated_at": "UTC time the report was generated.",
        },
    ),
    "job_runs": Doc(
        "One row per stage run (crawl, classify, report), for status and metrics.",
        {
            "id": "Surrogate key.",
            "job": "Stage name: crawl | classify | report.",
            "started_at": "UTC start time.",
            "finished_at": "UTC end time; NULL while running or after a crash.",
            "ok": "True on success, False on failure, NULL while running.",
            "summary": "One-line summary of what the run did.",
        },
    ),
    "article_voices": Doc(
        "People quoted or cited in each article (monitor/voices): name, role and, when the text "
        "says so, their country. Replaced when the article is reclassified.",
        {
            "id": "Surrogate key.",
            "article_id": "Article (articles.id).",
            "name": "The person's name as written (case forms are not normalised: Ивана Петрова).",
            "role": _ROLE,
            "country": _VOICE_COUNTRY,
            "kind": _KIND,
            "field": "title | text: where the voice was found.",
            "start": "Character offset of the phrase (role … name, or name … verb) in the field.",
            "end": "Character offset of the end of the phrase (exclusive).",
            "classifier_version": "Version of the voice extractor (monitor.voices.VOICES_VERSION).",
        },
    ),
}

# Tables that libraries create and own: described (and commented on PostgreSQL) so that an
# analyst listing the tables knows what they are, but their shape is the library's.
LIBRARY_TABLES: dict[str, Doc] = {
    "alembic_version": Doc(
        "Alembic's record of the schema revision this database is at (`monitor db upgrade`).",
        {"version_num": "Current migration revision, e.g. 0004; see monitor/migrations."},
    ),
    "apscheduler_jobs": Doc(
        "APScheduler's job store for `monitor serve` (crawl, classify, report), created when "
        "the service first starts; a restart reads it, so jobs are neither lost nor doubled.",
        {
            "id": "Job id: crawl, classify or report.",
            "next_run_time": "Next run as seconds since 1970-01-01 UTC; NULL while paused.",
            "job_state": "The pickled job (trigger, options), written by APScheduler only.",
        },
    ),
}

_WEEKLY_COUNTS = {
    "articles": "Classified, non-duplicate articles of the group.",
    "about": "Of those, labelled about the target country.",
    "mention": "Of those, labelled mention.",
    "share": _SHARE,
}

VIEWS: dict[str, Doc] = {
    "article_coverage": Doc(
        "One row per article with its outlet's country and its current label: "
        "the starting point for most questions.",
        {
            "article_id": "Article (articles.id).",
            "source_id": "Outlet (sources.id).",
            "source_country": _COUNTRY,
            "lang": "Detected language, else the feed's declared language.",
            "published_at": "UTC publication time (NULL when unknown).",
            "url": "URL as published.",
            "title": "Headline.",
            "target_country": _TARGET,
            "label": _LABEL,
            "score": "Score of the label; NULL while unclassified.",
            "classifier_version": _VERSION,
            "iso_week": _ISO_WEEK,
            "published_day": "Day of publication in the report time zone.",
            "duplicate_of": "Original article when this is a re-post; NULL for originals.",
        },
    ),
    "weekly_attention": Doc(
        "One row per ISO week and outlet country: the headline shares.",
        {
            "iso_week": _ISO_WEEK,
            "source_country": _COUNTRY,
            "target_country": _TARGET,
            **_WEEKLY_COUNTS,
        },
    ),
    "outlet_weekly": Doc(
        "One row per ISO week and outlet: who drives each side's share.",
        {
            "iso_week": _ISO_WEEK,
            "source_id": "Outlet (sources.id).",
            "source_name": "Display name of the outlet.",
            "source_country": _COUNTRY,
            "target_country": _TARGET,
            **_WEEKLY_COUNTS,
        },
    ),
    "feed_health": Doc(
        "One row per feed: its last fetch, failures and how many articles it brought.",
        {
            "feed_id": "Feed (feeds.id).",
            "source_id": "Outlet (sources.id).",
            "source_country": _COUNTRY,
            "url": "Feed or sitemap URL.",
            "kind": "feed | sitemap.",
            "lang": "Declared language of the feed.",
            "last_status": "HTTP status of the last fetch.",
            "last_error": "Error of the last failed fetch.",
            "consecutive_failures": "Failed fetches in a row.",
            "last_fetched_at": "UTC time of the last fetch attempt.",
            "last_success_at": "UTC time of the last successful fetch.",
            "next_due_at": "UTC time the feed is next due.",
            "poll_interval_s": "Seconds between polls.",
            "articles": "Articles first found in this feed.",
        },
    ),
    "evidence": Doc(
        "Why an article was labelled: each matched form with its place and masking.",
        {
            "article_id": "Article (articles.id).",
            "source_id": "Outlet (sources.id).",
            "url": "URL of the article.",
            "title": "Headline.",
            "label": "Current label of the article.",
            "score": "Current score of the article.",
            "field": "title | lead | body.",
            "start": "Character offset of the match (inclusive).",
            "end": "Character offset of the end of the match (exclusive).",
            "surface": "The text as it appears in the article.",
            "entry": "Canonical lexicon entry matched.",
            "entry_type": "country | capital | leader | region | institution | company | ...",
            "masked": "Why the match was not counted; NULL when it counted.",
            "classifier_version": _VERSION,
        },
    ),
    "voices": Doc(
        "One row per person quoted or cited in an article, with the outlet's side: whose voices "
        "each side's media let speak.",
        {
            "article_id": "Article (articles.id).",
            "source_id": "Outlet (sources.id).",
            "source_country": _COUNTRY,
            "target_country": _TARGET,
            "iso_week": _ISO_WEEK,
            "published_day": "Day of publication in the report time zone.",
            "url": "URL of the article.",
            "title": "Headline.",
            "name": "The person's name as written.",
            "role": _ROLE,
            "voice_country": _VOICE_COUNTRY,
            "kind": _KIND,
            "field": "title | text.",
            "duplicate_of": "Original article when this is a re-post; NULL for originals.",
            "classifier_version": "Version of the voice extractor.",
        },
    ),
}
