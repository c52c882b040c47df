"""`monitor status --json`: the contract scripts and monitoring rely on."""

from __future__ import annotations

import json
from pathlib import Path

from tests.spiders import feeds
from tests.support.crawling import run_monitor, write_registry
from tests.support.httpserver import FixtureServer


def test_status_json_after_a_crawl(db_url: str, http_server: FixtureServer, tmp_path: Path) -> None:
    good = http_server.add(
        "/rss.xml", feeds.rss(feeds.RSS_ITEMS), headers={"Content-Type": "application/rss+xml"}
    )
    bad = http_server.add("/gone.xml", "gone", status=404)
    registry = write_registry(
        tmp_path / "r.toml",
        [
            {"id": "kz1", "fulltext": False, "feeds": [(good, "ru")]},
            {"id": "ru1", "country": "RU", "feeds": [(bad, "ru")]},
        ],
    )
    assert run_monitor(db_url, registry, "crawl").returncode == 0
    result = run_monitor(db_url, registry, "status", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    by_id = {s["id"]: s for s in doc["sources"]}
    assert (by_id["kz1"]["country"], by_id["kz1"]["articles"]) == ("KZ", 3)
    (feed,) = by_id["kz1"]["feeds"]
    assert feed["url"] == good and feed["articles"] == 3 and feed["items_24h"] == 3
    assert feed["last_status"] == 200 and feed["last_error"] is None
    assert feed["consecutive_failures"] == 0 and feed["next_due"] and feed["last_success"]
    (failing,) = by_id["ru1"]["feeds"]
    assert failing["last_error"] == "HTTP 404 Not Found" and failing["consecutive_failures"] == 1
    assert failing["last_success"] is None
    text = run_monitor(db_url, registry, "status")
    assert "HTTP 404 Not Found" in text.stdout and good in text.stdout
    assert "times UTC" in text.stderr  # the text form says which clock its times are on
