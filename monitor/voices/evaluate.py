"""``python -m monitor.voices.evaluate``: extract_voices against the hand-labelled gold set.

    python -m monitor.voices.evaluate [--gold tests/monitor/voices/gold.jsonl]
                                      [--corpus ../shared/corpus] [--errors]

Per article, people are compared, not mentions: the extractor's voices are grouped by surname
(``names.surname_key``, so «Токаева» and «Тоқаевтың» are one person), a person is quoted if
any mention is, and their country is the one most of their mentions state. A gold person
matches an extracted one with the same surname key. Reported per language (kk-Latn counts as
kk): precision, recall and F1 of finding the people, and on matched people the accuracy of
the country (also "strict": gold countries inferred from a place or an institution taken as
null) and of quoted/cited; then, over all, the people the report counts (placed in the other
side's country): how many the extractor finds with that country, and how many of its such
finds are right. Gold people marked ``unsure`` are left out of the counts either way
(found or not). ``--errors`` lists misses and false finds by id and name (never article text).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.corpus import corpus_records
from monitor.voices.extract import Voice, extract_voices
from monitor.voices.names import surname_key

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "monitor" / "voices" / "gold.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus"
LANGS = ("ru", "kk", "en")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    country: str | None
    kind: str


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    country_ok: int = 0
    strict_ok: int = 0
    kind_ok: int = 0
    # What the report counts: people placed in the other side's country (KZ outlet: RU).
    target_gold: int = 0
    target_found: int = 0
    target_hit: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, correct: int) -> float:
        return correct / self.tp if self.tp else 1.0


def people(voices: list[Voice]) -> dict[str, Person]:
    """The extractor's voices of one article as people, keyed by surname."""
    groups: dict[str, list[Voice]] = {}
    for v in voices:
        groups.setdefault(surname_key(v.name), []).append(v)
    out = {}
    for key, vs in groups.items():
        countries = Counter(v.country for v in vs if v.country)
        country = countries.most_common(1)[0][0] if countries else None
        kind = "quoted" if any(v.kind == "quoted" for v in vs) else "cited"
        out[key] = Person(vs[0].name, country, kind)
    return out


def load_articles(corpus: Path, ids: set[str]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in corpus_records(corpus) if a["id"] in ids}


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def evaluate(gold_path: Path = GOLD, corpus: Path = CORPUS) -> dict[str, Scores]:
    """Scores per language and "all"."""
    gold = load_gold(gold_path)
    arts = load_articles(corpus, {g["id"] for g in gold})
    scores = {k: Scores() for k in (*LANGS, "all")}
    for g in gold:
        a = arts[g["id"]]
        lang = a["lang"][:2]
        target = "RU" if a["country_of_outlet"] == "KZ" else "KZ"
        found = people(extract_voices(a["title"] or "", a["text"] or "", a["lang"]))
        for s in (scores[lang], scores["all"]):
            _score(s, g["id"], g["voices"], dict(found), target)
    return scores


def _score(
    s: Scores, aid: str, gold: list[dict[str, Any]], found: dict[str, Person], target: str
) -> None:
    s.target_found += sum(p.country == target for p in found.values())
    for gv in gold:
        got = found.pop(surname_key(gv["name"]), None)
        if gv.get("unsure"):
            s.target_found -= bool(got and got.country == target)
            continue
        s.target_gold += gv["country"] == target
        s.target_hit += bool(got and got.country == target == gv["country"])
        if got is None:
            s.fn += 1
            s.errors.append(f"{aid}\tmissed\t{gv['name']}")
            continue
        s.tp += 1
        strict = None if gv.get("country_by") else gv["country"]
        s.country_ok += got.country == gv["country"]
        s.strict_ok += got.country == strict
        s.kind_ok += got.kind == gv["kind"]
        if got.country != gv["country"]:
            s.errors.append(f"{aid}\tcountry\t{gv['name']}: {got.country} (gold {gv['country']})")
        if got.kind != gv["kind"]:
            s.errors.append(f"{aid}\tkind\t{gv['name']}: {got.kind} (gold {gv['kind']})")
    for p in found.values():
        s.fp += 1
        s.errors.append(f"{aid}\tfalse\t{p.name}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    scores = evaluate(args.gold, args.corpus)
    print("lang  gold found  P      R      F1     country strict  kind")
    for lang, s in scores.items():
        print(
            f"{lang:4}  {s.tp + s.fn:4} {s.tp + s.fp:5}  {s.precision:.3f}  {s.recall:.3f}  "
            f"{s.f1:.3f}  {s.accuracy(s.country_ok):.3f}   {s.accuracy(s.strict_ok):.3f}  "
            f"{s.accuracy(s.kind_ok):.3f}"
        )
    t = scores["all"]
    print(
        f"other side's voices (what the report counts): {t.target_hit} of {t.target_gold} gold "
        f"found with that country, {t.target_hit} of {t.target_found} such finds right"
    )
    if args.errors:
        print("\n".join(scores["all"].errors))


if __name__ == "__main__":
    main()
