"""From an article to matched hits, masked evidence and explainable features.

Fields: ``title``, ``lead`` (the first sentences of the text, up to ``LEAD_CHARS``) and ``body``
(the rest). Lead and body offsets are both offsets into the original ``text``.
"""

from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass, field
from typing import Any

from monitor.classify.masking import WEAK_REASONS, Hit, mask_hits
from monitor.classify.matcher import Found, count_topics, get_matcher
from monitor.classify.normalize import SEP, Normalized, normalize_article
from monitor.classify.topics import TITLE_WEIGHT, topics_from_counts

# Stand-ins that name the state itself; others (a company, a city, an official) in the lead
# are more often background ("a road to Orenburg", "Yandex Kazakhstan").
PRIMARY_TYPES = frozenset(
    {"country", "adjective", "citizen", "capital", "metonym", "leader", "minister", "state_body"}
)
# Stand-ins that name the state as an actor (not an adjective on someone else's noun, not the
# war as an event, not a company or a place).
ACTOR_TYPES = frozenset(
    {"country", "citizen", "capital", "metonym", "leader", "former_leader", "minister",
     "head_of_government", "state_body"}
)  # fmt: skip
LEAD_CHARS = 400  # the codebook's "lead": roughly the first paragraph
# Sentence ends, found in the ORIGINAL text (case matters): a stop and a space, a line break,
# and the glued joins of scraped pages ("…вечер.Генеративные", "…сегодняПродолжение") where
# the scraper dropped the space. Stops and line breaks: the pattern starts with ONE character
# class (the two branches told apart by look-behinds), so the regex engine skips ahead to them
# in C; `_bounds` drops stops glued after an abbreviation. Glued capitals are found apart: the
# two kinds never share a character (a stop run takes stops, quotes and spaces; a glued start
# is one capital), so together they are what one alternation of both finds — and normalising
# has usually listed the capitals after a small letter already (``Normalized.glue``), where a
# class of capitals in the pattern would stop the engine at every capital (2x slower).
_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_SENTENCE_STOP = re.compile(
    rf"[.!?…\n](?:(?<=[.!?…])[.!?…]*[\"»”)]*(?:\s+|(?=[\"«{_UP}]))|(?<=\n)\n*)"
)
_GLUED_START = re.compile(rf"[{_UP}](?<=[a-zа-яёәғқңөұүһі].)(?=[a-zа-яё])")
# What may follow a glued start (the look-ahead above).
_SMALL = frozenset(c for c in map(chr, range(0x500)) if re.fullmatch("[a-zа-яё]", c))


def _bounds(text: str, end: int | None = None, capitals: list[int] | None = None) -> list[int]:
    """Offsets where sentences end (the next sentence starts) in ``text``[:end]. ``capitals``:
    where a capital follows a small letter in ``text`` (ё folded or not), when known."""
    stop = len(text) if end is None else end
    out = []
    for m in _SENTENCE_STOP.finditer(text, 0, stop):
        s, e = m.span()
        if text[e - 1].isspace():  # a stop and a space, or a line break: most ends
            out.append(e)
        # "г.Алматы", "А.Иванов": a stop glued to a capital ends a sentence only after a word.
        elif s >= 2 and text[s - 1].islower() and text[s - 2].islower():
            out.append(e)
    if capitals is None:
        glued = [m.start() for m in _GLUED_START.finditer(text, 0, stop)]
    else:
        glued = [g for g in capitals if g + 1 < stop and text[g + 1] in _SMALL]
    return sorted(out + glued) if glued else out  # a glued capital starts the next sentence


_DATELINE = re.compile(
    r"\s*([A-ZА-ЯЁӘҒҚҢӨҰҮІ][A-ZА-ЯЁӘҒҚҢӨҰҮІ\-]{2,}(?:[ -][A-ZА-ЯЁ\-]{2,})?)\s*[,.]"
)
# Cues of a bilateral story, searched for in the title and the lead. All but two are plain
# phrases, and a substring test per phrase (in C) is 8x faster than one regex alternation,
# which the engine tries at every letter that starts a phrase.
_BILATERAL_PHRASES = (
    "двусторон", "bilateral", "екіжақты", "екі ел", "қос ел", "двух стран", "обе стороны",
    "стороны обсудили", "both countries", "two countries", "межгосударств", "межрегиональн",
    "interregional", "российско-казахстанск", "казахстанско-российск", "kazakh-russian",
    "russian-kazakh", "russia-kazakhstan", "kazakhstan-russia", "қазақстан-ресей",
    "ресей-қазақстан", "border with", "border crossing", "шекара",
)  # fmt: skip
_BILATERAL_BORDER = re.compile(r"границ\w* (?:с|между)|пункт\w* пропуска")


def _bilateral(text: str) -> bool:
    """Whether a bilateral cue occurs in ``text`` (case-sensitive, as the normalised text is;
    texts joined by ``SEP`` are read apart: no cue spans it)."""
    for phrase in _BILATERAL_PHRASES:
        if phrase in text:
            return True
    return ("границ" in text or "пункт" in text) and _BILATERAL_BORDER.search(text) is not None


# A link card printed inside the text: "■<headline>Вчера 10:38", "■<headline>16 апреля 2024
# 14:44" — another article's headline and time stamp (CODEBOOK: related blocks do not count).
_LINK_CARD = re.compile(
    r"[■▪►][^■▪►\n]{5,300}?(?:[Вв]чера|[Сс]егодня|[Кк]еше|[Бб]үгін|[Yy]esterday|[Tt]oday"
    r"|\d{1,2} [^\W\d]+ \d{4})[, ]*\d{1,2}:\d{2}"
)


@dataclass(slots=True)
class Extracted:
    """Everything ``decide`` needs, and the evidence to store."""

    target: str
    lang: str
    hits: list[Hit]
    texts: dict[str, str]
    norms: dict[str, Normalized]
    originals: dict[str, str]
    n_sentences: int
    features: dict[str, Any] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)


def _split_lead(text: str, capitals: list[int] | None = None) -> int:
    """End of the lead: the last sentence end before LEAD_CHARS (or LEAD_CHARS itself)."""
    if len(text) <= LEAD_CHARS:
        return len(text)
    end = LEAD_CHARS
    for b in _bounds(text, LEAD_CHARS + 120, capitals):
        if b >= 120:
            end = b
            if end >= LEAD_CHARS:
                break
    return end


def _link_cards(text: str, norm: Normalized) -> list[tuple[int, int]]:
    """Spans (normalised offsets) of link cards in the original ``text``."""
    spans = [m.span() for m in _LINK_CARD.finditer(text)]
    if norm.offsets is None:
        return spans
    return [
        (bisect.bisect_left(norm.offsets, a), bisect.bisect_left(norm.offsets, b)) for a, b in spans
    ]


def extract(title: str, text: str, lang: str, outlet_country: str) -> Extracted:
    target = "RU" if outlet_country == "KZ" else "KZ"
    latin = lang == "kk-Latn"
    matcher = get_matcher(lang in ("kk", "kk-Latn"), latin)
    originals = {"title": title, "text": text}
    tn, xn, joined = normalize_article(title, text, kazakh_latin=latin)
    norms = {"title": tn, "text": xn}
    texts = {"title": tn.text, "text": xn.text}
    found = matcher.find(joined.text, joined.plain, joined.glue, lower=True)
    found.offset = 1  # where the title starts
    between = len(tn.text) + 1  # the SEP before the text
    in_text_from = found.index(between)  # the title's matches come first
    known = found.known
    topic_counts: dict[str, int] = {}
    count_topics(known[:in_text_from], topic_counts, TITLE_WEIGHT)
    count_topics(known[in_text_from:], topic_counts, 1)
    topics = topics_from_counts(topic_counts)
    # Fast path (most articles): nothing names the target, so sentences, masking and the
    # lead need not be worked out; "sentences" is then left uncounted (0).
    if not any(map(_NAMES[target], known)):
        features = _features_without_target(
            found, in_text_from, between + 1, text, xn, outlet_country
        )
        return Extracted(target, lang, [], texts, norms, originals, 0, features, topics)
    in_title, in_text = found.split(between)
    t_norm = xn.text
    if xn.offsets is None:  # same positions: split where the capitals are still seen
        bounds = _bounds(text, None, xn.glue or [])
        n_lead_end = _lead_in(text, bounds)
        if n_lead_end is None:
            n_lead_end = _lead_end(text, xn)
    else:
        bounds = _bounds(t_norm)
        n_lead_end = _lead_end(text, xn)
    shift = in_title.offset
    hits = [
        Hit("title", m.start(1) - shift, m.end(1) - shift, k.entry, -1)
        for m, k in zip(in_title.matches, in_title.known, strict=True)
        if k.entry is not None
    ]
    related_cut: dict[str, int] = {}
    shift = in_text.offset
    for m, k in zip(in_text.matches, in_text.known, strict=True):
        entry = k.entry
        if entry is None:
            continue
        s, e = m.start(1) - shift, m.end(1) - shift
        fld = "lead" if s < n_lead_end else "body"
        if entry.kind == "related" and not related_cut:
            # Early in the page it heads one line of links; late, everything after it.
            if s > 0.4 * len(t_norm):
                related_cut = {"lead": s, "body": s}
        hits.append(Hit(fld, s, e, entry, bisect.bisect_right(bounds, s) if bounds else 0))
    chrome = _link_cards(text, xn) if "■" in text or "▪" in text or "►" in text else None
    # Case-kept originals where the normalised copy lines up with them (masking.first names).
    cased = {k: text for k in ("lead", "body") if xn.offsets is None}
    if tn.offsets is None:
        cased["title"] = title
    mask_hits(hits, {"title": texts["title"], "lead": t_norm, "body": t_norm}, outlet_country,
              target, related_cut, chrome, cased)  # fmt: skip
    ex = Extracted(target, lang, hits, texts, norms, originals, len(bounds) + 1)
    ex.topics = topics
    ex.features = _features(ex, outlet_country)
    return ex


# Whether a match names the target (or is a mask of it) / is a home stand-in, by country.
_NAMES = {"KZ": operator.attrgetter("names_kz"), "RU": operator.attrgetter("names_ru")}
_HOME = {"KZ": operator.attrgetter("home_kz"), "RU": operator.attrgetter("home_ru")}
_FOREIGN = operator.attrgetter("foreign")
_MULTILATERAL = operator.attrgetter("multilateral")


# What a stop run takes after its stop (stops, closing quotes, spaces): a scan that ends at a
# cut looks no further than the first other character before it.
_NOT_IN_STOP_RUN = re.compile(r'[^.!?…"»”)\s]')


def _lead_in(text: str, bounds: list[int]) -> int | None:
    """``_split_lead(text)`` read off the sentence ends of the whole text, or None when they
    might differ from the ends ``_split_lead`` finds short of LEAD_CHARS + 120: it takes the
    first end at LEAD_CHARS or later, and the two scans agree on every end up to it when a
    character that no stop run takes lies between it and the cut (no match or failed attempt
    up to there looked past that character)."""
    if len(text) <= LEAD_CHARS:
        return len(text)
    i = bisect.bisect_left(bounds, LEAD_CHARS)
    cut = LEAD_CHARS + 120
    if (
        i < len(bounds)
        and bounds[i] + 1 < cut
        and _NOT_IN_STOP_RUN.search(text, bounds[i] + 1, cut)
    ):
        return bounds[i]
    return None


def _lead_end(text: str, xn: Normalized) -> int:
    """Normalised offset where the lead ends (the text may have been transliterated)."""
    if xn.offsets is None:  # the same positions: its glued capitals are the text's
        return _split_lead(text, xn.glue or [])
    return bisect.bisect_left(xn.offsets, _split_lead(text))


def _features(ex: Extracted, outlet_country: str) -> dict[str, Any]:
    target = ex.target
    # One pass over the hits (a Python loop per feature costs more than the features).
    # "Mine": the target's stand-ins, and the weak references that are not (a weak mask phrase
    # such as "Moscow time", Baikonur for Russia): those carry a weak reason in ``masked``.
    # Strong: mine and not masked; home: the outlet's own country named (not as an ethnonym).
    strong: list[Hit] = []
    home: list[Hit] = []
    weak_hits = masked_hits = multilateral = 0
    foreign_sents: set[int] = set()
    title_foreign = False
    for h in ex.hits:
        e, masked = h.entry, h.masked
        if (e.target == target and (e.kind == "target" or masked in WEAK_REASONS)) or (
            masked == "launch_site"
        ):
            if masked is None:
                strong.append(h)
            elif masked in WEAK_REASONS:
                weak_hits += 1
            else:
                masked_hits += 1
        if e.kind == "target":
            if e.target == outlet_country and e.entry_type != "ethnonym":
                home.append(h)
        elif e.kind == "foreign":
            if h.field == "title":
                title_foreign = True
            else:
                foreign_sents.add(h.sentence)
        elif e.kind == "multilateral":
            multilateral += 1
    title_hits = lead_hits = lead_primary_hits = actor_hits = 0
    opening_hit = False
    body_sents: set[int] = set()
    types: set[str] = set()
    first: int | None = None  # the first strong hit in the text
    for h in strong:
        kind = h.entry.entry_type
        types.add(kind)
        if kind in ACTOR_TYPES:
            actor_hits += 1
        if h.field == "title":
            title_hits += 1
            continue
        body_sents.add(h.sentence)
        if first is None or h.start < first:
            first = h.start
        if h.field == "lead":
            lead_hits += 1
            if kind in PRIMARY_TYPES:
                lead_primary_hits += 1
                opening_hit = opening_hit or h.sentence <= 1
    dateline = _DATELINE.match(ex.originals["text"][:60])
    dl_target = False
    if dateline:
        dl_end = dateline.end(1) + 1
        dl_target = any(h.field == "lead" and h.start < dl_end for h in strong)
    text_len = max(len(ex.texts["text"]), 1)
    n_t = len(body_sents)
    n_f = len(foreign_sents - body_sents)
    return {
        "title_hit": title_hits > 0,
        "lead_hit": lead_hits > 0,
        "title_hits": title_hits,
        "lead_hits": lead_hits,
        "lead_primary_hits": lead_primary_hits,
        "body_sentences_with_hits": n_t,
        "sentences": ex.n_sentences,
        "hit_sentence_share": round(n_t / max(ex.n_sentences, 1), 3),
        "first_hit_position": round(first / text_len, 3) if first is not None else None,
        "target_share_foreign": round(n_t / (n_t + n_f), 3) if n_t + n_f else 0.0,
        "title_other_country": title_foreign,
        "home_hits": len(home),
        "home_in_title_or_lead": any(h.field in ("title", "lead") for h in home),
        # Only read when the target is named (decide: bilateral_cue and strong_hits).
        "bilateral_cue": bool(strong)
        and (
            _bilateral(f"{ex.texts['title']}{SEP}{ex.texts['text'][:600]}")
            or _paired(strong, home, ex.texts)
        ),
        "opening_hit": opening_hit,
        "dateline_target": dl_target,
        "weak_hits": weak_hits,
        "masked_hits": masked_hits,
        "strong_hits": len(strong),
        "actor_hits": actor_hits,
        "types": sorted(types),
        "multilateral": multilateral,
    }


def _features_without_target(
    found: Found, in_text_from: int, text_start: int, text: str, xn: Normalized, outlet: str
) -> dict[str, Any]:
    """``_features`` of an article that never names the target (most articles): the same keys
    and values from the matches alone, without hits, sentences, masking or (mostly) the lead.
    ``found``: in the title and text joined (the text from ``text_start``), the text's matches
    from ``in_text_from`` on."""
    known = found.known
    home = list(map(_HOME[outlet], known))
    home_early = True in home[:in_text_from]
    if not home_early and True in home:
        first = found.matches[home.index(True)].start(1) - text_start
        # The lead runs to LEAD_CHARS, or to a sentence end at 120 or later (_split_lead).
        early = first < 120 and xn.offsets is None
        home_early = early or first < _lead_end(text, xn)
    return {
        "title_hit": False,
        "lead_hit": False,
        "title_hits": 0,
        "lead_hits": 0,
        "lead_primary_hits": 0,
        "body_sentences_with_hits": 0,
        "sentences": 0,
        "hit_sentence_share": 0.0,
        "first_hit_position": None,
        "target_share_foreign": 0.0,
        "title_other_country": any(map(_FOREIGN, known[:in_text_from])),
        "home_hits": sum(home),
        "home_in_title_or_lead": home_early,
        "bilateral_cue": False,
        "opening_hit": False,
        "dateline_target": False,
        "weak_hits": 0,
        "masked_hits": 0,
        "strong_hits": 0,
        "actor_hits": 0,
        "types": [],
        "multilateral": sum(map(_MULTILATERAL, known)),
    }


_PAIR_GAP = re.compile(r"\s*(?:и|and|мен|пен|бен|с|со|-|,)\s*")


def _paired(strong: list[Hit], home: list[Hit], texts: dict[str, str]) -> bool:
    """The target and the home country side by side in the title or lead: "Казахстана и России"."""
    early_home = [h for h in home if h.field in ("title", "lead")]
    if not early_home:
        return False
    for t in strong:
        if t.field not in ("title", "lead"):
            continue
        text = texts["title" if t.field == "title" else "text"]
        for h in early_home:
            if h.field != t.field:
                continue
            a, b = (h, t) if h.end <= t.start else (t, h)
            if 0 <= b.start - a.end <= 8 and _PAIR_GAP.fullmatch(text, a.end, b.start):
                return True
    return False
