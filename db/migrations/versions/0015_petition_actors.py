"""Who registered a petition and who decided it: petition.registered_by_id, petition.decided_by_id.

Both count as assigned to the petition, so a denunciation received by post can be handled (and its
refusal printed) by the users who dealt with it before any case exists. NULL for older rows and for
a desk without accounts.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

COLUMNS = ("registered_by_id", "decided_by_id")


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): other tables point at petition.
    for column in COLUMNS:
        constraint = op.f(f"fk_petition_{column}_app_user")
        if op.get_bind().dialect.name == "sqlite":
            # SQLite adds a column with its foreign key in one ALTER, never a constraint afterwards.
            op.execute(f"ALTER TABLE petition ADD COLUMN {column} CHAR(32) CONSTRAINT {constraint} REFERENCES app_user (id)")
        else:
            op.add_column("petition", sa.Column(column, sa.Uuid(), nullable=True))
            op.create_foreign_key(constraint, "petition", "app_user", [column], ["id"])


def downgrade() -> None:
    for column in reversed(COLUMNS):
        if op.get_bind().dialect.name == "postgresql":
            op.drop_constraint(op.f(f"fk_petition_{column}_app_user"), "petition", type_="foreignkey")
        op.drop_column("petition", column)
