"""Case-tolerant keys for person names: «Токаев», «Токаева», «Тоқаевтың» are one person.

Voices keep names as written (the extractor does not inflect), so the same person appears in
several case forms: «Алмас Чукин» and «по мнению … Алмаса Чукина», «Сергей Лавров» and
«Сергей Лавровпен». ``word_stem`` folds Kazakh letters to their Russian look-alikes and
strips case endings (Kazakh, then Russian) while any is left; the forms of a name reduce to
one stem.
It is a key for grouping and matching, never shown: «Петрова» and «Петров» share the stem
«петров» too, which is why ``name_key`` keeps the first name's stem beside the surname's.
"""

from __future__ import annotations

import re

_FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")
# Kazakh case and possessive endings (after folding), longest first; Russian noun and
# adjective endings. Kazakh first: «Тоқаевтың» -> «токаев».
_KK_ENDINGS = (
    "тын", "тин", "дын", "дин", "нын", "нин", "мен", "бен", "пен", "нан", "нен", "дан", "ден",
    "тан", "тен", "ты", "ти", "ды", "ди", "ны", "ни", "га", "ге", "ка", "ке",
)  # fmt: skip
_RU_ENDINGS = (
    "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ою", "ей", "ую", "ая", "ом", "ем", "ым",
    "им", "ых", "их", "ий", "ый", "а", "я", "у", "ю", "е", "ы", "и",
)  # fmt: skip
_MIN_STEM = 3
# Kazakh endings come off Russian-style surnames only («-ов», «-ин» …), as in the extractor's
# own ``name_case_suffix``: «Санду», «Кирби», «Мусина» keep their letters for the Russian pass.
_KK_HOST = re.compile(r"(?:ов|ев|ин|ын|ий|ко|ук)$")
_CYRILLIC = re.compile(r"[а-я]")


def word_stem(word: str) -> str:
    """One name word without its case ending: «Токаева» -> «токаев», «Лавровпен» -> «лавров»."""
    w = word.lower().translate(_FOLD).strip(".")
    if not _CYRILLIC.search(w):
        return w  # Latin-script names are not inflected
    parts = w.split("-")  # «Касыма-Жомарта»: each part is declined
    return "-".join(_strip_all(p) for p in parts)


def _strip_all(w: str) -> str:
    # To a fixed point: a nominative may itself end like a case ending («Касым», «Сергей»), so
    # «Касыма» -> «касым» alone would miss «Касым» -> «кас»; both end at «кас».
    while (shorter := _strip(w)) != w:
        w = shorter
    return w


def _strip(w: str) -> str:
    for endings in (_KK_ENDINGS, _RU_ENDINGS):
        for e in endings:
            if not w.endswith(e) or len(w) - len(e) < _MIN_STEM:
                continue
            if endings is _KK_ENDINGS and not _KK_HOST.search(w[: -len(e)]):
                continue
            w = w[: -len(e)]
            break
    return w


def surname_key(name: str) -> str:
    """The stem of the last word of a name (the surname in every script we read)."""
    words = name.split()
    return word_stem(words[-1]) if words else ""


def name_key(name: str) -> tuple[str, str]:
    """(first word stem, surname stem): «Алмаса Чукина» and «Алмас Чукин» share it, «Анна
    Петрова» and «Иван Петров» do not."""
    words = name.split()
    if not words:
        return ("", "")
    return (word_stem(words[0]), word_stem(words[-1]))
