"""Voices in the database: rows of ``article_voices``, replaced per article.

Called by the classify stage for every article it decides (so voices follow reclassification)
and by ``refresh_voices`` (``python -m monitor.voices``) for articles classified before voices
existed or after a change of the voice lexicons.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.orm import Session

from monitor.db.models import Article, ArticleVoice
from monitor.voices.extract import extract_voices

# Bump on any change of the lexicons or patterns; stored with every row.
VOICES_VERSION = "voices-2026.11.2"


def voice_rows(
    article_id: int, title: str | None, text: str | None, lang: str | None
) -> list[dict[str, Any]]:
    """The article_voices rows of one article (not yet written)."""
    return [
        {
            "article_id": article_id,
            "name": v.name[:200],
            "role": v.role,
            "country": v.country,
            "kind": v.kind,
            "field": v.field,
            "start": v.start,
            "end": v.end,
            "classifier_version": VOICES_VERSION,
        }
        for v in extract_voices(title or "", text or "", lang)
    ]


def article_voice_rows(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """Rows for several stored articles (text, else the feed summary, as the classifier reads)."""
    return [
        row
        for a in articles
        for row in voice_rows(a.id, a.title, a.text or a.summary or "", a.lang)
    ]


def store_voices(session: Session, article_ids: Sequence[int], rows: list[dict[str, Any]]) -> None:
    """Replace the voices of these articles with rows (in the caller's transaction)."""
    session.execute(delete(ArticleVoice).where(ArticleVoice.article_id.in_(article_ids)))
    if rows:
        session.execute(insert(ArticleVoice), rows)


def refresh_voices(engine: Engine, *, batch: int = 500) -> int:
    """Re-extract the voices of every stored article; returns the number of articles."""
    with Session(engine) as session:
        ids = list(session.scalars(select(Article.id).order_by(Article.id)))
    for i in range(0, len(ids), batch):
        chunk = ids[i : i + batch]
        with Session(engine) as session:
            articles = session.scalars(select(Article).where(Article.id.in_(chunk)))
            store_voices(session, chunk, article_voice_rows(articles))
            session.commit()
    return len(ids)
