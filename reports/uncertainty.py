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
        shares[direction] = _interval(defined, replicates, "the share")
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
    return BootstrapResult(shares, _interval(ratios, replicates, "the ratio"))


def corrected_share(raw: float | None, precision: float, recall: float) -> float | None:
    """raw * precision / recall, clipped to [0, 1].

    Precision removes the false positives among what was counted; dividing by recall adds back
    the true 'about' articles the classifier missed. Both come from labelled data for the
    classifier version, so the correction is only as good as that sample.
    """
    if raw is None or recall <= 0:
        return None
    return min(1.0, max(0.0, raw * precision / recall))
