"""Refused outbox entries: a change the server refused is set aside with its reason, never deleted.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 08:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The outbox is desk-local (never pushed, no change-log trigger); batch mode rebuilds it on SQLite.
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rejected_at", db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("rejected_reason", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("rejected_because", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True)
        )
        batch_op.add_column(sa.Column("kept_local_at", db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_rejected_at"), ["rejected_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_rejected_at"))
        batch_op.drop_column("kept_local_at")
        batch_op.drop_column("rejected_because")
        batch_op.drop_column("rejected_reason")
        batch_op.drop_column("rejected_at")
