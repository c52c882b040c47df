"""The life of one `monitor serve` process.

1. Serve `/healthz` and `/metrics` (also while standing by, so that the probe sees the process).
2. Take the scheduler lock. If another service holds it, stand by and retry every
   `lock_poll_seconds` (a hot standby takes over within that time when the active one stops or
   dies), or, with `standby=False`, exit 1 saying who holds it.
3. Active: run the scheduler; every `lock_poll_seconds` check that the lock is still held (a
   PostgreSQL lock dies with its connection). A lost lock stops the scheduler and the service
   goes back to standby, so two schedulers never run at once.
4. On SIGTERM/SIGINT (`stop` set): stop running crawls, shut the scheduler down, release the
   lock, stop HTTP, return 0.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import Engine

from monitor.db.engine import make_engine
from monitor.service.http import HealthServer, ServiceState, make_app
from monitor.service.jobs import JOBS, JobResult, report_due, stop_running_crawls
from monitor.service.lock import SchedulerLock, scheduler_lock
from monitor.service.metrics import ServiceMetrics
from monitor.service.scheduler import JobScheduler
from monitor.settings import Settings

log = logging.getLogger("monitor.serve")


class Service:
    def __init__(
        self,
        settings: Settings,
        overrides: dict[str, Any] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.settings = settings
        self.overrides = dict(overrides or {})
        self.stop = stop or threading.Event()
        self.engine: Engine = make_engine(settings.database_url)
        self.lock: SchedulerLock = scheduler_lock(settings.database_url)
        self.state = ServiceState(engine=self.engine, lock=self.lock)
        self.metrics = ServiceMetrics(self.engine, lambda: self.state.active, settings)
        self.http: HealthServer | None = None

    def run(self, standby: bool = True) -> int:
        """Serve until `stop` is set; 0 on a clean stop, 1 when not allowed to stand by."""
        self.http = HealthServer(
            self.settings.http_host, self.settings.http_port, make_app(self.state, self.metrics)
        ).start()
        log.info(
            "http: listening on http://%s:%d (/healthz, /metrics)", self.http.host, self.http.port
        )
        try:
            while not self.stop.is_set():
                if not self._wait_for_lock(standby):
                    return 0 if self.stop.is_set() else 1
                self._run_active()
            return 0
        finally:
            self.state.role = "stopping"
            self.lock.release()
            self.http.stop()
            self.engine.dispose()
            log.info("stopped; scheduler lock released")

    def _wait_for_lock(self, standby: bool) -> bool:
        announced = False
        while not self.stop.is_set():
            if self.lock.try_acquire():
                log.info("acquired the scheduler lock (%s): active", self.lock.describe())
                return True
            if not standby:
                log.error(
                    "another `monitor serve` is active on this database (%s is held); exiting. "
                    "Run without --no-standby to wait as a hot standby.",
                    self.lock.describe(),
                )
                return False
            if not announced:
                log.info(
                    "another scheduler holds the lock (%s): standing by, retrying every %gs",
                    self.lock.describe(),
                    self.settings.lock_poll_seconds,
                )
                announced = True
            self.state.role = "standby"
            self.stop.wait(self.settings.lock_poll_seconds)
        return False

    def _run_active(self) -> None:
        scheduler = JobScheduler(self.settings, self.overrides, on_result=self.metrics.observe)
        self.state.scheduler = scheduler
        scheduler.start()
        self.state.role = "active"
        try:
            while not self.stop.wait(self.settings.lock_poll_seconds):
                if not self.lock.still_held():
                    log.error("scheduler lock lost: stopping the scheduler and standing by")
                    break
        finally:
            self.state.role = "stopping" if self.stop.is_set() else "standby"
            self._shutdown(scheduler)
            self.state.scheduler = None
            if not self.stop.is_set():
                self.lock.release()

    @staticmethod
    def _shutdown(scheduler: JobScheduler) -> None:
        """Shut the scheduler down, stopping crawl subprocesses instead of waiting for them.

        Crawls are stopped repeatedly until the shutdown is over: a crawl job that was just
        starting when the signal came registers its subprocess a moment later.
        """
        closer = threading.Thread(target=scheduler.shutdown, name="scheduler-shutdown")
        closer.start()
        stopped = 0
        while closer.is_alive():
            stopped += stop_running_crawls()
            closer.join(0.2)
        if stopped:
            log.info("stopped %d running crawl(s); the next crawl catches up", stopped)


def run_once(settings: Settings, overrides: dict[str, Any] | None = None) -> int:
    """Run crawl, classify and (when last week's is missing) the report once; for cron users.

    Holds the scheduler lock meanwhile, so it never runs beside an active service or another
    `--once`. Exit code 0 when every job succeeded, 1 otherwise.
    """
    lock = scheduler_lock(settings.database_url)
    if not lock.try_acquire():
        log.error("another scheduler is active on this database (%s); nothing run", lock.describe())
        return 1
    try:
        kwargs = dict(overrides or {})
        results: list[JobResult] = [JOBS["crawl"](**kwargs), JOBS["classify"](**kwargs)]
        engine = make_engine(settings.database_url)
        try:
            due = report_due(engine, settings)
        finally:
            engine.dispose()
        if due:
            results.append(JOBS["report"](**kwargs))
        else:
            log.info("report: last week's report is already archived; not due")
        return 0 if all(r.ok for r in results) else 1
    finally:
        lock.release()
