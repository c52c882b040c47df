"""APScheduler 3 with its job store in the project's own database.

Three jobs with fixed ids: `crawl` every `crawl_interval_minutes`, `classify` right after each
crawl (and on the same interval as a fallback), `report` on `report_cron` in `report_timezone`.
Jobs are (re)registered on every start with `replace_existing=True`, so a restart never doubles
them; a job whose trigger did not change keeps its stored next run time, so a restart never
loses a due run either (a run missed while the service was down fires once on start, coalesced,
if within the misfire grace time). `max_instances=1`: a slow crawl is never overlapped by the
next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import psycopg
from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    JobExecutionEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.exc import SQLAlchemyError

from monitor.db.comments import apply_comments
from monitor.db.engine import make_engine
from monitor.service.jobs import JobResult, classify_job, crawl_job, report_job
from monitor.settings import Settings

log = logging.getLogger("monitor.serve")
JOBSTORE_TABLE = "apscheduler_jobs"


class JobScheduler:
    """The background scheduler of one active service.

    `overrides` are settings given explicitly to the service (tests use them); they are stored
    with the jobs in the database, so they must never hold secrets. In production they are empty
    and every job reads its settings from the environment of the process that runs it.
    """

    def __init__(
        self,
        settings: Settings,
        overrides: dict[str, Any] | None = None,
        on_result: Callable[[JobResult], None] | None = None,
    ) -> None:
        self.settings = settings
        self.overrides = dict(overrides or {})
        self.on_result = on_result
        # Its own engine: the job store disposes of it on shutdown.
        self._store_engine = make_engine(settings.database_url)
        self._scheduler = BackgroundScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(engine=self._store_engine, tablename=JOBSTORE_TABLE)
            },
            # Three workers: a long crawl must not delay the weekly report.
            executors={"default": ThreadPoolExecutor(max_workers=3)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": settings.misfire_grace_seconds,
            },
            timezone=settings.tz,
        )
        self._scheduler.add_listener(
            self._on_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED
        )

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    def triggers(self) -> dict[str, tuple[Callable[..., JobResult], BaseTrigger, int]]:
        s = self.settings
        every = IntervalTrigger(minutes=s.crawl_interval_minutes, timezone=s.tz)
        return {
            "crawl": (crawl_job, every, s.misfire_grace_seconds),
            "classify": (classify_job, every, s.misfire_grace_seconds),
            "report": (
                report_job,
                CronTrigger.from_crontab(s.report_cron, timezone=s.tz),
                s.report_misfire_grace_seconds,
            ),
        }

    def start(self) -> None:
        # Paused first: read what the store already holds before (re)registering the jobs.
        self._scheduler.start(paused=True)
        self._comment_job_store()
        stored = {job.id: job for job in self._scheduler.get_jobs()}
        now = datetime.now(self.settings.tz)
        for job_id, (func, trigger, grace) in self.triggers().items():
            options: dict[str, Any] = {}
            old = stored.get(job_id)
            if old is not None and str(old.trigger) == str(trigger) and old.next_run_time:
                options["next_run_time"] = old.next_run_time  # a restart keeps its place
            elif job_id == "crawl":
                options["next_run_time"] = now  # a new or re-timed service crawls at once
            self._scheduler.add_job(
                func,
                trigger,
                id=job_id,
                name=job_id,
                kwargs=self.overrides,
                replace_existing=True,
                misfire_grace_time=grace,
                **options,
            )
        self._scheduler.resume()
        log.info(
            "scheduler started: %s",
            ", ".join(f"{j.id} next {j.next_run_time:%Y-%m-%d %H:%M:%S %Z}" for j in self.jobs()),
        )

    def _comment_job_store(self) -> None:
        """Describe the job store table APScheduler has just created (PostgreSQL only).

        Only a courtesy to analysts listing tables: a role that may not comment (not the
        table's owner) logs a warning and the service goes on.
        """
        try:
            with self._store_engine.begin() as conn:
                apply_comments(conn)
        except (SQLAlchemyError, psycopg.Error) as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            log.warning("could not comment the job store table: %s", first_line)

    def jobs(self) -> list[Any]:
        return list(self._scheduler.get_jobs())

    def next_runs(self) -> dict[str, str | None]:
        return {j.id: j.next_run_time.isoformat() if j.next_run_time else None for j in self.jobs()}

    def shutdown(self, wait: bool = True) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=wait)
        self._store_engine.dispose()

    def _on_event(self, event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            log.warning(
                "%s missed its run at %s (beyond the grace time)",
                event.job_id,
                event.scheduled_run_time,
            )
            return
        if event.code == EVENT_JOB_ERROR:  # jobs catch their own errors; this is a bug
            log.error("%s raised: %r", event.job_id, event.exception)
            return
        result = event.retval
        if isinstance(result, JobResult) and self.on_result is not None:
            self.on_result(result)
        if event.job_id == "crawl" and self._scheduler.running:
            # Classify what the crawl just stored, now rather than at the next interval.
            try:
                self._scheduler.modify_job("classify", next_run_time=datetime.now(UTC))
            except Exception:
                log.exception("could not start classify after the crawl")
