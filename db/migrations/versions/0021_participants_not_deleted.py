"""A desk's server role may no longer delete a visit's people: it corrects them, never deletes them.

Migration 0014 made ``visit_participant`` updatable for the corrective steps and, by taking it out
of the append-only tables, gave the desks' roles DELETE as well. No use case and no step of the sync
deletes a visit's person (a visit is cancelled by a step, never deleted), so the roles made before
lose that right (desktop/core/office_mode/desk_roles.py gives the new ones SELECT, INSERT, UPDATE).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 19:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for role in _desk_roles():
        op.execute(f"REVOKE DELETE ON TABLE visit_participant FROM {role}")


def downgrade() -> None:
    for role in _desk_roles():
        op.execute(f"GRANT DELETE ON TABLE visit_participant TO {role}")


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
