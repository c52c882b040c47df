"""`monitor crawl`: one Scrapy crawl of the due feeds (or news sitemaps for a backfill)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, time, timedelta

import click

from monitor.cli.common import load_settings


def _day(value: datetime | None, *, end: bool = False) -> datetime | None:
    if value is None:
        return None
    moment = datetime.combine(value.date(), time.min, tzinfo=UTC)
    return moment + timedelta(days=1) if end else moment


@click.command()
@click.option(
    "--source", "sources", multiple=True, metavar="ID", help="Only this source (repeatable)."
)
@click.option(
    "--due", is_flag=True, help="Only feeds whose next poll time has come (the scheduler's mode)."
)
@click.option(
    "--quiet",
    is_flag=True,
    help="No progress bar and no per-feed lines; errors and the summary only.",
)
@click.option(
    "--sitemaps",
    is_flag=True,
    help="Crawl news sitemaps instead of feeds (backfill); needs --since.",
)
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), help="With --sitemaps: first day (UTC) to keep."
)
@click.option(
    "--until", type=click.DateTime(["%Y-%m-%d"]), help="With --sitemaps: last day (UTC) to keep."
)
@click.option(
    "--no-articles", is_flag=True, help="Store feed items only; do not fetch article pages."
)
def crawl(
    sources: tuple[str, ...],
    due: bool,
    quiet: bool,
    sitemaps: bool,
    since: datetime | None,
    until: datetime | None,
    no_articles: bool,
) -> None:
    """Fetch feeds (conditional GET), store new articles, then fetch their pages.

    Syncs the source registry into the database first. Prints one line per feed on
    stdout; exits 1 when every feed failed, the database refused a write or it was interrupted.

    \b
    Example:
        monitor crawl                          # every active feed
        monitor crawl --source tass --source tengrinews
        monitor crawl --due --quiet            # what the scheduler runs
        monitor crawl --sitemaps --since 2026-11-01 --until 2026-11-07
    """
    if (since or until) and not sitemaps:
        raise click.UsageError("--since/--until only apply with --sitemaps")
    if sitemaps and since is None:
        raise click.UsageError("--sitemaps needs --since DATE (e.g. --since 2026-11-01)")
    if since and until and until < since:
        raise click.UsageError("--until must not be before --since")
    settings = load_settings()
    from monitor.crawl import FeedOutcome, run_crawl
    from monitor.sources import RegistryError

    show_progress = not quiet and sys.stderr.isatty()
    progress_bar = None
    task_id = None
    if show_progress:
        from rich.console import Console
        from rich.progress import Progress

        progress_bar = Progress(console=Console(stderr=True), transient=True)

    def on_feed(outcome: FeedOutcome) -> None:
        if not quiet:
            click.echo(outcome.line())
        if progress_bar is not None and task_id is not None:
            progress_bar.advance(task_id)

    try:
        if progress_bar is not None:
            progress_bar.start()
            task_id = progress_bar.add_task("crawl", total=None)
        summary = run_crawl(
            settings,
            list(sources) or None,
            due_only=due,
            progress=show_progress,
            sitemaps=sitemaps,
            since=_day(since),
            until=_day(until, end=True),
            fetch_articles=not no_articles,
            on_feed=on_feed,
        )
    except (RegistryError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    finally:
        if progress_bar is not None:
            progress_bar.stop()
    if sitemaps and not summary.feeds:
        raise click.ClickException(
            "no selected source has a news sitemap: add `sitemaps = [...]` to its registry entry "
            "(see `monitor sources list`)"
        )
    click.echo(summary.line(), err=True)
    if quiet:
        for outcome in summary.failed:
            click.echo(outcome.line(), err=True)
    if summary.all_failed or summary.store_error or summary.interrupted:
        sys.exit(1)
