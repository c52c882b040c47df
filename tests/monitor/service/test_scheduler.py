"""The scheduler runs due jobs one after another, and a restart neither doubles nor loses jobs."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, column, inspect, select, table

from monitor.db.docs import LIBRARY_TABLES
from monitor.db.models import JobRun
from monitor.service.jobs import JobResult
from monitor.service.scheduler import JOBSTORE_TABLE, JobScheduler
from monitor.settings import Settings


def _runs(engine: Engine, job: str) -> list[JobRun]:
    with engine.connect() as conn:
        rows = conn.execute(select(JobRun).where(JobRun.job == job).order_by(JobRun.id)).all()
    return [r for r in rows if r.finished_at is not None]


def _wait(predicate: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_two_consecutive_due_crawls_in_one_process(
    engine: Engine, overrides: dict[str, Any]
) -> None:
    overrides["crawl_interval_minutes"] = 1.5 / 60  # a crawl every 1.5 s
    results: list[JobResult] = []
    scheduler = JobScheduler(Settings(**overrides), overrides, on_result=results.append)
    scheduler.start()
    try:
        _wait(lambda: len(_runs(engine, "crawl")) >= 2 and len(_runs(engine, "classify")) >= 2)
    finally:
        scheduler.shutdown()
    crawls = _runs(engine, "crawl")
    assert all(r.ok for r in crawls[:2])
    assert crawls[0].summary == "exit 0: fake crawl: 0 feeds due"
    # Consecutive, never overlapping (max_instances=1), and on the interval.
    assert crawls[1].started_at >= crawls[0].finished_at
    assert (crawls[1].started_at - crawls[0].started_at).total_seconds() >= 1.0
    # Classify follows each crawl: the first one starts right after the first crawl finished.
    first_classify = _runs(engine, "classify")[0]
    assert first_classify.started_at >= crawls[0].finished_at
    assert (first_classify.started_at - crawls[0].finished_at).total_seconds() < 1.0
    assert {r.job for r in results} >= {"crawl", "classify"}


def _stored_jobs(engine: Engine) -> list[tuple[str, float | None]]:
    with engine.connect() as conn:
        jobs = table(JOBSTORE_TABLE, column("id"), column("next_run_time"))
        query = select(jobs.c.id, jobs.c.next_run_time).order_by(jobs.c.id)
        return [(row[0], row[1]) for row in conn.execute(query)]


def test_restart_keeps_one_job_per_id_and_its_next_run(
    engine: Engine, overrides: dict[str, Any]
) -> None:
    overrides["crawl_interval_minutes"] = 60
    settings = Settings(**overrides)
    first = JobScheduler(settings, overrides)
    first.start()
    _wait(lambda: len(_runs(engine, "crawl")) == 1)  # a new service crawls at once
    _wait(lambda: first.next_runs()["crawl"] is not None and len(_runs(engine, "classify")) == 1)
    first.shutdown()
    before = _stored_jobs(engine)
    assert [job for job, _ in before] == ["classify", "crawl", "report"]
    if engine.dialect.name == "postgresql":  # the job store table is described like ours
        comment = inspect(engine).get_table_comment(JOBSTORE_TABLE)["text"]
        assert comment == LIBRARY_TABLES[JOBSTORE_TABLE].description

    second = JobScheduler(settings, overrides)
    second.start()
    try:
        time.sleep(0.5)
        after = _stored_jobs(engine)
    finally:
        second.shutdown()
    assert [job for job, _ in after] == ["classify", "crawl", "report"]
    # The crawl keeps its place in the schedule (about an hour away): no run lost, none added.
    assert dict(after)["crawl"] == dict(before)["crawl"]
    assert len(_runs(engine, "crawl")) == 1


def test_changed_interval_replaces_the_trigger(engine: Engine, overrides: dict[str, Any]) -> None:
    overrides["crawl_interval_minutes"] = 60
    first = JobScheduler(Settings(**overrides), overrides)
    first.start()
    first.shutdown()
    overrides["crawl_interval_minutes"] = 30
    second = JobScheduler(Settings(**overrides), overrides)
    second.start()
    try:
        triggers = {job.id: str(job.trigger) for job in second.jobs()}
    finally:
        second.shutdown()
    assert triggers["crawl"] == "interval[0:30:00]"
    assert triggers["report"].startswith("cron[")
    assert [job for job, _ in _stored_jobs(engine)] == ["classify", "crawl", "report"]
