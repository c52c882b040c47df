"""Renderers: the JSON contract, a CSV that parses, Markdown with the figures, safe escaping."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from reports.render import md_text, render, safe_url
from tests.reports.factory import SCRIPT_TITLE


def test_json_contract(report: dict[str, Any]) -> None:
    data = json.loads(render(report, "json"))
    assert data["week"] == "2026-W47"
    for key in ("KZ->RU", "RU->KZ"):
        d = data["directions"][key]
        assert {"articles", "about", "mention", "share", "share_ci"} <= d.keys()
        assert len(d["share_ci"]) == 2 and d["share_ci"][0] <= d["share"] <= d["share_ci"][1]
    assert data["directions"]["KZ->RU"]["share"] == 0.18
    assert set(data["imbalance"]) >= {"ratio", "ci"} and len(data["imbalance"]["ci"]) == 2
    assert data["imbalance"]["ci"][0] <= data["imbalance"]["ratio"]
    assert isinstance(data["outlets"], list) and isinstance(data["topics"], list)
    assert {
        "trend",
        "sensitivity",
        "data_quality",
        "top_stories",
        "method",
        "period",
    } <= data.keys()


def test_csv_is_the_outlet_table(report: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert [r["source_id"] for r in rows] == ["kz2", "kz1", "ru1", "ru2"]
    kz1 = rows[1]
    assert (kz1["direction"], kz1["articles"], kz1["about"], float(kz1["share"])) == (
        "KZ->RU", "20", "6", 0.3,
    )  # fmt: skip
    assert kz1["missing_days"] == "1"


def test_markdown_carries_the_figures(report: dict[str, Any]) -> None:
    md = render(report, "md")
    assert "| KZ→RU Kazakh outlets about Russia | 9 / 50 | 18.0 % |" in md
    assert "| RU→KZ Russian outlets about Kazakhstan | 6 / 100 | 6.0 % |" in md
    assert "3.00×" in md and "21.6 %" in md
    assert "Asia/Almaty (UTC+05:00)" in md
    assert "KZ1 News 2026-11-18" in md  # a missing outlet-day
    # The hostile headline is escaped text inside the link, not HTML or Markdown syntax.
    assert "<script>" not in md
    assert "[\\<script\\>document.body.setAttribute\\('data-pwned','1'\\)" in md


def test_html_is_self_contained_and_escaped(report: dict[str, Any]) -> None:
    html = render(report, "html")
    assert html.count("<svg") == 3
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<link" not in html and " src=" not in html  # nothing to fetch
    assert "18.0 %" in html and "3.00×" in html
    assert 'href="https://kz1.example/a/' in html


def test_markdown_and_url_helpers() -> None:
    assert md_text("a [b](javascript:x) *c* <i>") == "a \\[b\\]\\(javascript:x\\) \\*c\\* \\<i\\>"
    assert md_text("two\nlines") == "two lines"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("HTTPS://example.org/x") == "HTTPS://example.org/x"
    assert SCRIPT_TITLE.startswith("<script>")
