"""Text normalisation for matching: NFC, ё→е, hyphen/space variants, case, Kazakh Latin.

Matching runs on a *normalised copy* whose characters line up one-to-one with the original,
so evidence offsets point into the original text. Every step here is length-preserving
except Kazakh Latin → Cyrillic transliteration (digraphs such as ``sh`` → ``ш``) and rare
NFC recompositions; those paths carry an explicit offset map instead.

Case: everything is lower-cased *except* an upper-case letter glued to a preceding
lower-case letter ("…сообщилиРоссия …"). Some scrapers join paragraphs without a space;
keeping that capital lets the matcher treat it as a word start (see ``matcher.py``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

# Length-preserving character folds: ё→е, typographic hyphens/dashes → "-", odd spaces → " ".
_FOLD = str.maketrans(
    {
        "ё": "е",
        "Ё": "Е",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00ad": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u200b": " ",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2018": "'",
        "`": "'",
    }
)


def char_pairs(table: dict[int, str] | dict[int, int]) -> tuple[tuple[str, str], ...]:
    """A ``str.maketrans`` table of single characters as (char, replacement) pairs."""
    return tuple((chr(k), v if isinstance(v, str) else chr(v)) for k, v in table.items())


def replace_chars(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """``text.translate`` of a one-for-one table whose replacements are none of its keys: an
    `in` test and `str.replace` per pair runs in C, ~15x faster than `str.translate` with a
    dict, which looks up every character of a non-ASCII text in Python objects."""
    for ch, rep in pairs:
        if ch in text:
            text = text.replace(ch, rep)
    return text


_FOLD_PAIRS = char_pairs(_FOLD)
# A capital right after a small letter; the class comes first so the engine skips ahead.
_START = re.Match.start
_GLUED_CAPITAL = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ](?<=[a-zа-яәғқңөұүһі].)")


def _fold_chars(text: str) -> str:
    return replace_chars(text, _FOLD_PAIRS)


@dataclass(slots=True)  # not frozen: a frozen dataclass is built 2.5x slower (twice an article)
class Normalized:
    """A matching copy of a text; ``offsets[i]`` is the original index of character i."""

    text: str
    offsets: list[int] | None  # None: identity (same length, same positions)
    plain: str | None = None  # fully lower-cased copy when glued capitals were kept in `text`
    glue: list[int] | None = None  # where those capitals are (the matcher re-reads them)

    def span(self, start: int, end: int, original_len: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        o_start = self.offsets[start]
        o_end = self.offsets[end] if end < len(self.offsets) else original_len
        return o_start, max(o_end, o_start + 1)


def _nfc_with_map(text: str) -> tuple[str, list[int] | None]:
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    # Compose cluster by cluster (a base and its combining marks) to keep the origin of each char.
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        out.append(piece)
        offsets.extend([i] * len(piece))
        i = j
    return "".join(out), offsets


def _lower_keep_glue(text: str) -> tuple[str, str | None, list[int] | None]:
    """(the matching copy, the plain lower-cased copy and the kept capitals' offsets, or None
    twice when no capital was kept)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # e.g. "İ" lower-cases to two code points
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _keep_glue(text, lowered)


def _keep_glue(text: str, lowered: str) -> tuple[str, str | None, list[int] | None]:
    glue = list(map(_START, _GLUED_CAPITAL.finditer(text)))
    if not glue:
        return lowered, None, None
    pieces: list[str] = []
    last = 0
    for p in glue:  # slices, not a list of characters: 10x cheaper
        pieces += (lowered[last:p], text[p])
        last = p + 1
    pieces.append(lowered[last:])
    return "".join(pieces), lowered, glue


# Kazakh Latin as people type it drops the diacritics (Maskeu, Reseidin, Qazaqstan/Kazakstan,
# Putın) and mixes the alphabets, so after transliteration the Kazakh-specific letters cannot be
# trusted: Latin-script text and the lexicon of its matcher are both folded to these plain
# letters (length-preserving). Cyrillic Kazakh text keeps them (there they tell words apart).
KK_PLAIN = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІйЙ", "агкноуухиАГКНОУУХИиИ")
_KK_PLAIN_PAIRS = char_pairs(KK_PLAIN)


def plain_form(form: str) -> str:
    """A lexicon form as Kazakh Latin text reads after transliteration: Kazakh letters folded.
    (Soft signs stay: dropping them would make Казань "qazan", October. Latin spellings
    without one, "Kreml", are lexicon stems of their own.)"""
    return form.translate(KK_PLAIN)


def fold(text: str) -> str:
    """The lexicon side of normalisation: NFC, folds and plain lower case."""
    return _fold_chars(unicodedata.normalize("NFC", text)).lower()


def normalize(text: str, *, kazakh_latin: bool = False, scheme: str | None = None) -> Normalized:
    """Normalise ``text`` for matching, keeping a way back to original offsets. ``scheme``:
    the Kazakh Latin alphabet, when known from more text than this (else detected here)."""
    composed, offsets = _nfc_with_map(text)
    folded = _fold_chars(composed)
    if kazakh_latin:
        from monitor.classify.translit import latin_to_cyrillic

        folded, tmap = latin_to_cyrillic(folded, scheme)
        folded = replace_chars(folded, _KK_PLAIN_PAIRS)  # folded.translate(KK_PLAIN)
        offsets = tmap if offsets is None else [offsets[i] for i in tmap]
    glued, plain, glue = _lower_keep_glue(folded)
    return Normalized(glued, offsets, plain, glue)


# Joins a title and a text so both are normalised and matched in one pass (half the calls).
# A control character: not a letter, digit or space, so it reads as a text end to every step
# and pattern (no case context, nothing composes with it, no form or "\s" spans it).
SEP = "\x00"


def normalize_article(
    title: str, text: str, *, kazakh_latin: bool = False
) -> tuple[Normalized, Normalized, Normalized]:
    """``normalize`` of the title and of the text, and both joined for matching: SEP, the
    title, SEP, the text (its ``offsets`` are not kept: map the parts' offsets instead). With
    a SEP before the title, every form in it follows a non-word character: ``Matcher.find``
    need not try the first position apart."""
    joined = f"{SEP}{title}{SEP}{text}"
    # NFC never changes across SEP (no composition or reordering crosses a character that
    # composes with nothing), so the joined text is NFC exactly when both parts are.
    if not kazakh_latin and unicodedata.is_normalized("NFC", joined):
        folded = _fold_chars(joined)
        lowered = folded.lower()
        if len(lowered) == len(folded):  # else "İ": its fallback lowers letter by letter
            glued, plain, glue = _keep_glue(folded, lowered)
            return _split(Normalized(glued, None, plain, glue), len(title))
    # Rare (Kazakh Latin, decomposed letters, "İ"): each part on its own, then joined.
    scheme = None
    if kazakh_latin:
        from monitor.classify.translit import detect_scheme

        # One alphabet for the article: a short title often has no letter that tells 2021
        # from 2018 ("Orınbor oblısında" read as 2018 gives "Оринбор"); the text usually does.
        scheme = detect_scheme(_fold_chars(unicodedata.normalize("NFC", joined)))
    tn = normalize(title, kazakh_latin=kazakh_latin, scheme=scheme)
    xn = normalize(text, kazakh_latin=kazakh_latin, scheme=scheme)
    glue = None
    if tn.glue or xn.glue:
        shift = len(tn.text) + 2
        glue = [g + 1 for g in tn.glue or []] + [g + shift for g in xn.glue or []]
    plain = None if glue is None else f"{SEP}{tn.plain or tn.text}{SEP}{xn.plain or xn.text}"
    return tn, xn, Normalized(f"{SEP}{tn.text}{SEP}{xn.text}", None, plain, glue)


def _split(joined: Normalized, title_len: int) -> tuple[Normalized, Normalized, Normalized]:
    """The title and the text of a joined, same-length copy (SEP, title, SEP, text)."""
    cut = title_len + 1  # the SEP between them
    start = cut + 1
    if joined.glue is None or joined.plain is None:
        return Normalized(joined.text[1:cut], None), Normalized(joined.text[start:], None), joined
    k = bisect.bisect(joined.glue, cut)
    t_glue, x_glue = [g - 1 for g in joined.glue[:k]], [g - start for g in joined.glue[k:]]
    tn = Normalized(joined.text[1:cut], None)
    xn = Normalized(joined.text[start:], None)
    if t_glue:
        tn.plain, tn.glue = joined.plain[1:cut], t_glue
    if x_glue:
        xn.plain, xn.glue = joined.plain[start:], x_glue
    return tn, xn, joined
