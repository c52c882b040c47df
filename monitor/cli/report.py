"""`monitor report`: the weekly imbalance report, written to a file and archived."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from monitor.cli.common import engine_from, load_settings

FORMATS = ("html", "md", "json", "csv")


def _week(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate early so that a bad week is a usage error (exit 2) naming --week."""
    if value is None:
        return None
    from reports.weeks import WeekError, parse_week

    try:
        week = parse_week(value)
    except WeekError as exc:
        raise click.BadParameter(str(exc)) from exc  # the message names the expected form
    # A week that has not begun anywhere yet would be archived as an empty report.
    if week.monday > datetime.now(UTC).date() + timedelta(days=1):
        raise click.BadParameter(f"{week} has not started yet (it begins on {week.monday})")
    return str(week)


@click.command()
@click.option(
    "--week",
    callback=_week,
    metavar="YYYY-Www",
    help="ISO week in the report time zone, e.g. 2026-W47. Default: the last complete week.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="html",
    show_default=True,
    help="html: one self-contained file; md: for mail and chat; json: everything; csv: outlets.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=True, allow_dash=True),
    help="File or directory to write (default: MONITOR_REPORTS_DIR); '-' also prints the report.",
)
def report(week: str | None, fmt: str, out: Path | None) -> None:
    """Write the weekly report and archive it (regenerating a week replaces it).

    Prints the path of the written file on stdout (or, with --out -, the report itself).

    \b
    Example:
        monitor report                                 # last complete week, HTML
        monitor report --week 2026-W47 --format md --out weekly.md
        monitor report --format json --out - | jq .imbalance
    """
    from reports import run_report

    settings = load_settings()
    engine = engine_from(settings)
    to_stdout = out is not None and str(out) == "-"
    try:
        path = run_report(engine, settings, week, fmt, None if to_stdout else out)
    finally:
        engine.dispose()
    if to_stdout:
        click.echo(path.read_text(encoding="utf-8"), nl=False)
        click.echo(f"archived at {path}", err=True)
    else:
        click.echo(str(path))
