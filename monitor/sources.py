"""The source registry: outlets, their feeds and news sitemaps (`monitor/sources.toml`).

`load_registry` validates the TOML into typed specs and fails with a message naming the file,
the source and the field. `sync_registry` mirrors the specs into the `sources` and `feeds`
tables: upserts by id / url, and feeds that left the registry become inactive, never deleted,
so their history (fetch log, articles) stays queryable.
"""

from __future__ import annotations

import difflib
import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from monitor.db.engine import session_scope
from monitor.db.models import Feed, Source

log = logging.getLogger("sources")

COUNTRIES = ("KZ", "RU")
LANGUAGES = ("ru", "kk", "en")
KINDS = ("state", "private", "foreign-funded", "wire")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class RegistryError(ValueError):
    """A registry file that cannot be used; the message names file, source and field."""


@dataclass(frozen=True)
class FeedSpec:
    url: str
    # None: the feed mixes languages and the classifier detects each item's language.
    lang: str | None = None
    # Other URLs known for the same feed, not crawled: the fallback when the main one breaks.
    alternates: tuple[str, ...] = ()
    kind: str = "feed"  # feed | sitemap


@dataclass(frozen=True)
class SourceSpec:
    id: str
    name: str
    country: str
    languages: tuple[str, ...]
    homepage: str
    feeds: tuple[FeedSpec, ...]
    sitemaps: tuple[FeedSpec, ...] = ()
    fulltext: bool = True
    kind: str | None = None

    @property
    def all_feeds(self) -> tuple[FeedSpec, ...]:
        return self.feeds + self.sitemaps


@dataclass
class _Ctx:
    path: Path
    source: str = "?"
    errors: list[str] = field(default_factory=list)

    def fail(self, fld: str, msg: str) -> NoReturn:
        raise RegistryError(f"{self.path}: source {self.source!r}, field {fld!r}: {msg}")


SOURCE_FIELDS = frozenset(
    ("id", "name", "country", "languages", "homepage", "feeds", "sitemaps", "fulltext", "kind")
)
FEED_KEYS = frozenset(("url", "lang", "alternates"))


def _unknown(what: str, name: str, known: frozenset[str]) -> str:
    """An unknown key, the likely intended one, and the valid ones (the file's readers may not
    have the design document at hand)."""
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown {what} ({hint}one of {', '.join(sorted(known))})"


def _url(ctx: _Ctx, fld: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        ctx.fail(fld, "missing url")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        ctx.fail(fld, f"{value!r} is not an http(s) URL")
    return str(value).strip()


def _lang(ctx: _Ctx, fld: str, value: Any) -> str:
    if value not in LANGUAGES:
        ctx.fail(fld, f"unknown language {value!r} (use one of {', '.join(LANGUAGES)})")
    return str(value)


def _feed(ctx: _Ctx, fld: str, raw: Any, kind: str) -> FeedSpec:
    if isinstance(raw, str):  # sitemaps may be given as bare URLs
        raw = {"url": raw}
    if not isinstance(raw, dict):
        ctx.fail(fld, "must be a table {url, lang}")
    unknown = set(raw) - FEED_KEYS
    if unknown:
        ctx.fail(fld, _unknown("key", sorted(unknown)[0], FEED_KEYS))
    lang = raw.get("lang")
    alternates = raw.get("alternates", [])
    if not isinstance(alternates, list):
        ctx.fail(f"{fld}.alternates", "must be a list of URLs")
    return FeedSpec(
        url=_url(ctx, f"{fld}.url", raw.get("url")),
        lang=None if lang is None else _lang(ctx, f"{fld}.lang", lang),
        alternates=tuple(_url(ctx, f"{fld}.alternates", a) for a in alternates),
        kind=kind,
    )


def _source(ctx: _Ctx, raw: dict[str, Any]) -> SourceSpec:
    unknown = set(raw) - SOURCE_FIELDS
    if unknown:
        if isinstance(raw.get("id"), str):
            ctx.source = raw["id"]  # the id is easier to find in the file than a position
        first = sorted(unknown)[0]
        ctx.fail(first, _unknown("field", first, SOURCE_FIELDS))
    sid = raw.get("id")
    if not isinstance(sid, str) or not _SLUG.match(sid):
        ctx.fail("id", f"{sid!r} is not a slug (lower-case letters, digits, - and _)")
    ctx.source = sid
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        ctx.fail("name", "missing name")
    country = raw.get("country")
    if country not in COUNTRIES:
        ctx.fail("country", f"unknown country {country!r} (use KZ or RU)")
    languages = raw.get("languages")
    if not isinstance(languages, list) or not languages:
        ctx.fail("languages", 'must be a non-empty list such as ["ru", "kk"]')
    kind = raw.get("kind")
    if kind is not None and kind not in KINDS:
        ctx.fail("kind", f"unknown kind {kind!r} (use one of {', '.join(KINDS)})")
    fulltext = raw.get("fulltext", True)
    if not isinstance(fulltext, bool):
        ctx.fail("fulltext", "must be true or false")
    feeds = raw.get("feeds", [])
    sitemaps = raw.get("sitemaps", [])
    if not isinstance(feeds, list) or not isinstance(sitemaps, list):
        ctx.fail("feeds", "feeds and sitemaps must be lists")
    if not feeds and not sitemaps:
        ctx.fail("feeds", "a source needs at least one feed or sitemap")
    return SourceSpec(
        id=sid,
        name=name.strip(),
        country=country,
        languages=tuple(_lang(ctx, "languages", v) for v in languages),
        homepage=_url(ctx, "homepage", raw.get("homepage")),
        feeds=tuple(_feed(ctx, f"feeds[{i}]", f, "feed") for i, f in enumerate(feeds)),
        sitemaps=tuple(_feed(ctx, f"sitemaps[{i}]", s, "sitemap") for i, s in enumerate(sitemaps)),
        fulltext=fulltext,
        kind=kind,
    )


def load_registry(path: Path | str) -> list[SourceSpec]:
    """Read and validate a registry file; raise RegistryError naming file, source and field."""
    path = Path(path)
    ctx = _Ctx(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RegistryError(
            f"{path}: registry file not found (MONITOR_SOURCES names it; unset, the bundled "
            "registry is used)"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML: {exc}") from exc
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, list) or not raw_sources:
        raise RegistryError(f"{path}: no [[sources]] tables")
    specs: list[SourceSpec] = []
    seen_ids: set[str] = set()
    seen_urls: dict[str, str] = {}
    for i, raw in enumerate(raw_sources):
        ctx.source = f"#{i + 1}"
        spec = _source(ctx, raw)
        if spec.id in seen_ids:
            ctx.fail("id", "duplicate id (each source appears once)")
        seen_ids.add(spec.id)
        for feed in spec.all_feeds:
            if feed.url in seen_urls:
                ctx.fail("feeds", f"url {feed.url} is already listed by {seen_urls[feed.url]!r}")
            seen_urls[feed.url] = spec.id
        specs.append(spec)
    return specs


def sync_registry(engine: Engine, specs: list[SourceSpec]) -> None:
    """Mirror the registry into the database (idempotent; inactive feeds keep their history)."""
    with session_scope(engine) as session:
        _sync(session, specs)


def _sync(session: Session, specs: list[SourceSpec]) -> None:
    sources = {s.id: s for s in session.scalars(select(Source))}
    feeds = {f.url: f for f in session.scalars(select(Feed))}
    wanted: set[str] = set()
    for spec in specs:
        row = sources.get(spec.id) or Source(id=spec.id)
        row.name, row.country, row.languages = spec.name, spec.country, list(spec.languages)
        row.homepage, row.kind, row.fulltext = spec.homepage, spec.kind, spec.fulltext
        session.add(row)
        session.flush()  # feeds reference the source row
        for fs in spec.all_feeds:
            wanted.add(fs.url)
            feed = feeds.get(fs.url)
            if feed is None:
                feed = Feed(url=fs.url, consecutive_failures=0, poll_interval_s=1800)
                session.add(feed)
            feed.source_id, feed.kind, feed.lang, feed.active = spec.id, fs.kind, fs.lang, True
    gone = [url for url in feeds if url not in wanted]
    if gone:
        session.execute(update(Feed).where(Feed.url.in_(gone)).values(active=False))
        log.info("%d feed(s) no longer in the registry marked inactive", len(gone))
