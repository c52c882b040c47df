"""The fixed random sample of corpus articles behind tests/monitor/voices/gold.jsonl.

    python bench/voices_gold_sample.py [--corpus ../shared/corpus]

Prints one line per sampled article: id, stratum, classifier label. The rule (also in
tests/monitor/voices/GOLD.md): strata are outlet country x language (kk-Latn counts as kk);
within each stratum, articles the classifier labels about/mention ("target") and the rest
("none") are sampled separately, because voices matter most where the other country is
covered. Each pool is sorted by id and drawn with ``random.Random(SEED + stratum index)``.
The classifier's labels decide the pools, so a later classifier may draw a different sample:
the ids in gold.jsonl are the sample, this script records how they were chosen (classifier
2026.11.6 at the time).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from monitor.classify import ArticleInput, classify_article
from monitor.corpus import corpus_records

SEED = 20261115
# (outlet country, language, classifier group) -> how many articles
PLAN: dict[tuple[str, str, str], int] = {
    ("KZ", "ru", "target"): 10,
    ("KZ", "ru", "none"): 10,
    ("RU", "ru", "target"): 10,
    ("RU", "ru", "none"): 10,
    ("KZ", "kk", "target"): 6,
    ("KZ", "kk", "none"): 6,
    ("KZ", "en", "target"): 3,
    ("KZ", "en", "none"): 2,
    ("RU", "en", "target"): 3,
}


def pools(corpus: Path) -> dict[tuple[str, str, str], list[tuple[str, str]]]:
    out: dict[tuple[str, str, str], list[tuple[str, str]]] = {k: [] for k in PLAN}
    for a in corpus_records(corpus):
        art = ArticleInput(
            a["id"], a["country_of_outlet"], a["title"], a["text"], a["lang"], a["url"]
        )
        label = classify_article(art).label
        key = (a["country_of_outlet"], a["lang"][:2], "none" if label == "none" else "target")
        if key in out:
            out[key].append((a["id"], label))
    return out


def sample(corpus: Path) -> list[tuple[str, str, str]]:
    """(id, stratum, label) of the sampled articles, strata in PLAN order."""
    chosen = []
    for i, (key, pool) in enumerate(pools(corpus).items()):
        picked = random.Random(SEED + i).sample(sorted(pool), PLAN[key])
        chosen += [(aid, "/".join(key), label) for aid, label in sorted(picked)]
    return chosen


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path(__file__).parents[2] / "shared" / "corpus")
    args = ap.parse_args()
    for aid, stratum, label in sample(args.corpus):
        print(aid, stratum, label, sep="\t")


if __name__ == "__main__":
    main()
