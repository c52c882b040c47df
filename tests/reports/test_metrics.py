"""Known counts in, exact figures out, on SQLite and PostgreSQL (the db_url parametrisation)."""

from __future__ import annotations

import statistics
from typing import Any

from tests.reports.factory import EXPECTED, SCRIPT_TITLE, day


def test_direction_counts_and_shares_are_exact(report: dict[str, Any]) -> None:
    for key in ("KZ->RU", "RU->KZ"):
        got, want = report["directions"][key], EXPECTED[key]
        assert (got["articles"], got["about"], got["mention"]) == (
            want["articles"], want["about"], want["mention"],
        )  # fmt: skip
        assert got["share"] == want["share"]
    assert report["imbalance"]["ratio"] == EXPECTED["ratio"]
    assert abs(report["imbalance"]["ratio"] - 3.0) < 1e-12


def test_median_of_outlet_shares_sits_beside_the_pooled_share(report: dict[str, Any]) -> None:
    kz, ru = report["directions"]["KZ->RU"], report["directions"]["RU->KZ"]
    assert kz["median_outlet_share"] == statistics.median([6 / 20, 3 / 30])
    assert ru["median_outlet_share"] == statistics.median([4 / 80, 2 / 20])
    assert kz["median_outlet_share"] != kz["share"]  # 0.2 vs pooled 0.18


def test_missing_outlet_days_are_listed_and_excluded(report: dict[str, Any]) -> None:
    missing = [(m["source_id"], m["day"]) for m in report["data_quality"]["missing_outlet_days"]]
    assert missing == [(sid, d.isoformat()) for sid, d in EXPECTED["missing"]]
    kz, ru = report["directions"]["KZ->RU"], report["directions"]["RU->KZ"]
    assert (kz["missing_outlet_days"], ru["missing_outlet_days"]) == (1, 2)
    assert (kz["excluded_articles_missing_days"], ru["excluded_articles_missing_days"]) == (5, 10)
    # 4 outlets x 7 days; Tuesday of kz2 counts although its only fetch was at 19:30 UTC Monday.
    assert report["data_quality"]["outlet_days_expected"] == 28
    assert (kz["outlet_days"], ru["outlet_days"]) == (13, 12)


def test_per_outlet_table(report: dict[str, Any]) -> None:
    rows = {o["source_id"]: o for o in report["outlets"]}
    assert {k: (o["articles"], o["about"], o["share"]) for k, o in rows.items()} == {
        "kz1": (20, 6, 6 / 20),
        "kz2": (30, 3, 3 / 30),
        "ru1": (80, 4, 4 / 80),
        "ru2": (20, 2, 2 / 20),
    }
    assert (rows["kz1"]["reposts"], rows["kz1"]["missing_days"]) == (1, 1)
    assert rows["ru1"]["unclassified"] == 1


def test_sensitivity_lines(report: dict[str, Any]) -> None:
    lines = {s["key"]: s for s in report["sensitivity"]}
    shares = {k: (s["KZ->RU"]["share"], s["RU->KZ"]["share"]) for k, s in lines.items()}
    assert shares == {
        "main": (9 / 50, 6 / 100),
        "multilateral_as_about": (10 / 50, 6 / 100),
        "baikonur_as_about": (10 / 50, 8 / 100),
        "both_as_about": (11 / 50, 8 / 100),
        "with_reposts": (10 / 51, 6 / 100),
    }
    assert lines["both_as_about"]["ratio"] == (11 / 50) / (8 / 100)


def test_topics_and_agenda_overlap(report: dict[str, Any]) -> None:
    topics = {t["topic"]: (t["KZ->RU"]["about"], t["RU->KZ"]["about"]) for t in report["topics"]}
    # 'military' was only on kz1's missing Wednesday: it must not appear.
    assert topics == {
        "economy": (3, 2), "politics": (3, 0), "energy": (1, 0), "space": (0, 1), "sport": (0, 1),
    }  # fmt: skip
    economy = next(t for t in report["topics"] if t["topic"] == "economy")
    assert economy["KZ->RU"]["share"] == 3 / 9 and economy["covered_by"] == "both"
    assert report["agenda_overlap"] == {
        "both": ["economy"],
        "only_KZ->RU": ["energy", "politics"],
        "only_RU->KZ": ["space", "sport"],
        "jaccard": 1 / 5,
    }


def test_trend_has_twelve_weeks_with_gaps_as_null(report: dict[str, Any]) -> None:
    trend = report["trend"]
    assert [t["week"] for t in trend][0] == "2026-W36" and len(trend) == 12
    assert trend[-1] == {"week": "2026-W47", "KZ->RU": 9 / 50, "RU->KZ": 6 / 100,
                         "ratio": EXPECTED["ratio"]}  # fmt: skip
    assert trend[-2] == {"week": "2026-W46", "KZ->RU": 0.1, "RU->KZ": 0.1, "ratio": 1.0}
    assert all(t["KZ->RU"] is None and t["ratio"] is None for t in trend[:-2])


def test_corrected_share_uses_the_versions_precision_and_recall(report: dict[str, Any]) -> None:
    kz, ru = report["directions"]["KZ->RU"], report["directions"]["RU->KZ"]
    assert kz["corrected_share"] == min(1.0, (9 / 50) * 0.9 / 0.75)
    assert kz["quality"]["n_labelled"] == 200
    assert ru["corrected_share"] is None
    assert "no precision/recall for classifier kw-1.0 (RU->KZ)" in ru["corrected_note"]
    assert report["imbalance"]["corrected_ratio"] is None


def test_top_stories_are_the_best_scored_about_headlines(report: dict[str, Any]) -> None:
    kz = report["top_stories"]["KZ->RU"]
    # The 0.97 stories of the missing Wednesday and the 0.95 repost are left out.
    assert [s["score"] for s in kz] == [0.99, 0.9, 0.8, 0.7, 0.6]
    assert kz[0]["title"] == SCRIPT_TITLE and kz[0]["url"].startswith("https://kz1.example/")
    assert report["top_stories"]["RU->KZ"][0]["score"] == 0.92


def test_feed_health_and_classifier_versions(report: dict[str, Any]) -> None:
    feeds = {f["url"]: f for f in report["data_quality"]["feeds"]}
    assert (
        feeds["https://kz1.example/rss0"]["fetches"],
        feeds["https://kz1.example/rss0"]["ok_fetches"],
    ) == (7, 6)
    assert feeds["https://ru2.example/rss0"]["ok_fetches"] == 5
    assert feeds["https://kz2.example/rss1"]["fetches"] == 1
    versions = report["data_quality"]["classifier_versions"]
    assert versions == [
        {"country": "KZ", "classifier_version": "kw-1.0", "articles": 56},
        {"country": "RU", "classifier_version": "kw-1.0", "articles": 110},
    ]
    assert report["period"]["complete"] is True and report["period"]["timezone"] == "Asia/Almaty"
    assert day(0).isoformat() == report["period"]["first_day"]
