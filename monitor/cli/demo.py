"""`monitor demo`: the whole pipeline, offline, on a bundled sample site, in under a minute."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("monitor-demo"),
    show_default=True,
    help="Where the demo database, registry, crawl log and report go (reused runs start fresh).",
)
def demo(directory: Path) -> None:
    """Run the whole pipeline offline against sample feeds written for the demo.

    Starts a local web server on 127.0.0.1 with six fictional outlets (Kazakh outlets in
    Russian, Kazakh and English; Russian outlets) and five weeks of articles, crawls it
    with the real spiders into an SQLite file, classifies, writes the HTML report of the
    last complete week, and prints its path and the week's shares. Nothing leaves the
    machine.

    \b
    Example:
        monitor demo
        monitor demo --dir /tmp/demo && sqlite3 /tmp/demo/demo.db 'SELECT * FROM weekly_attention'
    """
    from rich.console import Console

    from monitor.demo.run import DemoError, run_demo, summary_line

    try:
        result = run_demo(directory, Console(stderr=True))
    except DemoError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"report: {result.report}")
    click.echo(summary_line(result.figures))
    click.echo(
        f"{result.stored} articles stored, {result.classified} classified in "
        f"{result.seconds:.0f} s; database: {directory / 'demo.db'}",
        err=True,
    )
