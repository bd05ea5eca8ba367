"""Petitions, cases and their events; letters linked to petitions and cases.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 04:04:46.610576
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types
from db.migrations import triggers

SHARED_TABLES = ("field_of_law", "petition", "petition_sender", "case_file", "case_event")

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_of_law",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_of_law")),
        sa.UniqueConstraint("code", name=op.f("uq_field_of_law_code")),
    )
    op.create_table(
        "petition",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("desk_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "in_person",
                "post",
                "email",
                "transferred",
                "box",
                "other",
                name="channel",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "complaint",
                "denunciation",
                "recommendation",
                "multiple",
                name="petitionkind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("field_id", sa.Uuid(), nullable=True),
        sa.Column("content_summary", sa.Text(), nullable=False),
        sa.Column("content_key", sa.Text(), nullable=False),
        sa.Column("is_anonymous", sa.Boolean(), nullable=False),
        sa.Column("transferred_from", sa.String(length=300), nullable=False),
        sa.Column("transferred_doc_number", sa.String(length=60), nullable=False),
        sa.Column("transferred_doc_date", sa.Date(), nullable=True),
        sa.Column("report_back_required", sa.Boolean(), nullable=False),
        sa.Column(
            "competence",
            sa.Enum("ours", "other_body", "subordinate", name="competence", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("competent_body", sa.String(length=300), nullable=False),
        sa.Column("is_eligible", sa.Boolean(), nullable=False),
        sa.Column(
            "ineligibility",
            sa.Enum(
                "anonymous",
                "unsigned",
                "over_time_limit",
                "already_settled",
                "sent_to_many",
                "guided_before",
                "no_capacity",
                "court_accepted",
                "other",
                name="ineligibility",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("ineligibility_note", sa.Text(), nullable=False),
        sa.Column("duplicate_of_id", sa.Uuid(), nullable=True),
        sa.Column("duplicate_count", sa.Integer(), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "guide",
                "transfer",
                "propose",
                "accept",
                "refuse",
                "archive",
                name="petitiondecision",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("rule_id", sa.String(length=60), nullable=False),
        sa.Column("rule_version", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_petition_desk_id_desk")),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"], ["petition.id"], name=op.f("fk_petition_duplicate_of_id_petition")
        ),
        sa.ForeignKeyConstraint(["field_id"], ["field_of_law.id"], name=op.f("fk_petition_field_id_field_of_law")),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_petition_visit_id_visit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition")),
        sa.UniqueConstraint("desk_id", "year", "seq", name="uq_petition_desk_year_seq"),
        sa.UniqueConstraint("number", name=op.f("uq_petition_number")),
    )
    with op.batch_alter_table("petition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_petition_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_petition_received_on"), ["received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_petition_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "case_file",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("desk_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("complaint", "denunciation", "recommendation", name="casekind", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("is_complex", sa.Boolean(), nullable=False),
        sa.Column("is_remote", sa.Boolean(), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=False),
        sa.Column("report_back_required", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("rule_id", sa.String(length=60), nullable=False),
        sa.Column("rule_version", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_case_file_desk_id_desk")),
        sa.ForeignKeyConstraint(["petition_id"], ["petition.id"], name=op.f("fk_case_file_petition_id_petition")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_file")),
        sa.UniqueConstraint("desk_id", "year", "seq", name="uq_case_file_desk_year_seq"),
        sa.UniqueConstraint("number", name=op.f("uq_case_file_number")),
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.create_index("ix_case_file_open_due", ["is_open", "due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_file_petition_id"), ["petition_id"], unique=False)

    op.create_table(
        "petition_sender",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("petition_id", sa.Uuid(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_petition_sender_citizen_id_citizen")),
        sa.ForeignKeyConstraint(["petition_id"], ["petition.id"], name=op.f("fk_petition_sender_petition_id_petition")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_sender")),
    )
    with op.batch_alter_table("petition_sender", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_petition_sender_citizen_id"), ["citizen_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_petition_sender_petition_id"), ["petition_id"], unique=False)

    op.create_table(
        "case_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "accepted",
                "verification",
                "dialogue",
                "decided",
                "final",
                "withdrawn",
                "suspended",
                "resumed",
                "extended",
                "concluded",
                "conclusion_notified",
                "handled",
                "answered",
                "transferred",
                "reported_back",
                "note",
                name="caseeventkind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], name=op.f("fk_case_event_case_id_case_file")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["issued_document.id"], name=op.f("fk_case_event_document_id_issued_document")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_event")),
    )
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_event_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("petition_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("case_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("title", sa.String(length=300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("recipient", sa.String(length=300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("signer_name", sa.String(length=200), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_issued_document_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_issued_document_petition_id"), ["petition_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_issued_document_case_id_case_file"), "case_file", ["case_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_issued_document_petition_id_petition"), "petition", ["petition_id"], ["id"]
        )

    for table in SHARED_TABLES:
        triggers.install(table)


def downgrade() -> None:
    for table in SHARED_TABLES:
        triggers.remove(table)
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_issued_document_petition_id_petition"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_issued_document_case_id_case_file"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_issued_document_petition_id"))
        batch_op.drop_index(batch_op.f("ix_issued_document_case_id"))
        batch_op.drop_column("signer_name")
        batch_op.drop_column("recipient")
        batch_op.drop_column("title")
        batch_op.drop_column("case_id")
        batch_op.drop_column("petition_id")

    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_event_case_id"))

    op.drop_table("case_event")
    with op.batch_alter_table("petition_sender", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petition_sender_petition_id"))
        batch_op.drop_index(batch_op.f("ix_petition_sender_citizen_id"))

    op.drop_table("petition_sender")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_file_petition_id"))
        batch_op.drop_index("ix_case_file_open_due")

    op.drop_table("case_file")
    with op.batch_alter_table("petition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petition_visit_id"))
        batch_op.drop_index(batch_op.f("ix_petition_received_on"))
        batch_op.drop_index(batch_op.f("ix_petition_due_on"))

    op.drop_table("petition")
    op.drop_table("field_of_law")
