"""Cluster bootstrap: brackets the estimate, reproducible with the seed, honest at the edges."""

from __future__ import annotations

import random

import pytest

from reports.uncertainty import cluster_bootstrap, corrected_share, quantile, wilson


def _clusters(seed: int, days: int, size: int, p: float) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    out = []
    for _ in range(days):
        n = rng.randint(size // 2, size)
        out.append((n, sum(rng.random() < p for _ in range(n))))
    return out


CLUSTERS = {"KZ->RU": _clusters(1, 70, 30, 0.18), "RU->KZ": _clusters(2, 70, 60, 0.05)}


def _point(cl: list[tuple[int, int]]) -> float:
    return sum(b for _, b in cl) / sum(a for a, _ in cl)


def test_intervals_bracket_the_point_estimates() -> None:
    result = cluster_bootstrap(CLUSTERS)
    for key, cl in CLUSTERS.items():
        lo, hi = result.shares[key].as_list()
        assert lo is not None and hi is not None
        assert lo < _point(cl) < hi
        assert hi - lo < 0.1  # 70 outlet-days: a usefully narrow interval
    ratio = _point(CLUSTERS["KZ->RU"]) / _point(CLUSTERS["RU->KZ"])
    lo, hi = result.ratio.as_list()
    assert lo is not None and hi is not None and lo < ratio < hi


def test_reproducible_with_the_seed_and_sensitive_to_it() -> None:
    a = cluster_bootstrap(CLUSTERS, seed=7)
    b = cluster_bootstrap(CLUSTERS, seed=7)
    c = cluster_bootstrap(CLUSTERS, seed=8)
    assert a == b
    assert a.ratio != c.ratio


def test_clustering_widens_the_interval_over_a_binomial_one() -> None:
    # Same totals, but about-articles concentrated on a few outlet-days: wider interval.
    spread = [(10, 2)] * 50
    lumped = [(10, 10)] * 10 + [(10, 0)] * 40
    width = {}
    for name, cl in (("spread", spread), ("lumped", lumped)):
        interval = cluster_bootstrap({"KZ->RU": cl, "RU->KZ": spread}).shares["KZ->RU"]
        assert interval.lo is not None and interval.hi is not None
        width[name] = interval.hi - interval.lo
    assert width["lumped"] > 2 * width["spread"]


def test_a_side_without_data_has_no_interval_and_no_ratio() -> None:
    result = cluster_bootstrap({"KZ->RU": CLUSTERS["KZ->RU"], "RU->KZ": [(0, 0)] * 7})
    assert result.shares["RU->KZ"].as_list() == [None, None]
    assert result.ratio.as_list() == [None, None] and result.ratio.note


def test_zero_denominator_share_gives_an_unbounded_upper_limit() -> None:
    # RU->KZ: one about article in 40 outlet-days: many resamples have a share of 0.
    ru = [(20, 1)] + [(20, 0)] * 39
    result = cluster_bootstrap({"KZ->RU": CLUSTERS["KZ->RU"], "RU->KZ": ru})
    assert result.ratio.lo is not None and result.ratio.hi is None
    assert "unbounded" in (result.ratio.note or "")


def test_quantile_matches_linear_interpolation() -> None:
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert quantile([0.0, 10.0], 0.025) == pytest.approx(0.25)
    assert quantile([1.0], 0.975) == 1.0


def test_corrected_share_is_clipped_and_needs_recall() -> None:
    assert corrected_share(0.2, 0.9, 0.6) == pytest.approx(0.3)
    assert corrected_share(0.9, 1.0, 0.5) == 1.0
    assert corrected_share(None, 0.9, 0.6) is None
    assert corrected_share(0.2, 0.9, 0.0) is None


def test_wilson_interval_matches_the_textbook_values() -> None:
    # Wilson 95 % for 0/10 is [0, 0.2775]; for 5/10 it is [0.2366, 0.7634].
    zero, half = wilson(0, 10), wilson(5, 10)
    assert zero.lo == 0.0 and abs((zero.hi or 0) - 0.2775) < 1e-4
    assert abs((half.lo or 0) - 0.2366) < 1e-4 and abs((half.hi or 0) - 0.7634) < 1e-4


def test_no_hits_never_collapses_to_a_point() -> None:
    # 0 about out of 1 article: the bootstrap alone says [0, 0]; the floor keeps it honest.
    result = cluster_bootstrap({"KZ->RU": [(1, 0)], "RU->KZ": [(10, 2)] * 20})
    kz = result.shares["KZ->RU"]
    assert kz.lo == 0.0 and kz.hi is not None and kz.hi > 0.7
    assert kz.note and "Wilson" in kz.note


def test_ratio_with_hits_on_one_outlet_day_is_widened_and_says_so() -> None:
    many = [(10, 2)] * 30
    one_day = [(10, 3)] + [(10, 0)] * 29
    result = cluster_bootstrap({"KZ->RU": many, "RU->KZ": one_day})
    assert result.ratio.hi is None  # a third of the resamples miss the one hit day: share 0
    assert result.ratio.note and "fewer than" in result.ratio.note
    plenty = cluster_bootstrap({"KZ->RU": many, "RU->KZ": many})
    assert plenty.ratio.note is None or "widened" not in plenty.ratio.note
