"""Measure the classifier on labelled data and write ``quality.json`` (never typed by hand).

    python -m monitor.classify.evaluate [--corpus ../shared/corpus] [--write-quality] [-v]

Dev set: labels/dev.jsonl joined with articles/*.jsonl; per direction (KZ->RU, RU->KZ) and
per language: precision/recall/F1 of *about* vs the rest and 3-class accuracy. KazNERD:
sentences (target RU, outlet KZ) with recall/precision of *mention or about* — ``valid``
against the shipped labels, ``test`` against labels derived in ``kaznerd.py``.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from monitor.classify.core import CLASSIFIER_VERSION, ArticleInput, classify_article
from monitor.classify.kaznerd import agreement, read_iob
from monitor.corpus import corpus_records

QUALITY_FILE = Path(__file__).resolve().parent / "quality.json"
DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
DIRECTION = {"KZ": "KZ->RU", "RU": "RU->KZ"}


def load_dev(corpus: Path) -> list[tuple[ArticleInput, str, str]]:
    """(article, gold label, declared language) for every labelled dev article."""
    articles = {a["id"]: a for a in corpus_records(corpus)}
    out = []
    for line in (corpus / "labels" / "dev.jsonl").read_text("utf-8").split("\n"):
        if not line.strip():
            continue
        lab = json.loads(line)
        a = articles.get(lab["id"])
        if a is None:
            continue
        art = ArticleInput(
            a["id"],
            a["country_of_outlet"],
            a.get("title") or "",
            a.get("text") or "",
            a.get("lang"),
        )
        out.append((art, lab["label"], a.get("lang") or "?"))
    return out


def prf(pairs: Iterable[tuple[bool, bool]]) -> dict[str, float]:
    tp = fp = fn = n = 0
    for pred, gold in pairs:
        n += 1
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "n": n}


def evaluate_dev(corpus: Path, verbose: bool = False) -> dict[str, Any]:
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for art, gold, lang in load_dev(corpus):
        pred = classify_article(art).label
        direction = DIRECTION[art.outlet_country]
        for key in (direction, f"{direction} {lang}"):
            groups[key].append((pred, gold))
        if verbose and pred != gold:
            print(f"{art.id}\t{direction}\t{lang}\tgold={gold}\tpred={pred}\t{art.title[:70]}")
    result = {}
    for key, pairs in sorted(groups.items()):
        m = prf((p == "about", g == "about") for p, g in pairs)
        m["accuracy3"] = round(sum(p == g for p, g in pairs) / len(pairs), 4)
        result[key] = m
    return result


def evaluate_kaznerd_labels(path: Path, verbose: bool = False) -> dict[str, float]:
    pairs = []
    for line in path.read_text("utf-8").split("\n"):
        if not line.strip():
            continue
        x = json.loads(line)
        d = classify_article(ArticleInput(x["id"], "KZ", "", x["text"], "kk"))
        pred, gold = d.label != "none", x["label"] != "none"
        pairs.append((pred, gold))
        if verbose and pred != gold:
            print(
                f"{x['id']}\tgold={x['label']}\tpred={d.label}\t{[e.surface for e in d.evidence]}\t{x['text'][:150]}"
            )
    return prf(pairs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--write-quality", action="store_true")
    ap.add_argument("--kaznerd", action="store_true")
    ap.add_argument(
        "--kaznerd-test",
        action="store_true",
        help="final check on IOB2_test.txt: derived labels and the old GPE/NORP/LOCATION-only ones",
    )
    ap.add_argument(
        "--kaznerd-derivation",
        action="store_true",
        help="agreement of the derived KazNERD labels with the shipped valid labels",
    )
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    kaznerd = args.corpus / "kaznerd"
    dev = evaluate_dev(args.corpus, args.verbose)
    print(json.dumps(dev, indent=1))
    if args.kaznerd:
        print(
            "kaznerd_valid",
            evaluate_kaznerd_labels(args.corpus / "labels" / "kaznerd_valid.jsonl", args.verbose),
        )
    if args.kaznerd_derivation:
        agree = agreement(
            kaznerd / "IOB2_valid.txt", args.corpus / "labels" / "kaznerd_valid.jsonl"
        )
        for kind, text, entities in agree.disagreements if args.verbose else ():
            print(f"derived {kind}\t{entities}\t{text[:150]}")
        print("kaznerd_derivation_vs_shipped_valid", agree.summary())
    if args.kaznerd_test:
        print("kaznerd_iob_test", evaluate_kaznerd_iob(kaznerd / "IOB2_test.txt", args.verbose))
    if args.write_quality:
        rows = [
            {"direction": d, "precision": dev[d]["precision"], "recall": dev[d]["recall"],
             "n_labelled": dev[d]["n"], "measured_on": "shared/corpus/labels/dev.jsonl"}
            for d in ("KZ->RU", "RU->KZ") if d in dev
        ]  # fmt: skip
        data = {"classifier_version": CLASSIFIER_VERSION, "directions": rows}
        QUALITY_FILE.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        print(f"wrote {QUALITY_FILE}")
    return 0


def evaluate_kaznerd_iob(path: Path, verbose: bool = False) -> dict[str, dict[str, float]]:
    """Final check only (never tuned on): the classifier on a KazNERD IOB2 file against the
    labels ``kaznerd.py`` derives as the shipped ``valid`` labels were made (route-name
    sentences left out, as there), and against the earlier GPE / NORP / LOCATION-only labels."""
    derived, legacy = [], []
    for i, s in enumerate(read_iob(path)):
        d = classify_article(ArticleInput(i, "KZ", "", s.text, "kk"))
        pred = d.label != "none"
        legacy.append((pred, s.legacy_label == "mention"))
        if s.road:
            continue
        derived.append((pred, s.label == "mention"))
        if verbose and pred != (s.label == "mention"):
            print(f"{i}\tgold={s.label}\tpred={d.label}\t{s.deciding}\t{s.text[:150]}")
    return {"derived": prf(derived), "gpe_norp_location_only": prf(legacy)}


if __name__ == "__main__":
    raise SystemExit(main())
