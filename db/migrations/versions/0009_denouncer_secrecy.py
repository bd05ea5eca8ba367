"""Denouncers kept secret: who decides a case, and a denouncer's agreement to be named in a transfer.

``case_file.decider_id`` names the leader who decides the case; with the users assigned to it they
alone see a denouncer's identity (desktop/core/confidentiality.py). ``petition_sender.disclosure_agreed``
records that this signer agreed to their identity going with a transfer (Law 25/2018 Art. 47(2)):
without it a transfer slip never names them. Both tables are shared already: their change-log
triggers carry the new columns as they are.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 13:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_FK = "fk_case_file_decider_id_app_user"


def upgrade() -> None:
    op.add_column(
        "petition_sender",
        sa.Column("disclosure_agreed", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    if op.get_bind().dialect.name == "sqlite":
        # ALTER TABLE ... ADD COLUMN with REFERENCES: no copy of case_file, which case_event refers to.
        op.execute(f"ALTER TABLE case_file ADD COLUMN decider_id CHAR(32) CONSTRAINT {_FK} REFERENCES app_user (id)")
    else:
        op.add_column("case_file", sa.Column("decider_id", sa.Uuid(), nullable=True))
        op.create_foreign_key(_FK, "case_file", "app_user", ["decider_id"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot drop a column a foreign key names; a copy of the table drops it with the key.
        with op.batch_alter_table("case_file", schema=None) as batch_op:
            batch_op.drop_column("decider_id")
    else:
        op.drop_constraint(_FK, "case_file", type_="foreignkey")
        op.drop_column("case_file", "decider_id")
    op.drop_column("petition_sender", "disclosure_agreed")
