"""Fictional outlets and their articles for the demo, dated relative to "now".

Deterministic for a given `now` and seed. Each ISO week's articles of one side get the
intended mix of kinds (about / mention / none the other country), so the report's last
complete week always has coverage on both sides, and Kazakh outlets cover Russia several
times more often than Russian outlets cover Kazakhstan — the imbalance the monitor measures.
"""

from __future__ import annotations

import random
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

STORIES = Path(__file__).with_name("stories")
ZONE = ZoneInfo("Asia/Almaty")
DAYS = 35  # five weeks back from now
# Intended share of each side's articles that are about / mention the other country.
MIX = {"KZ": {"about": 0.16, "mention": 0.12}, "RU": {"about": 0.06, "mention": 0.07}}


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    country: str  # KZ | RU
    lang: str  # ru | kk | en
    kind: str
    feed_format: str  # rss | atom
    tagline: str


OUTLETS: tuple[Outlet, ...] = (
    Outlet("steppe-courier", "Степной курьер", "KZ", "ru", "private", "rss", "Новости Казахстана"),
    Outlet("dala-habary", "Дала хабары", "KZ", "kk", "state", "atom", "Қазақстан жаңалықтары"),
    Outlet("astana-ledger", "The Astana Ledger", "KZ", "en", "private", "rss", "Kazakhstan news"),
    Outlet("volga-herald", "Волжский вестник", "RU", "ru", "state", "rss", "Новости Поволжья"),
    Outlet("ural-week", "Уральская неделя", "RU", "ru", "private", "atom", "Урал и страна"),
    Outlet("siberian-observer", "Сибирский обозреватель", "RU", "ru", "private", "rss", "Сибирь"),
)


@dataclass(frozen=True)
class DemoArticle:
    outlet: Outlet
    number: int
    title: str
    paragraphs: tuple[str, ...]
    published: datetime  # aware, UTC
    kind: str  # the intended label: about | mention | none

    @property
    def path(self) -> str:
        local = self.published.astimezone(ZONE)
        return f"/{self.outlet.id}/news/{local:%Y/%m/%d}/{self.number:04d}.html"

    @property
    def iso_week(self) -> str:
        year, week, _ = self.published.astimezone(ZONE).isocalendar()
        return f"{year}-W{week:02d}"


@cache
def _stories(lang: str) -> dict[str, Any]:
    with (STORIES / f"{lang}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _side(outlet: Outlet) -> dict[str, Any]:
    return dict(_stories(outlet.lang)["kz" if outlet.country == "KZ" else "ru"])


def _fill(template: str, values: dict[str, str]) -> str:
    text = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)
    return text[:1].upper() + text[1:]


def _values(slots: dict[str, list[str]], rng: random.Random) -> dict[str, str]:
    # Slots named city* are parallel lists (forms of one city): share one index.
    city = rng.randrange(len(slots["city"]))
    values = {k: v[city] if k.startswith("city") else rng.choice(v) for k, v in slots.items()}
    # 5..9 keep Russian counted nouns in the genitive plural the templates are written in.
    values |= {"n": str(rng.randint(5, 9)), "big": str(rng.randint(12, 90))}
    return values | {"pct": str(rng.randint(4, 18))}


def _write(
    outlet: Outlet, kind: str, rng: random.Random, used: set[str]
) -> tuple[str, tuple[str, ...]]:
    side = _side(outlet)
    for _ in range(200):  # a fresh title each time: re-used titles would look like re-posts
        story = rng.choice(side[kind])
        values = _values(side["slots"], rng)
        title = _fill(story["title"], values)
        if title not in used:
            used.add(title)
            return title, tuple(_fill(p, values) for p in story["paras"])
    raise RuntimeError(f"story pool too small for {outlet.id}/{kind}")


def _schedule(now: datetime, rng: random.Random) -> list[tuple[Outlet, datetime]]:
    """About one article per outlet per day (0–2), in newsroom hours, never in the future."""
    slots = []
    today = now.astimezone(ZONE).date()
    for outlet in OUTLETS:
        for back in range(DAYS, -1, -1):
            day = today - timedelta(days=back)
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                local = datetime.combine(day, time(rng.randint(7, 21), rng.randint(0, 59)), ZONE)
                if local.astimezone(UTC) < now:
                    slots.append((outlet, local.astimezone(UTC)))
    return sorted(slots, key=lambda s: (s[1], s[0].id))


def build_articles(now: datetime | None = None, seed: int = 2026) -> list[DemoArticle]:
    """The demo's articles, oldest first."""
    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    schedule = _schedule(now, rng)
    # Kinds per (side, ISO week): the intended mix in every week, shuffled among outlets.
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (outlet, published) in enumerate(schedule):
        year, week, _ = published.astimezone(ZONE).isocalendar()
        groups[(outlet.country, f"{year}-W{week:02d}")].append(i)
    kinds = ["none"] * len(schedule)
    for (country, _), members in groups.items():
        about = max(1, round(MIX[country]["about"] * len(members)))
        mention = max(1, round(MIX[country]["mention"] * len(members)))
        picked = rng.sample(members, min(len(members), about + mention))
        for j, i in enumerate(picked):
            kinds[i] = "about" if j < about else "mention"
    used: dict[str, set[str]] = defaultdict(set)
    articles = []
    for i, (outlet, published) in enumerate(schedule):
        title, paragraphs = _write(outlet, kinds[i], rng, used[outlet.id])
        articles.append(DemoArticle(outlet, i + 1, title, paragraphs, published, kinds[i]))
    return articles
