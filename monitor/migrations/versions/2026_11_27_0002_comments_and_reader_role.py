"""comments and reader role

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 23:10:00

PostgreSQL only (no-op on SQLite): COMMENT ON every table, view and column from
monitor/db/docs.py, and the read-only role for analysts (settings.reader_role, default
monitor_reader) when MONITOR_READER_PASSWORD is set.
"""

from collections.abc import Sequence

from alembic import context, op

from monitor.db.comments import apply_comments
from monitor.db.roles import create_reader, drop_reader
from monitor.settings import Settings

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _settings() -> Settings:
    given = context.config.attributes.get("settings")
    return given if given is not None else Settings()


def upgrade() -> None:
    if context.is_offline_mode():
        # Offline SQL would have to print the password into a file: create the role online.
        return
    conn = op.get_bind()
    apply_comments(conn)
    settings = _settings()
    if settings.reader_password:
        create_reader(conn, settings.reader_role, settings.reader_password)


def downgrade() -> None:
    if context.is_offline_mode():
        return
    conn = op.get_bind()
    drop_reader(conn, _settings().reader_role)
    apply_comments(conn, clear=True)
