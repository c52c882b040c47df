"""The source registry: the bundled file, validation messages, and the sync into the database."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from monitor.db.models import Feed, Source
from monitor.settings import DEFAULT_SOURCES
from monitor.sources import RegistryError, load_registry, sync_registry
from tests.support.crawling import write_registry


def test_bundled_registry_covers_every_outlet_with_a_feed(corpus: Path) -> None:
    specs = load_registry(DEFAULT_SOURCES)
    by_id = {s.id: s for s in specs}
    with (corpus / "sources.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with_feed = [r for r in rows if r["feed_url"] or r["sitemap_url"]]
    assert len(specs) == len(with_feed) == 27
    urls = {f.url for s in specs for f in s.all_feeds}
    for row in with_feed:
        assert row["feed_url"] in urls, row["outlet"]
    assert {s.country for s in specs} == {"KZ", "RU"}
    assert by_id["tengrinews"].country == "KZ" and by_id["tass"].country == "RU"
    assert {f.lang for f in by_id["inform"].feeds} == {"ru", "kk", "en"}
    assert by_id["azattyq"].kind == "foreign-funded"
    assert [f.url for f in by_id["nur"].sitemaps] == [
        "https://www.nur.kz/google-news-sitemap.xml",
        "https://www.nur.kz/article-index-sitemap.xml",
    ]
    assert "https://tengrinews.kz/rss/" in by_id["tengrinews"].feeds[0].alternates


def _toml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "reg.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """
[[sources]]
id = "a"
name = "A"
country = "KZ"
languages = ["ru"]
homepage = "https://a.kz"
feeds = [{ url = "https://a.kz/rss", lang = "ru" }]
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('country = "KZ"', 'country = "UA"'), "field 'country': unknown country 'UA'"),
        (('url = "https://a.kz/rss", ', ""), "field 'feeds[0].url': missing url"),
        (('lang = "ru"', 'lang = "de"'), "field 'feeds[0].lang': unknown language 'de'"),
        (('id = "a"', 'id = "Bad Id"'), "field 'id'"),
        (('homepage = "https://a.kz"', 'homepage = "ftp://a.kz"'), "not an http(s) URL"),
        (('languages = ["ru"]', 'languages = ["ru"]\nkind = "tabloid"'), "unknown kind 'tabloid'"),
        # A typo names the source by its id and suggests the field (no design document needed).
        (
            ("homepage =", "homepag ="),
            "source 'a', field 'homepag': unknown field (did you mean "
            "'homepage'? one of country, feeds, fulltext,",
        ),
        (("{ url =", "{ uri ="), "field 'feeds[0]': unknown key (did you mean 'url'?"),
    ],
)
def test_errors_name_file_source_and_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = _toml(tmp_path, GOOD.replace(*change))
    with pytest.raises(RegistryError) as err:
        load_registry(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_duplicate_id_and_duplicate_feed_url_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="source 'a', field 'id': duplicate id"):
        load_registry(_toml(tmp_path, GOOD + GOOD))
    other = GOOD.replace('id = "a"', 'id = "b"')
    with pytest.raises(RegistryError, match="already listed by 'a'"):
        load_registry(_toml(tmp_path, GOOD + other))


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="registry file not found"):
        load_registry(tmp_path / "nope.toml")
    with pytest.raises(RegistryError, match="not valid TOML"):
        load_registry(_toml(tmp_path, "[[sources]\n"))


def test_sync_upserts_and_deactivates_removed_feeds(engine: Engine, tmp_path: Path) -> None:
    first = write_registry(
        tmp_path / "r1.toml",
        [{"id": "s1", "feeds": [("https://a.kz/1", "ru"), ("https://a.kz/2", "kk")]}],
    )
    sync_registry(engine, load_registry(first))
    sync_registry(engine, load_registry(first))  # idempotent
    second = write_registry(
        tmp_path / "r2.toml",
        [{"id": "s1", "name": "Renamed", "feeds": [("https://a.kz/1", "en")]}],
    )
    sync_registry(engine, load_registry(second))
    with Session(engine) as session:
        feeds = {f.url: f for f in session.scalars(select(Feed))}
        source = session.get(Source, "s1")
    assert source is not None and source.name == "Renamed"
    assert len(feeds) == 2  # never deleted
    assert feeds["https://a.kz/1"].active and feeds["https://a.kz/1"].lang == "en"
    assert not feeds["https://a.kz/2"].active
