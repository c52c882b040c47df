"""`monitor sql`: run one read-only query for people without a database client."""

from __future__ import annotations

import csv
import json
import re
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click

from monitor.cli.common import load_settings, readonly_engine_from

# sqlite3's message for a :name that was not bound.
_SQLITE_UNBOUND = re.compile(r"binding parameter :(\w+)")


def plain(value: Any) -> Any:
    """A JSON-friendly value: Decimal → float, dates → ISO 8601, bytes → hex."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def _param(value: str) -> tuple[str, Any]:
    name, sep, raw = value.partition("=")
    if not sep or not name.isidentifier():
        raise click.BadParameter(
            f"{value!r}: write NAME=VALUE, e.g. --param article_id=42", param_hint="'--param'"
        )
    # Integers bind as integers, so `WHERE article_id = :article_id` works on both engines;
    # only canonical ones, though: "007" or "+5" is text someone typed on purpose.
    is_int = raw.lstrip("-").isdigit() and str(int(raw)) == raw
    return name, int(raw) if is_int else raw


def _print(columns: list[str], rows: Any, fmt: str) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else plain(v) for v in row])
            count += 1
    elif fmt == "json":
        repeated = sorted({c for c in columns if columns.count(c) > 1})
        if repeated:  # a JSON object keeps one value per key: the other would vanish silently
            raise click.ClickException(
                f"column name(s) {', '.join(repeated)} appear more than once: give each a "
                "distinct name with AS for --json"
            )
        records = [dict(zip(columns, map(plain, row), strict=True)) for row in rows]
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        count = len(records)
    elif sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns)
        for row in rows:
            table.add_row(*("NULL" if v is None else str(plain(v)) for v in row))
            count += 1
        Console().print(table)
    else:
        # Tab-separated with a header: readable, and easy for cut/awk/spreadsheets.
        print("\t".join(columns))
        for row in rows:
            print("\t".join("" if v is None else str(plain(v)) for v in row))
            count += 1
    return count


@click.command()
@click.argument("query")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (header row first).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of objects.")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind :NAME in the query (repeatable).",
)
def sql(query: str, as_csv: bool, as_json: bool, params: tuple[str, ...]) -> None:
    """Run one read-only SQL QUERY against the monitor's database and print the rows.

    A table on a terminal, tab-separated text when piped, or --csv / --json. The database is
    opened read-only (SQLite mode=ro; a PostgreSQL READ ONLY transaction): statements that
    write fail and change nothing. The views are described in docs/schema.md and examples
    are in docs/queries.md.

    \b
    Example:
        monitor sql "SELECT * FROM weekly_attention ORDER BY iso_week DESC LIMIT 4"
        monitor sql --csv "SELECT * FROM evidence WHERE article_id = :id" -p id=42 > ev.csv
    """
    import sqlite3

    import psycopg
    from sqlalchemy.exc import DBAPIError

    from monitor.db.readonly import readonly_connection
    from monitor.db.readonly import run_query as run

    if not query.strip():
        raise click.UsageError("QUERY is empty: give one SELECT statement (see docs/queries.md)")
    if as_csv and as_json:
        raise click.UsageError("--csv and --json exclude each other: choose one output format")
    fmt = "csv" if as_csv else "json" if as_json else "table"
    settings = load_settings()
    bound = dict(_param(p) for p in params)
    engine = readonly_engine_from(settings)
    try:
        with readonly_connection(engine, settings.sql_timeout_seconds) as conn:
            columns, rows = run(conn, query, bound)
            count = _print(columns, rows, fmt)
    except (DBAPIError, sqlite3.Error, psycopg.Error, KeyError) as exc:
        orig = getattr(exc, "orig", None) or exc
        message = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        # A :name without --param: KeyError on PostgreSQL (we bind), sqlite3's own message on
        # SQLite; both get the same hint.
        unbound = _SQLITE_UNBOUND.search(message)
        name = orig.args[0] if isinstance(orig, KeyError) else unbound and unbound.group(1)
        if name:
            message = f"missing parameter '{name}': add --param {name}=VALUE"
        raise click.ClickException(f"query failed (read-only): {message}") from exc
    finally:
        engine.dispose()
    click.echo(f"{count} row{'s' if count != 1 else ''}", err=True)
