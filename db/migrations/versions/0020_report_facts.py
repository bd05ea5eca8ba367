"""What the statutory report tables count and the desk did not record yet.

A periodic or ad-hoc session held by the head's authorised deputy (01/TCD), a visit that repeats an
earlier one (first-time / repeated matters), where a petition's matter stood before it reached the
office and the day the reply to a transfer came in (01-04/XLD, 02/TCD), the result of each resolved
case with its money, land, people and disciplinary figures, its verdict and due date (01-04/KQGQ),
and the figures an office starting mid-year carries over (docs/reports.md).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import triggers

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.add_column("visit", sa.Column("by_deputy", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("petition", sa.Column("prior_status", sa.String(length=24), nullable=False, server_default="none"))
    op.add_column("petition", sa.Column("transfer_reply_on", sa.Date(), nullable=True))
    op.create_table(
        "case_result",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("verdict", sa.String(length=24), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("executed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], name=op.f("fk_case_result_case_id_case_file")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_result")),
        sa.UniqueConstraint("case_id", name=op.f("uq_case_result_case_id")),
    )
    with op.batch_alter_table("case_result", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_result_decided_on"), ["decided_on"], unique=False)
    triggers.install("case_result")
    op.create_table(
        "case_figure",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("result_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["result_id"], ["case_result.id"], name=op.f("fk_case_figure_result_id_case_result")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_figure")),
        sa.UniqueConstraint("result_id", "code", name="uq_case_figure_result_code"),
    )
    with op.batch_alter_table("case_figure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_figure_result_id"), ["result_id"], unique=False)
    triggers.install("case_figure")
    op.create_table(
        "report_opening",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("desk_id", sa.Uuid(), nullable=False),
        sa.Column("table_id", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("column_id", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_report_opening_desk_id_desk")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_opening")),
        sa.UniqueConstraint("desk_id", "table_id", "year", "column_id", name="uq_report_opening_desk_table"),
    )
    triggers.install("report_opening")


def downgrade() -> None:
    for table in ("report_opening", "case_figure", "case_result"):
        triggers.remove(table)
    with op.batch_alter_table("case_figure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_figure_result_id"))
    op.drop_table("report_opening")
    op.drop_table("case_figure")
    with op.batch_alter_table("case_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_result_decided_on"))
    op.drop_table("case_result")
    for table, column in (("petition", "transfer_reply_on"), ("petition", "prior_status"), ("visit", "by_deputy")):
        op.drop_column(table, column)
