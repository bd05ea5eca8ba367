"""People as they were that day: each visit participant and petition sender keeps the details given.

Visit participants kept only the name and address of the day; petition senders kept nothing of
their own, so a later visit that typed the same identity number with another name or address
rewrote every earlier petition, slip and letter. Both now keep the name, sex, birth, identity
paper, phone, address, ethnicity and nationality as given (the columns of
``db.models.people.AsGiven``), and the citizen record keeps the history of its changes
(``citizen_change``).

Existing rows are filled from the citizen record as it is now: what earlier visits were told
was overwritten before this release and is lost, so this is the best that can be done. Two
things are kept better than that: a participant's name and address recorded on the day stay
as they are, and a sender of a petition registered from a visit takes the name and address
that visit's participant recorded.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types
from db.migrations import triggers

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Filled from the citizen record; the participant's full_name and address exist since 0001.
NEW_PARTICIPANT_COLUMNS = (
    "sex",
    "birth_date",
    "birth_year",
    "id_type",
    "id_number",
    "id_issue_date",
    "id_issue_place",
    "phone",
    "province_code",
    "commune_code",
    "address_detail",
    "ethnicity",
    "nationality",
)
RECORDED_ON_THE_DAY = ("full_name", "address")
SENDER_COLUMNS = (*RECORDED_ON_THE_DAY, *NEW_PARTICIPANT_COLUMNS)


def _columns(*, with_name_and_address: bool) -> list[sa.Column[object]]:
    columns: list[sa.Column[object]] = []
    if with_name_and_address:
        columns.append(sa.Column("full_name", sa.String(length=200), nullable=False, server_default=""))
    columns += [
        sa.Column(
            "sex",
            sa.Enum("male", "female", "unknown", name="sex", native_enum=False, length=24),
            nullable=False,
            server_default="unknown",
        ),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column(
            "id_type",
            sa.Enum("cccd", "cmnd", "passport", "other", "none", name="idtype", native_enum=False, length=24),
            nullable=False,
            server_default="none",
        ),
        sa.Column("id_number", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("id_issue_date", sa.Date(), nullable=True),
        sa.Column("id_issue_place", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("phone", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("province_code", sa.Integer(), nullable=True),
        sa.Column("commune_code", sa.Integer(), nullable=True),
        sa.Column("address_detail", sa.String(length=300), nullable=False, server_default=""),
    ]
    if with_name_and_address:
        columns.append(sa.Column("address", sa.String(length=500), nullable=False, server_default=""))
    columns += [
        sa.Column("ethnicity", sa.String(length=40), nullable=False, server_default=""),
        sa.Column("nationality", sa.String(length=60), nullable=False, server_default=""),
    ]
    return columns


def _fill_from_citizen(table: str, columns: tuple[str, ...], *, only_empty: bool = False) -> None:
    """Each column from the row's citizen as it is now (a column at a time: portable SQL)."""
    for column in columns:
        condition = f"EXISTS (SELECT 1 FROM citizen WHERE citizen.id = {table}.citizen_id)"
        if only_empty:
            condition += f" AND {table}.{column} = ''"
        op.execute(
            f"UPDATE {table} SET {column} = (SELECT citizen.{column} FROM citizen "
            f"WHERE citizen.id = {table}.citizen_id) WHERE {condition}"
        )


def _senders_from_their_visit() -> None:
    """The sender of a petition registered from a visit: the name and address that visit recorded."""
    for column in RECORDED_ON_THE_DAY:
        recorded = (
            f"SELECT visit_participant.{column} FROM visit_participant "
            "JOIN petition ON petition.visit_id = visit_participant.visit_id "
            "WHERE petition.id = petition_sender.petition_id "
            "AND visit_participant.citizen_id = petition_sender.citizen_id "
            f"AND visit_participant.{column} <> ''"
        )
        op.execute(
            f"UPDATE petition_sender SET {column} = ({recorded} ORDER BY visit_participant.position LIMIT 1) "
            f"WHERE EXISTS ({recorded})"
        )


def upgrade() -> None:
    with op.batch_alter_table("visit_participant", schema=None) as batch_op:
        for column in _columns(with_name_and_address=False):
            batch_op.add_column(column)
    with op.batch_alter_table("petition_sender", schema=None) as batch_op:
        for column in _columns(with_name_and_address=True):
            batch_op.add_column(column)
    _fill_from_citizen("visit_participant", RECORDED_ON_THE_DAY, only_empty=True)
    _fill_from_citizen("visit_participant", NEW_PARTICIPANT_COLUMNS)
    _fill_from_citizen("petition_sender", SENDER_COLUMNS)
    _senders_from_their_visit()

    op.create_table(
        "citizen_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("changed_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("desk_id", sa.Uuid(), nullable=True),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("petition_id", sa.Uuid(), nullable=True),
        sa.Column("field_name", sa.String(length=40), nullable=False),
        sa.Column("old_value", sa.String(length=500), nullable=False),
        sa.Column("new_value", sa.String(length=500), nullable=False),
        sa.Column(
            "answer",
            sa.Enum(
                "same_person_new_details", "typing_mistake", name="identityanswer", native_enum=False, length=30
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_citizen_change_citizen_id_citizen")),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_citizen_change_desk_id_desk")),
        sa.ForeignKeyConstraint(["petition_id"], ["petition.id"], name=op.f("fk_citizen_change_petition_id_petition")),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_citizen_change_visit_id_visit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_change")),
    )
    with op.batch_alter_table("citizen_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizen_change_citizen_id"), ["citizen_id"], unique=False)
    triggers.install("citizen_change")


def downgrade() -> None:
    triggers.remove("citizen_change")
    with op.batch_alter_table("citizen_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_change_citizen_id"))
    op.drop_table("citizen_change")
    with op.batch_alter_table("petition_sender", schema=None) as batch_op:
        for column in reversed(SENDER_COLUMNS):
            batch_op.drop_column(column)
    with op.batch_alter_table("visit_participant", schema=None) as batch_op:
        for column in reversed(NEW_PARTICIPANT_COLUMNS):
            batch_op.drop_column(column)
