"""Citizens: the people who come to the desk."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Versioned
from db.enums import IdType, Sex
from db.types import created_at, key_str, name_str, text_enum, utcnow, uuid_pk


class Citizen(Versioned, Base):
    """A person, with identity paper and a two-level address (province -> commune since 2025)."""

    __tablename__ = "citizen"

    id: Mapped[uuid_pk]
    full_name: Mapped[name_str]
    name_key: Mapped[key_str]
    sex: Mapped[Sex] = mapped_column(text_enum(Sex), default=Sex.UNKNOWN)
    birth_date: Mapped[dt.date | None]
    birth_year: Mapped[int | None]
    id_type: Mapped[IdType] = mapped_column(text_enum(IdType), default=IdType.NONE)
    id_number: Mapped[str] = mapped_column(String(20), default="", index=True)
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
