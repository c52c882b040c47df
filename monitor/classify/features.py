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
from monitor.classify.matcher import get_matcher
from monitor.classify.normalize import Normalized, normalize

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
# the scraper dropped the space; two small letters before the stop keep "г.Алматы" whole.
_SENTENCE_END = re.compile(
    r"[.!?…]+[\"»”)]*\s+|\n+"
    r"|(?<=[a-zа-яёәғқңөұүһі]{2})[.!?…]+[\"»”)]*(?=[\"«A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])"
    r"|(?<=[a-zа-яәғқңөұүһі])(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яё])"
)
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


def _split_lead(text: str) -> int:
    """End of the lead: the last sentence end before LEAD_CHARS (or LEAD_CHARS itself)."""
    if len(text) <= LEAD_CHARS:
        return len(text)
    end = LEAD_CHARS
    for m in _SENTENCE_END.finditer(text, 0, LEAD_CHARS + 120):
        if m.end() >= 120:
            end = m.end()
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


def _scan(matcher: Any, norm: Normalized) -> list[tuple[int, int, Any]]:
    return matcher.scan(norm.text, norm.plain)  # type: ignore[no-any-return]


def extract(title: str, text: str, lang: str, outlet_country: str) -> Extracted:
    target = "RU" if outlet_country == "KZ" else "KZ"
    latin = lang == "kk-Latn"
    matcher = get_matcher(lang in ("kk", "kk-Latn"))
    lead_end = _split_lead(text)
    originals = {"title": title, "text": text}
    norms = {k: normalize(v, kazakh_latin=latin) for k, v in originals.items()}
    texts = {k: n.text for k, n in norms.items()}
    # Normalised offset where the lead ends (the text may have been transliterated).
    n_lead_end = lead_end
    if norms["text"].offsets is not None:
        n_lead_end = bisect.bisect_left(norms["text"].offsets, lead_end)
    hits: list[Hit] = []
    related_cut: dict[str, int] = {}
    t_norm = texts["text"]
    if norms["text"].offsets is None:  # same positions: split where the capitals are still seen
        bounds = [m.end() for m in _SENTENCE_END.finditer(text)]
    else:
        bounds = [m.end() for m in _SENTENCE_END.finditer(t_norm)]
    for fname, ntext in texts.items():
        for s, e, entry in _scan(matcher, norms[fname]):
            if fname == "title":
                hits.append(Hit("title", s, e, entry, -1))
                continue
            fld = "lead" if s < n_lead_end else "body"
            sent = bisect.bisect_right(bounds, s)
            if entry.kind == "related" and "text" not in related_cut:
                # Early in the page it heads one line of links; late, everything after it.
                related_cut["text"] = s if s > 0.4 * len(ntext) else -1
                if related_cut["text"] == -1:
                    del related_cut["text"]
            hits.append(Hit(fld, s, e, entry, sent))
    chrome = _link_cards(text, norms["text"]) if "■" in text or "▪" in text or "►" in text else None
    mask_hits(hits, {"title": texts["title"], "lead": t_norm, "body": t_norm}, outlet_country, target,
              {"lead": related_cut.get("text", 10**9), "body": related_cut.get("text", 10**9)},
              chrome)  # fmt: skip
    ex = Extracted(target, lang, hits, texts, norms, originals, len(bounds) + 1)
    ex.features = _features(ex, outlet_country)
    return ex


def _features(ex: Extracted, outlet_country: str) -> dict[str, Any]:
    target = ex.target
    mine = [h for h in ex.hits if h.entry.kind == "target" and h.entry.target == target]
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
        "bilateral_cue": bool(_BILATERAL.search(ex.texts["title"]) or _BILATERAL.search(lead_text))
        or _paired(strong, home, ex.texts),
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
