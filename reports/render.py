"""Render a report dict (see `reports.build`) as HTML, Markdown, JSON or CSV.

Jinja2 with autoescape on for every template: titles and outlet names come from the web and
must never become markup. Links are emitted only for http(s) URLs (a feed could carry a
`javascript:` link, which escaping alone does not neutralise).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from reports.charts import line_chart, outlet_bars

FORMATS = ("html", "md", "json", "csv")
EXTENSIONS = {"html": "html", "md": "md", "json": "json", "csv": "csv"}
CSV_COLUMNS = [
    "direction", "source_id", "name", "country", "articles", "about", "mention", "share",
    "reposts", "missing_days", "excluded_articles", "unclassified",
]  # fmt: skip
# CommonMark lets a backslash escape any ASCII punctuation; escaping < > & too means no raw
# HTML or entity can reach a chat or mail client that renders the Markdown.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#|<>&!~])")


def pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f} %"


def times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def ci(bounds: list[float | None], fmt: str = "pct") -> str:
    lo, hi = bounds
    if lo is None and hi is None:
        return "—"
    f = pct if fmt == "pct" else times
    return f"{f(lo)} – {'unbounded' if hi is None else f(hi)}"


def safe_url(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://", url, re.IGNORECASE) else None


def md_text(text: object) -> Markup:
    """Escape Markdown (and HTML) syntax so a headline cannot inject links, markup or layout.

    Returned as Markup so that the HTML autoescape, which this replaces in Markdown, does not
    add entities on top.
    """
    flat = " ".join(str("" if text is None else text).split())
    return Markup(_MD_SPECIAL.sub(r"\\\1", flat))


def arrow(direction: str) -> Markup:
    """'KZ->RU' -> 'KZ→RU' for display (the keys keep ASCII arrows in JSON and CSV)."""
    return Markup(escape(direction).replace("-&gt;", "→"))


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(pct=pct, times=times, ci=ci, safe_url=safe_url, md=md_text, arrow=arrow)
    return env


def render_html(report: dict[str, Any]) -> str:
    env = environment()
    trend = report["trend"]
    labels = [t["week"][-3:] for t in trend]
    charts = {
        "trend": line_chart(
            env, labels, {d: [t[d] for t in trend] for d in report["directions"]},
            title="Share of coverage of the other country, last 12 weeks",
        ),
        "ratio": line_chart(
            env, labels, {"ratio": [t["ratio"] for t in trend]},
            title="Imbalance ratio KZ->RU / RU->KZ, last 12 weeks", percent=False, reference=1.0,
        ),
        "outlets": outlet_bars(env, report),
    }  # fmt: skip
    return env.get_template("report.html.j2").render(r=report, charts=charts)


def render_md(report: dict[str, Any]) -> str:
    return environment().get_template("report.md.j2").render(r=report)


def _clean(value: Any) -> Any:
    """JSON has no NaN/Infinity: such values become null (their notes say why)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(_clean(report), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render_csv(report: dict[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for outlet in report["outlets"]:
        writer.writerow({**outlet, "share": "" if outlet["share"] is None else outlet["share"]})
    return buf.getvalue()


RENDERERS = {"html": render_html, "md": render_md, "json": render_json, "csv": render_csv}


def render(report: dict[str, Any], fmt: str) -> str:
    if fmt not in RENDERERS:
        raise ValueError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")
    return RENDERERS[fmt](report)
