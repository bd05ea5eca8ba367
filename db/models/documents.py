"""Issued documents: every slip or letter printed, with the hash of the kept PDF."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Versioned
from db.enums import DocumentKind
from db.types import created_at, text_enum, uuid_pk


class IssuedDocument(Versioned, Base):
    """A rendered document (slip or official letter) and, for letters, the outgoing register entry.

    Append-only. A letter or conclusion notice is written once: its reprint re-reads the kept PDF
    and adds no row. Each print of a slip renders it again and adds a row with the same number.
    """

    __tablename__ = "issued_document"
    __table_args__ = (Index("ix_issued_document_issued_at", "issued_at"),)  # search walks letters newest first

    id: Mapped[uuid_pk]
    kind: Mapped[DocumentKind] = mapped_column(text_enum(DocumentKind))
    number: Mapped[str] = mapped_column(String(40), index=True)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visit.id"), index=True)
    petition_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("petition.id"), index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")  # trích yếu, for the outgoing register
    recipient: Mapped[str] = mapped_column(String(300), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    issued_at: Mapped[dt.datetime]
    layout: Mapped[str] = mapped_column(String(10), default="a4")  # a4 | thermal
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(300), default="")  # relative to the data folder
    created_at: Mapped[created_at]
