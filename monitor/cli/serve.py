"""`monitor serve`: the scheduled service (crawl, classify, weekly report, /healthz, /metrics)."""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING

import click

from monitor.cli.common import load_settings

if TYPE_CHECKING:  # the service modules are imported only when the verb runs
    from monitor.service.runner import Service
    from monitor.settings import Settings


@click.command()
@click.option(
    "--once",
    is_flag=True,
    help="Run crawl, classify and (if last week's is missing) the report once, then exit. "
    "For cron users and tests; no HTTP endpoint.",
)
@click.option(
    "--standby/--no-standby",
    default=True,
    show_default=True,
    help="When another `monitor serve` holds the lock: wait as a hot standby, or exit 1.",
)
def serve(once: bool, standby: bool) -> None:
    """Run the scheduler: a crawl every MONITOR_CRAWL_INTERVAL_MINUTES (a subprocess each),
    classification after each crawl, the weekly report on MONITOR_REPORT_CRON.

    Exactly one scheduler is active per database (PostgreSQL advisory lock; a lock file next
    to a SQLite file); a second `monitor serve` stands by and takes over when the first stops.
    /healthz and /metrics are served on MONITOR_HTTP_HOST:MONITOR_HTTP_PORT (0 = any free
    port; the bound port is logged). SIGTERM or Ctrl-C stops cleanly (exit 0).

    \b
    Example:
        monitor db upgrade && monitor --log-format json serve
        MONITOR_HTTP_PORT=0 monitor serve --no-standby
        monitor serve --once          # from cron: */10 * * * *
    """
    from monitor.service.runner import Service, run_once

    settings = load_settings()
    if not once:
        _check_cron(settings)
    try:
        if once:
            sys.exit(run_once(settings))
        _serve(Service, settings, standby)
    except ValueError as exc:  # e.g. a SQLite :memory: database cannot hold a scheduler lock
        raise click.UsageError(f"MONITOR_DATABASE_URL: {exc}") from exc


def _check_cron(settings: Settings) -> None:
    """A bad MONITOR_REPORT_CRON is a usage error naming it (not the database URL)."""
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(settings.report_cron, timezone=settings.tz)
    except ValueError as exc:
        raise click.UsageError(
            f"MONITOR_REPORT_CRON: {exc} (five cron fields, e.g. '0 6 * * mon')"
        ) from exc


def _serve(service_cls: type[Service], settings: Settings, standby: bool) -> None:
    stop = threading.Event()

    def _stop(signum: int, _frame: FrameType | None) -> None:
        # Only set a flag here: the main loop shuts down in order (crawls, scheduler, lock).
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    service = service_cls(settings, stop=stop)
    sys.exit(service.run(standby=standby))
