"""`monitor serve` as a real process: standby, takeover, SIGTERM, --once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select

from monitor.db.models import JobRun
from monitor.service.lock import scheduler_lock
from tests.monitor.service.conftest import FAKE_CRAWL, REPO, ServeProcess


def _healthz(port: int) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_second_serve_stands_by_then_takes_over(
    db_url: str, engine: Engine, serve_process: Callable[..., ServeProcess]
) -> None:
    first = serve_process(db_url)
    first.wait_for(r"acquired the scheduler lock .*: active")
    second = serve_process(db_url)
    second.wait_for(r"standing by")
    first.wait_for(r"crawl ok")  # the first one does schedule and run jobs

    status, body = _healthz(second.port())
    assert status == 200
    assert body["role"] == "standby"
    assert body["lock"]["held"] is False
    assert body["scheduler"]["running"] is False
    status, body = _healthz(first.port())
    assert (status, body["role"], body["lock"]["held"]) == (200, "active", True)
    assert body["scheduler"]["running"] is True
    assert body["last_runs"]["crawl"]["ok"] is True
    assert "acquired the scheduler lock" not in second.log

    # SIGTERM: clean exit 0, lock released, and the standby takes over.
    assert first.terminate() == 0
    assert "stopped; scheduler lock released" in first.log
    second.wait_for(r"acquired the scheduler lock .*: active")
    assert second.terminate() == 0

    lock = scheduler_lock(db_url)
    try:
        assert lock.try_acquire(), "the lock must be free once both services stopped"
    finally:
        lock.release()
    with engine.connect() as conn:
        crawls = conn.execute(select(JobRun.ok).where(JobRun.job == "crawl")).scalars().all()
    # The first service crawled at once; the one that took over kept the stored schedule
    # (next crawl an hour away) instead of crawling again: the job store is shared.
    assert crawls == [True]


def test_no_standby_exits_1_with_a_clear_message(
    db_url: str, serve_process: Callable[..., ServeProcess]
) -> None:
    first = serve_process(db_url)
    first.wait_for(r": active")
    second = serve_process(db_url, "--no-standby")
    assert second.proc.wait(timeout=30) == 1
    second.terminate()
    assert "another `monitor serve` is active on this database" in second.log
    assert first.terminate() == 0


def test_sigint_is_a_clean_stop_too(
    db_url: str, serve_process: Callable[..., ServeProcess]
) -> None:
    proc = serve_process(db_url)
    proc.wait_for(r": active")
    proc.proc.send_signal(signal.SIGINT)
    assert proc.proc.wait(timeout=30) == 0
    proc.terminate()
    assert "KeyboardInterrupt" not in proc.log
    assert proc.lines[-1].endswith("stopped; scheduler lock released")


def test_sigterm_stops_a_running_crawl(
    db_url: str, engine: Engine, serve_process: Callable[..., ServeProcess]
) -> None:
    slow = json.dumps(["sleep", "60"])
    proc = serve_process(db_url, env={"MONITOR_CRAWL_COMMAND": slow})
    proc.wait_for(r": active")
    with engine.connect() as conn:  # wait until the crawl is under way
        for _ in range(100):
            if conn.execute(select(JobRun.id).where(JobRun.job == "crawl")).first():
                break
            time.sleep(0.1)
    assert proc.terminate(timeout=20) == 0
    assert "stopped 1 running crawl(s)" in proc.log
    with engine.connect() as conn:
        row = conn.execute(select(JobRun.ok, JobRun.summary).where(JobRun.job == "crawl")).one()
    assert row.ok is False and row.summary == "killed by signal 15"


def test_once_runs_the_jobs_and_exits(db_url: str, engine: Engine) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update(
        PYTHONPATH=str(REPO),
        MONITOR_DATABASE_URL=db_url,
        MONITOR_CRAWL_COMMAND=json.dumps(FAKE_CRAWL),
    )
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "--log-format", "json", "serve", "--once"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    with engine.connect() as conn:
        jobs = conn.execute(select(JobRun.job, JobRun.ok).order_by(JobRun.id)).all()
    assert [j for j, _ in jobs][:2] == ["crawl", "classify"]
    assert jobs[0].ok is True
    # classify/report are whatever stages are installed; the exit code must reflect them.
    assert done.returncode == (0 if all(ok for _, ok in jobs) else 1), done.stderr
    # JSON logs: every line an object; each job logs one summary line on its stage's logger.
    records = [json.loads(line) for line in done.stderr.splitlines() if line.strip()]
    summaries = {r["logger"]: r["message"] for r in records if " in " in r["message"]}
    assert summaries["monitor.crawl"].startswith("crawl ok in ")
    assert summaries["monitor.crawl"].endswith("exit 0: fake crawl: 0 feeds due")
    assert summaries["monitor.classify"].startswith(("classify ok in ", "classify FAILED in "))
    assert sum(1 for r in records if r["logger"] == "monitor.crawl") == 1
