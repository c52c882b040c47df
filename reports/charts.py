"""Inline SVG charts, geometry in Python and markup from autoescaped Jinja2 templates.

No plotting library: the charts are a few lines and bars, the HTML stays one self-contained
file that prints, and every label (outlet names come from the registry) is escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

COLORS = {"KZ->RU": "#1f6fb2", "RU->KZ": "#c4422b", "ratio": "#555555"}
WIDTH, HEIGHT = 720, 250
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


@dataclass
class Series:
    name: str
    color: str
    # Runs of consecutive defined points; a week without data breaks the line.
    segments: list[list[tuple[float, float]]] = field(default_factory=list)
    points: list[dict[str, Any]] = field(default_factory=list)


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top`."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def _fmt(value: float, percent: bool) -> str:
    return f"{value * 100:.4g} %" if percent else f"{value:.3g}"


def line_chart(
    env: Environment,
    labels: list[str],
    series: dict[str, list[float | None]],
    *,
    title: str,
    percent: bool = True,
    reference: float | None = None,
) -> Markup:
    """Lines over weeks; `reference` draws a dashed level (parity 1 for the ratio)."""
    values = [v for vs in series.values() for v in vs if v is not None]
    ticks = nice_ticks(
        max(values + ([reference] if reference and values else [])) * 1.1 if values else 0
    )
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(labels) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return round(LEFT + i * step, 1), round(TOP + plot_h * (1 - v / ticks[-1]), 1)

    drawn = []
    for name, vs in series.items():
        s = Series(name.replace("->", "→"), COLORS.get(name, "#333"))
        run: list[tuple[float, float]] = []
        for i, v in enumerate(vs):
            if v is None:
                if run:
                    s.segments.append(run)
                run = []
                continue
            x, y = xy(i, v)
            run.append((x, y))
            s.points.append({"x": x, "y": y, "tip": f"{s.name} {labels[i]}: {_fmt(v, percent)}"})
        if run:
            s.segments.append(run)
        drawn.append(s)
    return Markup(
        env.get_template("charts/line.svg.j2").render(
            title=title,
            width=WIDTH,
            height=HEIGHT,
            left=LEFT,
            right=WIDTH - RIGHT,
            bottom=TOP + plot_h,
            ticks=[{"y": xy(0, t)[1], "label": _fmt(t, percent)} for t in ticks],
            xlabels=[{"x": xy(i, 0)[0], "label": lab} for i, lab in enumerate(labels)],
            series=drawn,
            empty=not values,
            reference=(
                {"y": xy(0, reference)[1], "label": "parity"} if reference and values else None
            ),
        )
    )


def outlet_bars(env: Environment, report: dict[str, Any]) -> Markup:
    """Horizontal bars of outlet shares, one block per side, with pooled and median markers."""
    outlets = [o for o in report["outlets"] if o["share"] is not None]
    shares = [o["share"] for o in outlets]
    for d in report["directions"].values():
        shares += [v for v in (d["share"], d["median_outlet_share"]) if v is not None]
    ticks = nice_ticks(max(shares) * 1.05 if shares else 0)
    label_w, bar_h, gap, head = 170, 18, 6, 22
    plot_w = WIDTH - label_w - RIGHT - 40
    blocks, y = [], TOP
    for direction, figures in report["directions"].items():
        rows = [o for o in outlets if o["direction"] == direction]
        block: dict[str, Any] = {
            "title": figures["label"],
            "y": y + 14,
            "bars": [],
            "marks": [],
            "empty_y": None,
        }
        y += head
        top_y = y
        for o in rows:
            w = round(plot_w * o["share"] / ticks[-1], 1)
            block["bars"].append(
                {
                    "y": y, "w": w, "label": o["name"], "color": COLORS[direction],
                    "value": _fmt(o["share"], True), "tip": f"{o['name']}: {o['about']}/{o['articles']}",
                }
            )  # fmt: skip
            y += bar_h + gap
        for key, dash in (("share", ""), ("median_outlet_share", "4 3")):
            if figures[key] is not None and rows:
                x = round(label_w + plot_w * figures[key] / ticks[-1], 1)
                name = "pooled" if key == "share" else "median"
                block["marks"].append(
                    {"x": x, "y1": top_y - 3, "y2": y - gap + 3, "dash": dash,
                     "tip": f"{name} {_fmt(figures[key], True)}"}
                )  # fmt: skip
        if not rows:
            block["empty_y"] = y + 12
            y += bar_h + gap
        blocks.append(block)
        y += gap * 2
    return Markup(
        env.get_template("charts/bars.svg.j2").render(
            width=WIDTH,
            height=y + 24,
            label_w=label_w,
            bar_h=bar_h,
            blocks=blocks,
            axis_y=y,
            ticks=[
                {"x": round(label_w + plot_w * t / ticks[-1], 1), "label": _fmt(t, True)}
                for t in ticks
            ],
        )
    )
