"""Classify: does an article cover the other country (about / mention / none), with evidence.

Public surface: ``CLASSIFIER_VERSION``, ``ArticleInput``, ``Decision``, ``classify_article``
(pure, no database) and ``run_classify`` (the stage: database in, database out).
"""

from __future__ import annotations

from monitor.classify.core import (
    CLASSIFIER_VERSION,
    ArticleInput,
    Decision,
    Evidence,
    classify_article,
)


def run_classify(engine, settings=None, *, progress: bool = False) -> int:  # type: ignore[no-untyped-def]
    """Classify every article the current version has not decided; returns how many."""
    from monitor.classify.store import run_classify as _run

    return _run(engine, settings, progress=progress)


__all__ = [
    "CLASSIFIER_VERSION",
    "ArticleInput",
    "Decision",
    "Evidence",
    "classify_article",
    "run_classify",
]
