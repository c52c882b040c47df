"""Benchmark: build one weekly report over a 12-week synthetic database.

Prints the time of `build_report` (all its SQL, the 12-week trend and the 2000-replicate
bootstrap) beside a baseline measured in the same run on the same data: one plain
`COUNT(*)` over the articles x classifications join of those 12 weeks, the least any report
must read. Usage:

    PYTHONPATH=. python bench/report_build.py [--outlets 40] [--per-day 40] [--url URL]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from sqlalchemy import func, insert, select

from monitor.db.engine import make_engine
from monitor.db.migrate import upgrade
from monitor.db.models import Article, Classification, Feed, FetchLog, Source
from monitor.settings import Settings
from reports.build import build_report
from reports.weeks import parse_week

WEEK = parse_week("2026-W47")


def populate(url: str, outlets: int, per_day: int) -> int:
    engine = make_engine(url)
    upgrade(engine)
    rng = random.Random(1)
    tz = Settings().tz
    first = WEEK.shift(-11).monday
    days = [first + timedelta(i) for i in range(84)]
    n = 0
    with engine.begin() as conn:
        for o in range(outlets):
            country = "KZ" if o % 2 else "RU"
            sid = f"{country.lower()}{o}"
            conn.execute(
                insert(Source.__table__),
                [
                    {
                        "id": sid,
                        "name": sid,
                        "country": country,
                        "languages": ["ru"],
                        "fulltext": True,
                    }
                ],
            )
            feed_id = conn.execute(
                insert(Feed.__table__).returning(Feed.__table__.c.id),
                [
                    {
                        "source_id": sid,
                        "url": f"https://{sid}.example/rss",
                        "kind": "feed",
                        "active": True,
                        "consecutive_failures": 0,
                        "poll_interval_s": 1800,
                    }
                ],
            ).scalar_one()
            logs, arts = [], []
            for d in days:
                for h in (3, 9, 15, 21):
                    at = datetime.combine(d, dtime(h), tzinfo=tz).astimezone(UTC)
                    logs.append(
                        {
                            "feed_id": feed_id,
                            "fetched_at": at,
                            "ok": rng.random() > 0.02,
                            "status": 200,
                            "bytes": 0,
                            "duration_ms": 0,
                            "items": 0,
                            "new_items": 0,
                        }
                    )
                for _ in range(per_day):
                    n += 1
                    arts.append(_article(n, sid, d, tz))
            conn.execute(insert(FetchLog.__table__), logs)
            conn.execute(insert(Article.__table__), arts)
            p = 0.15 if country == "KZ" else 0.04
            conn.execute(insert(Classification.__table__), [
                {"article_id": a["id"], "classifier_version": "bench", "target_country": "RU",
                 "label": "about" if rng.random() < p else "none", "score": rng.random(),
                 "flags": [], "features": {}, "classified_at": datetime.now(UTC)}
                for a in arts
            ])  # fmt: skip
    engine.dispose()
    return n


def _article(n: int, sid: str, d: date, tz: object) -> dict[str, object]:
    iso = d.isocalendar()
    now = datetime.now(UTC)
    return {"id": n, "url_key": f"{sid}/{n}", "url": f"https://{sid}.example/{n}",
            "source_id": sid, "title": f"t{n}", "text_status": "ok", "published_day": d,
            "iso_week": f"{iso.year}-W{iso.week:02d}", "title_hash": str(n), "times_seen": 1,
            "first_seen_at": now, "last_seen_at": now}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--outlets", type=int, default=40)
    parser.add_argument("--per-day", type=int, default=40)
    parser.add_argument("--url", help="an EMPTY database (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        t0 = time.perf_counter()
        n = populate(url, args.outlets, args.per_day)
        print(
            f"populated {n} articles, {args.outlets} outlets, 84 days in {time.perf_counter() - t0:.1f}s"
        )
        engine = make_engine(url)
        a, c = Article.__table__, Classification.__table__
        baseline_q = (
            select(func.count()).select_from(a.join(c, c.c.article_id == a.c.id))
            .where(a.c.published_day >= WEEK.shift(-11).monday, a.c.published_day <= WEEK.sunday)
        )  # fmt: skip
        timings: dict[str, float] = {"baseline COUNT(*) join": 1e9, "build_report": 1e9}
        for _ in range(3):  # best of three for both, in the same run
            t = time.perf_counter()
            with engine.connect() as conn:
                conn.execute(baseline_q).scalar_one()
            timings["baseline COUNT(*) join"] = min(
                timings["baseline COUNT(*) join"], time.perf_counter() - t
            )
            t = time.perf_counter()
            report = build_report(engine, Settings(), WEEK, now=datetime(2026, 11, 25, tzinfo=UTC))
            timings["build_report"] = min(timings["build_report"], time.perf_counter() - t)
        for name, secs in timings.items():
            print(f"{name:>24}: {secs * 1000:8.1f} ms")
        print(
            f"{'ratio':>24}: {timings['build_report'] / timings['baseline COUNT(*) join']:8.1f}x baseline"
        )
        d = report["directions"]
        print(f"KZ->RU {d['KZ->RU']['share']:.4f} {d['KZ->RU']['share_ci']}, "
              f"RU->KZ {d['RU->KZ']['share']:.4f}, ratio {report['imbalance']['ratio']:.2f} "
              f"{report['imbalance']['ci']}")  # fmt: skip
        engine.dispose()


if __name__ == "__main__":
    main()
