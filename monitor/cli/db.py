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
    """Create or migrate the schema (and, on PostgreSQL with MONITOR_READER_PASSWORD set, create
    the read-only role or reset its password).

    \b
    Example:
        MONITOR_DATABASE_URL=postgresql+psycopg://monitor@db/monitor monitor db upgrade
    """
    from alembic.util.exc import CommandError

    from monitor.db.migrate import current_revision
    from monitor.db.migrate import upgrade as run_upgrade

    settings = load_settings()
    engine = engine_from(settings)
    try:
        run_upgrade(engine, revision, settings)
    except CommandError as exc:  # an unknown or unreachable --revision: the operator's to fix
        raise click.ClickException(f"cannot upgrade to revision {revision!r}: {exc}") from exc
    if revision == "head" and settings.reader_password and engine.dialect.name == "postgresql":
        # Migration 0002 creates the reader role only when it runs; a password set (or changed)
        # later would otherwise be ignored by this no-op upgrade. create_reader is idempotent.
        from monitor.db.roles import create_reader

        with engine.begin() as conn:
            create_reader(conn, settings.reader_role, settings.reader_password)
    click.echo(
        f"schema at revision {current_revision(engine)} ({engine.url.render_as_string()})", err=True
    )
    engine.dispose()


@db.command()
def current() -> None:
    """Print the schema revision of the database.

    \b
    Example:
        monitor db current
    """
    from monitor.db.migrate import current_revision

    click.echo(current_revision(engine_from(load_settings())) or "none")
