"""fetch_log.covers_from: the observation window of a fetch

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 22:30:00

A successful fetch of a feed observes the outlet's output from its oldest item to the fetch
time. Reports use the window to tell observed outlet-days (possibly with zero articles)
from missing ones, so a backfill or a crawl started today does not mark past days missing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import monitor.db.models
from monitor.db.comments import apply_comments

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("fetch_log") as batch_op:
        batch_op.add_column(
            sa.Column("covers_from", monitor.db.models.UtcDateTime(timezone=True), nullable=True)
        )
    apply_comments(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("fetch_log") as batch_op:
        batch_op.drop_column("covers_from")
