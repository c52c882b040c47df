"""Assemble one week's report: a JSON-ready dict that every renderer reads.

The dict is the report's contract (DESIGN.md): `week`, `directions` (articles, about, mention,
share, share_ci per direction), `imbalance` (ratio, ci), `outlets`, `topics`, plus trend,
sensitivity, data quality, top stories and the method note. A figure that cannot be computed
is None with a `*_note` saying why — never a division by zero presented as a number.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine

from monitor.settings import Settings
from reports import queries as Q
from reports.method import method_note
from reports.metrics import (
    DIRECTIONS,
    SIDE_NAMES,
    SideFigures,
    agenda_overlap,
    compute_sides,
    compute_topics,
    share,
    tracked_outlets,
)
from reports.uncertainty import REPLICATES, SEED, cluster_bootstrap, corrected_share
from reports.voices import compute_voices, voice_rows
from reports.weeks import IsoWeek, day_starts_utc, local_day, utc_offset_label

TREND_WEEKS = 12
TOP_STORIES = 5
# Candidates fetched before dropping those of missing outlet-days (kept out like their counts).
TOP_CANDIDATES = 50


def ratio(kz: float | None, ru: float | None) -> tuple[float | None, str | None]:
    """share KZ->RU / share RU->KZ, or None and the reason."""
    if kz is None and ru is None:
        return None, "neither side has classified articles on observed outlet-days"
    if kz is None:
        return None, "no classified articles from Kazakh outlets on observed outlet-days"
    if ru is None:
        return None, "no classified articles from Russian outlets on observed outlet-days"
    if ru == 0:
        return None, "the RU->KZ share is 0, so the ratio is undefined (division by zero)"
    return kz / ru, None


def _corrected(
    conn: Connection, direction: str, raw: float | None, versions: list[str]
) -> dict[str, Any]:
    out: dict[str, Any] = {"corrected_share": None, "quality": None, "corrected_note": None}
    if raw is None:
        out["corrected_note"] = "no raw share to correct"
    elif len(versions) != 1:
        out["corrected_note"] = (
            f"decisions of several classifier versions ({', '.join(versions)}): "
            "reclassify the week with one version to get a corrected share"
        )
    else:
        quality = Q.classifier_quality(conn, versions[0], direction)
        if quality is None:
            out["corrected_note"] = (
                f"no precision/recall for classifier {versions[0]} ({direction}) "
                "in classifier_quality"
            )
        else:
            out["quality"] = quality
            out["corrected_share"] = corrected_share(raw, quality["precision"], quality["recall"])
    return out


def _direction(side: SideFigures, interval: Any, versions: list[str]) -> dict[str, Any]:
    src, tgt = DIRECTIONS[side.direction]
    c = side.counts
    return {
        "label": SIDE_NAMES[side.direction],
        "source_country": src,
        "target_country": tgt,
        "articles": c.articles,
        "about": c.about,
        "mention": c.mention,
        "share": c.share,
        "share_ci": interval.as_list(),
        "share_ci_note": interval.note,
        "share_note": None if c.articles else "no classified articles on observed outlet-days",
        "median_outlet_share": side.median_outlet_share,
        "outlets": len(side.outlets),
        "outlets_with_articles": sum(1 for o in side.outlets.values() if o.counts.articles),
        "outlet_days": side.outlet_days,
        "missing_outlet_days": len(side.missing),
        "excluded_articles_missing_days": side.excluded_articles,
        "reposts": side.reposts,
        "unclassified": side.unclassified,
        "classifier_versions": versions,
    }


def _sensitivity(sides: dict[str, SideFigures]) -> list[dict[str, Any]]:
    kz, ru = sides["KZ->RU"], sides["RU->KZ"]
    variants: list[tuple[str, str, Callable[[SideFigures], tuple[int, int]]]] = [
        ("main", "Main figures (originals only)", lambda s: (s.counts.about, s.counts.articles)),
        ("multilateral_as_about", "Multilateral-only counted as about",
         lambda s: (s.counts.about + s.counts.extra_multilateral, s.counts.articles)),
        ("baikonur_as_about", "Baikonur-only counted as about",
         lambda s: (s.counts.about + s.counts.extra_baikonur, s.counts.articles)),
        ("both_as_about", "Multilateral- and Baikonur-only counted as about",
         lambda s: (s.counts.about + s.counts.extra_either, s.counts.articles)),
        ("with_reposts", "Reposts (duplicates) included",
         lambda s: (s.with_reposts.about, s.with_reposts.articles)),
    ]  # fmt: skip
    lines = []
    for key, label, pick in variants:
        (ka, kn), (ra, rn) = pick(kz), pick(ru)
        value, note = ratio(share(ka, kn), share(ra, rn))
        lines.append({
            "key": key, "label": label,
            "KZ->RU": {"about": ka, "articles": kn, "share": share(ka, kn)},
            "RU->KZ": {"about": ra, "articles": rn, "share": share(ra, rn)},
            "ratio": value, "ratio_note": note,
        })  # fmt: skip
    return lines


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(i) for i in range((last - first).days + 1)]


def build_report(
    engine: Engine,
    settings: Settings,
    week: IsoWeek,
    *,
    now: datetime | None = None,
    seed: int = SEED,
    replicates: int = REPLICATES,
) -> dict[str, Any]:
    tz = settings.tz
    now = now or datetime.now(UTC)
    today = local_day(now, tz)
    # Days that have not begun cannot have data: an unfinished week reports its days so far.
    last = min(week.sunday, today)
    days = _days(week.monday, last) if week.monday <= last else []
    trend_weeks = [week.shift(-i) for i in range(TREND_WEEKS - 1, -1, -1)]
    all_days = _days(trend_weeks[0].monday, last) if trend_weeks[0].monday <= last else []
    start, end = week.bounds(tz)
    with engine.connect() as conn:
        rows = Q.outlet_day_counts(conn, trend_weeks[0].monday, week.sunday)
        fetched = (
            Q.fetched_days(conn, day_starts_utc(all_days[0], len(all_days), tz), all_days)
            if all_days
            else set()
        )
        registry = Q.sources(conn)
        week_days = set(days)
        outlets = tracked_outlets(registry, {f for f in fetched if f[1] in week_days})
        sides = compute_sides(rows, fetched, outlets, days)
        topics = compute_topics(Q.topic_counts(conn, week.monday, week.sunday), sides)
        version_rows = Q.classifier_versions(conn, week.monday, week.sunday)
        versions = {
            d: [v["classifier_version"] for v in version_rows if v["country"] == src]
            for d, (src, _) in DIRECTIONS.items()
        }
        boot = cluster_bootstrap(
            {
                d: [(s.clusters[k][0], s.clusters[k][1]) for k in sorted(s.clusters)]
                for d, s in sides.items()
            },
            replicates=replicates,
            seed=seed,
        )
        directions = {
            d: _direction(s, boot.shares[d], versions[d])
            | _corrected(conn, d, s.counts.share, versions[d])
            for d, s in sides.items()
        }
        top = {
            d: [
                r
                for r in Q.top_stories(conn, src, week.monday, week.sunday, limit=TOP_CANDIDATES)
                if (r["source_id"], r["published_day"]) in sides[d].clusters
            ][:TOP_STORIES]
            for d, (src, _) in DIRECTIONS.items()
        }
        health = Q.feed_health(conn, start.astimezone(UTC), end.astimezone(UTC))
        voices = compute_voices(voice_rows(conn, week.monday, week.sunday), sides)

    value, note = ratio(directions["KZ->RU"]["share"], directions["RU->KZ"]["share"])
    c_kz, c_ru = (directions[d]["corrected_share"] for d in DIRECTIONS)
    c_value, c_note = ratio(c_kz, c_ru)
    if c_kz is None or c_ru is None:
        c_note = "a corrected share is missing (see the directions' corrected notes)"
    trend = []
    observed = set(all_days)
    for w in trend_weeks:
        wdays = [d for d in w.days() if d in observed]
        w_outlets = tracked_outlets(registry, {f for f in fetched if f[1] in wdays})
        ws = compute_sides(rows, fetched, w_outlets, wdays)
        kz, ru = ws["KZ->RU"].counts.share, ws["RU->KZ"].counts.share
        trend.append({"week": str(w), "KZ->RU": kz, "RU->KZ": ru, "ratio": ratio(kz, ru)[0]})
    names = {sid: o["name"] for sid, o in outlets.items()}
    return {
        "week": str(week),
        "title": f"Kazakhstan–Russia media attention, week {week}",
        "generated_at": now.astimezone(UTC).isoformat(timespec="seconds"),
        "period": {
            "timezone": settings.report_timezone,
            "utc_offset": utc_offset_label(start),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "first_day": week.monday.isoformat(),
            "last_day": week.sunday.isoformat(),
            "complete": week.sunday < today,
            "days_observed": len(days),
        },
        "directions": directions,
        "imbalance": {
            "ratio": value,
            "ci": boot.ratio.as_list() if value is not None else [None, None],
            "note": note,
            "ci_note": boot.ratio.note if value is not None else note,
            "corrected_ratio": c_value,
            "corrected_note": c_note,
        },
        "outlets": [
            {
                "source_id": o.source_id,
                "name": o.name,
                "country": o.country,
                "direction": o.direction,
                "articles": o.counts.articles,
                "about": o.counts.about,
                "mention": o.counts.mention,
                "share": o.counts.share,
                "reposts": o.reposts,
                "missing_days": len(o.missing_days),
                "excluded_articles": o.excluded_articles,
                "unclassified": o.unclassified,
            }  # fmt: skip
            for s in sides.values()
            for o in sorted(s.outlets.values(), key=lambda o: (-o.counts.articles, o.source_id))
        ],
        "topics": [
            {
                "topic": t.topic,
                **{d: {"about": t.about[d], "share": t.shares[d]} for d in DIRECTIONS},
                "covered_by": "both"
                if all(t.about.values())
                else next(d for d, n in t.about.items() if n),
            }  # fmt: skip
            for t in topics
        ],
        "agenda_overlap": agenda_overlap(topics),
        "trend": trend,
        "sensitivity": _sensitivity(sides),
        "top_stories": {d: [_story(r) for r in rows_] for d, rows_ in top.items()},
        "voices": voices,
        "data_quality": {
            "missing_outlet_days": [
                {
                    "source_id": sid,
                    "name": names[sid],
                    "country": outlets[sid]["country"],
                    "day": day.isoformat(),
                }
                for s in sides.values()
                for sid, day in s.missing
            ],  # fmt: skip
            "outlet_days_expected": sum(len(s.outlets) for s in sides.values()) * len(days),
            "feeds": [_jsonable(f) for f in health],
            "classifier_versions": [dict(v) for v in version_rows],
        },
        "bootstrap": {"seed": seed, "replicates": replicates, "unit": "outlet-day"},
        "method": method_note(settings.report_timezone),
    }


def _story(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": row["title"],
        "url": row["url"],
        "source_id": row["source_id"],
        "source_name": row["source_name"],
        "day": row["published_day"].isoformat(),
        "score": row["score"],
    }


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in row.items()}
