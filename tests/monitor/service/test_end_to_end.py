"""The service's jobs with the real stages: a real Scrapy crawl as the scheduler runs it (a
subprocess), then classify and the weekly report, through `monitor serve --once`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import Engine, func, select

from monitor.db.models import Article, JobRun, Report
from tests.support.crawling import monitor_cmd, monitor_env, write_registry
from tests.support.httpserver import FixtureServer

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Fixture</title>{items}</channel></rss>"""
ITEM = (
    "<item><title>Новость {i}: Астана и Москва</title><link>{base}/a{i}</link>"
    "<pubDate>Mon, 16 Nov 2026 10:0{i}:00 +0000</pubDate><description>Текст {i}</description></item>"
)
PAGE = (
    "<html><body><article><h1>Новость {i}</h1><p>"
    + "Президент Казахстана обсудил с Москвой сотрудничество. " * 15
    + "</p></article></body></html>"
)


def test_once_runs_a_real_crawl_then_classify_and_report(
    db_url: str, engine: Engine, http_server: FixtureServer, tmp_path: Path
) -> None:
    feed = http_server.add("/rss", "placeholder")
    base = feed.rsplit("/", 1)[0]
    items = "".join(ITEM.format(i=i, base=base) for i in range(3))
    http_server.add(
        "/rss", RSS.format(items=items), headers={"Content-Type": "application/rss+xml"}
    )
    for i in range(3):
        http_server.add(
            f"/a{i}", PAGE.format(i=i), headers={"Content-Type": "text/html; charset=utf-8"}
        )
    registry = write_registry(
        tmp_path / "sources.toml", [{"id": "lenta", "country": "RU", "feeds": [(feed, "ru")]}]
    )
    env = monitor_env(db_url, registry, MONITOR_REPORTS_DIR=str(tmp_path / "reports"))
    env.pop("MONITOR_CRAWL_COMMAND", None)  # the real `python -m monitor crawl --due --quiet`
    done = subprocess.run(
        monitor_cmd("serve", "--once"),
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
    )
    with engine.connect() as conn:
        runs = {r.job: r for r in conn.execute(select(JobRun)).all()}
        articles = conn.scalar(select(func.count()).select_from(Article))
        formats = set(conn.scalars(select(Report.format)))
    assert runs["crawl"].ok, done.stderr
    assert runs["crawl"].summary.startswith("exit 0: crawl: 1 feeds, 1 ok, 0 failed")
    assert "3 new articles" in runs["crawl"].summary
    assert articles == 3
    # Classify ran in process after the crawl, on the articles the crawl stored.
    assert runs["classify"].ok, runs["classify"].summary
    assert runs["classify"].summary == "3 articles classified"
    assert runs["classify"].started_at >= runs["crawl"].finished_at
    assert runs["report"].ok, runs["report"].summary
    assert formats == {"html", "md", "json"}
    assert done.returncode == (0 if all(r.ok for r in runs.values()) else 1)
