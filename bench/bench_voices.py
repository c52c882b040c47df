"""Benchmark: voice extraction throughput on real corpus texts, against the classifier.

    python bench/bench_voices.py [--corpus ../shared/corpus] [--rounds 5]

Both run in this process on the same texts, so the figure that matters is the ratio: what the
voices step adds to the classify stage, which runs both per article. Also prints what was
found per direction (articles with at least one voice of the other country).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from bench_classify import load  # the same corpus loader (bench/ is on sys.path when run)

from monitor.classify import classify_article
from monitor.voices import extract_voices


def _best(rounds: int, fn: object) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path(__file__).parents[2] / "shared" / "corpus")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    arts = load(args.corpus)
    chars = sum(len(a.title) + len(a.text) for a in arts)
    base = _best(args.rounds, lambda: [classify_article(a) for a in arts])
    voices = _best(args.rounds, lambda: [extract_voices(a.title, a.text, a.lang) for a in arts])
    print(f"{len(arts)} articles, {chars / 1e6:.2f} M characters, best of {args.rounds}")
    print(f"baseline classify_article: {base:.3f} s ({len(arts) / base:,.0f} articles/s)")
    print(f"extract_voices:            {voices:.3f} s ({len(arts) / voices:,.0f} articles/s, "
          f"{voices / base:.2f}x the classifier)")  # fmt: skip
    found: Counter[tuple[str, str]] = Counter()
    for a in arts:
        target = "RU" if a.outlet_country == "KZ" else "KZ"
        vs = extract_voices(a.title, a.text, a.lang)
        found[(a.outlet_country, "articles")] += 1
        found[(a.outlet_country, "any voice")] += bool(vs)
        found[(a.outlet_country, "target voice")] += any(v.country == target for v in vs)
        found[(a.outlet_country, "home voice")] += any(v.country == a.outlet_country for v in vs)
    for side in ("KZ", "RU"):
        print(f"{side} outlets: " + ", ".join(f"{k} {found[(side, k)]}" for k in
              ("articles", "any voice", "target voice", "home voice")))  # fmt: skip


if __name__ == "__main__":
    main()
