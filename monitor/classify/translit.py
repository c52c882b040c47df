"""Kazakh Latin → Cyrillic, for the 2017 (apostrophe), 2018 (acute) and 2021 (Turkic) alphabets.

The three official alphabets disagree on a few letters (``y`` is ы in 2018 but й in 2021;
``ı`` is и/й in 2018 but ы in 2021), so the scheme is detected per text from the letters
only one of them uses. Informal ASCII spellings (``sh``, ``zh``, ``gh``) fall back to the 2018
reading. Output comes with a map from each Cyrillic character to its source index.
"""

from __future__ import annotations

import re

from monitor.classify.normalize import replace_chars

_VOWELS = set("aeiouyıäöüūáóúýéаеиоуыэюяәөүұі")

_COMMON = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "j": "ж",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р",
    "s": "с", "t": "т", "v": "в", "z": "з", "c": "ц", "x": "х", "w": "ұ",
}  # fmt: skip
_S2018 = _COMMON | {
    "á": "ә", "ǵ": "ғ", "i": "і", "ń": "ң", "ó": "ө", "ú": "ү", "ý": "у", "u": "ұ", "y": "ы",
    "é": "е",
}  # fmt: skip
_S2021 = _COMMON | {
    "ä": "ә", "ğ": "ғ", "ı": "ы", "i": "і", "ñ": "ң", "ö": "ө", "ş": "ш", "ū": "ұ", "ü": "ү",
    "u": "у", "y": "й", "ç": "ч", "á": "ә", "ó": "ө", "ú": "ү",
}  # fmt: skip
_S2017 = _COMMON | {"i": "і", "u": "у", "y": "ы"}
_APOSTROPHE_2017 = {
    "a": "ә", "g": "ғ", "i": "й", "n": "ң", "o": "ө", "s": "ш", "c": "ч", "u": "ү", "y": "ұ",
}  # fmt: skip
_ASCII = _S2018 | {"u": "у"}
_DIGRAPHS = {"sh": "ш", "ch": "ч", "zh": "ж", "gh": "ғ", "ts": "ц", "ia": "я", "ıa": "я"}

_MARK_2021 = re.compile(r"[äğñöşūüç]", re.IGNORECASE)
_MARK_2018 = re.compile(r"[áǵńóúý]", re.IGNORECASE)
# Counted from the apostrophe (the same count: no two such pairs overlap); a class of common
# letters first would stop the engine at most letters.
_MARK_2017 = re.compile(r"'(?<=[aginoscuy].)", re.IGNORECASE)


def detect_scheme(text: str) -> str:
    """``"2017"``, ``"2018"``, ``"2021"`` or ``"ascii"`` (no marks: informal spelling)."""
    counts = {
        "2021": len(_MARK_2021.findall(text)),
        "2018": len(_MARK_2018.findall(text)),
        "2017": len(_MARK_2017.findall(text)),
    }
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "ascii"


def _case(src: str, out: str) -> str:
    return out.upper() if src.isupper() else out


# The rules, read left to right (``tests/.../test_normalize.py`` keeps them as a per-character
# loop and checks this against it): in 2017, a letter and an apostrophe are one letter; outside
# 2021, a digraph is one letter, "y" after a plain vowel is й ("Resey": ы never follows one) and
# "ı" is й after a vowel, и elsewhere; any other letter is looked up; the output letter takes
# the case of the first source letter. Here the multi-letter and context rules are found by one
# regex per scheme and everything between is read letter by letter, in C (``replace_chars``).


def _cased(letter: str) -> str:
    """The characters whose lower case is ``letter`` (the Kelvin sign is a "k")."""
    return "".join(sorted(c for c in {letter, letter.upper(), "\u212a"} if c.lower() == letter))


def _class(letters: str) -> str:
    return "[" + re.escape("".join(_cased(c) for c in letters)) + "]"


def _rules(apostrophes: bool) -> re.Pattern[str]:
    # Digraphs grouped by their second letter ("sh", "ch", "zh", "gh" as one branch: a branch
    # per digraph costs a test each at every candidate letter). A group's first letters are
    # those of its digraphs, so it matches exactly them, and no two groups share a first letter.
    by_second: dict[str, str] = {}
    for pair in _DIGRAPHS:
        by_second[pair[1]] = by_second.get(pair[1], "") + pair[0]
    pairs = [_class(firsts) + _class(second) for second, firsts in by_second.items()]
    if apostrophes:
        pairs.insert(0, _class("".join(_APOSTROPHE_2017)) + "'")  # before a digraph
    # The letter first, then the look-behind: every branch starts with a class, so the engine
    # skips ahead to candidates in C (a leading look-behind makes it try every position: 4x).
    vowels = _class("".join(sorted(_VOWELS)))
    after_vowel = rf"{_class('y')}(?<={_class('aeoı')}.)|ı(?<={vowels}.)"
    return re.compile("|".join([*pairs, after_vowel]))


def _table(table: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """(letter, Cyrillic) pairs for ``replace_chars`` (Latin in, Cyrillic out: none chains)."""
    return tuple((c, _case(c, rep)) for k, rep in table.items() for c in _cased(k))


# Per scheme: letters alone (ı without a vowel before it is и outside 2021) and the rules.
_SCHEMES: dict[str, tuple[tuple[tuple[str, str], ...], re.Pattern[str] | None]] = {
    "2017": (_table(_S2017 | {"ı": "и"}), _rules(apostrophes=True)),
    "2018": (_table(_S2018 | {"ı": "и"}), _rules(apostrophes=False)),
    "ascii": (_table(_ASCII | {"ı": "и"}), _rules(apostrophes=False)),
    "2021": (_table(_S2021), None),
}


def latin_to_cyrillic(text: str, scheme: str | None = None) -> tuple[str, list[int]]:
    """Transliterate Latin letters; other characters (Cyrillic, digits, punctuation) pass through."""
    letters, rules = _SCHEMES[scheme or detect_scheme(text)]
    alone = replace_chars(text, letters)  # every letter read alone, one character for one
    if rules is None:
        return alone, list(range(len(text)))
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in rules.finditer(text):
        start, end = m.span()
        out.append(alone[pos:start])
        offsets += range(pos, start)
        ch = text[start]
        if end - start == 1:
            rep = "й"  # after a vowel
        elif text[start + 1] == "'":
            rep = _APOSTROPHE_2017[ch.lower()]
        else:
            rep = _DIGRAPHS[m.group().lower()]
        out.append(_case(ch, rep))
        offsets.append(start)
        pos = end
    out.append(alone[pos:])
    offsets += range(pos, len(text))
    return "".join(out), offsets
