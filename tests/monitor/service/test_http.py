"""/healthz and /metrics of a running service (in process, bound to port 0)."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from monitor.db.engine import make_engine, session_scope
from monitor.db.models import Feed, Report, Source
from monitor.service.http import ServiceState, health
from monitor.service.lock import scheduler_lock
from monitor.service.runner import Service
from monitor.settings import Settings


def _get(port: int, path: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read().decode()


def _metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{name} not in /metrics")


def _seed(engine: Engine) -> None:
    with session_scope(engine) as s:
        s.add(Source(id="lenta", name="Lenta.ru", country="RU", languages=["ru"]))
        s.flush()
        s.add(Feed(source_id="lenta", url="https://lenta.ru/rss", consecutive_failures=3))
        s.add(Feed(source_id="lenta", url="https://lenta.ru/rss/2", consecutive_failures=0))
        s.add(
            Report(
                iso_week="2026-W47",
                format="html",
                content="<html></html>",
                generated_at=datetime(2026, 11, 23, 6, 0, tzinfo=UTC),
            )
        )


def test_healthz_and_metrics_of_an_active_service(
    engine: Engine, overrides: dict[str, Any]
) -> None:
    _seed(engine)
    service = Service(Settings(**overrides), overrides)
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(service.run()), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if service.http is not None and service.state.active:
                status, _, body = _get(service.http.port, "/healthz")
                if json.loads(body).get("last_runs", {}).get("crawl", {}).get("finished"):
                    break
            time.sleep(0.1)
        port = service.http.port if service.http else 0
        status, ctype, body = _get(port, "/healthz")
        assert status == 200 and ctype == "application/json"
        payload = json.loads(body)
        assert payload["status"] == "ok"
        assert payload["database"] == {"reachable": True}
        assert payload["lock"]["held"] is True
        assert payload["scheduler"]["running"] is True
        assert set(payload["scheduler"]["next_runs"]) == {"crawl", "classify", "report"}
        assert payload["last_runs"]["crawl"]["summary"] == "exit 0: fake crawl: 0 feeds due"

        status, ctype, metrics = _get(port, "/metrics")
        assert status == 200 and ctype.startswith("text/plain")
        assert _metric(metrics, "monitor_scheduler_active") == 1
        assert _metric(metrics, "monitor_database_up") == 1
        assert _metric(metrics, "monitor_crawls_total") == 1
        assert _metric(metrics, "monitor_crawls_failed_total") == 0
        assert _metric(metrics, "monitor_feeds") == 2
        assert _metric(metrics, "monitor_feeds_failing") == 1
        assert _metric(metrics, "monitor_articles_stored") == 0
        assert _metric(metrics, "monitor_articles_classified") == 0
        assert _metric(metrics, "monitor_last_report_timestamp_seconds") == 1795413600.0
        assert 'monitor_job_duration_seconds_count{job="crawl",outcome="ok"} 1.0' in metrics

        assert _get(port, "/nope")[0] == 404
    finally:
        service.stop.set()
        thread.join(timeout=30)
    assert result == [0]
    assert not service.lock.still_held()


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing-dir' / 'monitor.db'}"
    state = ServiceState(engine=make_engine(url), lock=scheduler_lock(url), role="active")
    status, body = health(state)
    assert status == 503
    assert body["database"]["reachable"] is False
    assert body["problems"] == [
        "database unreachable",
        "scheduler not running",
        "scheduler lock lost",
    ]


def test_standby_is_healthy(db_url: str) -> None:
    state = ServiceState(engine=make_engine(db_url), lock=scheduler_lock(db_url), role="standby")
    status, body = health(state)
    state.engine.dispose()
    assert (status, body["status"], body["lock"]["held"]) == (200, "ok", False)
