"""The pure classifier: ``classify_article(ArticleInput) -> Decision``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from monitor.classify.decide import decide
from monitor.classify.features import extract
from monitor.classify.language import _SAMPLE, detect_language

# Bump on any change of lexicons, masking, features or weights: stored decisions of an older
# version are re-classified by `monitor classify`.
CLASSIFIER_VERSION = "2026.11.6"


@dataclass(frozen=True, slots=True)
class ArticleInput:
    id: str | int
    outlet_country: str  # KZ | RU, from the source registry (never from the language)
    title: str
    text: str
    lang: str | None = None  # declared by the feed; only a hint
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    surface: str  # as written in the original field
    field: str  # title | lead | body
    start: int  # offsets in the field's original text (lead and body: in `text`)
    end: int
    entry: str
    entry_type: str
    masked: str | None


@dataclass(slots=True)
class Decision:
    target: str
    label: str  # about | mention | none
    score: float
    lang: str
    evidence: list[Evidence] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    features: dict[str, Any] = field(default_factory=dict)

    def to_json(self, article_id: str | int | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {} if article_id is None else {"id": article_id}
        out |= {
            "target": self.target,
            "label": self.label,
            "score": self.score,
            "lang": self.lang,
            "evidence": [asdict(e) for e in self.evidence],
            "topics": self.topics,
            "flags": self.flags,
        }
        return out


def classify_article(article: ArticleInput) -> Decision:
    if article.outlet_country not in ("KZ", "RU"):
        raise ValueError(f"outlet_country must be KZ or RU, not {article.outlet_country!r}")
    title = article.title or ""
    text = article.text or ""
    # Only the first _SAMPLE characters are read: do not copy a long text to get them.
    lang = detect_language(f"{title}\n{text[:_SAMPLE]}", article.lang)
    ex = extract(title, text, lang, article.outlet_country)
    topics = ex.topics
    label, score, flags = decide(ex.features, topics)
    evidence = []
    for h in ex.hits:
        if h.masked != "launch_site" and (
            h.entry.target != ex.target or h.entry.kind not in ("target", "mask")
        ):
            continue
        src = "title" if h.field == "title" else "text"
        original = ex.originals[src]
        norm = ex.norms[src]
        start, end = (
            (h.start, h.end) if norm.offsets is None else norm.span(h.start, h.end, len(original))
        )
        masked = h.masked if h.entry.kind == "target" or h.masked else h.entry.reason
        evidence.append(
            Evidence(
                original[start:end], h.field, start, end, h.entry.entry, h.entry.entry_type, masked
            )
        )
    return Decision(ex.target, label, score, lang, evidence, topics, flags, ex.features)
