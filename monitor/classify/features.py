"""From an article to matched hits, masked evidence and explainable features.

Fields: ``title``, ``lead`` (the first sentences of the text, up to ``LEAD_CHARS``) and ``body``
(the rest). Lead and body offsets are both offsets into the original ``text``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from monitor.classify.masking import WEAK_REASONS, Hit, mask_hits
from monitor.classify.matcher import Entry, get_matcher
from monitor.classify.normalize import Normalized, normalize
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
# the scraper dropped the space. The pattern starts with ONE character class (the three
# branches begin with disjoint characters, told apart by look-behinds), so the regex engine
# skips ahead to candidates in C: an alternation of classes is tried at every position
# (3.7x slower). `_bounds` drops stops glued after an abbreviation.
_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_SENTENCE_END = re.compile(
    rf"[.!?…\n{_UP}](?:(?<=[.!?…])[.!?…]*[\"»”)]*(?:\s+|(?=[\"«{_UP}]))|(?<=\n)\n*"
    rf"|(?<=[a-zа-яёәғқңөұүһі][{_UP}])(?=[a-zа-яё]))"
)
_STOPS = ".!?…"


def _bounds(text: str, end: int | None = None) -> list[int]:
    """Offsets where sentences end (the next sentence starts) in ``text``[:end]."""
    out = []
    for m in _SENTENCE_END.finditer(text, 0, len(text) if end is None else end):
        s, e = m.span()
        c = text[s]
        if c in _STOPS:
            # "г.Алматы", "А.Иванов": a stop glued to a capital ends a sentence only after a word.
            if not text[e - 1].isspace() and not (
                s >= 2 and text[s - 1].islower() and text[s - 2].islower()
            ):
                continue
        elif c != "\n":
            e = s  # a glued capital starts the next sentence
        out.append(e)
    return out


_DATELINE = re.compile(
    r"\s*([A-ZА-ЯЁӘҒҚҢӨҰҮІ][A-ZА-ЯЁӘҒҚҢӨҰҮІ\-]{2,}(?:[ -][A-ZА-ЯЁ\-]{2,})?)\s*[,.]"
)
_BILATERAL = re.compile(
    r"двусторон|bilateral|екіжақты|екі ел|қос ел|двух стран|обе стороны|стороны обсудили|"
    r"both countries|two countries|межгосударств|межрегиональн|interregional|"
    r"российско-казахстанск|казахстанско-российск|kazakh-russian|russian-kazakh|"
    r"russia-kazakhstan|kazakhstan-russia|қазақстан-ресей|ресей-қазақстан"
    r"|границ\w* (?:с|между)|пункт\w* пропуска|border with|border crossing|шекара"
)

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


def _split_lead(text: str) -> int:
    """End of the lead: the last sentence end before LEAD_CHARS (or LEAD_CHARS itself)."""
    if len(text) <= LEAD_CHARS:
        return len(text)
    end = LEAD_CHARS
    for b in _bounds(text, LEAD_CHARS + 120):
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
    norms = {k: normalize(v, kazakh_latin=latin) for k, v in originals.items()}
    texts = {k: n.text for k, n in norms.items()}
    topic_counts: dict[str, int] = {}
    tn, xn = norms["title"], norms["text"]
    scanned_title = matcher.scan(tn.text, tn.plain, topic_counts, TITLE_WEIGHT)
    scanned_text = matcher.scan(xn.text, xn.plain, topic_counts, 1)
    topics = topics_from_counts(topic_counts)
    t_norm = xn.text
    # Fast path (most articles): nothing names the target, so sentences, masking and the
    # lead need not be worked out; "sentences" is then left uncounted (0).
    relevant = any(
        (e.target == target and e.kind in ("target", "mask"))
        or (target == "RU" and e.entry_type == "spaceport")
        for hits in (scanned_title, scanned_text)
        for _, _, e in hits
    )
    if not relevant:
        ex = Extracted(target, lang, [], texts, norms, originals, 0, topics=topics)
        ex.features = _features_without_target(
            scanned_title, scanned_text, text, xn, outlet_country
        )
        return ex
    n_lead_end = _lead_end(text, xn)
    if xn.offsets is None:  # same positions: split where the capitals are still seen
        bounds = _bounds(text)
    else:
        bounds = _bounds(t_norm)
    hits = [Hit("title", s, e, entry, -1) for s, e, entry in scanned_title]
    related_cut: dict[str, int] = {}
    for s, e, entry in scanned_text:
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


def _lead_end(text: str, xn: Normalized) -> int:
    """Normalised offset where the lead ends (the text may have been transliterated)."""
    lead_end = _split_lead(text)
    return lead_end if xn.offsets is None else bisect.bisect_left(xn.offsets, lead_end)


def _features(ex: Extracted, outlet_country: str) -> dict[str, Any]:
    target = ex.target
    # The target's stand-ins, and the weak references that are not (a weak mask phrase such as
    # "Moscow time", Baikonur for Russia): those carry a weak reason in ``masked``.
    mine = [
        h
        for h in ex.hits
        if (h.entry.target == target and (h.entry.kind == "target" or h.masked in WEAK_REASONS))
        or h.masked == "launch_site"
    ]
    counted = [h for h in mine if h.masked is None or h.masked in WEAK_REASONS]
    strong = [h for h in mine if h.masked is None]
    home = [
        h
        for h in ex.hits
        if h.entry.kind == "target"
        and h.entry.target == outlet_country
        and h.entry.entry_type != "ethnonym"
    ]
    foreign = [h for h in ex.hits if h.entry.kind == "foreign"]
    text_len = max(len(ex.texts["text"]), 1)
    body_sents = {h.sentence for h in strong if h.field != "title"}
    foreign_sents = {h.sentence for h in foreign if h.field != "title"}
    title_foreign = any(h.field == "title" for h in foreign)
    types = sorted({h.entry.entry_type for h in strong})
    first = min((h.start for h in strong if h.field != "title"), default=None)
    dateline = _DATELINE.match(ex.originals["text"][:60])
    dl_target = False
    if dateline:
        dl_target = any(
            h.field == "lead" and h.start < dateline.end(1) + 1 and h.masked is None for h in mine
        )
    n_t = len(body_sents)
    n_f = len(foreign_sents - body_sents)
    lead_text = ex.texts["text"][:600]
    return {
        "title_hit": any(h.field == "title" for h in strong),
        "lead_hit": any(h.field == "lead" for h in strong),
        "title_hits": sum(1 for h in strong if h.field == "title"),
        "lead_hits": sum(1 for h in strong if h.field == "lead"),
        "lead_primary_hits": sum(
            1 for h in strong if h.field == "lead" and h.entry.entry_type in PRIMARY_TYPES
        ),
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
            bool(_BILATERAL.search(ex.texts["title"]) or _BILATERAL.search(lead_text))
            or _paired(strong, home, ex.texts)
        ),
        "opening_hit": any(
            h.field == "lead" and h.sentence <= 1 and h.entry.entry_type in PRIMARY_TYPES
            for h in strong
        ),
        "dateline_target": dl_target,
        "weak_hits": sum(1 for h in counted if h.masked in WEAK_REASONS),
        "masked_hits": sum(
            1 for h in mine if h.masked is not None and h.masked not in WEAK_REASONS
        ),
        "strong_hits": len(strong),
        "actor_hits": sum(1 for h in strong if h.entry.entry_type in ACTOR_TYPES),
        "types": types,
        "multilateral": sum(1 for h in ex.hits if h.entry.kind == "multilateral"),
    }


def _features_without_target(
    scanned_title: list[tuple[int, int, Entry]],
    scanned_text: list[tuple[int, int, Entry]],
    text: str,
    xn: Normalized,
    outlet_country: str,
) -> dict[str, Any]:
    """``_features`` of an article that never names the target (most articles): the same keys
    and values from the matches alone, without hits, sentences, masking or (mostly) the lead."""
    home = multilateral = 0
    home_early = title_foreign = False
    for _, _, e in scanned_title:
        if e.kind == "target":
            if e.target == outlet_country and e.entry_type != "ethnonym":
                home += 1
                home_early = True
        elif e.kind == "foreign":
            title_foreign = True
        elif e.kind == "multilateral":
            multilateral += 1
    n_lead_end = -1
    for s, _, e in scanned_text:
        if e.kind == "target":
            if e.target == outlet_country and e.entry_type != "ethnonym":
                home += 1
                if not home_early:
                    if n_lead_end < 0:
                        n_lead_end = _lead_end(text, xn)
                    home_early = s < n_lead_end
        elif e.kind == "multilateral":
            multilateral += 1
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
        "title_other_country": title_foreign,
        "home_hits": home,
        "home_in_title_or_lead": home_early,
        "bilateral_cue": False,
        "opening_hit": False,
        "dateline_target": False,
        "weak_hits": 0,
        "masked_hits": 0,
        "strong_hits": 0,
        "actor_hits": 0,
        "types": [],
        "multilateral": multilateral,
    }


_PAIR_GAP = re.compile(r"\s*(?:и|and|мен|пен|бен|с|со|-|,)\s*")


def _paired(strong: list[Hit], home: list[Hit], texts: dict[str, str]) -> bool:
    """The target and the home country side by side in the title or lead: "Казахстана и России"."""
    for t in strong:
        if t.field not in ("title", "lead"):
            continue
        text = texts["title" if t.field == "title" else "text"]
        for h in home:
            if h.field != t.field:
                continue
            a, b = (h, t) if h.end <= t.start else (t, h)
            if 0 <= b.start - a.end <= 8 and _PAIR_GAP.fullmatch(text, a.end, b.start):
                return True
    return False
