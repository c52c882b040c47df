"""Topics of an article from a small, transparent cue lexicon (lexicons/topics.json).

A topic is assigned when its cues occur at least twice, or once in the title. The cue lists
are deliberately short and readable: topics feed agenda comparisons, not the coverage label.
"""

from __future__ import annotations

from monitor.classify.matcher import TOPICS, get_matcher

__all__ = ["TOPICS", "topics_from_counts", "topics_of"]
TITLE_WEIGHT = 2  # a cue in the title counts twice


def topics_from_counts(counts: dict[str, int]) -> list[str]:
    """Topics whose weighted cue count reaches 2, in ``TOPICS`` order."""
    chosen = [t for t, n in counts.items() if n >= 2]  # an article has few cues: not 12 tests
    return sorted(chosen, key=TOPICS.index) if len(chosen) > 1 else chosen


def topics_of(title: str, text: str) -> list[str]:
    """Topics (from ``TOPICS``) of a normalised title and text, in ``TOPICS`` order.

    The classifier gets the same counts from its one matching pass (``Matcher.scan``); this
    stand-alone form is for callers that only want topics.
    """
    matcher = get_matcher(True)
    counts: dict[str, int] = {}
    matcher.scan(title, None, counts, TITLE_WEIGHT)
    matcher.scan(text, None, counts, 1)
    return topics_from_counts(counts)
