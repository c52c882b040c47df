"""Sentence ends: stops and glued capitals found apart (capitals usually known from
normalisation) equal one scan of the single pattern that finds both."""

from __future__ import annotations

import re
from pathlib import Path

from monitor.classify.features import LEAD_CHARS, _bounds
from monitor.classify.normalize import normalize
from monitor.corpus import corpus_records

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
ONE_PATTERN = re.compile(
    rf"[.!?…\n{_UP}](?:(?<=[.!?…])[.!?…]*[\"»”)]*(?:\s+|(?=[\"«{_UP}]))|(?<=\n)\n*"
    rf"|(?<=[a-zа-яёәғқңөұүһі][{_UP}])(?=[a-zа-яё]))"
)


def reference(text: str, end: int | None = None) -> list[int]:
    """The sentence ends as the classifier found them with one pattern (before the speed-up)."""
    out = []
    for m in ONE_PATTERN.finditer(text, 0, len(text) if end is None else end):
        s, e = m.span()
        c = text[s]
        if c in ".!?…":
            if not text[e - 1].isspace() and not (
                s >= 2 and text[s - 1].islower() and text[s - 2].islower()
            ):
                continue
        elif c != "\n":
            e = s
        out.append(e)
    return out


EDGE = [
    "",
    "А.",
    "сегодняПродолжение следует.Дальше",
    "вечер.Генеративные модели. г.Алматы и А.Иванов!» «Новое",
    "ёЖик ёжик.Ёж\n\n\nДа… «Нет»?! (так.) США.",
    "РФ РК МИД США. ВОЗ.Тест aB Ab aBc ąB",
]


def test_split_scans_equal_the_one_pattern(corpus: Path) -> None:
    texts = list(EDGE)
    for a in corpus_records(corpus):
        t = a.get("text") or ""
        texts += [t, t.replace("\n", "").replace(". ", "."), t.upper()[:800]]
    compared = glued = 0
    for t in texts:
        n = normalize(t)
        capitals = (n.glue or []) if n.offsets is None else None
        glued += bool(n.glue)
        for end in (None, LEAD_CHARS + 120):
            want = reference(t, end)
            assert _bounds(t, end) == want, t[:80]
            if capitals is not None:
                assert _bounds(t, end, capitals) == want, t[:80]
                compared += 1
    assert compared > 1000 and glued > 100


def test_lead_read_off_the_whole_text_equals_the_short_scan(corpus: Path) -> None:
    from monitor.classify.features import _lead_in, _split_lead

    texts = []
    for a in corpus_records(corpus):
        t = a.get("text") or ""
        texts += [t, t.replace("\n", "").replace(". ", ".")]
    # Sentence ends right at and around the cut (LEAD_CHARS + 120), stop runs across it.
    for at in range(LEAD_CHARS - 3, LEAD_CHARS + 125):
        for tail in (
            ". Дальше",
            ".\n\nДальше",
            ".» «Дальше",
            "...   ",
            "!?»)  \n",
            ".Дальше",
            "аБв",
        ):
            texts.append("а" * at + tail + " конец. Ещё")
    read = 0
    for t in texts:
        n = normalize(t)
        if n.offsets is not None:
            continue
        capitals = n.glue or []
        lead = _lead_in(t, _bounds(t, None, capitals))
        if lead is not None:
            assert lead == _split_lead(t, capitals) == _split_lead(t), t[:80]
            read += 1
    assert read > 1000
