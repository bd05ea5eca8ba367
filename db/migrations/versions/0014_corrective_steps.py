"""Corrective steps: a visit, a petition decision or a letter corrected or cancelled, never deleted.

The ``correction`` table is shared (the server's change-log trigger included) and append-only for
a desk; a cancelled visit and a case whose acceptance was taken back point to their step.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 15:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import triggers
from db.types import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "correction",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("made_by_id", sa.Uuid(), nullable=True),
        sa.Column("made_by", sa.String(length=200), nullable=False),
        sa.Column("made_at", UTCDateTime(), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["made_by_id"], ["app_user.id"], name=op.f("fk_correction_made_by_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction")),
    )
    op.create_index("ix_correction_entity_record_id", "correction", ["entity", "record_id"], unique=False)
    triggers.install("correction")
    # Plain ADD COLUMN: batch mode would copy tables other rows refer to.
    op.add_column("visit", sa.Column("cancellation_id", sa.Uuid(), nullable=True))
    op.add_column("case_file", sa.Column("cancellation_id", sa.Uuid(), nullable=True))
    # The desks' roles made before (desktop/core/office_mode/desk_roles.py) get the rights the new
    # version's desk_privileges() gives: add steps, and correct a visit's people.
    for role in _desk_roles():
        op.execute(f"GRANT SELECT, INSERT ON TABLE correction TO {role}")
        op.execute(f"GRANT UPDATE, DELETE ON TABLE visit_participant TO {role}")


def _desk_roles() -> list[str]:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return []
    rows = bind.execute(
        sa.text(
            "SELECT DISTINCT grantee FROM information_schema.role_table_grants WHERE table_schema = current_schema() "
            "AND table_name = 'visit' AND privilege_type = 'INSERT' AND grantee LIKE 'tiepdan%desk%'"
        )
    )
    quote = bind.dialect.identifier_preparer.quote
    return [quote(str(name)) for (name,) in rows]


def downgrade() -> None:
    for role in _desk_roles():
        op.execute(f"REVOKE UPDATE, DELETE ON TABLE visit_participant FROM {role}")
    op.drop_column("case_file", "cancellation_id")
    op.drop_column("visit", "cancellation_id")
    triggers.remove("correction")
    op.drop_index("ix_correction_entity_record_id", table_name="correction")
    op.drop_table("correction")
