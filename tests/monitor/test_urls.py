"""URL normalisation: the article key."""

from __future__ import annotations

import pytest

from monitor.urls import normalize_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://Lenta.RU/news/2022/12/03/a/", "https://lenta.ru/news/2022/12/03/a"),
        ("https://lenta.ru:443/x", "https://lenta.ru/x"),
        ("http://lenta.ru:80/x", "http://lenta.ru/x"),
        ("http://lenta.ru:8080/x", "http://lenta.ru:8080/x"),
        ("https://tass.ru/a#comments", "https://tass.ru/a"),
        ("https://tass.ru/a?utm_source=rss&utm_medium=feed", "https://tass.ru/a"),
        ("https://tass.ru/a?fbclid=1&gclid=2&yclid=3&ysclid=4&id=7", "https://tass.ru/a?id=7"),
        ("https://tass.ru/a?b=2&a=1", "https://tass.ru/a?a=1&b=2"),
        ("https://tass.ru/", "https://tass.ru"),
        ("https://tass.ru", "https://tass.ru"),
        ("https://user:pw@Tass.ru/a", "https://tass.ru/a"),
        ("https://tass.ru/Politika/A", "https://tass.ru/Politika/A"),  # path case kept
        ("  https://tass.ru/a  ", "https://tass.ru/a"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected


def test_relative_links_resolve_against_the_base() -> None:
    assert normalize_url("../b/", "http://127.0.0.1:8000/feeds/x/rss.xml") == (
        "http://127.0.0.1:8000/feeds/b"
    )
    assert normalize_url("/news/1?utm_campaign=x", "https://kz.kursiv.media/feed/") == (
        "https://kz.kursiv.media/news/1"
    )


def test_variants_of_one_article_share_a_key() -> None:
    variants = [
        "https://www.zakon.kz/6000-news.html",
        "HTTPS://WWW.ZAKON.KZ/6000-news.html#top",
        "https://www.zakon.kz:443/6000-news.html?utm_source=telegram",
        "https://www.zakon.kz/6000-news.html/",
    ]
    assert len({normalize_url(v) for v in variants}) == 1


def test_distinct_articles_keep_distinct_keys() -> None:
    assert normalize_url("https://ria.ru/a?id=1") != normalize_url("https://ria.ru/a?id=2")
    assert normalize_url("http://ria.ru/a") != normalize_url("https://ria.ru/a")
