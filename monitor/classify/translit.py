"""Kazakh Latin → Cyrillic, for the 2017 (apostrophe), 2018 (acute) and 2021 (Turkic) alphabets.

The three official alphabets disagree on a few letters (``y`` is ы in 2018 but й in 2021;
``ı`` is и/й in 2018 but ы in 2021), so the scheme is detected per text from the letters
only one of them uses. Informal ASCII spellings (``sh``, ``zh``, ``gh``) fall back to the 2018
reading. Output comes with a map from each Cyrillic character to its source index.
"""

from __future__ import annotations

import re

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
_MARK_2017 = re.compile(r"[aginoscuy]'", re.IGNORECASE)


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


def latin_to_cyrillic(text: str, scheme: str | None = None) -> tuple[str, list[int]]:
    """Transliterate Latin letters; other characters (Cyrillic, digits, punctuation) pass through."""
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
            rep = "й"  # "Resey", "Reseı": ы never follows a plain vowel in Kazakh
        elif low == "ı" and scheme != "2021":
            prev = text[i - 1].lower() if i else ""
            rep = "й" if prev in _VOWELS else "и"
        else:
            rep = table.get(low, "")
        if rep:
            out.append(_case(ch, rep))
        else:
            out.append(ch)
        offsets.append(i)
        i += 1
    return "".join(out), offsets
