"""Expand the hand-written lexicon sources (lexicons/src/*.toml) into matchable data files.

Run after editing a source and commit the output (lexicons/*.json):

    python -m monitor.classify.build_lexicons

Russian lemmas are inflected here, ahead of time, with pymorphy3 (a dev dependency), so the
classifier never runs morphology. Surnames get a hand-written paradigm because pymorphy3 reads
"Токаев" as the genitive plural of a first name. Kazakh stems are stored as stems: the matcher
appends the Kazakh suffix chain (see ``matcher.KK_SUFFIX``).
"""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from monitor.classify.normalize import fold

HERE = Path(__file__).resolve().parent / "lexicons"
SRC = HERE / "src"
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
SURNAME_ENDINGS = ("", "а", "у", "ым", "е", "ой", "ы", "ых", "ыми", "им", "ом")
# Types whose Russian nominative is also written, with Kazakh suffixes, in Kazakh text.
PROPER_TYPES = {
    "country", "capital", "metonym", "leader", "former_leader", "minister", "official",
    "politician", "state_body", "company", "city", "region", "border_region", "spaceport",
    "shared_place", "sport_club",
}  # fmt: skip


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _best_parse(word: str) -> Any:
    parses = _morph().parse(word)
    for p in parses:  # prefer a nominative reading of the lemma we wrote
        if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF"):
            return p
    return parses[0]


def inflect_word(word: str) -> set[str]:
    """All forms of one Russian word (its whole pymorphy3 lexeme), keeping the hyphen parts."""
    if "-" in word and word.count("-") == 1 and not _morph().word_is_known(word.lower()):
        head, tail = word.split("-")
        if tail in ("на",):
            return {word}
        if tail[:1].isupper():
            # A compound place name declines its last part: "в Усть-Каменогорске", "Ак-Орды".
            return {word} | {f"{head}-{f.word}".lower() for f in _best_parse(tail).lexeme}
    forms = {f.word for f in _best_parse(word).lexeme}
    forms.add(word.lower())
    return forms


def inflect_phrase(phrase: str) -> set[str]:
    """Case forms of a multi-word name: words up to the first noun agree, the rest stay."""
    words = phrase.split()
    if len(words) == 1:
        return inflect_word(phrase)
    parses = [_best_parse(w) for w in words]
    head = next((i for i, p in enumerate(parses) if p.tag.POS == "NOUN"), len(words) - 1)
    out = {phrase.lower()}
    for number in ("sing", "plur"):
        for case in CASES:
            parts = []
            for i, (w, p) in enumerate(zip(words, parses, strict=True)):
                if i > head or p.tag.POS not in ("NOUN", "ADJF"):
                    parts.append(w.lower())
                    continue
                inflected = p.inflect({case, number})
                parts.append(inflected.word if inflected else w.lower())
            out.add(" ".join(parts))
    return out


def surname_forms(surname: str) -> set[str]:
    return {surname.lower() + e for e in SURNAME_ENDINGS}


def kazakh_stems(entry: dict[str, Any]) -> set[str]:
    stems = {fold(s) for s in entry.get("kk", [])}
    if entry["type"] in PROPER_TYPES:
        stems |= {fold(s) for s in entry.get("ru", []) + entry.get("surname", []) if " " not in s}
    # 2021 Latin writes и and і alike, so transliterated text reads "путін".
    stems |= {s.replace("и", "і") for s in stems if "и" in s}
    return stems


def expand_entry(entry: dict[str, Any], lang: str) -> dict[str, Any] | None:
    forms: set[str] = set()
    if lang == "ru":
        for lemma in entry.get("ru", []):
            forms |= inflect_phrase(lemma)
        for surname in entry.get("surname", []):
            forms |= surname_forms(surname)
        forms |= set(entry.get("ru_exact", []))
    elif lang == "kk":
        forms = kazakh_stems(entry)
    else:
        forms = set(entry.get("en", []))
    if not forms:
        return None
    out: dict[str, Any] = {
        "entry": entry["name"] if "name" in entry else entry["entry"],
        "type": entry.get("type", entry.get("reason")),
        "forms": sorted({fold(f) for f in forms}),
        "kk_suffix": lang == "kk",
    }
    for key in ("valid_from", "valid_to", "reason"):
        if key in entry:
            out[key] = entry[key]
    return out


def build() -> list[Path]:
    written: list[Path] = []
    for target in ("RU", "KZ"):
        src = tomllib.loads((SRC / f"{target}.toml").read_text("utf-8"))
        for lang in ("ru", "kk", "en"):
            entries = [e for e in (expand_entry(x, lang) for x in src["entry"]) if e]
            path = HERE / f"{lang}_{target}.json"
            data = {"target": target, "lang": lang, "entries": entries}
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
            written.append(path)
    masks = tomllib.loads((SRC / "masks.toml").read_text("utf-8"))
    mask_out = []
    for m in masks["mask"]:
        forms: set[str] = set()
        for lang in ("ru", "kk", "en"):
            expanded = expand_entry({**m, "type": "mask"}, lang)
            if expanded and lang != "kk":
                forms |= set(expanded["forms"])
        mask_out.append(
            {
                "reason": m["reason"],
                "target": m["target"],
                "entry": m["entry"],
                "forms": sorted({fold(f) for f in forms}),
                # Kazakh phrases take the Kazakh suffix chain in Kazakh text ("сібір жарасына").
                "kk_forms": sorted({fold(f) for f in m.get("kk", [])}),
            }  # fmt: skip
        )
    countries = tomllib.loads((SRC / "countries.toml").read_text("utf-8"))
    extra = {
        "masks": mask_out,
        "multilateral": sorted({fold(f) for f in masks["multilateral"]["forms"]}),
        "related": sorted({fold(f) for f in masks["related"]["forms"]}),
        "foreign_stems": sorted({fold(s) for s in countries["stems"]}),
        "namesakes": {
            "first_names": sorted({fold(s) for s in masks["namesakes"]["first_names"]}),
            "own": {k: sorted(fold(s) for s in v) for k, v in masks["namesakes"]["own"].items()},
        },
    }
    path = HERE / "masks.json"
    path.write_text(json.dumps(extra, ensure_ascii=False, indent=1) + "\n", "utf-8")
    written.append(path)
    return written


if __name__ == "__main__":
    for p in build():
        print(p)
