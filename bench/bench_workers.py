"""Articles stored per second with 1, 2 and 3 crawl workers on one Redis frontier.

Same generated site for every run (tests/support/fixturesite.py on loopback, several hosts,
every response delayed by --delay seconds like a remote server), a fresh PostgreSQL schema and
a fresh Redis prefix per run. The workers are started and registered first; the clock runs
from the dispatch to the moment every page's text is stored. One worker is the baseline,
measured in the same run. Also checks that every URL was fetched exactly once.

    PYTHONPATH=$PWD python bench/bench_workers.py [--delay 0.2] [--workers 1,2,3]
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import redis
from sqlalchemy import func, select

from monitor.db.engine import make_engine
from monitor.db.migrate import upgrade
from monitor.db.models import Article
from tests.support.crawling import REPO, monitor_cmd, monitor_env, write_registry
from tests.support.databases import fresh_database
from tests.support.fixturesite import FixtureSite

REDIS_URL = "redis://127.0.0.1:6379/0"


def run(
    n_workers: int, site: FixtureSite, tmp: Path, crawl_delay: float
) -> tuple[float, int, int, int]:
    """Seconds to store every page with n workers; pages stored; URLs fetched more than once;
    the most requests one host ever served at once."""
    site.hits.clear()
    site.peak.clear()
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(REDIS_URL)
    with fresh_database("postgresql", tmp) as url:
        engine = make_engine(url)
        upgrade(engine)
        sources = [{"id": f"s{n}", "feeds": [(u, "ru")]} for n, u in enumerate(site.feed_urls())]
        env = monitor_env(
            url,
            write_registry(tmp / "registry.toml", sources),
            MONITOR_REDIS_URL=REDIS_URL,
            MONITOR_REDIS_PREFIX=prefix,
            MONITOR_CRAWL_DELAY=str(crawl_delay),
        )
        workers = [
            subprocess.Popen(
                monitor_cmd("worker", "--id", f"w{n}"), env=env, cwd=REPO, stdout=subprocess.DEVNULL
            )
            for n in range(n_workers)
        ]
        try:
            while client.hlen(f"{prefix}:workers") < n_workers:  # all up and waiting
                time.sleep(0.1)
            time.sleep(1.0)  # past their first idle check, so that none is still importing
            want = site.n_feeds * site.n_items
            started = time.perf_counter()
            subprocess.run(monitor_cmd("worker", "dispatch"), env=env, cwd=REPO, check=True,
                           capture_output=True)  # fmt: skip
            query = select(func.count(Article.id)).where(Article.text_status == "ok")
            done = 0
            while done < want:
                time.sleep(0.1)
                with engine.connect() as conn:
                    done = int(conn.execute(query).scalar_one())
            elapsed = time.perf_counter() - started
        finally:
            for proc in workers:
                proc.send_signal(signal.SIGTERM)
            for proc in workers:
                proc.wait(timeout=60)
            engine.dispose()
            for key in client.scan_iter(f"{prefix}:*"):
                client.delete(key)
            client.close()
    twice = sum(1 for n in site.page_hits().values() if n > 1)
    return elapsed, done, twice, max(site.peak.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=24)
    parser.add_argument("--items", type=int, default=25)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds per response")
    parser.add_argument("--workers", default="1,2,3")
    # 0 still means one request at a time per host (spiders/settings.py clamps it to 1 ms).
    parser.add_argument("--crawl-delay", type=float, default=0.0, help="MONITOR_CRAWL_DELAY")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    site = FixtureSite(args.feeds, args.items, args.hosts, args.delay).start()
    print(
        f"site: {args.feeds} feeds x {args.items} pages on {args.hosts} loopback hosts, "
        f"{args.delay:g} s per response; MONITOR_CRAWL_DELAY={args.crawl_delay:g}",
        file=sys.stderr,
    )
    results = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n in counts:
                results[n] = run(n, site, Path(tmp), args.crawl_delay)
                print(f"  {n} worker(s) done in {results[n][0]:.1f} s", file=sys.stderr)
    finally:
        site.stop()
    base = results[counts[0]][1] / results[counts[0]][0]
    print(
        f"{'workers':>8} {'seconds':>8} {'articles/s':>11} {'speed-up':>9} {'fetched 2x':>11}"
        f" {'peak/host':>10}"
    )
    for n in counts:
        seconds, stored, twice, peak = results[n]
        rate = stored / seconds
        print(f"{n:>8} {seconds:>8.1f} {rate:>11.1f} {rate / base:>8.2f}x {twice:>11} {peak:>10}")


if __name__ == "__main__":
    main()
