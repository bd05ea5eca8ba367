"""Old reception books imported: each imported visit remembers its file, sheet, row and own number.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import triggers

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imported_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("desk_id", sa.Uuid(), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sheet", sa.String(length=100), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("source_number", sa.String(length=40), nullable=False),
        sa.Column("source_kind", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_imported_entry_visit_id_visit")),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_imported_entry_desk_id_desk")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_entry")),
        sa.UniqueConstraint("desk_id", "file_hash", "sheet", "row", name="uq_imported_entry_source"),
    )
    with op.batch_alter_table("imported_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_imported_entry_visit_id"), ["visit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_imported_entry_file_hash"), ["file_hash"], unique=False)
    triggers.install("imported_entry")


def downgrade() -> None:
    triggers.remove("imported_entry")
    with op.batch_alter_table("imported_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imported_entry_file_hash"))
        batch_op.drop_index(batch_op.f("ix_imported_entry_visit_id"))
    op.drop_table("imported_entry")
