"""A synthetic database with known counts, inserted through the models.

Week 2026-W47 (Mon 16 – Sun 22 Nov 2026, Asia/Almaty, UTC+5):

  outlet  side  observed days                     originals  about  share
  kz1     KZ    all but Wed 18 (feed failed)       20          6     0.30
  kz2     KZ    all (Tue only fetched at 00:30 local = 19:30 UTC on Mon)  30  3  0.10
  ru1     RU    all                                80          4     0.05
  ru2     RU    all but Sat 21, Sun 22             20          2     0.10

KZ->RU 9/50 = 0.18, RU->KZ 6/100 = 0.06, ratio 3; medians 0.2 and 0.075. Articles on the
missing days (kz1 Wed: 5 about; ru2 Sat: 10 about) must not count. A kz1 repost (about)
counts only in the "with reposts" line. Flags: one kz2 'none' multilateral_only, one kz2
'mention' baikonur_only, two ru1 'none' baikonur_only. Week W46 has 1/10 on each side.
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from monitor.db.engine import session_scope
from monitor.db.models import (
    Article,
    ArticleTopic,
    ArticleVoice,
    Classification,
    ClassifierQuality,
    Feed,
    FetchLog,
    Source,
)

TZ = ZoneInfo("Asia/Almaty")
WEEK = "2026-W47"
VERSION = "kw-1.0"
SCRIPT_TITLE = "<script>document.body.setAttribute('data-pwned','1')</script>Путин & Токаев"
MON = date(2026, 11, 16)
_ids = itertools.count(1)


def day(offset: int) -> date:
    return MON + timedelta(days=offset)


def local(d: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(d, time(hour, minute), tzinfo=TZ).astimezone(UTC)


def add_article(
    s: Session,
    source_id: str,
    d: date,
    label: str | None,
    *,
    score: float = 0.5,
    flags: list[str] | None = None,
    topics: tuple[str, ...] = (),
    title: str | None = None,
    duplicate_of: int | None = None,
) -> Article:
    n = next(_ids)
    title = title or f"{source_id} story {n}"
    iso = d.isocalendar()
    art = Article(
        url_key=f"{source_id}.example/a/{n}",
        url=f"https://{source_id}.example/a/{n}",
        source_id=source_id,
        title=title,
        published_at=local(d, 12),
        published_day=d,
        iso_week=f"{iso.year}-W{iso.week:02d}",
        title_hash=hashlib.sha256(title.encode()).hexdigest(),
        duplicate_of=duplicate_of,
    )
    s.add(art)
    s.flush()
    if label is not None:
        s.add(
            Classification(
                article_id=art.id,
                classifier_version=VERSION,
                target_country="RU" if source_id.startswith("kz") else "KZ",
                label=label,
                score=score,
                flags=flags or [],
                features={},
            )
        )
        for topic in topics:
            s.add(ArticleTopic(article_id=art.id, topic=topic))
    return art


def add_voice(s: Session, art: Article, name: str, role: str | None, country: str | None) -> None:
    s.add(ArticleVoice(article_id=art.id, name=name, role=role, country=country, kind="quoted",
                       field="text", start=0, end=len(name), classifier_version="voices-test"))  # fmt: skip


def add_many(s: Session, source_id: str, d: date, total: int, about: int, mention: int) -> None:
    """`about` about, `mention` mention, the rest none; low scores (not top stories)."""
    for i in range(total):
        label = "about" if i < about else "mention" if i < about + mention else "none"
        add_article(s, source_id, d, label, score=0.1)


def add_source(s: Session, sid: str, country: str, feeds: int = 1) -> list[Feed]:
    s.add(Source(id=sid, name=f"{sid.upper()} News", country=country, languages=["ru"]))
    s.flush()  # no ORM relationships: the source must exist before its feeds
    out = []
    for i in range(feeds):
        feed = Feed(source_id=sid, url=f"https://{sid}.example/rss{i}")
        s.add(feed)
        out.append(feed)
    s.flush()
    return out


def fetch(s: Session, feed: Feed, at: datetime, ok: bool = True) -> None:
    s.add(FetchLog(feed_id=feed.id, fetched_at=at, ok=ok, status=200 if ok else 503))


def populate(engine: Engine, *, quality: bool = True) -> None:
    with session_scope(engine) as s:
        (f1,) = add_source(s, "kz1", "KZ")
        f2, f2b = add_source(s, "kz2", "KZ", feeds=2)
        (f3,) = add_source(s, "ru1", "RU")
        (f4,) = add_source(s, "ru2", "RU")
        for i in range(7):
            if i != 2:
                fetch(s, f1, local(day(i), 9))
            else:
                fetch(s, f1, local(day(i), 9), ok=False)
            # kz2: Tuesday only by its second feed, at 00:30 local (Monday 19:30 UTC).
            fetch(s, f2b if i == 1 else f2, local(day(i), 0, 30) if i == 1 else local(day(i), 10))
            fetch(s, f3, local(day(i), 11))
            if i < 5:
                fetch(s, f4, local(day(i), 23, 50))  # 18:50 UTC, still the same local day
            else:
                fetch(s, f4, local(day(i), 11), ok=False)
        # W46 (previous week) for the trend: one observed day per side.
        fetch(s, f1, local(day(-7), 9))
        fetch(s, f3, local(day(-7), 9))
        add_many(s, "kz1", day(-7), 10, 1, 0)
        add_many(s, "ru1", day(-7), 10, 1, 0)

        # kz1: Mon 10 (4 about, 2 mention); Thu 10 (2 about, 1 mention) + 1 repost.
        top = add_article(s, "kz1", day(0), "about", score=0.99, title=SCRIPT_TITLE,
                          topics=("politics", "economy"))  # fmt: skip
        add_voice(s, top, "Сергей Лавров", "minister", "RU")
        add_article(s, "kz1", day(0), "about", score=0.9, topics=("politics",))
        add_article(s, "kz1", day(0), "about", score=0.8, topics=("politics",))
        add_article(s, "kz1", day(0), "about", score=0.7, topics=("economy",))
        add_many(s, "kz1", day(0), 6, 0, 2)
        add_many(s, "kz1", day(3), 10, 2, 1)
        repost = add_article(s, "kz1", day(3), "about", score=0.95, duplicate_of=top.id)
        add_voice(s, repost, "Сергей Лавров", "minister", "RU")  # a repost: not counted
        # kz1 Wednesday is missing: none of this may count.
        for _ in range(5):
            missing = add_article(s, "kz1", day(2), "about", score=0.97, topics=("military",))
        add_voice(s, missing, "Сергей Лавров", "minister", "RU")
        # kz2: Tue 30 (3 about, 4 mention) incl. flagged ones.
        a = add_article(s, "kz2", day(1), "about", score=0.6, topics=("economy", "energy"))
        add_voice(s, a, "Михаил Делягин", "economist", "RU")
        add_voice(s, a, "Данияр Ашимбаев", "political_scientist", "KZ")
        add_many(s, "kz2", day(1), 2, 2, 0)
        add_many(s, "kz2", day(1), 25, 0, 3)
        add_article(s, "kz2", day(1), "none", flags=["multilateral_only"])
        add_article(s, "kz2", day(1), "mention", flags=["baikonur_only", "other"])
        # ru1: Mon 40 (2 about, 3 mention), Fri 40 (2 about) incl. 2 baikonur-only.
        a = add_article(s, "ru1", day(0), "about", score=0.92, topics=("economy", "space"))
        add_voice(s, a, "Данияр Ашимбаев", "political_scientist", "KZ")
        add_voice(s, a, "Иван Петров", "economist", "RU")
        add_voice(s, a, "Касым-Жомарт Токаев", None, None)  # country not stated: not counted
        a = add_article(s, "ru1", day(0), "about", score=0.4, topics=("economy",))
        # As written after «по мнению эксперта»: the same person as «Данияр Ашимбаев».
        add_voice(s, a, "Данияра Ашимбаева", "expert", "KZ")
        add_many(s, "ru1", day(0), 38, 0, 3)
        add_many(s, "ru1", day(4), 38, 2, 0)
        add_article(s, "ru1", day(4), "none", flags=["baikonur_only"])
        a = add_article(s, "ru1", day(4), "none", flags=["baikonur_only"])
        add_voice(s, a, "Алихан Смаилов", "prime_minister", "KZ")
        # ru2: Tue 20 (2 about); Sat 10 about on a missing day.
        a = add_article(s, "ru2", day(1), "about", score=0.85, topics=("sport",))
        add_voice(s, a, "Павел Салин", "political_scientist", "RU")
        add_many(s, "ru2", day(1), 19, 1, 0)
        add_many(s, "ru2", day(5), 9, 9, 0)
        missing = add_article(s, "ru2", day(5), "about", score=0.1)
        add_voice(s, missing, "Марат Шибутов", "expert", "KZ")  # a missing day: not counted
        # An unclassified article (stored, not yet classified) is not in any denominator.
        add_article(s, "ru1", day(4), None)
        if quality:
            s.add(ClassifierQuality(classifier_version=VERSION, direction="KZ->RU",
                                    precision=0.9, recall=0.75, n_labelled=200,
                                    measured_on="test gold"))  # fmt: skip


EXPECTED: dict[str, Any] = {
    "KZ->RU": {"articles": 50, "about": 9, "mention": 7, "share": 9 / 50, "median": 0.2},
    "RU->KZ": {"articles": 100, "about": 6, "mention": 3, "share": 6 / 100, "median": 0.075},
    "ratio": (9 / 50) / (6 / 100),
    "missing": [("kz1", day(2)), ("ru2", day(5)), ("ru2", day(6))],
}
