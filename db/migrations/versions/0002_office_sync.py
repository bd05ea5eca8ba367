"""Office sync: the server change log with its triggers, conflicts, official number blocks.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 03:53:08.196092
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types
from db.migrations import triggers

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "number_block",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("desk_code", sa.String(length=8), nullable=False),
        sa.Column("next_value", sa.Integer(), nullable=False),
        sa.Column("reserved_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_number_block")),
        sa.UniqueConstraint("scope", "year", "first", name="uq_number_block_scope_year_first"),
    )
    op.create_table(
        "server_change",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=8), nullable=False),
        sa.Column("origin_seq", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("changed_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_server_change")),
        sa.UniqueConstraint("entity", "entity_id", "version", "op", name="uq_server_change_row_version"),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("desk_code", sa.String(length=8), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("desk_payload", sa.JSON(), nullable=False),
        sa.Column("server_payload", sa.JSON(), nullable=False),
        sa.Column("detected_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.String(length=20), nullable=False),
        sa.Column("resolved_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_conflict_entity_id"), ["entity_id"], unique=False)

    with op.batch_alter_table("desk", schema=None) as batch_op:
        batch_op.add_column(sa.Column("install_id", sa.String(length=36), nullable=False, server_default=""))
    triggers.install_function()
    for table in triggers.SHARED_TABLES_0002:
        triggers.install(table)


def downgrade() -> None:
    for table in triggers.SHARED_TABLES_0002:
        triggers.remove(table)
    triggers.remove_function()
    with op.batch_alter_table("desk", schema=None) as batch_op:
        batch_op.drop_column("install_id")
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_conflict_entity_id"))

    op.drop_table("sync_conflict")
    op.drop_table("server_change")
    op.drop_table("number_block")
