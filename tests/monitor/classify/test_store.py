"""The classify stage on SQLite and PostgreSQL: rows written, replaced, version-driven reruns."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from monitor.classify import CLASSIFIER_VERSION, run_classify
from monitor.db.models import (
    Article,
    ArticleTopic,
    Classification,
    ClassifierQuality,
    EvidenceRow,
    Source,
)


def _seed(engine: Engine) -> None:
    with Session(engine) as s:
        s.add_all(
            [
                Source(id="kz1", name="KZ outlet", country="KZ", languages=["ru"]),
                Source(id="ru1", name="RU outlet", country="RU", languages=["ru"]),
            ]
        )
        s.flush()
        rows = [
            ("kz1", "Россия и Казахстан подписали соглашение о транзите", "Стороны договорились о поставках зерна по железной дороге."),
            ("kz1", "В Алматы открылась выставка", "Выставка продлится месяц."),
            ("ru1", "Токаев провел переговоры в Астане", "Президент Казахстана встретился с инвесторами."),
        ]  # fmt: skip
        for i, (src, title, text) in enumerate(rows):
            s.add(
                Article(
                    url_key=f"example.test/{i}",
                    url=f"https://example.test/{i}",
                    source_id=src,
                    title=title,
                    text=text,
                    published_at=datetime(2026, 11, 20, tzinfo=UTC),
                    published_day=date(2026, 11, 20),
                    iso_week="2026-W47",
                    title_hash=str(i),
                )  # fmt: skip
            )
        s.commit()


def test_run_classify_writes_and_reruns(engine: Engine) -> None:
    _seed(engine)
    assert run_classify(engine) == 3
    with Session(engine) as s:
        got = {
            a.title[:12]: (c.target_country, c.label, c.classifier_version)
            for a, c in s.execute(select(Article, Classification).join(Classification))
        }
        assert got["Россия и Каз"] == ("RU", "about", CLASSIFIER_VERSION)
        assert got["В Алматы отк"] == ("RU", "none", CLASSIFIER_VERSION)
        assert got["Токаев прове"] == ("KZ", "about", CLASSIFIER_VERSION)
        n_evidence = s.scalar(select(func.count()).select_from(EvidenceRow))
        assert n_evidence and n_evidence >= 4
        assert s.scalar(select(func.count()).select_from(ArticleTopic)) >= 1
        quality = s.scalars(select(ClassifierQuality.direction)).all()
        assert sorted(quality) == ["KZ->RU", "RU->KZ"]
    # Nothing pending: a second run does nothing.
    assert run_classify(engine) == 0
    # An older version's decision is redone and its evidence replaced, not duplicated.
    with Session(engine) as s:
        s.execute(update(Classification).values(classifier_version="old"))
        s.commit()
    assert run_classify(engine) == 3
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(EvidenceRow)) == n_evidence
        assert s.scalar(select(func.count()).select_from(Classification)) == 3
        assert len(s.scalars(select(ClassifierQuality)).all()) == 2
