"""The transliteration (regex for the rules, ``str.translate`` between) equals the rules read
letter by letter, which this file keeps as the reference."""

from __future__ import annotations

import random

import pytest

from monitor.classify import translit
from monitor.classify.translit import (
    _APOSTROPHE_2017,
    _ASCII,
    _DIGRAPHS,
    _S2017,
    _S2018,
    _S2021,
    _VOWELS,
    _cased,
    detect_scheme,
    latin_to_cyrillic,
)


def _case(src: str, out: str) -> str:
    return out.upper() if src.isupper() else out


def reference(text: str, scheme: str | None = None) -> tuple[str, list[int]]:
    """The rules as a per-character loop (the implementation before the speed-up)."""
    scheme = scheme or detect_scheme(text)
    table = {"2018": _S2018, "2021": _S2021, "2017": _S2017, "ascii": _ASCII}[scheme]
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        low = ch.lower()
        nxt = text[i + 1].lower() if i + 1 < n else ""
        if scheme == "2017" and nxt == "'" and low in _APOSTROPHE_2017:
            out.append(_case(ch, _APOSTROPHE_2017[low]))
            offsets.append(i)
            i += 2
            continue
        pair = low + nxt
        if scheme != "2021" and pair in _DIGRAPHS:
            out.append(_case(ch, _DIGRAPHS[pair]))
            offsets.append(i)
            i += 2
            continue
        if low == "y" and scheme != "2021" and i and text[i - 1].lower() in "aeoı":
            rep = "й"
        elif low == "ı" and scheme != "2021":
            prev = text[i - 1].lower() if i else ""
            rep = "й" if prev in _VOWELS else "и"
        else:
            rep = table.get(low, "")
        out.append(_case(ch, rep) if rep else ch)
        offsets.append(i)
        i += 1
    return "".join(out), offsets


def test_cased_lists_every_character_that_lower_cases_to_a_letter() -> None:
    letters = set("".join([*_S2017, *_S2018, *_S2021, *_ASCII, *_APOSTROPHE_2017, *_DIGRAPHS]))
    letters |= _VOWELS
    found: dict[str, set[str]] = {c: set() for c in letters}
    for code in range(0x110000):
        ch = chr(code)
        low = ch.lower()
        if low in found:
            found[low].add(ch)
    assert {c: set(_cased(c)) for c in letters} == found
    assert "\u212a" in found["k"]  # the Kelvin sign: why _cased is not just (c, c.upper())


# Letters where the rules meet: digraph halves, vowels before y/ı, apostrophes, case pairs
# whose lower case is another letter (İ, I/ı, the Kelvin sign), Cyrillic and punctuation.
ALPHABET = "aeouıyYIiİsShHcCzZgGtTaAqQkK\u212aáÁǵńóúýéäğñöşūüçÄĞÑÖŞŪÜÇ'`-. хыӘүФЫ1"


@pytest.mark.parametrize("scheme", ["2017", "2018", "2021", "ascii", None])
def test_equals_the_letter_by_letter_rules(scheme: str | None) -> None:
    rnd = random.Random(7)
    texts = ["", "ı", "y", "Reseı prezıdenti Pýtın Máskeýde", "Mäskeu men Reseydiñ", "S'ot'y"]
    texts += ["".join(rnd.choices(ALPHABET, k=rnd.randint(1, 40))) for _ in range(4000)]
    for text in texts:
        assert latin_to_cyrillic(text, scheme) == reference(text, scheme), text


def test_2021_is_letters_alone() -> None:
    assert translit._SCHEMES["2021"][1] is None


def test_2017_mark_count_equals_the_letter_first_regex() -> None:
    import re

    from monitor.classify.translit import _MARK_2017

    letter_first = re.compile(r"[aginoscuy]'", re.IGNORECASE)
    rnd = random.Random(11)
    for _ in range(3000):
        s = "".join(rnd.choices("aGinoSſıİKbx' '", k=rnd.randint(0, 30)))
        assert len(_MARK_2017.findall(s)) == len(letter_first.findall(s)), s
