"""Topics of an article from a small, transparent cue lexicon (lexicons/topics.json).

A topic is assigned when its cues occur at least twice, or once in the title. The cue lists
are deliberately short and readable: topics feed agenda comparisons, not the coverage label.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

TOPICS_FILE = Path(__file__).resolve().parent / "lexicons" / "topics.json"
TOPICS = (
    "diplomacy_politics", "economy_trade", "energy", "security_military", "space",
    "transport_transit", "ecology", "digital_it", "culture_education", "migration_people",
    "sport", "incidents_disasters",
)  # fmt: skip


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    from monitor.classify.matcher import _Node, _node_re

    data = json.loads(TOPICS_FILE.read_text("utf-8"))
    owner: dict[str, str] = {}
    root = _Node()
    for topic in TOPICS:
        for stem in data[topic]:
            owner.setdefault(stem, topic)
            node = root
            for ch in stem:
                node = node.children.setdefault(ch, _Node())
            node.end = True
    # A prefix trie (stems match at a word start, any ending): one cheap pass per text.
    return re.compile(r"(?<!\w)" + _node_re(root)), owner


def topics_of(title: str, text: str) -> list[str]:
    """Topics (from ``TOPICS``) of a normalised title and text, in ``TOPICS`` order."""
    pattern, owner = _pattern()
    counts: dict[str, int] = {}
    for weight, field in ((2, title), (1, text)):
        for m in pattern.finditer(field):
            topic = owner.get(" ".join(m.group().split()))
            if topic:
                counts[topic] = counts.get(topic, 0) + weight
    return [t for t in TOPICS if counts.get(t, 0) >= 2]
