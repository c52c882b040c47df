"""Load the per-language voice lexicons (lexicons/*.json) and compile them into regexes once.

A lexicon lists role stems (mapped to a canonical role), country adjectives and words, places,
speech verbs and tokens that never start a person's name. Names themselves are matched by
shape only: two or three capitalised words (First [Patronymic] Last) or initials + surname,
not followed by another capitalised word (so «Института Евразийской Интеграции Иван Петров»
yields «Иван Петров», not an organisation's tail).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

LEXICONS = Path(__file__).with_name("lexicons")
LANGS = ("ru", "kk", "en")

_CYR_UP = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_CYR_LO = "а-яёәғқңөұүһі"
_CYR_VOWELS = "АЕЁИОУЫЭЮЯӘӨҰҮІ"
_SCRIPTS = {"cyr": (_CYR_UP, _CYR_LO), "lat": ("A-Z", "a-z")}
# Russian patronymics: the only middle word a three-word name may have.
_PATRONYMIC = "(?:вич|вна|ична|ич|улы|кызы|ұлы|қызы)"


def _alt(items: list[str] | dict[str, Any], *, literal: bool = True) -> str:
    """Longest first, so 'премьер-министр' wins over 'министр'."""
    keys = sorted(items, key=len, reverse=True)
    out = (re.escape(k).replace(r"\ ", r"\s+") if literal else k for k in keys)
    # Typographic hyphens (U+2010, U+2011) occur in real pages: «премьер‑министра».
    return "|".join(k.replace(r"\-", "[-‐‑]") for k in out)


def name_pattern(script: str) -> str:
    up, lo = _SCRIPTS[script]
    word = f"[{up}][{lo}]+(?:-[{up}][{lo}]+)?"
    initials = rf"[{up}]\.\s?(?:[{up}]\.\s?)?"
    if script == "cyr":
        middle = rf"(?:[{up}][{lo}]+{_PATRONYMIC}\s+)?"
        # Some outlets set the surname in capitals («Алексей МИЛЛЕР», «Дарья ОСИНИНА»). Five
        # letters or more with a vowel: «Генсек ООН», «Телеканал НТВ» are acronyms, not names.
        last = rf"(?:{word}|(?=[{up}]*[{_CYR_VOWELS}])[{up}]{{5,}})"
    else:
        middle = rf"(?:[{up}]\.\s+)?"
        last = word
    # Not followed by a further capitalised word: the last capitalised pair is the name.
    return rf"(?:{initials}{last}|{word}\s+{middle}{last})(?![\w-]|\s+[{up}])"


@dataclass(frozen=True)
class Lexicon:
    """Compiled patterns of one language."""

    lang: str
    roles: dict[str, str]  # stem -> canonical role
    adjectives: dict[str, str]  # stem -> country
    country_words: dict[str, str]
    from_places: dict[str, str]
    places: dict[str, str]
    not_name: tuple[str, ...]
    not_name_exact: frozenset[str]
    first_name_not: re.Pattern[str] | None  # shapes a first name never has (place genitives)
    # Kazakh case endings on Russian surnames; in Russian, a verb glued on by a scraper.
    name_case_suffix: re.Pattern[str] | None
    pair: re.Pattern[str]  # two capitalised words: a possible name inside a role phrase
    preposition: re.Pattern[str] | None  # «в Казани Синоптики сообщили»: a place, not a name
    plural_verb: re.Pattern[str] | None  # one person never «сообщили»
    role_scan: re.Pattern[str]  # role stems on the lower-cased text: where role_name may start
    role_name: re.Pattern[str]  # role [gap] Name
    name_role: re.Pattern[str]  # Name, [a] [adj] role
    name_speech: re.Pattern[str]  # Name said
    speech_name: re.Pattern[str]  # said / по словам Name
    adjective: re.Pattern[str]
    country_word: re.Pattern[str]
    from_place: re.Pattern[str]
    paren_place: re.Pattern[str]
    speech_before: re.Pattern[str]
    speech_after: re.Pattern[str]
    speech_verb: re.Pattern[str]  # one speech verb on its own (a verb glued onto a name)

    def role_name_matches(self, text: str) -> Iterator[re.Match[str]]:
        """As ``role_name.finditer(text)``, three times faster: a case-insensitive alternation
        cannot skip ahead, so role stems are found on the lower-cased text first and the full
        pattern is only tried there."""
        low = text.lower()
        if len(low) != len(text):  # a character whose lower case is longer (İ): no shortcut
            yield from (m for m in self.role_name.finditer(text) if self._clean_gap(m.group("gap")))
            return
        end = 0
        for hit in self.role_scan.finditer(low):
            if hit.start() < end:
                continue
            m = self.role_name.match(text, hit.start())
            if m and self._clean_gap(m.group("gap")):
                end = m.end()
                yield m

    def _clean_gap(self, gap: str) -> bool:
        """No person inside the role phrase: «Президенті Қасым-Жомарт Тоқаев Ресей Президенті
        Владимир Путин» must not make Putin the first role's holder."""
        return not any(self.is_name(p.group(0)) for p in self.pair.finditer(gap))

    def after_preposition(self, text: str, start: int) -> bool:
        return bool(self.preposition and self.preposition.search(text, max(0, start - 12), start))

    def role_of(self, surface: str) -> str | None:
        low = " ".join(surface.lower().replace("‐", "-").replace("‑", "-").split())
        for stem in sorted(self.roles, key=len, reverse=True):
            if low.startswith(stem.lower()):
                return self.roles[stem]
        return None

    def base_name(self, name: str) -> str:
        """«Сергей Лавровпен» -> «Сергей Лавров» (a Kazakh case ending); «Ерболат
        Досаеврассказал» -> «Ерболат Досаев» (paragraphs glued by a scraper)."""
        if self.name_case_suffix is None:
            return name
        return self.name_case_suffix.sub("", name)

    def is_name(self, name: str) -> bool:
        first = name.split()[0].lower()
        if self.first_name_not is not None and self.first_name_not.fullmatch(first):
            return False  # «Петропавловска Ильясов»: a town's genitive, then the surname
        for token in re.split(r"[\s-]+", name):
            low = token.lower().rstrip(".")
            if len(low) <= 1:
                continue  # an initial
            if low in self.not_name_exact or low.startswith(self.not_name):
                return False
        return True


@cache
def role_groups() -> dict[str, str]:
    data = json.loads((LEXICONS / "common.json").read_text("utf-8"))
    return dict(data["role_groups"])


@cache
def load(lang: str) -> Lexicon:
    d = json.loads((LEXICONS / f"{lang}.json").read_text("utf-8"))
    script = "lat" if lang == "en" else "cyr"
    name = name_pattern(script)
    role = rf"(?<![\w])(?P<role>(?i:{_alt(d['roles'])}){d['noun_suffix']})(?![\w-])"
    adj = rf"(?<![\w])(?i:{_alt(d['adjectives'])}){d['adj_suffix']}(?![\w])"
    before = _alt(d["speech_before"], literal=False).replace(" ", r"\s+")
    after = _alt(d["speech_after"], literal=False).replace(" ", r"\s+")
    # Role … name: up to role_gap_words (6; 8 in English) of the role phrase («директор Института
    # … (Москва)»), none of
    # them a finite verb («глава Минобороны прибыл во Дворец …» is not a name).
    stop = d["gap_stop"]
    gap = rf"(?P<gap>(?:\s+(?!(?:{stop})(?![\w-]))[^\s.,!?;:—–]+){{0,{d['role_gap_words']}}}?)"
    appos = d["apposition_word"]
    flags = re.UNICODE
    # Words allowed between a name and its verb: Kazakh puts the verb last («… бұл туралы айтты»).
    sgap = rf"(?:[^\s.,!?;:—–«»]+\s+){{0,{d['speech_gap_words']}}}?"
    ngap = rf"(?:[^\s.,!?;:—–«»]+\s+){{0,{d['name_speech_gap_words']}}}?"
    return Lexicon(
        lang=lang,
        roles=dict(d["roles"]),
        adjectives=dict(d["adjectives"]),
        country_words=dict(d["country_words"]),
        from_places=dict(d["from_places"]),
        places=dict(d["places"]),
        not_name=tuple(w.lower() for w in d["not_name"]),
        not_name_exact=frozenset(w.lower() for w in d["not_name_exact"]),
        first_name_not=re.compile(d["first_name_not"]) if d["first_name_not"] else None,
        name_case_suffix=re.compile(d["name_case_suffix"]) if d["name_case_suffix"] else None,
        pair=re.compile(
            rf"[{_SCRIPTS[script][0]}][{_SCRIPTS[script][1]}]+\s+"
            rf"[{_SCRIPTS[script][0]}][{_SCRIPTS[script][1]}]+",
            flags,
        ),  # fmt: skip
        preposition=re.compile(rf"(?:^|[\s(])(?i:{d['prepositions']})\s+$", flags)
        if d["prepositions"]
        else None,
        plural_verb=re.compile(d["plural_verb"]) if d["plural_verb"] else None,
        role_scan=re.compile(rf"(?<![\w])(?:{_alt([k.lower() for k in d['roles']])})", flags),
        role_name=re.compile(rf"{role}{gap}\s+(?P<name>{name})", flags),
        name_role=re.compile(
            rf"(?P<name>{name}),\s+(?P<gap>(?:(?:{appos})\s+){{0,3}}?){role}", flags
        ),
        name_speech=re.compile(
            rf"(?P<name>{name})(?:\s*\([^()]{{1,40}}\))?\s+(?:(?i:также|ещё|еще|also)\s+)?{ngap}"
            rf"(?P<verb>{after})(?![\w])",
            flags,
        ),
        # A hyphen between spaces is a dash too («", - рассказывает Галина Кеслер»).
        speech_name=re.compile(
            rf"(?:^|[,—–«»\"(:]\s*|[.!?]\s+|\s-\s+)(?P<verb>(?i:{before}))\s+(?P<name>{name})",
            flags,
        ),
        adjective=re.compile(adj, flags),
        country_word=re.compile(rf"(?<![\w])(?:{_alt(d['country_words'])})(?![\w])", flags)
        if d["country_words"]
        else re.compile(r"(?!x)x"),
        from_place=re.compile(
            rf"(?<![\w])(?i:из|from)\s+(?P<place>{_alt(d['from_places'])})(?![\w])", flags
        )
        if d["from_places"]
        else re.compile(r"(?!x)x"),
        paren_place=re.compile(
            rf"\(\s*(?P<place>{_alt(d['places'])})\s*\)|(?P<based>{_alt(d['places'])})-based", flags
        ),
        speech_before=re.compile(rf"(?<![\w])(?i:{before})(?![\w])", flags),
        speech_verb=re.compile(rf"(?i:{after})", flags),
        speech_after=re.compile(
            rf"^(?:\s*\([^()]{{1,40}}\))?(?:,[^,.;!?]{{1,80}},)?,?\s+"
            rf"(?:(?i:также|ещё|еще|also)\s+)?{sgap}(?i:{after})(?![\w])",
            flags,
        ),
    )
