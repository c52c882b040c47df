"""`monitor db …`: create or migrate the schema."""

from __future__ import annotations

import click

from monitor.cli.common import engine_from, load_settings


@click.group()
def db() -> None:
    """Schema management (Alembic migrations, SQLite and PostgreSQL).

    \b
    Example:
        monitor db upgrade         # create or migrate the schema of MONITOR_DATABASE_URL
        monitor db current
    """


@db.command()
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade(revision: str) -> None:
    """Create or migrate the schema.

    \b
    Example:
        MONITOR_DATABASE_URL=postgresql+psycopg://monitor@db/monitor monitor db upgrade
    """
    from monitor.db.migrate import current_revision
    from monitor.db.migrate import upgrade as run_upgrade

    settings = load_settings()
    engine = engine_from(settings)
    run_upgrade(engine, revision, settings)
    click.echo(
        f"schema at revision {current_revision(engine)} ({engine.url.render_as_string()})", err=True
    )


@db.command()
def current() -> None:
    """Print the schema revision of the database.

    \b
    Example:
        monitor db current
    """
    from monitor.db.migrate import current_revision

    click.echo(current_revision(engine_from(load_settings())) or "none")
