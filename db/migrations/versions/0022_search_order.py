"""Date indexes that let a name search walk the records newest first (docs/search.md).

A word as common as a family name ("nguyen": 40 % of the people) matches too many citizens to read
and sort: each kind of result is then walked newest first through an index on its date, each
record's people checked against the name index, until a page is full. Visits (received_at) and
petitions (received_on) had theirs; this adds the citizens' (created_at, id: PostgreSQL's order of
citizens; SQLite uses the FTS5 keys), the cases' (accepted_on) and the letters' (issued_at). Building
them indexes the rows a database already holds.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 19:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_citizen_created_at", "citizen", ["created_at", "id"]),
    ("ix_case_file_accepted_on", "case_file", ["accepted_on"]),
    ("ix_issued_document_issued_at", "issued_document", ["issued_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
