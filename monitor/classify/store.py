"""The classify stage against the database: decide every article the current version has not.

One ``classifications`` row per article (replaced), its evidence rows and topics replaced
with it, committed per batch so an interrupted run keeps what it finished and a rerun only
does the rest. Classifier quality for the current version comes from the shipped
``quality.json`` (written by ``python -m monitor.classify.evaluate --write-quality``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from monitor.classify.core import CLASSIFIER_VERSION, ArticleInput, classify_article
from monitor.classify.evaluate import QUALITY_FILE
from monitor.db.models import (
    Article,
    ArticleTopic,
    Classification,
    ClassifierQuality,
    EvidenceRow,
    Source,
)
from monitor.voices import article_voice_rows, store_voices

log = logging.getLogger("classify")
BATCH = 200


def _pending_ids(session: Session) -> list[int]:
    stmt = (
        select(Article.id)
        .outerjoin(Classification, Classification.article_id == Article.id)
        .where(
            or_(
                Classification.article_id.is_(None),
                Classification.classifier_version != CLASSIFIER_VERSION,
            )
        )
        .order_by(Article.id)
    )
    return list(session.scalars(stmt))


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _rows_for(
    article_id: int, country: str, a: Article
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    text = a.text or a.summary or ""
    d = classify_article(ArticleInput(article_id, country, a.title or "", text, a.lang, a.url))
    cls = {
        "article_id": article_id,
        "classifier_version": CLASSIFIER_VERSION,
        "target_country": d.target,
        "label": d.label,
        "score": d.score,
        "detected_lang": d.lang,
        "flags": d.flags,
        "features": d.features,
    }
    ev = [
        {
            "article_id": article_id,
            "classifier_version": CLASSIFIER_VERSION,
            "field": e.field,
            "start": e.start,
            "end": e.end,
            "surface": e.surface[:300],
            "entry": e.entry[:200],
            "entry_type": e.entry_type[:32],
            "masked": e.masked,
        }
        for e in d.evidence
    ]
    topics = [{"article_id": article_id, "topic": t} for t in d.topics]
    return cls, ev, topics


def _write_quality(session: Session) -> None:
    if not QUALITY_FILE.is_file():
        log.warning("no %s: classifier quality not recorded", QUALITY_FILE.name)
        return
    data = json.loads(QUALITY_FILE.read_text("utf-8"))
    if data.get("classifier_version") != CLASSIFIER_VERSION:
        log.warning(
            "%s measured version %s, not %s: re-run the evaluation",
            QUALITY_FILE.name, data.get("classifier_version"), CLASSIFIER_VERSION,
        )  # fmt: skip
        return
    for row in data["directions"]:
        values = {
            "precision": row["precision"],
            "recall": row["recall"],
            "n_labelled": row["n_labelled"],
            "measured_on": row["measured_on"],
        }
        where = (ClassifierQuality.classifier_version == CLASSIFIER_VERSION) & (
            ClassifierQuality.direction == row["direction"]
        )
        updated = session.execute(update(ClassifierQuality).where(where).values(**values))
        if cast(CursorResult[Any], updated).rowcount == 0:
            session.execute(
                insert(ClassifierQuality).values(
                    classifier_version=CLASSIFIER_VERSION, direction=row["direction"], **values
                )
            )


def run_classify(engine: Engine, settings: Any = None, *, progress: bool = False) -> int:
    """Classify pending articles; returns the number classified."""
    with Session(engine) as session:
        _write_quality(session)
        session.commit()
        ids = _pending_ids(session)
    log.info("%d articles to classify with version %s", len(ids), CLASSIFIER_VERSION)
    done = 0
    bar = None
    if progress and ids:
        from rich.console import Console
        from rich.progress import Progress

        bar = Progress(console=Console(stderr=True), transient=True)
        bar.start()
        task = bar.add_task("classify", total=len(ids))
    try:
        for chunk in _chunks(ids, BATCH):
            with Session(engine) as session:
                rows = session.execute(
                    select(Article, Source.country)
                    .join(Source, Source.id == Article.source_id)
                    .where(Article.id.in_(chunk))
                ).all()
                cls_rows, ev_rows, topic_rows = [], [], []
                for article, country in rows:
                    c, e, t = _rows_for(article.id, country, article)
                    cls_rows.append(c)
                    ev_rows += e
                    topic_rows += t
                store_voices(session, chunk, article_voice_rows(a for a, _ in rows))
                for model in (EvidenceRow, ArticleTopic, Classification):
                    session.execute(delete(model).where(model.article_id.in_(chunk)))
                session.execute(insert(Classification), cls_rows)
                if ev_rows:
                    session.execute(insert(EvidenceRow), ev_rows)
                if topic_rows:
                    session.execute(insert(ArticleTopic), topic_rows)
                session.commit()
            done += len(rows)
            if bar is not None:
                bar.update(task, advance=len(chunk))
    finally:
        if bar is not None:
            bar.stop()
    log.info("%d articles classified", done)
    return done
