"""A small, hand-countable database for the SQL tests (docs/queries.md, `monitor sql`, export).

Four outlets over three days in three ISO weeks (2026-W44 in October, W45 and W46 in November).
Labels per outlet and day are listed in ARTICLES so expected results can be counted by hand.
Rows go in through the models, as the real stages write them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from monitor.db.engine import session_scope
from monitor.db.models import (
    Article,
    ArticleTopic,
    ArticleVoice,
    Classification,
    EvidenceRow,
    Feed,
    FetchLog,
    Source,
)

DAYS = {"d1": date(2026, 10, 30), "d2": date(2026, 11, 4), "d3": date(2026, 11, 11)}
SOURCES = [
    ("kz_ru", "Степь Инфо", "KZ", "ru"),
    ("kz_kk", "Дала Жаршысы", "KZ", "kk"),
    ("ru_a", "Вести Волги", "RU", "ru"),
    ("ru_b", "Уральский курьер", "RU", "ru"),
]
# (source, day) -> labels of the articles that day; None = not yet classified.
ARTICLES: dict[tuple[str, str], list[str | None]] = {
    ("kz_ru", "d1"): ["about", "none", "none", "none"],
    ("kz_ru", "d2"): ["about", "mention", "none"],
    ("kz_ru", "d3"): ["about", "about", "none", "none"],
    ("kz_kk", "d1"): ["none", "none"],
    ("kz_kk", "d2"): ["about", "none"],
    ("ru_a", "d1"): ["about", "none", "none", "none", "none"],
    ("ru_a", "d2"): ["none", "none", "mention"],
    ("ru_a", "d3"): ["about", "none", "none"],
    ("ru_b", "d1"): ["none", "none"],
    ("ru_b", "d2"): ["none", "none"],
    ("ru_b", "d3"): ["none", None],
}
# Topics of the about articles in the last week: energy is covered by both sides.
TOPICS = {("kz_ru", "d3", 0): ["energy"], ("kz_ru", "d3", 1): ["politics"]}
TOPICS |= {("ru_a", "d3", 0): ["energy", "sport"]}
# Voices (name, role, country) of some articles: Kazakh experts in Russian outlets (one in
# October, two in November; an official and a re-post do not count as expert quotes),
# Russian voices in Kazakh outlets (Lavrov twice), home voices and an unstated country.
VOICES = {
    ("ru_a", "d1", 0): [("Данияр Ашимбаев", "political_scientist", "KZ")],
    ("ru_a", "d2", 2): [("Данияр Ашимбаев", "political_scientist", "KZ"),
                        ("Алихан Смаилов", "prime_minister", "KZ")],
    ("ru_a", "d3", 0): [("Марат Шибутов", "expert", "KZ")],
    ("ru_b", "d1", 0): [("Иван Петров", "economist", "RU")],
    ("kz_ru", "d1", 0): [("Сергей Лавров", "minister", "RU")],
    ("kz_ru", "d2", 0): [("Даурен Абаев", "ambassador", "KZ")],
    ("kz_ru", "d3", 0): [("Сергей Лавров", "minister", "RU")],
    ("kz_ru", "d3", 1): [("Иван Иванов", "expert", None)],
    ("kz_kk", "d2", 0): [("Дмитрий Песков", "spokesperson", "RU")],
}  # fmt: skip
VERSION = "test-1"


def article_url(source: str, day: str, n: int) -> str:
    return f"https://{source}.example/{DAYS[day].isoformat()}/{n}"


def _voice(article_id: int, name: str, role: str, country: str | None) -> ArticleVoice:
    return ArticleVoice(article_id=article_id, name=name, role=role, country=country,
                        kind="quoted", field="text", start=0, end=len(name),
                        classifier_version="voices-test")  # fmt: skip


def seed(engine: Engine) -> dict[str, int]:
    """Insert the data set; returns article ids by url for tests that need one."""
    ids: dict[str, int] = {}
    with session_scope(engine) as s:
        for sid, name, country, lang in SOURCES:
            s.add(Source(id=sid, name=name, country=country, languages=[lang], fulltext=True))
        s.flush()
        feeds = {}
        for sid, _, _, lang in SOURCES:
            failing = sid == "kz_kk"
            feed = Feed(
                source_id=sid,
                url=f"https://{sid}.example/rss",
                lang=lang,
                consecutive_failures=3 if failing else 0,
                last_status=503 if failing else 200,
                last_error="HTTP 503" if failing else None,
            )
            s.add(feed)
            s.flush()
            feeds[sid] = feed
            # Five fetches each; the failing feed's last three failed.
            for i in range(5):
                ok = not (failing and i >= 2)
                s.add(
                    FetchLog(
                        feed_id=feed.id,
                        fetched_at=datetime(2026, 11, 11, 6, tzinfo=UTC) + timedelta(hours=i),
                        status=200 if ok else 503,
                        ok=ok,
                        error=None if ok else "HTTP 503",
                    )
                )
        for (sid, day), labels in ARTICLES.items():
            published = datetime.combine(DAYS[day], datetime.min.time(), UTC) + timedelta(hours=6)
            for n, label in enumerate(labels):
                url = article_url(sid, day, n)
                art = Article(
                    url_key=url,
                    url=url,
                    source_id=sid,
                    feed_id=feeds[sid].id,
                    lang=feeds[sid].lang,
                    title=f"{sid} {day} {n} {label}",
                    published_at=published + timedelta(minutes=n),
                    published_day=DAYS[day],
                    iso_week="{}-W{:02d}".format(*DAYS[day].isocalendar()[:2]),
                    title_hash=f"{sid}{day}{n}",
                    text_status="ok",
                )
                s.add(art)
                s.flush()
                ids[url] = art.id
                if label is not None:
                    s.add(
                        Classification(
                            article_id=art.id,
                            classifier_version=VERSION,
                            target_country="RU" if sid.startswith("kz") else "KZ",
                            label=label,
                            score={"about": 0.9, "mention": 0.5, "none": 0.1}[label],
                            detected_lang=feeds[sid].lang,
                        )
                    )
                for topic in TOPICS.get((sid, day, n), []):
                    s.add(ArticleTopic(article_id=art.id, topic=topic))
                for name, role, country in VOICES.get((sid, day, n), []):
                    s.add(_voice(art.id, name, role, country))
        # A re-post of ru_b's first d3 article: duplicates stay out of the weekly views.
        original = ids[article_url("ru_b", "d3", 0)]
        url = "https://ru_b.example/2026-11-11/repost"
        dup = Article(
            url_key=url,
            url=url,
            source_id="ru_b",
            feed_id=feeds["ru_b"].id,
            lang="ru",
            title="ru_b d3 0 none",
            published_at=datetime(2026, 11, 11, 9, tzinfo=UTC),
            published_day=DAYS["d3"],
            iso_week="2026-W46",
            title_hash="ru_bd30",
            duplicate_of=original,
        )
        s.add(dup)
        s.flush()
        s.add(
            Classification(
                article_id=dup.id,
                classifier_version=VERSION,
                target_country="KZ",
                label="none",
                score=0.1,
            )
        )
        ids[url] = dup.id
        s.add(_voice(dup.id, "Марат Шибутов", "expert", "KZ"))  # a re-post: left out
        # Evidence behind kz_ru's first article: Moscow counted, a TASS attribution masked.
        first = ids[article_url("kz_ru", "d1", 0)]
        for field, start, surface, entry, etype, masked in [
            ("title", 0, "Москва", "Москва", "capital", None),
            ("body", 40, "России", "Россия", "country", None),
            ("body", 120, "ТАСС", "ТАСС", "outlet", "attribution"),
        ]:
            s.add(
                EvidenceRow(
                    article_id=first,
                    classifier_version=VERSION,
                    field=field,
                    start=start,
                    end=start + len(surface),
                    surface=surface,
                    entry=entry,
                    entry_type=etype,
                    masked=masked,
                )
            )
    return ids
