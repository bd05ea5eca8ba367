"""The declarative base: shared metadata with a naming convention, common column types, mixins."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import FromClause, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from db.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        uuid.UUID: Uuid(),
        dt.datetime: UTCDateTime(),
    }


class Versioned:
    """A shared record: ``version`` starts at 1 and SQLAlchemy raises it on every UPDATE.

    The outbox, the server's change log and the conflict check all rely on it (see db.sync).
    Every shared table takes it, append-only ones too: an update of any shared row, even one
    the app never makes today, must reach the other desks (tests/core/office_mode/test_every_table.py).
    """

    version: Mapped[int] = mapped_column(default=1)
    if TYPE_CHECKING:
        __table__: ClassVar[FromClause]  # the table of the mapped class the mixin is part of

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - declared_attr passes the class
        return {"version_id_col": cls.__table__.c.version}
