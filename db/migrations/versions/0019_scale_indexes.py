"""Indexes for a desk of a million visits: the board's handling officer read from an index alone.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 15:45:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_case_event_latest", "case_event", ["case_id", "occurred_on", "recorded_at", "actor"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_case_event_latest", table_name="case_event")
