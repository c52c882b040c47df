"""The demo's sample site: valid feeds, pages with text, five weeks of dates, the intended mix."""

from __future__ import annotations

import tomllib
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
import trafilatura

from monitor.demo.content import OUTLETS, ZONE, build_articles
from monitor.demo.site import DemoSite

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own 127.0.0.1
        return response.read()


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    with DemoSite(articles=build_articles(NOW)) as running:
        yield running


def test_is_deterministic_and_sized() -> None:
    first, second = build_articles(NOW), build_articles(NOW)
    assert [a.title for a in first] == [a.title for a in second]
    assert 150 <= len(first) <= 250


def test_outlets_cover_both_countries_and_three_languages() -> None:
    assert {(o.country, o.lang) for o in OUTLETS} == {
        ("KZ", "ru"),
        ("KZ", "kk"),
        ("KZ", "en"),
        ("RU", "ru"),
    }
    assert {o.feed_format for o in OUTLETS} == {"rss", "atom"}


def test_dates_span_five_weeks_and_none_is_in_the_future() -> None:
    articles = build_articles(NOW)
    assert max(a.published for a in articles) < NOW
    assert NOW - min(a.published for a in articles) > timedelta(days=33)
    assert len({a.iso_week for a in articles}) >= 5
    # The last complete ISO week (the report's default) has articles from every outlet.
    last_monday = (NOW.astimezone(ZONE) - timedelta(days=NOW.astimezone(ZONE).weekday() + 7)).date()
    year, week, _ = last_monday.isocalendar()
    last_week = [a for a in articles if a.iso_week == f"{year}-W{week:02d}"]
    assert {a.outlet.id for a in last_week} == {o.id for o in OUTLETS}


def test_mix_is_a_minority_about_the_other_country_and_imbalanced() -> None:
    articles = build_articles(NOW)
    share = {}
    for country in ("KZ", "RU"):
        kinds = Counter(a.kind for a in articles if a.outlet.country == country)
        total = sum(kinds.values())
        share[country] = kinds["about"] / total
        assert kinds["none"] / total > 0.6  # most news is domestic
        assert kinds["mention"] > 0
    assert 0.10 < share["KZ"] < 0.25
    assert 0.02 < share["RU"] < 0.10
    assert share["KZ"] > 2 * share["RU"]
    # Every week both sides have coverage of the other, so weekly ratios are defined.
    for week in {a.iso_week for a in articles}:
        for country in ("KZ", "RU"):
            assert any(
                a.kind == "about"
                for a in articles
                if a.iso_week == week and a.outlet.country == country
            )


def test_titles_are_unique_per_outlet() -> None:
    articles = build_articles(NOW)
    for outlet in OUTLETS:
        titles = [a.title for a in articles if a.outlet.id == outlet.id]
        assert len(titles) == len(set(titles)), outlet.id


def test_feeds_parse_and_list_every_article(site: DemoSite) -> None:
    registry = tomllib.loads(site.registry_toml())
    assert [s["id"] for s in registry["sources"]] == [o.id for o in OUTLETS]
    for source in registry["sources"]:
        feed_url = source["feeds"][0]["url"]
        assert feed_url.startswith(site.base_url)
        parsed = feedparser.parse(_get(feed_url))
        assert not parsed.bozo, parsed.get("bozo_exception")
        expected = [a for a in site.articles if a.outlet.id == source["id"]]
        assert len(parsed.entries) == len(expected) > 20
        assert parsed.version in {"rss20", "atom10"}
        newest = parsed.entries[0]
        assert newest.link == site.base_url + expected[-1].path
        assert newest.title == expected[-1].title
        assert newest.published_parsed is not None


def test_pages_have_article_text_without_boilerplate(site: DemoSite) -> None:
    for article in (site.articles[0], site.articles[len(site.articles) // 2], site.articles[-1]):
        text = trafilatura.extract(_get(site.base_url + article.path).decode())
        assert text is not None
        assert article.paragraphs[1] in text
        assert "All rights reserved" not in text and "Read also" not in text


def test_robots_and_missing_pages(site: DemoSite) -> None:
    assert b"Disallow: /admin/" in _get(site.base_url + "/robots.txt")
    with pytest.raises(urllib.error.HTTPError) as info:
        _get(site.base_url + "/nope.html")
    assert info.value.code == 404
    info.value.close()


def test_languages_of_the_text_match_the_outlet() -> None:
    articles = build_articles(NOW)
    kk = next(a for a in articles if a.outlet.lang == "kk")
    en = next(a for a in articles if a.outlet.lang == "en")
    assert any(ch in " ".join(kk.paragraphs) for ch in "әғқңөұүһі")
    assert all(ord(ch) < 0x400 for ch in " ".join(en.paragraphs))
