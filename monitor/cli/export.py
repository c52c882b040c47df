"""`monitor export`: article_coverage rows as CSV, JSON Lines or Parquet for notebooks."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click

from monitor.cli.common import load_settings, readonly_engine_from
from monitor.export import FORMATS


@click.command()
@click.option(
    "--since",
    required=True,
    type=click.DateTime(["%Y-%m-%d"]),
    help="First publication day (YYYY-MM-DD, report time zone), inclusive.",
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Last publication day, inclusive (default: everything since --since).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout; required for parquet).",
)
def export(since: datetime, until: datetime | None, fmt: str, out: Path | None) -> None:
    """Export one row per article (the article_coverage view) published in a date range.

    Columns: article_id, source_id, source_country, lang, published_at (UTC), url, title,
    target_country, label, score, classifier_version, iso_week, published_day, duplicate_of.
    Re-posts are included with duplicate_of set; filter them out for shares. Parquet needs
    the optional extra: pip install 'kzru-monitor[export]'.

    \b
    Example:
        monitor export --since 2026-11-01 --format parquet --out coverage.parquet
        monitor export --since 2026-11-01 --until 2026-11-30 --format jsonl | head
    """
    from monitor.db.readonly import readonly_connection
    from monitor.export import ExportError, rows, write_csv, write_jsonl, write_parquet

    first: date = since.date()
    last: date | None = until.date() if until else None
    if last is not None and last < first:
        raise click.BadParameter(f"--until {last} is before --since {first}", param_hint="--until")
    if fmt == "parquet" and out is None:
        raise click.UsageError("--format parquet writes a binary file: give --out PATH")
    settings = load_settings()
    engine = readonly_engine_from(settings)
    try:
        with readonly_connection(engine, settings.sql_timeout_seconds) as conn:
            records = rows(conn, first, last)
            if fmt == "parquet":
                assert out is not None
                count = write_parquet(records, out)
            elif out is None:
                count = (write_csv if fmt == "csv" else write_jsonl)(records, sys.stdout)
            else:
                with out.open("w", encoding="utf-8", newline="") as handle:
                    count = (write_csv if fmt == "csv" else write_jsonl)(records, handle)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        engine.dispose()
    where = out or "stdout"
    click.echo(f"exported {count} article{'s' if count != 1 else ''} to {where}", err=True)
