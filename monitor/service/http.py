"""`/healthz` and `/metrics` on a small threaded WSGI server (stdlib `wsgiref`).

`/healthz` answers 200 with a JSON body when the service does its job and 503 when it does not:
the database must answer, and an active service must hold the lock and have its scheduler
running. A standby service (another one holds the lock) is healthy: standing by is its job.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import make_wsgi_app
from sqlalchemy import Engine, select, text

from monitor.db.engine import session_scope
from monitor.db.models import JobRun
from monitor.service.jobs import JOB_IDS
from monitor.service.lock import SchedulerLock
from monitor.service.metrics import ServiceMetrics
from monitor.service.scheduler import JobScheduler

log = logging.getLogger("monitor.serve")


@dataclass
class ServiceState:
    """What the HTTP thread may look at; the main thread updates `role` and `scheduler`."""

    engine: Engine
    lock: SchedulerLock
    role: str = "starting"  # starting | standby | active | stopping
    scheduler: JobScheduler | None = None

    @property
    def active(self) -> bool:
        return self.role == "active"


def health(state: ServiceState) -> tuple[int, dict[str, Any]]:
    body: dict[str, Any] = {"role": state.role}
    try:
        with state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        body["database"] = {"reachable": True}
    except Exception as exc:
        body["database"] = {"reachable": False, "error": f"{exc.__class__.__name__}: {exc}"[:300]}
    sched = state.scheduler
    running = sched is not None and sched.running
    next_runs = sched.next_runs() if sched is not None and running else {}
    body["scheduler"] = {"running": running, "next_runs": next_runs}
    held = state.active and state.lock.still_held()
    body["lock"] = {"held": held, "kind": state.lock.kind}
    if body["database"]["reachable"]:
        body["last_runs"] = _last_runs(state.engine)
    problems = []
    if not body["database"]["reachable"]:
        problems.append("database unreachable")
    if state.active and not running:
        problems.append("scheduler not running")
    if state.active and not held:
        problems.append("scheduler lock lost")
    if state.role == "stopping":
        problems.append("stopping")
    body["status"] = "unhealthy" if problems else "ok"
    if problems:
        body["problems"] = problems
    return (503 if problems else 200), body


def _last_runs(engine: Engine) -> dict[str, Any]:
    runs: dict[str, Any] = {}
    with session_scope(engine) as session:
        for job in JOB_IDS:
            row = session.scalars(
                select(JobRun).where(JobRun.job == job).order_by(JobRun.id.desc()).limit(1)
            ).first()
            if row is not None:
                runs[job] = {
                    "started": row.started_at.isoformat(),
                    "finished": row.finished_at.isoformat() if row.finished_at else None,
                    "ok": row.ok,
                    "summary": row.summary,
                }
    return runs


def make_app(state: ServiceState, metrics: ServiceMetrics) -> Callable[..., Iterable[bytes]]:
    metrics_app = make_wsgi_app(metrics.registry)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            return metrics_app(environ, start_response)  # type: ignore[no-any-return]
        if path == "/healthz":
            try:
                status, body = health(state)
            except Exception as exc:  # the probe must answer even when the check breaks
                status, body = 503, {"status": "unhealthy", "problems": [repr(exc)]}
            payload = json.dumps(body).encode()
            reason = "OK" if status == 200 else "Service Unavailable"
            start_response(
                f"{status} {reason}",
                [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
            )
            return [payload]
        payload = b"not found: try /healthz or /metrics\n"
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [payload]

    return app


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    # A slow /metrics scrape must not hold up the health probe; threads die with the service.
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug("http: " + format, *args)


class HealthServer:
    """Serves the app from a daemon thread; `port` is the bound one (useful with port 0)."""

    def __init__(self, host: str, port: int, app: Callable[..., Iterable[bytes]]) -> None:
        self._server = make_server(
            host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        self.host = host
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="monitor-http", daemon=True
        )

    def start(self) -> HealthServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
