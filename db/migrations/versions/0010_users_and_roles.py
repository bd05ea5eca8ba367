"""Users sign in: a password hash, a role and the lock-out state on app_user; a case's assigned handler.

app_user is shared (synced, versioned): the new columns travel to every desk with the row, so a
desk keeps the hashes it last synced and a user disabled on one desk is disabled on all after the
next sync. case_file.handler_id names the handler a leader assigned (NULL: nobody yet).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): app_user and case_file have rows of other tables pointing at them.
    op.add_column("app_user", sa.Column("password_hash", sa.String(length=200), nullable=True))
    op.add_column("app_user", sa.Column("role", sa.String(length=24), nullable=True))
    op.add_column("app_user", sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("app_user", sa.Column("locked_until", db.types.UTCDateTime(timezone=True), nullable=True))
    op.add_column("app_user", sa.Column("password_changed_at", db.types.UTCDateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its foreign key in one ALTER, never a constraint afterwards.
        op.execute(
            "ALTER TABLE case_file ADD COLUMN handler_id CHAR(32) "
            "CONSTRAINT fk_case_file_handler_id_app_user REFERENCES app_user (id)"
        )
    else:
        op.add_column("case_file", sa.Column("handler_id", sa.Uuid(), nullable=True))
        op.create_foreign_key(
            op.f("fk_case_file_handler_id_app_user"), "case_file", "app_user", ["handler_id"], ["id"]
        )
    op.create_index(op.f("ix_case_file_handler_id"), "case_file", ["handler_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_case_file_handler_id"), table_name="case_file")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f("fk_case_file_handler_id_app_user"), "case_file", type_="foreignkey")
    op.drop_column("case_file", "handler_id")
    for column in ("password_changed_at", "locked_until", "failed_attempts", "role", "password_hash"):
        op.drop_column("app_user", column)
