"""Our own fixture cases (cases.jsonl): one per rule and pitfall, in ru / kk / kk-Latn / en,
both directions. Each line: rule, outlet (KZ|RU), label, title, text, and optionally
known_failure (why the classifier still gets it wrong)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.classify import ArticleInput, classify_article

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases.jsonl").read_text("utf-8").split("\n")
    if line.strip()
]


def test_enough_cases_in_every_language_and_direction() -> None:
    assert len(CASES) >= 150
    assert {c["outlet"] for c in CASES} == {"KZ", "RU"}
    assert len({c["rule"] for c in CASES}) >= 40


# A case the classifier is known to get wrong carries "known_failure" (why): it stays in the set,
# labelled by the codebook, and fails loudly (strict xfail) once the classifier gets it right.
PARAMS = [
    pytest.param(
        c,
        id=f"{i:03d}-{c['rule']}",
        marks=[pytest.mark.xfail(reason=c["known_failure"], strict=True)]
        if "known_failure" in c
        else [],
    )
    for i, c in enumerate(CASES)
]


@pytest.mark.parametrize("case", PARAMS)
def test_case(case: dict[str, str]) -> None:
    d = classify_article(ArticleInput(0, case["outlet"], case["title"], case["text"]))
    detail = [(e.surface, e.field, e.entry_type, e.masked) for e in d.evidence]
    assert d.label == case["label"], (
        f"{case['rule']}: got {d.label} ({d.score}, {d.flags}) {detail}"
    )
    assert d.target == ("RU" if case["outlet"] == "KZ" else "KZ")
