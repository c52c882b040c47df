"""Voices in the database on SQLite and PostgreSQL: written by the classify stage, replaced on
reclassification, removed with their article, readable through the `voices` view."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.orm import Session

from monitor.classify import run_classify
from monitor.db.models import Article, ArticleVoice, Classification, Source
from monitor.voices import VOICES_VERSION, store_voices, voice_rows

ARTICLES = [
    ("ru1", "Казахстан повысит экспорт зерна",
     "По мнению казахстанского экономиста Алмаса Чукина, урожай будет высоким. "
     "«Цены стабильны», — сказал министр сельского хозяйства РК Айдарбек Сапаров."),
    ("kz1", "Рубль и тенге", "Российский экономист Михаил Делягин считает, что курс устоит."),
    ("kz1", "В Алматы открылась выставка", "Выставка продлится месяц. По данным ТАСС, билеты раскуплены."),
]  # fmt: skip


def _seed(engine: Engine) -> list[int]:
    with Session(engine) as s:
        s.add_all(
            [
                Source(id="kz1", name="KZ outlet", country="KZ", languages=["ru"]),
                Source(id="ru1", name="RU outlet", country="RU", languages=["ru"]),
            ]
        )
        s.flush()
        ids = []
        for i, (src, title, body) in enumerate(ARTICLES):
            a = Article(
                url_key=f"example.test/{i}",
                url=f"https://example.test/{i}",
                source_id=src,
                lang="ru",
                title=title,
                text=body,
                published_at=datetime(2026, 11, 20, tzinfo=UTC),
                published_day=date(2026, 11, 20),
                iso_week="2026-W47",
                title_hash=str(i),
            )
            s.add(a)
            s.flush()
            ids.append(a.id)
        s.commit()
    return ids


def _voices(engine: Engine) -> list[tuple[int, str, str | None, str | None, str]]:
    with Session(engine) as s:
        rows = s.execute(
            select(ArticleVoice.article_id, ArticleVoice.name, ArticleVoice.role,
                   ArticleVoice.country, ArticleVoice.kind)
            .order_by(ArticleVoice.article_id, ArticleVoice.start)
        )  # fmt: skip
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_classify_stage_writes_voices(engine: Engine) -> None:
    ids = _seed(engine)
    assert run_classify(engine) == 3
    assert _voices(engine) == [
        (ids[0], "Алмаса Чукина", "economist", "KZ", "quoted"),
        (ids[0], "Айдарбек Сапаров", "minister", "KZ", "quoted"),
        (ids[1], "Михаил Делягин", "economist", "RU", "quoted"),
    ]
    with Session(engine) as s:
        versions = set(s.scalars(select(ArticleVoice.classifier_version)))
    assert versions == {VOICES_VERSION}


def test_reclassification_replaces_voices_and_article_delete_cascades(engine: Engine) -> None:
    ids = _seed(engine)
    run_classify(engine)
    with Session(engine) as s:
        s.execute(update(Article).where(Article.id == ids[1]).values(text="Курс устоял."))
        s.execute(update(Classification).values(classifier_version="old"))
        s.commit()
    assert run_classify(engine) == 3
    assert [v[1] for v in _voices(engine)] == ["Алмаса Чукина", "Айдарбек Сапаров"]
    with Session(engine) as s:
        if engine.dialect.name == "sqlite":
            s.execute(text("PRAGMA foreign_keys=ON"))
        s.execute(delete(Article).where(Article.id == ids[0]))
        s.commit()
    assert _voices(engine) == []


def test_store_voices_replaces_only_the_given_articles(engine: Engine) -> None:
    ids = _seed(engine)
    with Session(engine) as s:
        rows = voice_rows(ids[0], ARTICLES[0][1], ARTICLES[0][2], "ru")
        rows += voice_rows(ids[1], ARTICLES[1][1], ARTICLES[1][2], "ru")
        store_voices(s, ids[:2], rows)
        store_voices(s, [ids[0]], [])
        s.commit()
    assert [v[0] for v in _voices(engine)] == [ids[1]]


def test_voices_view(engine: Engine) -> None:
    ids = _seed(engine)
    run_classify(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT article_id, source_id, source_country, target_country, iso_week, "
                "name, role, voice_country, kind FROM voices ORDER BY article_id, name"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        (ids[0], "ru1", "RU", "KZ", "2026-W47", "Айдарбек Сапаров", "minister", "KZ", "quoted"),
        (ids[0], "ru1", "RU", "KZ", "2026-W47", "Алмаса Чукина", "economist", "KZ", "quoted"),
        (ids[1], "kz1", "KZ", "RU", "2026-W47", "Михаил Делягин", "economist", "RU", "quoted"),
    ]


def test_refresh_voices_fills_articles_classified_before_voices(engine: Engine) -> None:
    from monitor.voices import refresh_voices

    ids = _seed(engine)
    run_classify(engine)
    with Session(engine) as s:
        s.execute(delete(ArticleVoice))
        s.commit()
    assert refresh_voices(engine, batch=2) == 3
    assert [(v[0], v[1]) for v in _voices(engine)] == [
        (ids[0], "Алмаса Чукина"),
        (ids[0], "Айдарбек Сапаров"),
        (ids[1], "Михаил Делягин"),
    ]
