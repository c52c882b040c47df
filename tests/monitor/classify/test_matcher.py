"""The matcher's fast word-start search finds exactly what the plain look-behind regex finds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from monitor.classify.matcher import get_matcher
from monitor.classify.normalize import normalize

CASES = Path(__file__).parent / "cases.jsonl"
# Starts the fast path handles apart: the text's first character, a form right after a match
# that ended in a non-word character, forms glued to punctuation, spaces inside forms.
EDGE = [
    "россия",
    "«зенит»россия и рф",
    'opec+россия, opec+ рф, opec+«зенит», u.s."зенит"',
    "риа «новости»казахстан",
    "u.s.russia",
    "(россия)[рк]{казахстан}",
    "в  казахстане\nи\tроссии; «российская газета»",
    "_россия 1россия россия_ ёроссия",
    "",
    " ",
]


@pytest.mark.parametrize("kazakh", [False, True])
def test_spans_equal_the_lookbehind_regex(kazakh: bool, corpus: Path) -> None:
    m = get_matcher(kazakh)
    reference = re.compile(r"(?<!\w)" + m.body.pattern)
    texts = list(EDGE)
    for line in CASES.read_text("utf-8").split("\n"):
        if line.strip():
            c = json.loads(line)
            texts += [c["title"], c["text"]]
    for path in sorted((corpus / "articles").glob("*.jsonl"))[:2]:
        for line in path.read_text("utf-8").split("\n")[:60]:
            if line.strip():
                texts.append(json.loads(line)["text"])
    found = 0
    for t in texts:
        n = normalize(t)
        plain = n.plain if n.plain is not None else n.text
        want = [(x.start(), x.end(), x.group()) for x in reference.finditer(plain)]
        assert m._spans(plain) == want, t[:80]
        # The patterns for lower-case text ("\w" for a small letter) find the same there.
        lower = [(*x.span(1), x.group(1)) for x in m.find(plain, lower=True).matches]
        assert lower == want, t[:80]
        found += len(want)
    assert found > 500  # the comparison saw real matches
