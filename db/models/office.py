"""The office profile, its signers, the desks and the users."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Versioned
from db.enums import Role
from db.types import created_at, name_str, text_enum, utcnow, uuid_pk


class Office(Versioned, Base):
    """The agency that prints the letters: one row per database."""

    __tablename__ = "office"

    id: Mapped[uuid_pk]
    agency_name: Mapped[name_str]  # "Ban Tiếp công dân tỉnh An Giang"
    parent_agency: Mapped[name_str]  # "Ủy ban nhân dân tỉnh An Giang"
    place_name: Mapped[str] = mapped_column(String(100))  # date line: "An Giang, ngày ..."
    number_symbol: Mapped[str] = mapped_column(String(40))  # "BTCD" in "Số: 15/TB-BTCD"
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    reception_place: Mapped[str] = mapped_column(String(300), default="")
    head_position: Mapped[str] = mapped_column(String(100), default="Trưởng ban")  # approves proposals to accept
    # Periodic reports run from this day of a month to the day before it (1 to 28; docs/reports.md#periods).
    report_cutoff_day: Mapped[int] = mapped_column(default=15, server_default="15")
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    signers: Mapped[list[Signer]] = relationship(
        back_populates="office", order_by="Signer.sort_order", cascade="all, delete-orphan"
    )
    authorities: Mapped[list[Authority]] = relationship(
        back_populates="office", order_by="Authority.sort_order", cascade="all, delete-orphan"
    )


class Authority(Versioned, Base):
    """A competent authority the reception board serves: it accepts, refuses and resolves in its own name.

    The board classifies, guides, transfers, proposes and follows up; an acceptance or a refusal is
    the competent head's (Law 02/2011 Art. 18-21, 27; docs/legal-basis.md#issuing-authority).
    """

    __tablename__ = "authority"

    id: Mapped[uuid_pk]
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[name_str]  # "Ủy ban nhân dân tỉnh An Giang"
    head_position: Mapped[str] = mapped_column(String(100))  # "Chủ tịch"
    signing_line: Mapped[str] = mapped_column(String(200), default="")  # "TM. Ủy ban nhân dân"
    number_symbol: Mapped[str] = mapped_column(String(40), default="")  # "UBND" in "Số: 15/TB-UBND"
    keeps_series: Mapped[bool] = mapped_column(default=True)  # the desk numbers the authority's letters
    inspectorate: Mapped[str] = mapped_column(String(300), default="")  # thanh tra cùng cấp
    sort_order: Mapped[int] = mapped_column(default=0)

    office: Mapped[Office] = relationship(back_populates="authorities")


class Signer(Versioned, Base):
    """A person who signs the office's documents, with the signing authority prefix."""

    __tablename__ = "signer"

    id: Mapped[uuid_pk]
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"), index=True)
    full_name: Mapped[name_str]
    position: Mapped[str] = mapped_column(String(100))  # "Trưởng ban"
    authority: Mapped[str] = mapped_column(String(200), default="")  # "TM. Ủy ban nhân dân" / "KT. Trưởng ban"
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)
    # The authority this signer signs for; None for the reception board's own signers.
    authority_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("authority.id"), index=True)

    office: Mapped[Office] = relationship(back_populates="signers")


class Desk(Versioned, Base):
    """A reception desk; its code prefixes every serial it issues (D01-2026-000123)."""

    __tablename__ = "desk"

    id: Mapped[uuid_pk]
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    install_id: Mapped[str] = mapped_column(String(36), default="")  # the desk installation that owns the code
    created_at: Mapped[created_at]


class User(Versioned, Base):
    """A person using the desk; one with a username and a password hash can sign in.

    A shared table: every desk of an office receives the users, their hashes, roles and disabling
    with the next sync, and keeps the hashes it last synced so that a desk offline still signs in.
    A receptionist named on the office profile without an account has no username and no hash.
    """

    __tablename__ = "app_user"

    id: Mapped[uuid_pk]
    full_name: Mapped[name_str]
    position: Mapped[str] = mapped_column(String(100), default="")
    username: Mapped[str | None] = mapped_column(String(60), unique=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[created_at]
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2id, "$argon2id$v=19$..."
    role: Mapped[Role | None] = mapped_column(text_enum(Role))
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    password_changed_at: Mapped[dt.datetime | None]
