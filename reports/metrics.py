"""Weekly attention figures per direction, per outlet and per topic, from outlet-day counts.

Rules (DESIGN.md): each side is divided by its own output; a share is summed matches over
summed totals (never an average of daily ratios); reposts (`duplicate_of` set) are left out
of the main figures; an outlet-day with no successful fetch of any of the outlet's feeds is
MISSING — its articles leave numerator and denominator alike and the day is listed.
Days are the stored `published_day` (the local day in settings.tz at store time); fetches
are bucketed into the same local days.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reports.queries import OutletDayRow

DIRECTIONS: dict[str, tuple[str, str]] = {"KZ->RU": ("KZ", "RU"), "RU->KZ": ("RU", "KZ")}
SIDE_NAMES = {"KZ->RU": "Kazakh outlets about Russia", "RU->KZ": "Russian outlets about Kazakhstan"}


def share(about: int, articles: int) -> float | None:
    """about / articles, or None when there is nothing to divide by (never a fake 0)."""
    return about / articles if articles else None


@dataclass
class Counts:
    """Summable counts; shares are derived from sums only."""

    articles: int = 0
    about: int = 0
    mention: int = 0
    extra_multilateral: int = 0
    extra_baikonur: int = 0
    extra_either: int = 0

    def add(self, row: OutletDayRow | Counts) -> None:
        self.articles += row.articles
        self.about += row.about
        self.mention += row.mention
        self.extra_multilateral += row.extra_multilateral
        self.extra_baikonur += row.extra_baikonur
        self.extra_either += row.extra_either

    @property
    def share(self) -> float | None:
        return share(self.about, self.articles)


@dataclass
class OutletFigures:
    source_id: str
    name: str
    country: str
    direction: str
    counts: Counts = field(default_factory=Counts)
    reposts: int = 0
    unclassified: int = 0
    missing_days: list[date] = field(default_factory=list)
    excluded_articles: int = 0  # classified originals published on the outlet's missing days


@dataclass
class SideFigures:
    """Everything about one direction over a set of days."""

    direction: str
    counts: Counts = field(default_factory=Counts)  # originals on observed outlet-days
    with_reposts: Counts = field(default_factory=Counts)
    # (articles, about) per observed outlet-day: the resampling unit of the bootstrap.
    clusters: dict[tuple[str, date], list[int]] = field(default_factory=dict)
    outlets: dict[str, OutletFigures] = field(default_factory=dict)

    @property
    def outlet_days(self) -> int:
        return len(self.clusters)

    @property
    def missing(self) -> list[tuple[str, date]]:
        return sorted((o.source_id, d) for o in self.outlets.values() for d in o.missing_days)

    @property
    def reposts(self) -> int:
        return sum(o.reposts for o in self.outlets.values())

    @property
    def unclassified(self) -> int:
        return sum(o.unclassified for o in self.outlets.values())

    @property
    def excluded_articles(self) -> int:
        return sum(o.excluded_articles for o in self.outlets.values())

    @property
    def median_outlet_share(self) -> float | None:
        shares = [o.counts.share for o in self.outlets.values() if o.counts.articles]
        return statistics.median(shares) if shares else None  # type: ignore[type-var]


def tracked_outlets(
    sources: list[dict[str, Any]], fetched: set[tuple[str, date]]
) -> dict[str, dict[str, Any]]:
    """Outlets expected to publish: a KZ or RU source with an active feed, or one fetched in
    the period (a feed switched off later). A retired outlet is not listed as missing forever."""
    seen = {sid for sid, _ in fetched}
    return {
        s["id"]: s
        for s in sources
        if s["country"] in ("KZ", "RU") and (s["has_feed"] or s["id"] in seen)
    }


def compute_sides(
    rows: list[OutletDayRow],
    fetched: set[tuple[str, date]],
    outlets: dict[str, dict[str, Any]],
    days: list[date],
) -> dict[str, SideFigures]:
    """Fold outlet-day rows of `days` into the two directions."""
    sides = {d: SideFigures(d) for d in DIRECTIONS}
    by_country = {src: d for d, (src, _) in DIRECTIONS.items()}
    for sid, src in outlets.items():
        side = sides[by_country[src["country"]]]
        outlet = OutletFigures(sid, src["name"], src["country"], side.direction)
        side.outlets[sid] = outlet
        for day in days:
            if (sid, day) in fetched:
                side.clusters[(sid, day)] = [0, 0]
            else:
                outlet.missing_days.append(day)
    wanted = set(days)
    for row in rows:
        tracked = outlets.get(row.source_id)
        if tracked is None or row.day not in wanted:
            continue  # an untracked outlet has no fetch record to tell observed from missing
        side = sides[by_country[tracked["country"]]]
        outlet = side.outlets[row.source_id]
        cluster = side.clusters.get((row.source_id, row.day))
        if cluster is None:
            outlet.excluded_articles += row.articles if row.original else 0
            continue
        outlet.unclassified += row.stored - row.articles
        side.with_reposts.add(row)
        if not row.original:
            outlet.reposts += row.articles
            continue
        side.counts.add(row)
        outlet.counts.add(row)
        cluster[0] += row.articles
        cluster[1] += row.about
    return sides


@dataclass
class TopicFigures:
    topic: str
    about: dict[str, int]  # direction -> about articles carrying the topic
    shares: dict[str, float | None]  # of the side's about articles


def compute_topics(
    topic_rows: list[tuple[str, date, str, int]],
    sides: dict[str, SideFigures],
) -> list[TopicFigures]:
    """Topics of each side's 'about' coverage, on observed outlet-days only."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {d: 0 for d in DIRECTIONS})
    for sid, day, topic, n in topic_rows:
        for direction, side in sides.items():
            if (sid, day) in side.clusters:
                counts[topic][direction] += n
    topics = [
        TopicFigures(
            topic,
            by_dir,
            {d: share(n, sides[d].counts.about) for d, n in by_dir.items()},
        )
        for topic, by_dir in counts.items()
    ]
    return sorted(topics, key=lambda t: (-sum(t.about.values()), t.topic))


def agenda_overlap(topics: list[TopicFigures]) -> dict[str, Any]:
    """Which topics both sides cover and which only one; Jaccard index of the two sets."""
    kz = {t.topic for t in topics if t.about["KZ->RU"]}
    ru = {t.topic for t in topics if t.about["RU->KZ"]}
    union = kz | ru
    return {
        "both": sorted(kz & ru),
        "only_KZ->RU": sorted(kz - ru),
        "only_RU->KZ": sorted(ru - kz),
        "jaccard": len(kz & ru) / len(union) if union else None,
    }
