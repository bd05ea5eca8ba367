"""The office's own working-day calendar: days declared off or working, shared between desks.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 05:49:36.011956
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import triggers

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_day",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_day_off", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_day")),
        sa.UniqueConstraint("day", name=op.f("uq_calendar_day_day")),
    )
    triggers.install("calendar_day")


def downgrade() -> None:
    triggers.remove("calendar_day")
    op.drop_table("calendar_day")
