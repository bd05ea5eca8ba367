"""Desks converge: every shared table is versioned, and the change log keeps every write.

Before, the tables desks only inserted into had no version, and the log skipped a write whose
(table, id, version, operation) it held already: so the second update of such a row, or a row
created again after a delete (calendar days and field codes have ids derived from their key),
never reached the other desks. Existing rows start at version 1.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 08:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import triggers

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NEWLY_VERSIONED = (
    "desk",
    "app_user",
    "visit_participant",
    "received_document",
    "issued_document",
    "case_event",
    "petition_sender",
    "citizen_change",
)


def upgrade() -> None:
    for table in NEWLY_VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("server_change", schema=None) as batch_op:
        batch_op.drop_constraint("uq_server_change_row_version", type_="unique")
        batch_op.create_index("ix_server_change_entity_entity_id", ["entity", "entity_id"], unique=False)
    triggers.install_function(triggers.FUNCTION)


def downgrade() -> None:
    triggers.install_function(triggers.FUNCTION_0002)
    if op.get_bind().dialect.name == "postgresql":  # the old key holds one write per (row, version, op)
        op.execute(
            "DELETE FROM server_change later USING server_change earlier WHERE later.entity = earlier.entity "
            "AND later.entity_id = earlier.entity_id AND later.version = earlier.version AND later.op = earlier.op "
            "AND later.seq > earlier.seq"
        )
    with op.batch_alter_table("server_change", schema=None) as batch_op:
        batch_op.drop_index("ix_server_change_entity_entity_id")
        batch_op.create_unique_constraint("uq_server_change_row_version", ["entity", "entity_id", "version", "op"])
    for table in reversed(NEWLY_VERSIONED):
        # A plain DROP COLUMN (SQLite 3.35+): batch mode would copy each table, and dropping the old
        # copy of a table other rows refer to (app_user, desk) fails its foreign keys.
        op.drop_column(table, "version")
