"""Language of an article: ``ru``, ``kk`` (Cyrillic), ``kk-Latn`` or ``en``.

A fast first pass counts script and Kazakh-specific letters (ә ғ қ ң ө ұ ү һ і, and the
letters of the Latin alphabets); only texts the counts cannot settle go to ``lingua``,
restricted to Russian, Kazakh and English and built lazily once per process.
"""

from __future__ import annotations

import codecs
import re
from encodings import kz1048
from functools import lru_cache
from typing import Any

# Runs of letters, counted by length: a list of words is ~3x cheaper than a list of letters.
_KK_CYR = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]+")
_CYR = re.compile(r"[а-яёА-ЯЁ]+")
_LAT = re.compile(r"[a-zA-Z]+")


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(map(len, pattern.findall(text)))


# Every letter of _CYR and _KK_CYR is one byte of the kz1048 code page (Kazakh Windows, a
# bijection; what it cannot encode is dropped), and no other character maps to those bytes:
# encoding once and deleting the other bytes counts both sets in C, 3x faster than the regexes
# (same result on every code point).
def _kz1048_bytes_not_in(letters: re.Pattern[str]) -> bytes:
    decoded = bytes(range(256)).decode("kz1048", "replace")
    return bytes(b for b, ch in enumerate(decoded) if not letters.fullmatch(ch))


_KZ1048 = kz1048.encoding_table
_NOT_RU_KZ1048 = _kz1048_bytes_not_in(re.compile(r"[а-яёА-ЯЁ]"))
_NOT_KK_KZ1048 = _kz1048_bytes_not_in(_KK_CYR)


def _cyr_counts(text: str) -> tuple[int, int]:
    """(Russian letters, Kazakh-specific letters) in ``text``: ``_CYR`` and ``_KK_CYR`` counts."""
    # What text.encode("kz1048", "ignore") runs, without its Python-level codec wrapper.
    encoded = codecs.charmap_encode(text, "ignore", _KZ1048)[0]
    return len(encoded.translate(None, _NOT_RU_KZ1048)), len(
        encoded.translate(None, _NOT_KK_KZ1048)
    )


# ASCII letters as "a", anything else as " " (a character outside ASCII is encoded as "?").
_LATIN_AS_A = bytes(
    b"a"[0] if chr(b).isascii() and chr(b).isalpha() else b" "[0] for b in range(256)
)


def _latin_counts(text: str) -> tuple[int, int]:
    """(letters, runs of letters) that ``_LAT`` finds in ``text``, counted in C."""
    letters = text.encode("ascii", "replace").translate(_LATIN_AS_A)  # one byte a character
    return letters.count(b"a"), len(letters.split())


# Marks of Kazakh Latin: letters of its alphabets, and the 2017 letter-apostrophe digraphs.
# Counted apart (the two never overlap): one regex with both stops at every a, g, i, n, …
_KK_LAT_MARK = re.compile(r"[äğñöşūüáǵńóúýıÄĞÑÖŞŪÜÁǴŃÓÚÝ]")
_KK_LAT_APOSTROPHE = re.compile(r"'(?<=[aginoscuy].)")
_Q = re.compile(r"q(?!u)", re.IGNORECASE)
_SAMPLE = 800  # characters looked at: enough to decide, cheap on long texts

LANGS = ("ru", "kk", "kk-Latn", "en")


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.RUSSIAN, Language.KAZAKH, Language.ENGLISH
    ).build()


def _lingua(sample: str) -> str | None:
    from lingua import Language

    found = _detector().detect_language_of(sample)
    return {Language.RUSSIAN: "ru", Language.KAZAKH: "kk", Language.ENGLISH: "en"}.get(found)


# Kazakh typed in plain ASCII (no marks, often no q: "Resei benzin eksportyna tyiym saldy"):
# no English function word, and words with Kazakh case/verb endings or Kazakh particles.
_EN_FUNCTION = re.compile(
    r"\b(?:the|of|and|to|in|is|are|was|were|for|on|with|by|at|from|that|this|it|its|as|an?|"
    r"be|has|have|will|says?|said|after|over|not|but|or|new)\b",
    re.IGNORECASE,
)
_KK_ASCII_WORD = re.compile(
    r"\b(?:men|jane|dep|osy|bul|turaly|ushin|boiynsha|eken|emes|bir|eki|jyl\w*|"
    r"\w{2,}(?:dy|di|ty|ti|ady|edi|ydy|idi|yna|ine|ga|ge|qa|dan|den|tan|ten|nan|nen|nyn|nin|"
    r"dyn|din|tyn|tin|lyq|lik|dyq|dik|tyq|tik|ndy|ndi|nda|nde|ylady|iledi|ushy|ushi|shy|shi))\b",
    re.IGNORECASE,
)


def _informal_kazakh(sample: str, words: int) -> bool:
    """``words``: runs of Latin letters in ``sample``."""
    if words < 4 or _EN_FUNCTION.search(sample):
        return False
    return 3 * len(_KK_ASCII_WORD.findall(sample)) >= words


def detect_language(text: str, declared: str | None = None) -> str:
    """Detect the language of ``text``; ``declared`` (from the feed) breaks ties only."""
    sample = text[:_SAMPLE]
    cyr, kk = _cyr_counts(sample)
    # The three letter sets are disjoint, so Latin letters cannot outnumber Cyrillic ones when
    # those are half the sample: skip that count (a third of the cost on Cyrillic text).
    lat, latin_words = (0, 0) if 2 * (cyr + kk) >= len(sample) else _latin_counts(sample)
    if cyr + kk >= lat:
        if cyr + kk == 0:
            return declared if declared in LANGS else "ru"
        ratio = kk / (cyr + kk)
        # Kazakh prose has ~5-8 % such letters; Russian text quoting a Kazakh name has ~0.1 %.
        if ratio >= 0.02 and kk >= 2:
            return "kk"
        if ratio < 0.004 or (cyr + kk) >= 400:
            return "ru"
        return _lingua(sample) or (declared if declared in ("ru", "kk") else "ru")
    marks = len(_KK_LAT_MARK.findall(sample)) + len(_KK_LAT_APOSTROPHE.findall(sample))
    qs = len(_Q.findall(sample))
    if marks >= 3 or (lat >= 40 and qs / lat > 0.012):
        return "kk-Latn"
    if _informal_kazakh(sample, latin_words):
        return "kk-Latn"
    if declared in ("kk", "kk-Latn") and lat < 40:
        return "kk-Latn"
    return "en"
