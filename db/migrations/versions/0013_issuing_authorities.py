"""Letters in the name the law gives them: the competent authorities, their signers, grounds and results.

The office profile holds the competent authorities the reception board serves (name, head's
position, signing line, number symbol, inspectorate); a signer signs for one of them or for the
board; the head of the board approves proposals; a refusal keeps its legal ground; a case step
keeps the paper that settled it (number, date, signer) for the report back.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 12:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import triggers

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "authority",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("head_position", sa.String(length=100), nullable=False),
        sa.Column("signing_line", sa.String(length=200), nullable=False),
        sa.Column("number_symbol", sa.String(length=40), nullable=False),
        sa.Column("keeps_series", sa.Boolean(), nullable=False),
        sa.Column("inspectorate", sa.String(length=300), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name=op.f("fk_authority_office_id_office")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authority")),
    )
    with op.batch_alter_table("authority", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_authority_office_id"), ["office_id"], unique=False)
    triggers.install("authority")
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("head_position", sa.String(length=100), nullable=False, server_default="Trưởng ban")
        )
    with op.batch_alter_table("signer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("authority_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_signer_authority_id"), ["authority_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_signer_authority_id_authority"), "authority", ["authority_id"], ["id"]
        )
    with op.batch_alter_table("petition", schema=None) as batch_op:
        batch_op.add_column(sa.Column("refusal_ground", sa.String(length=40), nullable=False, server_default=""))
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("result_number", sa.String(length=60), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("result_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("result_signer", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+), as 0008 does: batch mode would copy tables others refer to.
    for table, column in (
        ("case_event", "result_signer"),
        ("case_event", "result_date"),
        ("case_event", "result_number"),
        ("petition", "refusal_ground"),
        ("office", "head_position"),
    ):
        op.drop_column(table, column)
    with op.batch_alter_table("signer", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_signer_authority_id_authority"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_signer_authority_id"))
        batch_op.drop_column("authority_id")
    triggers.remove("authority")
    with op.batch_alter_table("authority", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authority_office_id"))
    op.drop_table("authority")
