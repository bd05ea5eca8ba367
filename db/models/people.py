"""Citizens: the people who come to the desk, their details as given each day, and their record's history."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Versioned
from db.enums import IdentityAnswer, IdType, Sex
from db.types import created_at, key_str, name_str, text_enum, utcnow, uuid_pk


class Citizen(Versioned, Base):
    """A person, with identity paper and a two-level address (province -> commune since 2025).

    The record holds the person's details as last given; what each visit and petition was told
    is kept on the visit's participant and the petition's sender (``AsGiven``).
    """

    __tablename__ = "citizen"
    # PostgreSQL's search order of citizens, newest recorded first (docs/search.md).
    __table_args__ = (Index("ix_citizen_created_at", "created_at", "id"),)

    id: Mapped[uuid_pk]
    full_name: Mapped[name_str]
    name_key: Mapped[key_str]
    sex: Mapped[Sex] = mapped_column(text_enum(Sex), default=Sex.UNKNOWN)
    birth_date: Mapped[dt.date | None]
    birth_year: Mapped[int | None]
    id_type: Mapped[IdType] = mapped_column(text_enum(IdType), default=IdType.NONE)
    id_number: Mapped[str] = mapped_column(String(20), default="", index=True)
    old_id_number: Mapped[str] = mapped_column(String(20), default="", index=True)  # the CMND a card QR names
    id_issue_date: Mapped[dt.date | None]
    id_issue_place: Mapped[str] = mapped_column(String(200), default="")
    ethnicity: Mapped[str] = mapped_column(String(40), default="")
    nationality: Mapped[str] = mapped_column(String(60), default="Việt Nam")
    phone: Mapped[str] = mapped_column(String(20), default="")
    province_code: Mapped[int | None]
    commune_code: Mapped[int | None]
    address_detail: Mapped[str] = mapped_column(String(300), default="")  # house, street, hamlet
    address: Mapped[str] = mapped_column(String(500), default="")  # full formatted address
    address_key: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# The citizen's columns a visit participant and a petition sender keep as they were given that day.
AS_GIVEN_COLUMNS = (
    "full_name",
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
    "address",
    "ethnicity",
    "nationality",
)


class AsGiven:
    """A person's details as given on the day of a visit or a petition, copied from the citizen record then.

    Written once and never updated by a later save: a later visit of the same person (a new address, a corrected
    name) must not rewrite what the book, the petition and the papers issued from them say
    (Law 42/2013 Art. 25(2)). The citizen record moves on; ``CitizenChange`` keeps its history.
    Only a corrective step (db.models.corrections) changes a visit's line, keeping the old values.
    """

    full_name: Mapped[str] = mapped_column(String(200), default="")
    sex: Mapped[Sex] = mapped_column(text_enum(Sex), default=Sex.UNKNOWN)
    birth_date: Mapped[dt.date | None] = mapped_column()
    birth_year: Mapped[int | None] = mapped_column()
    id_type: Mapped[IdType] = mapped_column(text_enum(IdType), default=IdType.NONE)
    id_number: Mapped[str] = mapped_column(String(20), default="")
    id_issue_date: Mapped[dt.date | None] = mapped_column()
    id_issue_place: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    province_code: Mapped[int | None] = mapped_column()
    commune_code: Mapped[int | None] = mapped_column()
    address_detail: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    ethnicity: Mapped[str] = mapped_column(String(40), default="")
    nationality: Mapped[str] = mapped_column(String(60), default="")


class CitizenChange(Versioned, Base):
    """One field of a citizen record changed by a save at a desk (append-only).

    ``old_value`` and ``new_value`` are the field as text ("" for none, dates ISO, codes as
    stored). ``answer`` is what the receptionist said when the identity number was already
    recorded with another name or year of birth (None when nothing was asked). After
    ``typing_mistake`` the record kept ``old_value``: ``new_value`` is what was typed.
    """

    __tablename__ = "citizen_change"

    id: Mapped[uuid_pk]
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"), index=True)
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    desk_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("desk.id"))
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visit.id"))
    petition_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("petition.id"))
    field_name: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(String(500), default="")
    new_value: Mapped[str] = mapped_column(String(500), default="")
    answer: Mapped[IdentityAnswer | None] = mapped_column(text_enum(IdentityAnswer, length=30))
