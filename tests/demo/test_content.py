"""The demo's stories are written with an intended label; the classifier must agree with it.

The demo is what a newcomer sees first: a sample where the monitor misreads its own
made-up articles would show a wrong imbalance. This also makes the stories a small extra
fixture set in three languages (they found the "Russian ruble" and home-club misses).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from monitor.classify import ArticleInput, classify_article
from monitor.demo.content import build_articles


def test_every_demo_article_gets_its_intended_label() -> None:
    articles = build_articles(datetime(2026, 11, 27, 12, tzinfo=UTC))
    wrong = []
    kinds: Counter[str] = Counter()
    for a in articles:
        text = "\n\n".join(a.paragraphs)
        decision = classify_article(
            ArticleInput(str(a.number), a.outlet.country, a.title, text, a.outlet.lang)
        )
        kinds[a.kind] += 1
        if decision.label != a.kind:
            wrong.append((a.outlet.id, a.title, a.kind, decision.label))
    assert not wrong
    assert set(kinds) == {"about", "mention", "none"}  # every kind is exercised
