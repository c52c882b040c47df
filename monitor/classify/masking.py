"""Masking: decide which matched stand-ins must not count, and say why (CODEBOOK pitfalls).

Each hit of the target gets ``masked`` = None (counts), a *void* reason (does not count at
all: attributions, language/ethnicity, legal boilerplate, related-article blocks, an
ambiguous "РК", a place name both countries share with nothing else to back it) or a *weak*
reason (counts as a mention, never makes an article *about*: a country in a list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.classify.matcher import Entry

# Weak: the target is referenced, but as a list item, a local subsidiary's brand or the far
# end of a route: a mention at most, never a principal subject.
WEAK_REASONS = frozenset({"country_list", "home_subsidiary", "route", "time_zone", "launch_site"})
# Places that can be the end of a road or a direction ("в сторону Оренбурга").
PLACE_TYPES = frozenset({"city", "region", "border_region"})
_ROAD_WORD = re.compile(
    r"(?:трасс|автодорог|автотрасс|шоссе|магистрал|тас ?жол|автожол|highway|motorway|road)\w*"
)
# A direction before the place: the story is where the road leads from, not the place itself.
_DIRECTION_BEFORE = re.compile(
    r"(?:в сторону|в направлении|по направлению к|дорог\w* на|выезд\w* на|трасс\w* на|"
    r"towards|road to|the direction of|бағыт\w*|жолы?)\s*$"
)
_DASH_BEFORE = re.compile(r"\w[»\"]?\s*-\s*[«\"]?$")
_DASH_AFTER = re.compile(r"[»\"]?\s*-\s*[«\"]?\w")

# Words after an ethnonym that show the state is meant ("казахские власти", "Kazakh president").
_STATE_NOUNS = re.compile(
    r"\s*(?:власт|президент|правительств|лидер|сторон|мид|министр|посол|посольств|делегац|"
    r"парламент|сборн|компани|банк|арми|военн|пограничник|таможн|government|president|"
    r"authorit|official|minist|leader|side|delegation|embass|ambassador|army|company|"
    r"national team|billionaire|полиц|суд|прокурор|силовик|police|court|prosecutor|judge|"
    r"border guard|troops|soldier|military|regulator|parliament|lawmaker|diplomat|athlete|"
    r"wrestler|boxer|skater|cyclist|player|champion|"
    # Kazakh: "орыс әскері" (the Russian army), "орыс билігі" (authorities), "үкіметі" …
    r"әскер|армия|билі|үкімет|сарбаз|дипломат|елші|мемлекет|шекарашы|тарап)"
)
# Disclaimers, not the story: "признан иноагентом", "внесен в реестр иностранных агентов".
_BOILERPLATE = re.compile(
    r"(?:признан\w*|внесен\w*|является|выполняющ\w*|выполняет функции|включен\w*)[^.;]{0,60}"
    r"(?:иноагент\w*|иностранн\w* агент\w*|нежелательн\w*|экстремистск\w*|террористическ\w*)"
    r"|(?:designated|declared|listed)[^.;]{0,40}(?:foreign agent|undesirable|extremist)"
)
# A launch story (Baikonur as Russia's launch site), not the town's hospital or a building.
_LAUNCH = re.compile(
    r"ракет|зымыран|запуск|запуст|старт|ұшыр|ушыр|launch|rocket|корабл|кеме(?:сі|ні)"
)
_SEPARATOR = re.compile(r"\s*(?:,|;|и|а также|and|or|мен|және|/|-)\s*$")


@dataclass(slots=True)
class Hit:
    """One matched surface in a field's normalised text (offsets are normalised ones)."""

    field: str
    start: int
    end: int
    entry: Entry
    sentence: int = 0
    masked: str | None = None
    list_neighbours: int = 0


def mask_hits(
    hits: list[Hit],
    texts: dict[str, str],
    outlet_country: str,
    target: str,
    related_cut: dict[str, int],
    chrome: list[tuple[int, int]] | None = None,
) -> None:
    """Set ``masked`` on the target's hits in place. ``hits`` holds every kind of match."""
    by_field: dict[str, list[Hit]] = {}
    for h in hits:
        by_field.setdefault(h.field, []).append(h)
    # Disclaimers, looked for at the first hit that needs them; lead and body share one text.
    boilers: dict[int, list[tuple[int, int]]] = {}
    for field, fhits in by_field.items():
        text = texts[field]
        cut = related_cut.get(field)
        for h in fhits:
            e = h.entry
            if e.kind != "target" or e.target != target:
                continue
            if (cut is not None and h.start >= cut) or (
                chrome and field != "title" and any(a <= h.start < b for a, b in chrome)
            ):
                h.masked = "related_block"
            elif e.entry_type == "ethnonym":
                if not _STATE_NOUNS.match(text, h.end):
                    h.masked = "language_ethnicity"
            elif (
                outlet_country == "RU" and target == "KZ" and text[h.start : h.end].lower() == "рк"
            ):
                h.masked = "ambiguous_rk"
            elif any(s - 200 <= h.start <= e_ + 60 for s, e_ in _boilerplate(text, boilers)):
                h.masked = "legal_boilerplate"
            elif e.entry_type in PLACE_TYPES:
                h.masked = _route(text, h)
        _mark_subsidiaries(fhits, outlet_country, text)
        _mark_lists(fhits, text)
    shared: list[Hit] = []  # counted hits of a place name both countries have
    solid = False  # a counted hit of anything else
    for h in hits:
        e = h.entry
        if e.kind == "mask" and e.target == target and e.reason in WEAK_REASONS:
            h.masked = e.reason  # "по московскому времени": Moscow referenced, not a subject
        elif (
            target == "RU"
            and e.kind == "target"
            and e.entry_type == "spaceport"
            and texts[h.field][h.start : h.start + 4] in ("байк", "байқ", "baik", "bayk")
            and any(_LAUNCH.search(texts[f]) for f in ("title", "body"))
        ):
            # CODEBOOK (space): a Baikonur launch is a mention for either target — Russia's
            # launches — and never more on its own.
            h.masked = "launch_site"
        if e.kind == "target" and e.target == target and h.masked is None:
            if e.entry_type == "shared_place":
                shared.append(h)
            else:
                solid = True
    if not solid:
        for h in shared:
            h.masked = "shared_place_name"


def _boilerplate(text: str, seen: dict[int, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """Spans of legal disclaimers in ``text``, remembered in ``seen`` (by text object)."""
    found = seen.get(id(text))
    if found is None:
        found = seen[id(text)] = _find_boilerplate(text)
    return found


def _find_boilerplate(text: str) -> list[tuple[int, int]]:
    """Spans of legal disclaimers. The regex runs only when the words one needs are there
    (an agency, "агентство", is not an agent: "агент" alone would run it on most news)."""
    if (
        "иноагент" in text
        or "нежелательн" in text
        or "экстремистск" in text
        or "террористическ" in text
        or ("иностранн" in text and " агент" in text)
        or "foreign agent" in text
        or "undesirable" in text
        or "extremist" in text
    ):
        return [m.span() for m in _BOILERPLATE.finditer(text)]
    return []


def _mark_lists(fhits: list[Hit], text: str) -> None:
    """A country item among three or more other countries in one sentence is a list item."""
    if len(fhits) < 4:  # no room for one and three others
        return
    countries = [
        h for h in fhits
        if h.entry.kind == "foreign" or (h.entry.kind == "target" and h.entry.entry_type in ("country", "adjective", "capital"))
    ]  # fmt: skip
    by_sentence: dict[int, list[Hit]] = {}
    for h in countries:
        by_sentence.setdefault(h.sentence, []).append(h)
    for h in countries:
        if h.entry.kind != "target" or h.masked is not None:
            continue
        neighbours = by_sentence[h.sentence]
        if len(neighbours) < 4:  # h and fewer than three others
            continue
        same = [o for o in neighbours if o is not h and o.entry.target != h.entry.target]
        if len(same) < 3:
            continue
        near = [
            o for o in same
            if (0 <= h.start - o.end <= 14 and _SEPARATOR.match(text[o.end : h.start]))
            or (0 <= o.start - h.end <= 14 and _SEPARATOR.match(text[h.end : o.start]))
        ]  # fmt: skip
        if near:
            h.masked = "country_list"
            h.list_neighbours = len(same)


def _route(text: str, h: Hit) -> str | None:
    """A place as a road's name or end: "трасса Самара - Шымкент" names a road of the home
    country (like a street name: void); "в сторону Оренбурга" is where a road leads (weak)."""
    before = text[max(0, h.start - 40) : h.start]
    dashed = bool(_DASH_BEFORE.search(before) or _DASH_AFTER.match(text, h.end))
    if dashed and (_ROAD_WORD.search(before) or "«" in before[-25:]):
        return "road_name"
    if dashed or _DIRECTION_BEFORE.search(before[-25:]):
        return "route"
    return None


# A subsidiary's brand carries the home country's name uninflected ("в ВТБ Казахстан");
# "Газпром Қазақстанға …" (to Kazakhstan) or "Газпром Казахстану …" is the company acting.
_BRAND_COUNTRY = frozenset(
    {"казахстан", "қазақстан", "казакстан", "kazakhstan", "qazaqstan", "россия", "ресей", "russia"}
)


# A brand is written in one script ("Yandex Kazakhstan", "Яндекс Казахстан"); a postposition
# after the name makes it a place ("Rosneft Қазақстан арқылы…": through Kazakhstan).
_ROUTE_AFTER = re.compile(r"\s+(?:арқылы|арасында|бойынша|туралы|үшін|через|via|through)\b")


def _is_latin(ch: str) -> bool:
    return "a" <= ch.lower() <= "z"


def _mark_subsidiaries(fhits: list[Hit], outlet_country: str, text: str) -> None:
    """A target company's brand with the home country's name ("Яндекс Казахстан", "Yandex
    Kazakhstan") is its local subsidiary, a home company: the target state is not the actor."""
    for h, nxt in zip(fhits, fhits[1:], strict=False):
        if (
            h.masked is None
            and h.entry.kind == "target"
            and h.entry.entry_type == "company"
            and nxt.entry.kind == "target"
            and nxt.entry.target == outlet_country
            and nxt.entry.entry_type == "country"
            and 0 < nxt.start - h.end <= 2
            and text[nxt.start : nxt.end] in _BRAND_COUNTRY
            and _is_latin(text[h.start]) == _is_latin(text[nxt.start])
            and not _ROUTE_AFTER.match(text, nxt.end)
        ):
            h.masked = "home_subsidiary"
