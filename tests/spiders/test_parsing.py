"""Feed bytes → entries: charsets, relative links, and a readable verdict on bad feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from spiders.parsing import parse_feed
from tests.spiders import feeds

BASE = "http://127.0.0.1:9/feeds/rss.xml"


def test_rss_with_relative_links() -> None:
    parsed = parse_feed(feeds.rss(feeds.RSS_ITEMS).encode(), "application/rss+xml", BASE)
    assert parsed.error is None and parsed.warning is None
    assert [e.url for e in parsed.entries] == [
        "http://127.0.0.1:9/news/1",
        "http://127.0.0.1:9/news/2",
        "http://127.0.0.1:9/news/3",
    ]
    first = parsed.entries[0]
    assert first.title == "Токаев провёл переговоры в Москве"
    assert first.summary == "Лид: Токаев провёл переговоры в Москве"
    assert first.published_at == datetime(2026, 11, 21, 4, 0, tzinfo=UTC)


def test_windows_1251_declared_only_in_the_http_header() -> None:
    body = feeds.rss(feeds.RSS_ITEMS, encoding=None).encode("cp1251")
    parsed = parse_feed(body, "application/rss+xml; charset=windows-1251", BASE)
    assert [e.title for e in parsed.entries][:2] == [
        "Токаев провёл переговоры в Москве",
        "Курс тенге укрепился",
    ]


def test_undeclared_non_utf8_bytes_are_read_as_windows_1251_not_latin() -> None:
    # No charset in the header nor in the XML declaration, and the bytes are not UTF-8: a
    # Russian-language server's windows-1251. feedparser alone guesses windows-1252 (mojibake).
    body = feeds.rss(feeds.RSS_ITEMS, encoding=None).encode("cp1251")
    parsed = parse_feed(body, "application/rss+xml", BASE)
    assert parsed.entries[0].title == "Токаев провёл переговоры в Москве"
    utf8 = parse_feed(feeds.rss(feeds.RSS_ITEMS, encoding=None).encode(), "text/xml", BASE)
    assert utf8.entries[1].title == "Курс тенге укрепился"


def test_atom() -> None:
    parsed = parse_feed(
        feeds.atom("http://x.kz").encode(), "application/atom+xml", "http://x.kz/atom"
    )
    assert [(e.url, e.title) for e in parsed.entries] == [
        ("http://x.kz/en/1", "Astana hosts a summit"),
        ("http://x.kz/en/2", "Second entry"),
    ]
    assert parsed.entries[1].published_at == datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def test_bad_feeds_get_readable_errors() -> None:
    cases = {
        feeds.BROKEN: "broken XML: line 1",
        feeds.EMPTY: "empty feed: a valid rss20 document with no items",
        feeds.HTML: "not a feed: the server sent an HTML page (Content-Type: text/html)",
        feeds.BILLION_LAUGHS: "entity-expansion",
        "": "empty response body",
    }
    for body, message in cases.items():
        ctype = "text/html" if "html" in body.lower() else "application/xml"
        parsed = parse_feed(body.encode(), ctype, BASE)
        assert parsed.entries == []
        assert parsed.error is not None and message in parsed.error, (message, parsed.error)


def test_bozo_feed_with_entries_keeps_them_and_notes_a_warning() -> None:
    body = feeds.rss(feeds.RSS_ITEMS[:1])[: -len("</channel></rss>")] + "<item><title>cut"
    parsed = parse_feed(body.encode(), "application/rss+xml", BASE)
    assert [e.url for e in parsed.entries] == ["http://127.0.0.1:9/news/1"]
    assert parsed.error is None
    assert parsed.warning is not None and parsed.warning.startswith("parsed with a warning")


def test_real_lenta_feed(corpus: Path) -> None:
    body = (corpus / "feeds" / "lenta.ru_rss_2022-12-03.xml").read_bytes()
    parsed = parse_feed(body, "application/rss+xml; charset=utf-8", "https://lenta.ru/rss/news")
    assert len(parsed.entries) == 200
    assert len({e.url for e in parsed.entries}) == 198
    assert all(e.published_at is not None and e.title for e in parsed.entries)
