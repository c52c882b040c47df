"""Benchmark: classifier throughput per core on real corpus texts vs a bare regex scan.

    python bench/bench_classify.py [--corpus ../shared/corpus] [--rounds 5]

Both run in this process on the same texts: the baseline is one compiled case-insensitive
regex of a dozen country/capital/leader stems (what a plain keyword rule costs), the
classifier is ``classify_article`` end to end (language, normalisation, matching, masking,
features, decision, topics, evidence). Peak memory: tracemalloc over one classifier pass, and
the process's max RSS.
"""

from __future__ import annotations

import argparse
import re
import resource
import time
import tracemalloc
from pathlib import Path

from monitor.classify import ArticleInput, classify_article
from monitor.corpus import as_input, corpus_records

BASELINE = re.compile(
    r"(?<!\w)(?:росси\w*|российск\w*|казахстан\w*|ресей\w*|қазақстан\w*|russia\w*|kazakhstan\w*"
    r"|москв\w*|астан\w*|мәскеу\w*|путин\w*|токаев\w*|тоқаев\w*)",
    re.IGNORECASE,
)


def load(corpus: Path) -> list[ArticleInput]:
    return [as_input(a) for a in corpus_records(corpus)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus"
    )
    ap.add_argument("--rounds", type=int, default=9)
    args = ap.parse_args()
    articles = load(args.corpus)
    chars = sum(len(a.title) + len(a.text) for a in articles)
    print(f"{len(articles)} articles, {chars / len(articles):.0f} characters on average")
    for a in articles[:50]:  # warm up: lexicons, compiled patterns, lingua
        classify_article(a)

    def once(fn) -> float:  # type: ignore[no-untyped-def]
        t0 = time.process_time()  # CPU time of this process = one core
        for a in articles:
            fn(a)
        return time.process_time() - t0

    # Rounds alternate between the two, so a busy spell on a shared machine slows both alike
    # instead of skewing the ratio; each figure is its best round.
    best = {"scan": float("inf"), "full": float("inf")}
    for _ in range(args.rounds):
        t = once(lambda a: (BASELINE.findall(a.title), BASELINE.findall(a.text)))
        best["scan"] = min(best["scan"], t)
        best["full"] = min(best["full"], once(classify_article))
    scan, full = (len(articles) / best[k] for k in ("scan", "full"))
    print(f"bare regex scan:     {scan:10.0f} articles/s/core")
    print(f"classify_article:    {full:10.0f} articles/s/core  ({full / scan:.2f} of the scan)")
    tracemalloc.start()
    for a in articles:
        classify_article(a)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak traced memory during a pass: {peak / 1e6:.1f} MB; process max RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
