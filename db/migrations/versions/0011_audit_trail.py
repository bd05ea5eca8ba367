"""The audit trail: an append-only, hash-chained log of who read or changed what, one chain per desk.

Shared like the other tables (the server's change-log trigger included), so the office server holds
every desk's chain; a desk only ever inserts into it (docs/audit.md).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 12:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import triggers
from db.types import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("chain_id", sa.Uuid(), nullable=False),
        sa.Column("desk_code", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_username", sa.String(length=60), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=True),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("chain_id", "seq", name="uq_audit_event_chain_id"),
    )
    op.create_index("ix_audit_event_entity_record_id", "audit_event", ["entity", "record_id"], unique=False)
    op.create_index(op.f("ix_audit_event_occurred_at"), "audit_event", ["occurred_at"], unique=False)
    triggers.install("audit_event")


def downgrade() -> None:
    triggers.remove("audit_event")
    op.drop_index(op.f("ix_audit_event_occurred_at"), table_name="audit_event")
    op.drop_index("ix_audit_event_entity_record_id", table_name="audit_event")
    op.drop_table("audit_event")
