"""The jobs the scheduler runs: crawl, classify, report.

Each job is a module-level function taking only simple keyword arguments (settings overrides),
because APScheduler pickles a reference to it into the job store in the database: a closure or a
bound method could not be restored after a restart. The function builds its own `Settings` and
engine, records one `JobRun` row (started, finished, ok, summary) and logs one summary line on the
logger named after the stage (`monitor.crawl`, ...). A job never raises: a failure is a recorded
`ok=False` run, so the scheduler keeps going and `/healthz` can show it.

Crawls run as a subprocess (`python -m monitor crawl --due --quiet`): Scrapy's Twisted reactor
cannot restart in one process, and a subprocess isolates memory growth and crashes and can be
killed when it overruns `crawl_timeout_seconds`. Classify and report run in process; their stage
modules are imported lazily and a missing stage is a logged skip, not an error (the hook).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import IO, Any

from sqlalchemy import Engine, select, update

from monitor.db.engine import make_engine, session_scope
from monitor.db.errors import database_problem
from monitor.db.models import JobRun, Report
from monitor.logs import JsonFormatter
from monitor.settings import Settings

JOB_IDS = ("crawl", "classify", "report")
REPORT_FORMATS = ("html", "md", "json")
# A crawl asked to stop gets this long to finish its current writes before SIGKILL.
TERMINATE_GRACE_SECONDS = 10.0

# Crawl subprocesses running in this process, so that a shutdown can stop them instead of
# waiting up to crawl_timeout_seconds. Process-local state on purpose: a child belongs to the
# process that started it.
_children: set[subprocess.Popen[str]] = set()
_children_lock = threading.Lock()


@dataclass(frozen=True)
class JobResult:
    """What one run of a job did; also returned to the scheduler's listeners (metrics)."""

    job: str
    started: datetime
    finished: datetime
    ok: bool
    summary: str

    @property
    def duration(self) -> float:
        return (self.finished - self.started).total_seconds()


def crawl_job(**overrides: Any) -> JobResult:
    return _run("crawl", overrides, _crawl)


def classify_job(**overrides: Any) -> JobResult:
    return _run("classify", overrides, _classify)


def report_job(**overrides: Any) -> JobResult:
    return _run("report", overrides, _report)


JOBS: dict[str, Callable[..., JobResult]] = {
    "crawl": crawl_job,
    "classify": classify_job,
    "report": report_job,
}


def _run(
    job: str, overrides: dict[str, Any], body: Callable[[Settings, Engine], tuple[bool, str]]
) -> JobResult:
    log = logging.getLogger(f"monitor.{job}")
    settings = Settings(**overrides)
    engine = make_engine(settings.database_url)
    started = datetime.now(UTC)
    run_id: int | None = None
    try:
        run_id = _record_start(engine, job, started)
        try:
            ok, summary = body(settings, engine)
        except Exception as exc:  # a job must not kill the scheduler; the row says what broke
            log.exception("%s failed", job)
            ok, summary = False, f"{exc.__class__.__name__}: {exc}"
        finished = datetime.now(UTC)
        summary = summary[:2000]
        _record_finish(engine, run_id, finished, ok, summary)
    except Exception as exc:  # the database itself is unreachable (or has no schema yet)
        finished = datetime.now(UTC)
        # One line with the fix (e.g. run `monitor db upgrade`), not SQLAlchemy's multi-line
        # message with the statement and its parameters.
        ok, summary = False, f"cannot record the run: {database_problem(exc)}"
    finally:
        engine.dispose()
    result = JobResult(job, started, finished, ok, summary)
    log.log(
        logging.INFO if ok else logging.WARNING,
        "%s %s in %.1fs: %s",
        job,
        "ok" if ok else "FAILED",
        result.duration,
        summary,
    )
    return result


def _record_start(engine: Engine, job: str, started: datetime) -> int:
    with session_scope(engine) as session:
        row = JobRun(job=job, started_at=started)
        session.add(row)
        session.flush()
        return row.id


def _record_finish(engine: Engine, run_id: int, finished: datetime, ok: bool, summary: str) -> None:
    with session_scope(engine) as session:
        session.execute(
            update(JobRun)
            .where(JobRun.id == run_id)
            .values(finished_at=finished, ok=ok, summary=summary)
        )


# --- crawl -------------------------------------------------------------------------------------


def crawl_command(settings: Settings) -> list[str]:
    """The crawl subprocess; it logs in the service's format so that the log stream is uniform."""
    if settings.crawl_command:
        return list(settings.crawl_command)
    fmt = "json" if _logging_json() else "text"
    return [sys.executable, "-m", "monitor", "--log-format", fmt, "crawl", "--due", "--quiet"]


def _logging_json() -> bool:
    return any(isinstance(h.formatter, JsonFormatter) for h in logging.getLogger().handlers)


def _crawl(settings: Settings, engine: Engine) -> tuple[bool, str]:
    if settings.redis_url:
        # Scale-out: push due feeds to the Redis frontier; `monitor worker`s crawl them.
        from monitor.service.dispatch import dispatch_crawl

        return dispatch_crawl(settings, engine)
    command = crawl_command(settings)
    # The same environment, plus the database actually in use (it may be an override).
    env = {**os.environ, "MONITOR_DATABASE_URL": settings.database_url}
    # A new session makes the crawl and anything it starts one process group to stop together.
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        env=env,
        start_new_session=True,
    )
    out_lines: list[str] = []
    err_tail: deque[str] = deque(maxlen=200)
    # The crawl's stderr (its log lines, in the service's format) is relayed to the service's
    # stderr as it comes, so one log stream shows both; its tail and stdout give the summary.
    readers = [
        threading.Thread(target=_pump, args=(proc.stdout, out_lines, None), daemon=True),
        threading.Thread(target=_pump, args=(proc.stderr, err_tail, sys.stderr), daemon=True),
    ]
    for reader in readers:
        reader.start()
    with _children_lock:
        _children.add(proc)
    timed_out = False
    try:
        try:
            proc.wait(timeout=settings.crawl_timeout_seconds)
        except subprocess.TimeoutExpired:
            timed_out = True
            _stop_group(proc)
            proc.wait()
    finally:
        with _children_lock:
            _children.discard(proc)
        for reader in readers:
            reader.join(timeout=10)
    if timed_out:
        return False, f"timed out after {settings.crawl_timeout_seconds:g}s and was killed"
    last = _summary_line(out_lines, list(err_tail))
    if proc.returncode < 0:
        return False, f"killed by signal {-proc.returncode}" + (f": {last}" if last else "")
    summary = f"exit {proc.returncode}" + (f": {last}" if last else "")
    return proc.returncode == 0, summary


def _pump(stream: IO[str] | None, keep: Any, relay: IO[str] | None) -> None:
    if stream is None:
        return
    with stream:
        for line in stream:
            keep.append(line.rstrip("\n"))
            if relay is None:
                continue
            if _logging_json() and not line.startswith("{"):
                # Plain lines of the crawl (its summary is click output, not a log record)
                # must not break a JSON log stream: wrap them as records of the crawl logger.
                logging.getLogger("crawl").info(line.rstrip("\n"))
                continue
            relay.write(line)
            relay.flush()


def _summary_line(out_lines: list[str], err_lines: list[str]) -> str:
    """The crawl verb prints `crawl: N feeds, ...` on stderr; else the last line it printed."""
    for line in reversed(err_lines):
        if line.startswith("crawl:"):
            return line.strip()
    for lines in (out_lines, err_lines):
        for line in reversed(lines):
            if line.strip():
                return line.strip()
    return ""


def _stop_group(proc: subprocess.Popen[str]) -> None:
    """SIGTERM the crawl's process group, then SIGKILL what is left after a grace period."""
    for sig, wait in ((signal.SIGTERM, TERMINATE_GRACE_SECONDS), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        if wait is None:
            return
        deadline = time.monotonic() + wait
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        if proc.poll() is not None:
            return


def stop_running_crawls() -> int:
    """Stop crawl subprocesses (on service shutdown); crawls are idempotent, a rerun catches up."""
    with _children_lock:
        running = [p for p in _children if p.poll() is None]
    for proc in running:
        _stop_group(proc)
    return len(running)


# --- classify and report: in process, lazily imported hooks ------------------------------------


def stage_entry(module: str, name: str) -> Callable[..., Any] | None:
    """The stage's entry point, or None while that stage is not built yet (the hook).

    A missing module, or one without the entry point (an empty namespace package in a
    checkout), means "not built": the job logs a skip. An error raised while importing a module
    that does exist is a real failure and surfaces.
    """
    try:
        if importlib.util.find_spec(module) is None:
            return None
    except ModuleNotFoundError:  # a missing parent package
        return None
    entry = getattr(importlib.import_module(module), name, None)
    return entry if callable(entry) else None


def _classify(settings: Settings, engine: Engine) -> tuple[bool, str]:
    run_classify = stage_entry("monitor.classify", "run_classify")
    if run_classify is None:
        return True, "skipped: monitor.classify.run_classify is not available yet"
    count = run_classify(engine, settings)
    return True, f"{count} articles classified"


def _report(settings: Settings, engine: Engine) -> tuple[bool, str]:
    run_report = stage_entry("reports", "run_report")
    if run_report is None:
        return True, "skipped: reports.run_report is not available yet"
    paths = [str(run_report(engine, settings, None, fmt, None)) for fmt in REPORT_FORMATS]
    return True, "wrote " + ", ".join(paths)


def last_complete_week(settings: Settings, now: datetime | None = None) -> str:
    """ISO week (e.g. 2026-W47) before the current one in the report time zone."""
    today = (now or datetime.now(UTC)).astimezone(settings.tz).date()
    year, week, _ = (today - timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def report_due(engine: Engine, settings: Settings) -> bool:
    """The weekly report is due when last week's HTML report is not archived yet."""
    week = last_complete_week(settings)
    with session_scope(engine) as session:
        found = session.execute(
            select(Report.id).where(Report.iso_week == week, Report.format == "html")
        ).first()
    return found is None
