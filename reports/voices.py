"""The report's "voices" section: whose voices each side's media let speak.

Per direction (KZ->RU: Kazakh outlets, target Russia): how many of the side's counted
articles quote or cite at least one person the text places in the *target* country, their
share of the side's articles, the most frequent such names with their roles, and, for
contrast, among the side's articles *about* the target, how many quote a target-country voice
and how many a home-country voice (a Russian outlet covering Kazakhstan through Russian
experts). Articles count under the same rules as the headline share: classified originals
on observed outlet-days. A voice whose country the text does not state counts for neither.
Case forms of one name («Алмас Чукин», «Алмаса Чукина») are one person in the name lists.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from monitor.db.models import Article, ArticleVoice, Classification, Source
from monitor.voices.names import name_key
from reports.metrics import DIRECTIONS, SideFigures, share

TOP_NAMES = 10
A, V, C, S = (m.__table__ for m in (Article, ArticleVoice, Classification, Source))


def voice_rows(conn: Connection, first: date, last: date) -> list[dict[str, Any]]:
    """Voices with a stated country in classified originals of the days [first, last]."""
    stmt = (
        select(
            A.c.id.label("article_id"),
            A.c.source_id,
            A.c.published_day,
            S.c.country.label("source_country"),
            C.c.label,
            V.c.name,
            V.c.role,
            V.c.country,
        )
        .select_from(
            V.join(A, A.c.id == V.c.article_id)
            .join(S, S.c.id == A.c.source_id)
            .join(C, C.c.article_id == A.c.id)
        )
        .where(
            A.c.published_day >= first,
            A.c.published_day <= last,
            A.c.duplicate_of.is_(None),
            V.c.country.is_not(None),
        )
        .order_by(A.c.id, V.c.id)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def _top(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    # Names are stored as written, so one person comes in several case forms («Алмас Чукин»,
    # «по мнению … Алмаса Чукина»): they count together under the shortest form written,
    # which is the nominative for Russian and Kazakh names.
    articles: dict[tuple[str, str], set[int]] = defaultdict(set)
    roles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in rows:
        key = name_key(r["name"])
        articles[key].add(r["article_id"])
        forms[key][r["name"]] += 1
        if r["role"]:
            roles[key][r["role"]] += 1
    shown = {k: min(f, key=lambda n: (len(n), -f[n], n)) for k, f in forms.items()}
    ranked = sorted(articles, key=lambda k: (-len(articles[k]), shown[k]))[:TOP_NAMES]
    return [
        {"name": shown[k], "articles": len(articles[k]), "roles": sorted(roles[k])} for k in ranked
    ]


def compute_voices(rows: list[dict[str, Any]], sides: dict[str, SideFigures]) -> dict[str, Any]:
    """The JSON "voices" section (see the module docstring)."""
    out: dict[str, Any] = {}
    for direction, (src, tgt) in DIRECTIONS.items():
        side = sides[direction]
        mine = [
            r
            for r in rows
            if r["source_country"] == src and (r["source_id"], r["published_day"]) in side.clusters
        ]
        target = [r for r in mine if r["country"] == tgt]
        home = [r for r in mine if r["country"] == src]
        with_target = {r["article_id"] for r in target}
        about_target = {r["article_id"] for r in target if r["label"] == "about"}
        about_home = {r["article_id"] for r in home if r["label"] == "about"}
        c = side.counts
        out[direction] = {
            "voice_country": tgt,
            "articles": c.articles,
            "with_target_voice": len(with_target),
            "share": share(len(with_target), c.articles),
            "top_names": _top(target),
            "about": c.about,
            "about_with_target_voice": len(about_target),
            "about_with_home_voice": len(about_home),
            "home_voice_country": src,
            "home_top_names_on_target": _top(r for r in home if r["label"] == "about"),
        }
    return out
