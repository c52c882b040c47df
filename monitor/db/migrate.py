"""Run Alembic migrations programmatically (`monitor db upgrade`), no alembic.ini needed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect

from monitor.db.comments import apply_comments
from monitor.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    cfg.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    return cfg


def upgrade(engine: Engine, revision: str = "head", settings: Settings | None = None) -> None:
    """Create or migrate the schema to `revision` on the engine's database.

    `settings` reach the migrations (the reader role's password); without them a migration
    that needs settings builds its own from the environment.
    """
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        cfg.attributes["settings"] = settings
        command.upgrade(cfg, revision)
        if revision == "head":
            # Idempotent; also reaches tables that libraries created after the last migration
            # ran (the scheduler's job store), which no migration would otherwise comment.
            apply_comments(conn)


def current_revision(engine: Engine) -> str | None:
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def downgrade(engine: Engine, revision: str, settings: Settings | None = None) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        cfg.attributes["settings"] = settings
        command.downgrade(cfg, revision)
