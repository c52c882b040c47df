"""`monitor worker`: a crawl worker on the shared Redis frontier; `dispatch` and `status` too."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import click

from monitor.cli.common import engine_from, load_settings
from monitor.settings import Settings


def _redis_settings() -> Settings:
    settings = load_settings()
    if not settings.redis_url:
        raise click.UsageError(
            "MONITOR_REDIS_URL is not set: workers share a Redis frontier "
            "(e.g. MONITOR_REDIS_URL=redis://127.0.0.1:6379/0)"
        )
    return settings


def _client(settings: Settings):  # type: ignore[no-untyped-def]
    import redis

    from monitor.worker import redis_client

    try:
        return redis_client(settings)
    except redis.RedisError as exc:
        raise click.ClickException(f"cannot reach Redis at MONITOR_REDIS_URL: {exc}") from exc


@click.group(invoke_without_command=True)
@click.option("--id", "worker_id", metavar="ID", help="Worker name (default: host-pid).")
@click.option("--verbose", is_flag=True, help="Log every feed response and Scrapy warnings.")
@click.pass_context
def worker(ctx: click.Context, worker_id: str | None, verbose: bool) -> None:
    """Run a crawl worker: fetch what the scheduler dispatched to Redis, store it.

    Needs MONITOR_REDIS_URL (the shared frontier) and the shared MONITOR_DATABASE_URL
    (PostgreSQL). Runs until SIGTERM or Ctrl-C, then finishes the downloads in progress
    and hands anything else back to the frontier. Start as many as you like, on as many
    machines as you like.

    \b
    Example:
        MONITOR_REDIS_URL=redis://127.0.0.1:6379/0 monitor worker
        monitor worker dispatch              # push due feeds now (the scheduler does this)
        monitor worker status --json
    """
    if ctx.invoked_subcommand is not None:
        return
    settings = _redis_settings()
    _client(settings).close()  # fail fast, with a readable message, when Redis is down
    from monitor.worker import run_worker

    result = run_worker(settings, worker_id, verbose=verbose)
    click.echo(result.line())


def _day(value: datetime | None, *, end: bool = False) -> datetime | None:
    if value is None:
        return None
    moment = datetime.combine(value.date(), time.min, tzinfo=UTC)
    return moment + timedelta(days=1) if end else moment


@worker.command()
@click.option("--source", "sources", multiple=True, metavar="ID", help="Only this source.")
@click.option("--all", "everything", is_flag=True, help="Every active feed, due or not.")
@click.option("--sitemaps", is_flag=True, help="News sitemaps only (backfill); needs --since.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="With --sitemaps: first day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="With --sitemaps: last day.")
def dispatch(
    sources: tuple[str, ...],
    everything: bool,
    sitemaps: bool,
    since: datetime | None,
    until: datetime | None,
) -> None:
    """Push due feeds and news sitemaps (and pending pages when idle) to the frontier.

    What the scheduler's crawl job does when MONITOR_REDIS_URL is set; run it by hand
    for a backfill through the workers.

    \b
    Example:
        monitor worker dispatch
        monitor worker dispatch --all --source tass
        monitor worker dispatch --sitemaps --since 2026-11-01 --until 2026-11-07
    """
    if (since or until) and not sitemaps:
        raise click.UsageError("--since/--until only apply with --sitemaps")
    if sitemaps and since is None:
        raise click.UsageError("--sitemaps needs --since DATE (e.g. --since 2026-11-01)")
    settings = _redis_settings()
    from monitor.service.dispatch import dispatch as push
    from monitor.sources import RegistryError

    server = _client(settings)
    engine = engine_from(settings)
    try:
        summary = push(
            settings,
            engine,
            server,
            list(sources) or None,
            due_only=not (everything or sitemaps),
            feeds=not sitemaps,
            sitemaps=True,
            since=_day(since),
            until=_day(until, end=True),
        )
    except (RegistryError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    finally:
        engine.dispose()
        server.close()
    click.echo(summary.line())


@worker.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def status(as_json: bool) -> None:
    """Frontier sizes and the workers registered on it (alive, leased, claimed).

    \b
    Example:
        monitor worker status
        monitor worker status --json | jq .queued
    """
    settings = _redis_settings()
    from monitor.service.dispatch import frontier_state
    from spiders.frontier import FrontierKeys

    server = _client(settings)
    try:
        state = frontier_state(server, FrontierKeys(settings.redis_prefix))
    finally:
        server.close()
    if as_json:
        click.echo(json.dumps(state, indent=2, sort_keys=True))
        return
    stats = ", ".join(f"{k} {v}" for k, v in sorted(state["stats"].items())) or "no stats yet"
    click.echo(
        f"frontier {state['prefix']}: {state['queued']} requests queued, {state['tasks']} feed "
        f"tasks waiting, {state['seen']} URLs seen; {stats}"
    )
    for name, info in sorted(state["workers"].items()):
        alive = "alive" if info["alive"] else "DEAD (reaped on the next heartbeat)"
        click.echo(f"  {name:<30} {alive:<8} leased {info['leased']:>4}  claimed {info['claimed']}")
