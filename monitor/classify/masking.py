"""Masking: decide which matched stand-ins must not count, and say why (CODEBOOK pitfalls).

Each hit of the target gets ``masked`` = None (counts), a *void* reason (does not count at
all: attributions, language/ethnicity, legal boilerplate, related-article blocks, an
ambiguous "РК", a place name both countries share with nothing else to back it) or a *weak*
reason (counts as a mention, never makes an article *about*: a country in a list).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from monitor.classify.matcher import LEXICONS, Entry

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

# The source named by its country's adjective: "сообщает российское агентство Интерфакс",
# "according to Russian business daily Vedomosti", "ресейлік РБК басылымы хабарлайды" (CODEBOOK:
# attribution of the outlet is not even a mention). Up to two qualifiers may stand between the
# adjective and the media noun ("информационное", "business"; in Kazakh the outlet's name).
# "агентство по …" is a government agency, not a newsroom.
_MEDIA_AFTER = re.compile(
    r"\s+(?:(?:информационн|новостн|государственн|делов|ведущ|крупн|независим|оппозиционн|"
    r"провластн|частн|общественн|интернет|популярн|официальн)\w*\s+){0,2}"
    r"(?:информагентств|агентств(?!\w*\s+по\b)|интернет-издани|издани|газет|телеканал|"
    r"радиостанци|портал|новостн\w* сайт|журнал|таблоид|сми\b)"
    r"|\s+(?:(?:state|state-run|state-owned|government|business|financial|news|daily|online|"
    r"independent|opposition|pro-kremlin|tabloid|tv|television|wire)\s+){0,2}"
    r"(?:news agency|agency|newspaper|daily|outlet|broadcaster|tv channel|television|website|"
    r"news site|portal|magazine|tabloid|publication|wire service)\b"
)
_MEDIA_AFTER_KK = re.compile(
    r"\s+(?:\S+\s+){0,2}?(?:ақпарат агенттіг|агенттіг|басылым|телеарна|газет|сайт|портал)"
)
# English "Russian" as the language: "in Kazakh, Russian and English", "speaks Russian",
# "Kazakh and Russian languages", "Russian is spoken" (the Russian text writes "русский язык",
# an ethnonym entry, and is masked as such).
_LANGUAGES = r"(?:kazakh|qazaq|english|uzbek|kyrgyz|chinese|german|french|turkish|arabic)"
_LANGUAGE_BEFORE = re.compile(
    rf"(?:(\bin)|speak\w*|spoke\w*|fluent in|teach\w*|learn\w*|(?:translat|dubb)\w* into)\s+"
    rf"(?:{_LANGUAGES}\s*(?:,|and|or)\s*)*$"
)
_LANGUAGE_AFTER = re.compile(
    rf"(?:\s*(?:,|and|or)\s*{_LANGUAGES})*\s+languages?\b|\s+(?:is|was) (?:\w+ ){{0,2}}spoken"
)
# After "in … Russian" the phrase must end there: "in Kazakh and Russian." is the language,
# "in Turkish and Russian competitions" qualifies a noun.
_LANGUAGE_END = re.compile(
    rf"(?:\s*(?:,|and|or)\s*{_LANGUAGES})*(?:\s*(?:[.,;:)!?]|$)|\s+(?:and|or|as|to|with|at|for|"
    rf"in|on|by|from)\b)"
)
# A reporting verb near it, so that a story ABOUT a Russian channel still counts.
_REPORTING = re.compile(
    r"сообща|переда[её]т|передают|пиш[еу]т|писал|по данным|по информации|со ссылкой|ссылаясь|"
    r"отмеча|цитиру|приводит|приводят|в интервью|опубликова|report|according to|citing|cited|quot|"
    r"publish|"
    r"\btold\b|wrote|writes|\bsaid\b|\bsays\b|хабарла|жазады|жазды|мәліметін|дерегін|"
    r"сілтеме|айтуынша"
)


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
    cased: dict[str, str] | None = None,
) -> None:
    """Set ``masked`` on the target's hits in place. ``hits`` holds every kind of match.
    ``cased``: the original (case-kept) text of a field whose normalised copy lines up with it."""
    by_field: dict[str, list[Hit]] = {}
    for h in hits:
        by_field.setdefault(h.field, []).append(h)
    # Disclaimers, looked for in fields with the target's hits; lead and body share one text.
    boilers: dict[int, list[tuple[int, int]]] = {}
    names = _first_names()
    for field, fhits in by_field.items():
        text = texts[field]
        cut = related_cut.get(field)
        mine = [h for h in fhits if h.entry.kind == "target" and h.entry.target == target]
        boiler = _boilerplate(text, boilers) if mine else []
        for h in mine:
            e = h.entry
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
            elif boiler and any(s - 200 <= h.start <= e_ + 60 for s, e_ in boiler):
                h.masked = "legal_boilerplate"
            elif e.entry_type in ("adjective", "country") and _media_attribution(text, h):
                h.masked = "outlet_attribution"
            elif e.entry_type == "adjective" and _english_language(text, h):
                h.masked = "language_ethnicity"
            elif e.entry_type in PLACE_TYPES:
                h.masked = _route(text, h)
            elif _other_first_name(text, h, names):
                h.masked = "namesake"
            elif e.entry_type == "sport_club" and cased and field in cased:
                if _first_name(cased[field], h, fhits, field == "title"):
                    h.masked = "personal_name"
        _mark_subsidiaries(fhits, outlet_country, text)
        _mark_lists(fhits, text)
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
    _mark_namesakes(hits, target)
    shared: list[Hit] = []  # counted hits of a place name both countries have
    solid = False  # a counted hit of anything else
    for h in hits:
        e = h.entry
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


_LIST_TYPES = frozenset({"country", "adjective", "capital"})


def _mark_lists(fhits: list[Hit], text: str) -> None:
    """A country item among three or more other countries in one sentence is a list item; in a
    sentence that names a bloc (ОПЕК+, ЕАЭС, SCO), two others make a member list (CODEBOOK)."""
    if len(fhits) < 4:  # no room for one and three others, or two others and a bloc
        return
    blocs: set[int] = set()
    countries: list[Hit] = []
    by_sentence: dict[int, list[Hit]] = {}
    for h in fhits:
        e = h.entry
        if e.kind == "multilateral":
            blocs.add(h.sentence)
        elif e.kind == "foreign" or (e.kind == "target" and e.entry_type in _LIST_TYPES):
            countries.append(h)
            by_sentence.setdefault(h.sentence, []).append(h)
    if len(countries) < 3:  # one and two others at least
        return
    for h in countries:
        if h.entry.kind != "target" or h.masked is not None:
            continue
        others = 2 if h.sentence in blocs else 3  # needed
        neighbours = by_sentence[h.sentence]
        if len(neighbours) <= others:  # h and fewer others
            continue
        same = [o for o in neighbours if o is not h and o.entry.target != h.entry.target]
        if len(same) < others:
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
    if not any(h.entry.entry_type == "company" for h in fhits):
        return
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


def _media_attribution(text: str, h: Hit) -> bool:
    """The target's adjective (or English "Russia's") names the outlet a report comes from."""
    if h.entry.entry_type == "country" and not text.startswith("'s", h.end):
        return False
    kazakh = text.startswith(("ресей", "қазақ"), h.start)
    media = _MEDIA_AFTER_KK if kazakh else _MEDIA_AFTER
    m = media.match(text, h.end + (2 if h.entry.entry_type == "country" else 0))
    if m is None:
        return False
    # The reporting verb in the same sentence, before or after: "как пишет …", "… сообщает".
    before = text[max(0, h.start - 100) : h.start]
    before = before[before.rfind(". ") + 1 :]
    after = text[m.end() : m.end() + 150]
    stop = after.find(". ")
    return bool(_REPORTING.search(before + " " + (after if stop < 0 else after[:stop])))


_CASE_ENDING = r"(?:а|я|ы|и|е|у|ю|й|ь|ой|ей|ом|ем|ым|им|ию|ия|ии|ией|ий|ья|ью|ьи|ьей|ьям)?"
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")


@lru_cache(maxsize=1)
def _first_names() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """(any common first name, each listed politician's own first names) as whole-word patterns."""
    data = json.loads((LEXICONS / "masks.json").read_text("utf-8"))["namesakes"]

    def words(stems: list[str]) -> re.Pattern[str]:
        return re.compile(f"(?:{'|'.join(map(re.escape, stems))}){_CASE_ENDING}")

    return words(data["first_names"]), {k: words(v) for k, v in data["own"].items()}


def _other_first_name(
    text: str, h: Hit, names: tuple[re.Pattern[str], dict[str, re.Pattern[str]]]
) -> bool:
    """The surname follows a first name that is not the politician's ("Анна Захарова").
    ``names``: ``_first_names()``."""
    common, own = names
    mine = own.get(h.entry.entry)
    if mine is None:
        return False
    m = _WORD_BEFORE.search(text, max(0, h.start - 25), h.start)
    if m is None:
        return False
    word = m.group(1)
    return bool(common.fullmatch(word)) and not mine.fullmatch(word)


def _mark_namesakes(hits: list[Hit], target: str) -> None:
    """A namesake written in full ("Даниил Медведев", a tennis player) means that the bare
    surname in the same article ("Бублик обыграл Медведева") is that person, not the politician."""
    names = {
        h.entry.entry
        for h in hits
        if h.entry.kind == "mask" and h.entry.reason == "namesake" and h.entry.target == target
    }
    if not names:
        return
    for h in hits:
        if (
            h.entry.kind == "target"
            and h.entry.target == target
            and h.entry.entry in names
            and h.masked is None
        ):
            h.masked = "namesake"


# A capitalised word right after: "Кайрат Нуртас", "Kairat Kelimbetov".
_NEXT_CAPITALISED = re.compile(r" [A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]")


def _first_name(original: str, h: Hit, fhits: list[Hit], title: bool) -> bool:
    """A club name that is also a first name (Кайрат, Барыс) followed by a surname is a person:
    "Певец Кайрат Нуртас", not «Кайрат» the club. "Кайрат Алматы" (the next word is a place)
    stays the club. English titles are often Title Case, so a Latin name there is left alone."""
    if h.end >= len(original) or not original[h.start].isupper():
        return False
    if title and _is_latin(original[h.start]):
        return False
    if not _NEXT_CAPITALISED.match(original, h.end):
        return False
    return not any(o.start == h.end + 1 for o in fhits)


def _english_language(text: str, h: Hit) -> bool:
    """English "Russian" naming the language, not the state."""
    if text[h.start : h.end] != "russian":
        return False
    if _LANGUAGE_AFTER.match(text, h.end):
        return True
    before = _LANGUAGE_BEFORE.search(text, max(0, h.start - 60), h.start)
    if before is None:
        return False
    # "speaks Russian", "translated into Russian": the language; bare "in" must end the phrase.
    return before.group(1) is None or bool(_LANGUAGE_END.match(text, h.end))
