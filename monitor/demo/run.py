"""Run the real pipeline against the sample site: upgrade → crawl → classify → report.

The crawl runs as a subprocess (`python -m monitor crawl`), as the scheduler runs it, because
Scrapy's reactor can start only once per process. Classify and report run in this process.
"""

from __future__ import annotations

import importlib
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine, text

from monitor.db.engine import make_engine
from monitor.db.migrate import upgrade
from monitor.demo.site import DemoSite
from monitor.settings import Settings
from reports.render import pct, times

CRAWL_TIMEOUT_S = 180
# (what the stage is, module, attribute) — the entry points fixed in the project brief.
STAGES = (
    ("crawl", "monitor.cli.crawl", "crawl"),
    ("crawl", "monitor.crawl", "run_crawl"),
    ("classify", "monitor.classify", "run_classify"),
    ("report", "reports", "run_report"),
)


class DemoError(RuntimeError):
    """The demo cannot run or a stage failed; the message says which and why."""


@dataclass(frozen=True)
class DemoResult:
    report: Path
    figures: dict[str, Any]  # the week's report data, as `monitor report --format json` gives
    stored: int
    classified: int
    seconds: float


def missing_stages() -> list[str]:
    """Stages whose entry point this installation lacks (e.g. a partial checkout)."""
    missing = []
    for stage, module, attr in STAGES:
        try:
            found = hasattr(importlib.import_module(module), attr)
        except ImportError:
            found = False
        if not found and stage not in missing:
            missing.append(f"{stage} ({module}.{attr})")
    return missing


def _pct(value: float | None) -> str:
    return "n/a" if value is None else pct(value)  # the report's format; n/a reads as prose


def _interval(ci: list[float | None] | None, fmt: Callable[[float], str]) -> str:
    if not ci or ci[0] is None:
        return "no interval"
    upper = "unbounded" if ci[1] is None else fmt(ci[1])
    return f"95 % interval {fmt(ci[0])} – {upper}"


def summary_line(figures: dict[str, Any]) -> str:
    """The week's headline figures, each with its interval, taken from the report data.

    Taken from the report rather than recounted, so the line and the report cannot disagree
    (missing outlet-days and reposts are excluded the same way in both).
    """
    parts = [f"week {figures['week']} ({figures['period']['timezone']})"]
    sides = (("KZ->RU", "Kazakh outlets → Russia"), ("RU->KZ", "Russian outlets → Kazakhstan"))
    for key, name in sides:
        side = figures["directions"][key]
        parts.append(
            f"{name} {_pct(side['share'])} ({side['about']} of {side['articles']} articles, "
            f"{_interval(side['share_ci'], _pct)})"
        )
    imbalance = figures["imbalance"]
    if imbalance["ratio"] is None:
        parts.append(f"imbalance ratio n/a ({imbalance['note']})")
    else:
        interval = _interval(imbalance["ci"], times)
        # Two decimals, as in the report and its interval: 2.55 must not read 2.5 here.
        parts.append(f"imbalance ratio {times(imbalance['ratio'])} ({interval})")
    return "; ".join(parts)


# Articles whose page the crawl has fetched (or given up on): the crawl's real progress.
_FETCHED = "SELECT COUNT(*) FROM articles WHERE text_status <> 'pending'"


def _count(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def _fresh(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    db = directory / "demo.db"
    for suffix in ("", "-wal", "-shm"):  # only our own files: a rerun starts from scratch
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def _crawl(env: dict[str, str], log: Path, engine: Engine, progress: Progress, task: Any) -> None:
    with log.open("w") as handle:
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "monitor", "crawl"], env=env, stdout=handle, stderr=handle
        )
        started = time.monotonic()
        while proc.poll() is None:
            progress.update(task, completed=_count(engine, _FETCHED))
            if time.monotonic() - started > CRAWL_TIMEOUT_S:
                proc.kill()
                proc.wait()
                raise DemoError(f"the crawl took over {CRAWL_TIMEOUT_S} s; see {log}")
            time.sleep(0.3)
    if proc.returncode != 0:
        tail = "".join(log.read_text(errors="replace").splitlines(keepends=True)[-15:])
        raise DemoError(f"the crawl failed (exit {proc.returncode}); {log} ends with:\n{tail}")
    progress.update(task, completed=_count(engine, _FETCHED))


def _stage(name: str, call: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a stage; an import failure inside it means this build lacks part of the stage."""
    try:
        return call(*args, **kwargs)
    except ImportError as exc:
        raise DemoError(f"the {name} stage is not available in this build: {exc}") from exc


def run_demo(directory: Path, console: Console) -> DemoResult:
    """The whole pipeline in `directory` against a freshly started sample site."""
    missing = missing_stages()
    if missing:
        raise DemoError("this installation lacks stage(s) the demo runs: " + ", ".join(missing))
    from monitor.classify import run_classify
    from reports import run_report
    from reports.build import build_report
    from reports.weeks import last_complete_week

    started = time.monotonic()
    now = datetime.now(UTC)
    # The progress bars say what happens; migration chatter would only scroll them away.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    db = _fresh(directory.resolve())
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    )
    with DemoSite() as site, Progress(*columns, console=console) as progress:
        registry = site.write_registry(db.parent / "sources.toml")
        values = {
            "MONITOR_DATABASE_URL": f"sqlite:///{db}",
            "MONITOR_SOURCES": str(registry),
            "MONITOR_ALLOW_PRIVATE_NETWORKS": "true",
            "MONITOR_CRAWL_DELAY": "0",
            "MONITOR_REPORTS_DIR": str(db.parent / "reports"),
        }
        settings = Settings(
            database_url=values["MONITOR_DATABASE_URL"],
            sources=registry,
            allow_private_networks=True,
            crawl_delay=0,
            reports_dir=db.parent / "reports",
        )
        engine = make_engine(settings.database_url)
        task = progress.add_task("db upgrade", total=1)
        upgrade(engine, settings=settings)
        progress.update(task, completed=1)
        task = progress.add_task(f"crawl {site.base_url} (pages)", total=len(site.articles))
        _crawl(os.environ | values, db.parent / "crawl.log", engine, progress, task)
        task = progress.add_task("classify", total=None)
        classified = _stage("classify", run_classify, engine, settings)
        progress.update(task, total=classified, completed=classified)
        task = progress.add_task("report", total=1)
        report = _stage("report", run_report, engine, settings, None, "html", None, now=now)
        progress.update(task, completed=1)
    figures = build_report(engine, settings, last_complete_week(now, settings.tz), now=now)
    stored = _count(engine, "SELECT COUNT(*) FROM articles")
    engine.dispose()
    return DemoResult(Path(report), figures, stored, classified, time.monotonic() - started)
