"""article_voices: people quoted or cited in articles, and the voices view

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 23:40:00

Filled by the classify stage (monitor.voices) for every article it decides; articles
classified earlier get voices when they are next reclassified. The view's SQL lives in
monitor/db/views.py (VOICES_VIEWS), not in VIEWS, which migration 0001 creates.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from monitor.db.comments import apply_comments
from monitor.db.views import VOICES_VIEWS

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "article_voices",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),  # fmt: skip
        sa.Column(
            "article_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("field", sa.String(length=8), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("classifier_version", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("article_voices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_voices_article_id"), ["article_id"])
    for name, sql in VOICES_VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql.strip()}")
    apply_comments(op.get_bind())


def downgrade() -> None:
    for name in reversed(VOICES_VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table("article_voices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_voices_article_id"))
    op.drop_table("article_voices")
