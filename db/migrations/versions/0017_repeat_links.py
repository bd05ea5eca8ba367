"""Repeat visits and old identity numbers: a visit names the earlier visit it repeats, or was checked new.

``visit.repeat_of_id`` points at the earlier visit about the same matter (a "tiếp nhiều lần",
counted in periodic reports); ``visit.repeat_checked`` says the receptionist answered the question
(true without a link: confirmed a new matter). ``citizen.old_id_number`` keeps the 9-digit CMND an
identity card's QR names, so that a person recorded earlier under it is found again.
Both travel to the other desks like every column of a shared table (db/sync.py takes the columns
from the table; the server's change-log trigger logs the whole row).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


FK_NAME = "fk_visit_repeat_of_id_visit"


def upgrade() -> None:
    # Plain ADD COLUMN, never batch mode: that copies the table, and dropping the old copy of visit or
    # citizen, which other rows refer to, fails their foreign keys (as 0008 notes). SQLite takes the
    # foreign key inline in ADD COLUMN; PostgreSQL gets it as a constraint.
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":  # ADD COLUMN with REFERENCES, as 0009 does
        if "repeat_of_id" not in {column["name"] for column in sa.inspect(bind).get_columns("visit")}:
            op.execute(
                f"ALTER TABLE visit ADD COLUMN repeat_of_id CHAR(32) CONSTRAINT {FK_NAME} REFERENCES visit (id)"
            )
    else:
        op.add_column("visit", sa.Column("repeat_of_id", sa.Uuid(), nullable=True))
        op.create_foreign_key(FK_NAME, "visit", "visit", ["repeat_of_id"], ["id"])
    op.add_column("visit", sa.Column("repeat_checked", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_visit_repeat_of_id", "visit", ["repeat_of_id"], unique=False)
    op.add_column("citizen", sa.Column("old_id_number", sa.String(length=20), nullable=False, server_default=""))
    op.create_index("ix_citizen_old_id_number", "citizen", ["old_id_number"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_citizen_old_id_number", table_name="citizen")
    op.drop_column("citizen", "old_id_number")  # plain DROP COLUMN (SQLite 3.35+), as 0008 does
    op.drop_index("ix_visit_repeat_of_id", table_name="visit")
    op.drop_column("visit", "repeat_checked")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot drop a column a foreign key names, and a copy of visit fails the foreign keys of
        # the rows referring to it: the nullable column stays, unread by older releases, and the
        # upgrade takes it back.
        op.execute("UPDATE visit SET repeat_of_id = NULL")
    else:
        op.drop_constraint(FK_NAME, "visit", type_="foreignkey")
        op.drop_column("visit", "repeat_of_id")
