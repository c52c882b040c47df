"""95 % intervals by a cluster bootstrap over outlet-days, and precision/recall-corrected shares.

Why outlet-days: articles of one outlet on one day are not independent draws (one newsroom,
one news agenda, a story split into several items), so a binomial interval over articles is
too narrow. The outlet-day is also the unit in which data go missing. Resampling whole
outlet-days (with replacement, each side separately, since the two sides are independent
samples) keeps that within-cluster correlation; a share is recomputed on every replicate as
summed about / summed articles, and the ratio as the quotient of the two replicate shares.
Clustering on outlets alone would be more conservative still but is unstable with the
handful of outlets a side has. Percentile intervals; pure Python (no numpy needed at this
size); a fixed seed makes the report reproducible.

The bootstrap cannot see uncertainty it never resamples: with no 'about' article at all, or
hits on a single outlet-day, every replicate gives the same share and the interval collapses
to a point (0/1 would read "0.0 % – 0.0 %"). So each share's interval is never narrower than
the Wilson score interval of its pooled counts (which ignores clustering, so it is a floor,
not a replacement), and when either side has hits on fewer than MIN_HIT_CLUSTERS outlet-days
the ratio's interval is widened to the ratio of those Wilson bounds, and says so.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

SEED = 20260101
REPLICATES = 2000
LEVEL = 0.95
# A replicate that drew no article at all on a side has no share; such replicates are dropped
# (the interval is then conditional on seeing data) unless they exceed this fraction.
MAX_UNDEFINED = 0.10
# Below this many outlet-days with an 'about' article, the bootstrap ratio is unreliable.
MIN_HIT_CLUSTERS = 3
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    lo: float | None
    hi: float | None
    note: str | None = None

    def as_list(self) -> list[float | None]:
        return [self.lo, self.hi]


NO_INTERVAL = Interval(None, None, "no data")


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolated quantile of sorted values (numpy's default method)."""
    pos = (len(sorted_values) - 1) * q
    lower = math.floor(pos)
    upper = min(lower + 1, len(sorted_values) - 1)
    lo_v, hi_v = sorted_values[lower], sorted_values[upper]
    if math.isinf(lo_v) or math.isinf(hi_v):
        return hi_v if pos > lower else lo_v
    return lo_v + (hi_v - lo_v) * (pos - lower)


def _replicate_shares(
    clusters: Sequence[tuple[int, int]], replicates: int, rng: random.Random
) -> list[float | None]:
    """One share per replicate (None when a replicate drew no articles at all)."""
    n = len(clusters)
    articles = [c[0] for c in clusters]
    about = [c[1] for c in clusters]
    population = range(n)
    out: list[float | None] = []
    for _ in range(replicates):
        idx = rng.choices(population, k=n)
        total = sum(articles[i] for i in idx)
        out.append(sum(about[i] for i in idx) / total if total else None)
    return out


def _interval(values: list[float], drawn: int, what: str) -> Interval:
    dropped = drawn - len(values)
    if not values or dropped / drawn > MAX_UNDEFINED:
        return Interval(
            None, None, f"{what} is undefined in {dropped} of {drawn} resamples (too little data)"
        )
    values.sort()
    alpha = (1 - LEVEL) / 2
    lo, hi = quantile(values, alpha), quantile(values, 1 - alpha)
    note = f"{dropped} of {drawn} resamples without data were dropped" if dropped else None
    if math.isinf(hi):
        return Interval(lo, None, f"upper bound unbounded: the denominator share is 0 in over "
                        f"{alpha:.1%} of resamples")  # fmt: skip
    return Interval(lo, hi, note)


def wilson(about: int, articles: int, z: float = Z95) -> Interval:
    """Wilson score interval of a binomial proportion (well-behaved at 0 and at n)."""
    if articles <= 0:
        return NO_INTERVAL
    p = about / articles
    denom = 1 + z * z / articles
    centre = (p + z * z / (2 * articles)) / denom
    half = z * math.sqrt(p * (1 - p) / articles + z * z / (4 * articles * articles)) / denom
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def _at_least(boot: Interval, floor: Interval, why: str) -> Interval:
    """`boot`, widened to contain `floor` where it is narrower (with a note saying so)."""
    if boot.lo is None or floor.lo is None:
        return boot
    lo = min(boot.lo, floor.lo)
    hi = None if boot.hi is None or floor.hi is None else max(boot.hi, floor.hi)
    if lo == boot.lo and hi == boot.hi:
        return boot
    note = "; ".join(n for n in (boot.note, why) if n)
    return Interval(lo, hi, note)


@dataclass(frozen=True)
class BootstrapResult:
    shares: dict[str, Interval]
    ratio: Interval


def cluster_bootstrap(
    clusters: dict[str, Sequence[tuple[int, int]]],
    numerator: str = "KZ->RU",
    denominator: str = "RU->KZ",
    replicates: int = REPLICATES,
    seed: int = SEED,
) -> BootstrapResult:
    """Percentile intervals for each side's share and for share[numerator] / share[denominator].

    `clusters` maps a direction to its (articles, about) per observed outlet-day; pass them in
    a stable order (sorted by outlet and day) so that the seed reproduces the same intervals.
    """
    rng = random.Random(seed)
    draws: dict[str, list[float | None]] = {}
    shares: dict[str, Interval] = {}
    for direction, cl in clusters.items():
        if not any(a for a, _ in cl):
            shares[direction] = NO_INTERVAL
            continue
        draws[direction] = _replicate_shares(cl, replicates, rng)
        defined = [v for v in draws[direction] if v is not None]
        shares[direction] = _at_least(
            _interval(defined, replicates, "the share"),
            wilson(sum(b for _, b in cl), sum(a for a, _ in cl)),
            "widened to the Wilson interval of the pooled counts (too few hits to resample)",
        )
    if numerator not in draws or denominator not in draws:
        return BootstrapResult(shares, Interval(None, None, "a side has no data"))
    ratios: list[float] = []
    for num, den in zip(draws[numerator], draws[denominator], strict=True):
        if num is None or den is None:
            continue
        if den == 0:
            if num > 0:
                ratios.append(math.inf)
            continue  # 0 / 0 says nothing about the ratio
        ratios.append(num / den)
    ratio = _interval(ratios, replicates, "the ratio")
    hit_days = {d: sum(1 for _, b in clusters[d] if b) for d in (numerator, denominator)}
    if min(hit_days.values()) < MIN_HIT_CLUSTERS:
        ratio = _at_least(
            ratio,
            _wilson_ratio(clusters[numerator], clusters[denominator]),
            f"widened: a side has 'about' articles on fewer than {MIN_HIT_CLUSTERS} outlet-days",
        )
    return BootstrapResult(shares, ratio)


def _wilson_ratio(num: Sequence[tuple[int, int]], den: Sequence[tuple[int, int]]) -> Interval:
    """[lo_num / hi_den, hi_num / lo_den] from the two sides' Wilson intervals (hi None = ∞)."""
    a = wilson(sum(b for _, b in num), sum(x for x, _ in num))
    b = wilson(sum(y for _, y in den), sum(x for x, _ in den))
    if a.lo is None or a.hi is None or b.lo is None or b.hi is None or b.hi == 0:
        return NO_INTERVAL
    return Interval(a.lo / b.hi, a.hi / b.lo if b.lo > 0 else None)


def corrected_share(raw: float | None, precision: float, recall: float) -> float | None:
    """raw * precision / recall, clipped to [0, 1].

    Precision removes the false positives among what was counted; dividing by recall adds back
    the true 'about' articles the classifier missed. Both come from labelled data for the
    classifier version, so the correction is only as good as that sample.
    """
    if raw is None or recall <= 0:
        return None
    return min(1.0, max(0.0, raw * precision / recall))
