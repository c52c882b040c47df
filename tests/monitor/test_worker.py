"""Scale-out end to end: three `monitor worker` processes on one Redis frontier and one
PostgreSQL crawl a generated site of 50 feeds and 2,000 article pages on loopback.

Every article is stored exactly once and every URL fetched exactly once; a worker killed with
SIGKILL mid-crawl loses nothing (the others take back its leased requests); SIGTERM stops a
worker cleanly. PostgreSQL only: several writer processes are what SQLite is not for.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from monitor.db.engine import make_engine
from monitor.db.models import Article, Classification, FetchLog, JobRun
from tests.spiders.test_sitemap import index, urlset
from tests.support.crawling import REPO, monitor_cmd, monitor_env, write_registry
from tests.support.fixturesite import FixtureSite
from tests.support.httpserver import FixtureServer
from tests.support.redisdb import RedisTarget

FEEDS, ITEMS = 50, 40  # 2,000 article pages
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]


@pytest.fixture
def site(request: pytest.FixtureRequest) -> Iterator[FixtureSite]:
    delay = getattr(request, "param", 0.0)
    server = FixtureSite(feeds=FEEDS, items=ITEMS, hosts=8, delay=delay).start()
    yield server
    server.stop()


class Cluster:
    """The registry, the environment and the worker processes of one test."""

    def __init__(self, db_url: str, redis: RedisTarget, site: FixtureSite, tmp: Path) -> None:
        sources = [
            {"id": f"out{n}", "country": "KZ" if n % 2 else "RU", "feeds": []} for n in range(10)
        ]
        for n, url in enumerate(site.feed_urls()):
            sources[n % 10]["feeds"].append((url, "ru"))
        registry = write_registry(tmp / "registry.toml", [s for s in sources if s["feeds"]])
        self.env = monitor_env(
            db_url,
            registry,
            MONITOR_REDIS_URL=redis.url,
            MONITOR_REDIS_PREFIX=redis.prefix,
            MONITOR_WORKER_HEARTBEAT_SECONDS="2",
        )
        self.engine: Engine = make_engine(db_url)
        self.workers: dict[str, subprocess.Popen[str]] = {}
        self.redis = redis

    def dispatch(self) -> str:
        done = subprocess.run(
            monitor_cmd("worker", "dispatch"),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self, name: str) -> None:
        self.workers[name] = subprocess.Popen(
            monitor_cmd("worker", "--id", name),
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )

    def count(self, *where: object) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count(Article.id)).where(*where)).scalar_one())

    def wait_for(self, done: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.count(Article.text_status == "ok") < done:
            for name, proc in self.workers.items():
                if proc.poll() is not None and proc.returncode != -signal.SIGKILL:
                    pytest.fail(f"worker {name} exited {proc.returncode}: {proc.stderr.read()}")  # type: ignore[union-attr]
            if time.monotonic() > deadline:
                pytest.fail(f"only {self.count(Article.text_status == 'ok')} of {done} pages")
            time.sleep(0.3)

    def settle(self, done: int, timeout: float) -> list[str]:
        """Wait for `done` pages; whenever the frontier drains short of it, dispatch again as
        the scheduler's next tick would (it re-queues pages stored as pending but never queued:
        a kill between a feed's commit and the push of its pages)."""
        sweeps: list[str] = []
        deadline = time.monotonic() + timeout
        while self.count(Article.text_status == "ok") < done:
            if time.monotonic() > deadline:
                pytest.fail(f"only {self.count(Article.text_status == 'ok')} of {done}: {sweeps}")
            if self.idle():
                time.sleep(0.5)
                if self.idle() and self.count(Article.text_status == "ok") < done:
                    sweeps.append(self.dispatch())
            time.sleep(0.3)
        return sweeps

    def idle(self) -> bool:
        keys = self.redis.keys()
        return not any(k.endswith((":requests", ":start")) or ":leases:" in k for k in keys)

    def stop_all(self) -> dict[str, str]:
        outputs = {}
        for proc in self.workers.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for name, proc in self.workers.items():
            out, err = proc.communicate(timeout=60)
            if proc.returncode != -signal.SIGKILL:
                assert proc.returncode == 0, f"{name}: {err[-2000:]}"
            outputs[name] = out
        return outputs


@pytest.fixture
def cluster(db_url: str, redis_target: RedisTarget, site: FixtureSite, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = Cluster(db_url, redis_target, site, tmp_path)
    yield made
    for proc in made.workers.values():
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    made.engine.dispose()


def _assert_stored_once(cluster: Cluster, site: FixtureSite) -> None:
    with cluster.engine.connect() as conn:
        urls = list(conn.execute(select(Article.url)).scalars())
        statuses = {
            status: n
            for status, n in conn.execute(
                select(Article.text_status, func.count()).group_by(Article.text_status)
            )
        }
    assert sorted(urls) == sorted(site.article_urls())  # each article once, none missing
    assert statuses == {"ok": FEEDS * ITEMS}


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_three_workers_fetch_each_url_once(cluster: Cluster, site: FixtureSite) -> None:
    assert "dispatched 50 feeds" in cluster.dispatch()
    for name in ("w1", "w2", "w3"):
        cluster.start(name)
    cluster.wait_for(FEEDS * ITEMS, timeout=150)
    outputs = cluster.stop_all()
    _assert_stored_once(cluster, site)
    hits = site.page_hits()
    assert set(hits) == set(site.feed_urls()) | set(site.article_urls())
    assert max(hits.values()) == 1, [u for u, n in hits.items() if n > 1][:5]
    # The work was shared: every worker extracted pages (each prints its own count).
    for name, out in outputs.items():
        extracted = int(out.split(" pages extracted")[0].rsplit(" ", 1)[1])
        assert extracted > 0, f"{name} did nothing: {out}"
    # A clean stop leaves nothing in flight, and no worker registered.
    assert cluster.idle()
    assert not any(":alive:" in k or ":claims:" in k for k in cluster.redis.keys())
    assert cluster.redis.client.hlen(f"{cluster.redis.prefix}:workers") == 0


@pytest.mark.parametrize("site", [0.01], indirect=True)  # slow pages: requests in flight
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_killed_worker_loses_nothing(cluster: Cluster, site: FixtureSite) -> None:
    cluster.dispatch()
    for name in ("w1", "w2", "w3"):
        cluster.start(name)
    cluster.wait_for(FEEDS * ITEMS // 4, timeout=120)
    held = cluster.redis.client.zcard(f"{cluster.redis.prefix}:frontier:leases:w2")
    cluster.workers["w2"].kill()  # SIGKILL: no chance to hand anything back
    sweeps = cluster.settle(FEEDS * ITEMS, timeout=150)
    cluster.stop_all()
    _assert_stored_once(cluster, site)
    stats = cluster.redis.client.hgetall(f"{cluster.redis.prefix}:stats")
    requeued = int(stats.get(b"requeued", 0))
    assert requeued >= 1 and held >= 1, (held, stats)  # the kill hit requests in flight
    assert len(sweeps) <= 1, sweeps
    hits = site.page_hits()
    assert set(hits) == set(site.feed_urls()) | set(site.article_urls())
    # Fetched twice only if w2 died after the download and before the store: at most its
    # in-flight requests (CONCURRENT_REQUESTS = 16), all re-queued from its lease.
    twice = [u for u, n in hits.items() if n > 1]
    assert max(hits.values()) <= 2 and len(twice) <= min(requeued, 16), twice
    with cluster.engine.connect() as conn:
        feed_fetches = conn.execute(select(func.count(FetchLog.id))).scalar_one()
    assert FEEDS <= feed_fetches <= FEEDS + 16


@pytest.fixture
def small_site() -> Iterator[FixtureSite]:
    server = FixtureSite(feeds=6, items=5, hosts=3).start()
    yield server
    server.stop()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_serve_once_dispatches_to_two_workers_then_classifies(
    db_url: str, redis_target: RedisTarget, small_site: FixtureSite, tmp_path: Path
) -> None:
    """The cron path of docs/scale-out.md as a user runs it: `monitor serve --once` with
    MONITOR_REDIS_URL set pushes the due feeds to Redis instead of crawling, two real workers
    crawl and store them, and the next `serve --once` tick classifies what they stored."""
    cluster = Cluster(db_url, redis_target, small_site, tmp_path)
    cluster.env["MONITOR_REPORTS_DIR"] = str(tmp_path / "reports")
    feeds, pages = len(small_site.feed_urls()), len(small_site.article_urls())

    def serve_once() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            monitor_cmd("serve", "--once"),
            env=cluster.env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
        )

    try:
        for name in ("w1", "w2"):
            cluster.start(name)
        workers = f"{redis_target.prefix}:workers"
        deadline = time.monotonic() + 30
        while redis_target.client.hlen(workers) < 2:  # registered: the dispatch sees them alive
            assert time.monotonic() < deadline, "workers did not register"
            time.sleep(0.2)
        first = serve_once()
        with cluster.engine.connect() as conn:
            runs = {
                job: (ok, summary)
                for job, ok, summary in conn.execute(
                    select(JobRun.job, JobRun.ok, JobRun.summary).order_by(JobRun.id)
                )
            }
        assert first.returncode == 0 and runs["crawl"][0], (runs, first.stderr[-2000:])
        assert runs["crawl"][1].startswith(f"dispatched {feeds} feeds"), runs["crawl"]
        assert "2 live workers" in runs["crawl"][1], runs["crawl"]
        cluster.wait_for(pages, timeout=60)
        second = serve_once()
        assert second.returncode == 0, second.stderr[-2000:]
        outputs = cluster.stop_all()
        _assert_stored_once_of(cluster, small_site, pages)
        hits = small_site.page_hits()
        assert set(hits) == set(small_site.feed_urls()) | set(small_site.article_urls())
        assert max(hits.values()) == 1, [u for u, n in hits.items() if n > 1][:5]
        assert (
            sum(int(o.split(" pages extracted")[0].rsplit(" ", 1)[1]) for o in outputs.values())
            == pages
        )
        with cluster.engine.connect() as conn:
            classified = conn.execute(select(func.count(Classification.article_id))).scalar_one()
            jobs = list(conn.execute(select(JobRun.job, JobRun.ok).order_by(JobRun.id)))
        assert classified == pages  # the second tick classified everything the workers stored
        assert [j for j, _ in jobs].count("crawl") == 2 and all(
            ok for j, ok in jobs if j != "report"
        )
    finally:
        for proc in cluster.workers.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        cluster.engine.dispose()


def _assert_stored_once_of(cluster: Cluster, site: FixtureSite, pages: int) -> None:
    with cluster.engine.connect() as conn:
        urls = list(conn.execute(select(Article.url)).scalars())
        ok = conn.execute(
            select(func.count(Article.id)).where(Article.text_status == "ok")
        ).scalar_one()
    assert sorted(urls) == sorted(site.article_urls())
    assert ok == pages


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_worker_backfills_news_sitemaps(
    db_url: str, redis_target: RedisTarget, http_server: FixtureServer, tmp_path: Path
) -> None:
    """`monitor worker dispatch --sitemaps --since --until` (the documented backfill): a worker
    follows the index to the sitemaps inside the window and stores their pages' text."""
    base = http_server.url("")
    xml = {"Content-Type": "application/xml"}
    page = "<html><body><article><h1>{0}</h1>" + "<p>{0}: министерство сообщило о мерах.</p>" * 4
    http_server.add("/n/1", page.format("В окне") + "</article></body></html>")
    http_server.add("/n/3", page.format("Из второго") + "</article></body></html>")
    http_server.add(
        "/news-1.xml",
        urlset(
            base, [("/n/1", "2026-11-20T10:00:00+03:00", "В окне"), ("/n/2", "2026-11-25", "После")]
        ),
        headers=xml,
    )
    http_server.add(
        "/news-2.xml", urlset(base, [("/n/3", "2026-11-21", "Из второго")]), headers=xml
    )
    http_server.add("/old.xml", urlset(base, [("/n/old", "2025-01-01", "Old")]), headers=xml)
    sitemap = http_server.add(
        "/sitemap.xml",
        index(
            [
                (f"{base}/news-1.xml", "2026-11-25"),
                (f"{base}/news-2.xml", "2026-11-21"),
                (f"{base}/old.xml", "2025-01-02"),
            ]
        ),
        headers=xml,
    )
    feed = http_server.add("/rss.xml", "unused", headers=xml)
    registry = write_registry(
        tmp_path / "r.toml", [{"id": "s", "feeds": [(feed, "ru")], "sitemaps": [sitemap]}]
    )
    env = monitor_env(
        db_url,
        registry,
        MONITOR_REDIS_URL=redis_target.url,
        MONITOR_REDIS_PREFIX=redis_target.prefix,
        MONITOR_WORKER_HEARTBEAT_SECONDS="2",
    )
    engine = make_engine(db_url)
    proc = subprocess.Popen(
        monitor_cmd("worker", "--id", "w1"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        done = subprocess.run(
            monitor_cmd(
                "worker", "dispatch", "--sitemaps", "--since", "2026-11-15", "--until", "2026-11-22"
            ),
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
        )
        assert done.returncode == 0, done.stderr
        assert "dispatched 0 feeds, 1 sitemaps" in done.stdout, done.stdout
        query = select(Article.url, Article.title, Article.text_status).order_by(Article.url)
        deadline = time.monotonic() + 30
        while True:
            with engine.connect() as conn:
                rows = [(u.removeprefix(base), t, s) for u, t, s in conn.execute(query)]
            if [s for *_, s in rows] == ["ok", "ok"] or time.monotonic() > deadline:
                break
            assert proc.poll() is None, proc.communicate()[1][-2000:]
            time.sleep(0.3)
        assert rows == [("/n/1", "В окне", "ok"), ("/n/3", "Из второго", "ok")]
        assert http_server.hits("/old.xml") == []  # its lastmod is before --since
        assert http_server.hits("/rss.xml") == []  # a backfill does not touch the feeds
        assert http_server.hits("/n/2") == []  # after --until
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err[-2000:]
        assert "2 pages extracted" in out, out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        engine.dispose()
