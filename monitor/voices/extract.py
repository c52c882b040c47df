"""``extract_voices(title, text, lang) -> list[Voice]``: people quoted or cited in an article.

Precision over recall. A voice needs a person-like name (two or three capitalised words, or
initials + surname) *and* either a role from the lexicon next to it («политолог Данияр
Ашимбаев», "Dosym Satpayev, a Kazakh political analyst") or a speech verb («… — сказал Иван
Петров», «Иван Петров считает»). A country name alone, an organisation, an attribution to
an agency («по данным ТАСС») or a street named after someone is never a voice.

The country comes only from what the text says next to the person: an adjective before the
role («казахстанский», "Russian", «ресейлік»), a country in the role phrase («министр
иностранных дел России»), «из Казахстана», "(Москва)", "Almaty-based", or an apposition after
the name. Otherwise it is None — never guessed from the name or the outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.voices.lexicon import Lexicon, load, role_groups

# Text between the role and the start of its clause, searched for a country adjective.
_PRE_WINDOW = 60
_POST_WINDOW = 100
_CLAUSE_END = re.compile(r"[.!?;:—–«»\"(),\n]")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)
_CAPS_WORD = re.compile(r"\b[А-ЯЁӘҒҚҢӨҰҮҺІ]{5,}\b")


@dataclass(frozen=True, slots=True)
class Voice:
    name: str
    role: str | None  # canonical role (political_scientist, minister, ...), None: speech verb only
    country: str | None  # KZ | RU | other | None (the text does not say)
    kind: str  # quoted (words attributed: said, по мнению, деді) | cited (role + name only)
    field: str  # title | text
    start: int  # offsets of the whole phrase (role … name, or name … verb) in the field
    end: int
    lang: str

    @property
    def group(self) -> str | None:
        """expert | official | None, from the role."""
        return role_groups().get(self.role) if self.role else None


def _langs(text: str, lang: str | None) -> tuple[str, ...]:
    if lang == "en":
        return ("en",)
    if lang in ("ru", "kk"):
        # Kazakh outlets mix the languages within a page: a Russian page with Kazakh letters
        # gets the Kazakh lexicon too.
        if lang == "kk" or _KAZAKH_LETTERS.search(text):
            return ("kk", "ru")
        return ("ru",)
    sample = text[:2000]
    if not _CYRILLIC.search(sample):
        return ("en",)
    return ("kk", "ru") if _KAZAKH_LETTERS.search(sample) else ("ru", "kk")


def _country_in(
    lex: Lexicon, span: str, *, last: bool = False, adjectives_only: bool = False
) -> str | None:
    """First (or last) country cue in a span of text: adjective, country word, из/from, (place)."""
    found: list[tuple[int, str]] = []
    for m in lex.adjective.finditer(span):
        stem = m.group(0).lower()
        for key in sorted(lex.adjectives, key=len, reverse=True):
            if stem.startswith(key.lower()):
                found.append((m.start(), lex.adjectives[key]))
                break
    words = () if adjectives_only else lex.country_word.finditer(span)
    for m in words:
        found.append((m.start(), lex.country_words[" ".join(m.group(0).split())]))
    for m in lex.from_place.finditer(span):
        found.append((m.start(), _lookup(lex.from_places, m.group("place"))))
    for m in lex.paren_place.finditer(span):
        found.append((m.start(), _lookup(lex.places, m.group("place") or m.group("based"))))
    if not found:
        return None
    found.sort()
    return found[-1][1] if last else found[0][1]


def _lookup(table: dict[str, str], surface: str) -> str:
    key = " ".join(surface.split())
    return table.get(key) or next(v for k, v in table.items() if k.lower() == key.lower())


def _pre_clause(text: str, start: int) -> str:
    window = text[max(0, start - _PRE_WINDOW) : start]
    cut = [m.end() for m in _CLAUSE_END.finditer(window)]
    # Keep the boundary's own phrase: «— сказал министр»: the clause is « сказал ».
    return window[cut[-1] :] if cut else window


def _candidates(lex: Lexicon, text: str, field: str) -> list[Voice]:
    out: list[Voice] = []

    def add(name_m: re.Match[str], start: int, end: int, role: str | None, country: str | None,
            quoted: bool) -> None:  # fmt: skip
        # «Алексей МИЛЛЕР» is stored as «Алексей Миллер»: one person, one spelling.
        written = " ".join(name_m.group("name").split())
        written = _CAPS_WORD.sub(lambda w: w.group(0).capitalize(), written)
        name = lex.base_name(written)
        if not lex.is_name(name):
            return
        if lex.lang == "ru" and name != written:
            # A verb glued on by a scraper («Досаеврассказал»): quoted if it is a speech verb.
            quoted = quoted or bool(lex.speech_verb.fullmatch(written[len(name) :]))
        # The apposition is read after the name (not after a verb that follows it).
        after = max(end, name_m.end("name")) if role else name_m.end("name")
        post = text[after : after + _POST_WINDOW]
        pre = _pre_clause(text, start)
        quoted = quoted or bool(lex.speech_after.match(post) or lex.speech_before.search(pre))
        if country is None:
            country = _post_country(lex, post)
        kind = "quoted" if quoted else "cited"
        out.append(Voice(name, role, country, kind, field, start, end, lex.lang))

    named: set[int] = set()  # name starts that already have a role placed before them
    introducing: set[int] = set()  # role starts that introduce the name after them
    for m in lex.role_name_matches(text):
        named.add(m.start("name"))
        introducing.add(m.start("role"))
        role = lex.role_of(m.group("role"))
        pre = _pre_clause(text, m.start())
        # Before the role only adjectives count, except in Kazakh («Ресей СІМ басшысы»):
        # «В России эксперт …» is where, not whose.
        country = _country_in(lex, pre, last=True, adjectives_only=lex.lang != "kk")
        country = country or _country_in(lex, m.group("gap"))
        add(m, m.start(), m.end(), role, country, False)
    for m in lex.name_role.finditer(text):
        if lex.after_preposition(text, m.start()):
            continue
        if m.start("name") in named or m.start("role") in introducing:
            # «директор театра Игорь Вербицкий, руководитель центра Анна …», «Садыр Жапаров,
            # президент Таджикистана Эмомали Рахмон»: in a list the role after the comma
            # belongs to the next person.
            continue
        role = lex.role_of(m.group("role"))
        country = _country_in(lex, m.group("gap"))
        if country is None:  # "X, директор Института … (Москва)"
            country = _post_country(lex, text[m.end() : m.end() + _POST_WINDOW])
        add(m, m.start(), m.end(), role, country, False)
    for m in lex.name_speech.finditer(text):
        if lex.after_preposition(text, m.start()):
            continue  # «В Казани Синоптики сообщили»
        if lex.plural_verb is not None and lex.plural_verb.fullmatch(m.group("verb").lower()):
            continue  # one person does not «сообщили»: an organisation or a group
        add(m, m.start(), m.end(), None, None, True)
    for m in lex.speech_name.finditer(text):
        add(m, m.start("verb"), m.end(), None, None, True)
    return out


def _post_country(lex: Lexicon, post: str) -> str | None:
    """An apposition right after the name: "(Москва)", ", a Russian economist,", "из Казахстана"."""
    clause = _CLAUSE_END.split(post.lstrip(" ,"), maxsplit=1)[0] if post.startswith(",") else ""
    m = re.match(r"\s*(\([^()]{1,40}\)|(?:из|from)\s+\S+(?:\s+\S+)?)", post)
    head = m.group(1) if m else ""
    return _country_in(lex, head) or (_country_in(lex, clause) if clause else None)


def _merge(voices: list[Voice]) -> list[Voice]:
    """One voice per mention: overlapping candidates merge (role, country and quoted win)."""
    voices.sort(key=lambda v: (v.field != "title", v.start, -(v.end - v.start)))
    merged: list[Voice] = []
    for v in voices:
        prev = merged[-1] if merged else None
        if prev and prev.field == v.field and v.start < prev.end and _same(prev.name, v.name):
            # Of two roles, the one nearer the name (later phrase start) describes the person.
            role = v.role if v.role and (v.start >= prev.start or not prev.role) else prev.role
            merged[-1] = Voice(
                prev.name,
                role,
                prev.country or v.country,
                "quoted" if "quoted" in (prev.kind, v.kind) else "cited",
                prev.field,
                min(prev.start, v.start),
                max(prev.end, v.end),
                prev.lang,
            )
        elif prev and prev.field == v.field and v.start < prev.end:
            continue  # a different name inside an accepted phrase: keep the first reading
        else:
            merged.append(v)
    return merged


def _same(a: str, b: str) -> bool:
    return a == b or a.endswith(b) or b.endswith(a)


def extract_voices(title: str, text: str, lang: str | None = None) -> list[Voice]:
    """People quoted or cited in the title and text, in order of appearance per field."""
    found: list[Voice] = []
    for field, body in (("title", title or ""), ("text", text or "")):
        if not body:
            continue
        for code in _langs(body, lang):
            found += _candidates(load(code), body, field)
    return _merge(found)
