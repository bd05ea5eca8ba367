"""A petition records the answer to the duplicate question: the same matter as an earlier one, or new.

``petition.duplicate_checked`` says the receptionist answered the question asked before saving a
petition whose earlier ones look like the same matter (issue 11): true with ``duplicate_of_id`` a
link, true without it confirmed new. A petition already linked was answered (its "Same as" was
typed); every other existing petition was saved unasked. It travels to the other desks like every
column of a shared table (db/sync.py takes the columns from the table; the server's change-log
trigger logs the whole row).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-01 22:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, never batch mode: a copy of petition fails the foreign keys of the rows that
    # refer to it (as 0008 and 0017 note).
    op.add_column(
        "petition", sa.Column("duplicate_checked", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    petition = sa.table("petition", sa.column("duplicate_of_id", sa.Uuid()), sa.column("duplicate_checked"))
    op.execute(petition.update().where(petition.c.duplicate_of_id.isnot(None)).values(duplicate_checked=sa.true()))


def downgrade() -> None:
    op.drop_column("petition", "duplicate_checked")  # plain DROP COLUMN (SQLite 3.35+), as 0017 does
