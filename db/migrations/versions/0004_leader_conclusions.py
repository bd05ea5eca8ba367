"""Leaders' conclusion notices (thông báo kết luận) and their follow-up.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 05:03:59.585486
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types
from db.migrations import triggers

SHARED_TABLES = ("leader_conclusion",)

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leader_conclusion",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("directions", sa.Text(), nullable=False),
        sa.Column("bodies", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("result_on", sa.Date(), nullable=True),
        sa.Column("result_note", sa.Text(), nullable=False),
        sa.Column("citizen_informed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["issued_document.id"], name=op.f("fk_leader_conclusion_document_id_issued_document")
        ),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_leader_conclusion_visit_id_visit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leader_conclusion")),
    )
    with op.batch_alter_table("leader_conclusion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leader_conclusion_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_leader_conclusion_visit_id"), ["visit_id"], unique=False)

    for table in SHARED_TABLES:
        triggers.install(table)


def downgrade() -> None:
    for table in SHARED_TABLES:
        triggers.remove(table)
    with op.batch_alter_table("leader_conclusion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leader_conclusion_visit_id"))
        batch_op.drop_index(batch_op.f("ix_leader_conclusion_due_on"))

    op.drop_table("leader_conclusion")
