"""The report cut-off day is the office's, shared by its desks, not one desk's setting.

The day periodic reports start from (15 by default, docs/reports.md#periods) moves from this desk's
local settings to the office row, which travels to every desk: in office mode every desk and the
server count "the year" over the same days. A valid day a desk working alone had set is kept.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 19:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("office", sa.Column("report_cutoff_day", sa.Integer(), nullable=False, server_default="15"))
    connection = op.get_bind()
    settings = {key: value for key, value in connection.execute(sa.text("SELECT key, value FROM local_setting"))}
    text = settings.get("report_cutoff_day", "").strip()
    # A desk alone keeps the day it had; an office desk takes the office's (it would not reach the server).
    if settings.get("mode") != "office" and text.isdigit() and 1 <= int(text) <= 28:
        connection.execute(sa.text("UPDATE office SET report_cutoff_day = :day"), {"day": int(text)})
    connection.execute(sa.text("DELETE FROM local_setting WHERE key = 'report_cutoff_day'"))


def downgrade() -> None:
    op.drop_column("office", "report_cutoff_day")
