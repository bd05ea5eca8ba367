"""Repeat visits and old identity numbers: a visit names the earlier visit it repeats, or was checked new.

``visit.repeat_of_id`` points at the earlier visit about the same matter (a "tiếp nhiều lần",
counted in periodic reports); ``visit.repeat_checked`` says the receptionist answered the question
(true without a link: confirmed a new matter). ``citizen.old_id_number`` keeps the 9-digit CMND an
identity card's QR names, so that a person recorded earlier under it is found again.
Both travel to the other desks like every column of a shared table (db/sync.py takes the columns
from the table; the server's change-log trigger logs the whole row).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("repeat_of_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("repeat_checked", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index(batch_op.f("ix_visit_repeat_of_id"), ["repeat_of_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_visit_repeat_of_id_visit"), "visit", ["repeat_of_id"], ["id"])
    with op.batch_alter_table("citizen", schema=None) as batch_op:
        batch_op.add_column(sa.Column("old_id_number", sa.String(length=20), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_citizen_old_id_number"), ["old_id_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("citizen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_old_id_number"))
    op.drop_column("citizen", "old_id_number")  # plain DROP COLUMN (SQLite 3.35+), as 0008 does
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_visit_repeat_of_id_visit"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_visit_repeat_of_id"))
    op.drop_column("visit", "repeat_checked")
    op.drop_column("visit", "repeat_of_id")
