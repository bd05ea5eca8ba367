"""Rows a desk's SQLite holds but the office server refuses, written through the ORM past every check.

Input validation refuses such values at the door; these helpers put them on a desk anyway (an older
TiepDan, a repaired file, a bug), the way the sync must survive them. Used by the office tests and
bench/chaos.py.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from db.enums import IdType, ParticipantRole, Sex
from db.models import Citizen, Visit, VisitParticipant
from desktop.core.database import Database
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_citizen, make_draft

LONG_NAME = ("Nguyễn Văn " + "Trường " * 50)[:300]  # 300 characters; full_name is varchar(200)
NUL_ADDRESS = "Số 7\x00, ấp Mỹ Thới"  # PostgreSQL text cannot hold a NUL byte
LONG_ID = "C1234567 do Cục Quản lý xuất nhập cảnh"[:40].ljust(40, "0")  # 40 characters; id_number is varchar(20)
FAULTS = {
    "long_name": {"full_name": LONG_NAME},
    "nul_address": {"address_detail": NUL_ADDRESS},
    "long_id": {"id_number": LONG_ID},
}
# What the server says about each (the column and its limit, never the value): refusal.Reason codes.
REASONS = {
    "long_name": "too_long:full_name:200",
    "nul_address": "nul_character:address_detail:",
    "long_id": "too_long:id_number:20",
}


def poisoned_citizen(fault: str, n: int = 0) -> Citizen:
    """A citizen row with one value the server refuses (``fault``: a key of FAULTS)."""
    values: dict[str, object] = {
        "full_name": "Lê Văn Độc",
        "name_key": "le van doc",
        "sex": Sex.MALE,
        "birth_year": 1970,
        "id_type": IdType.CCCD,
        "id_number": f"0891700{n % 100_000:05d}",
        "address_detail": "Số 7, ấp Mỹ Thới",
        "address": "Số 7, ấp Mỹ Thới, Xã Mỹ Hòa Hưng, Tỉnh An Giang",
    }
    values.update(FAULTS[fault])
    return Citizen(**values)


def save_poisoned_citizen(database: Database, fault: str, n: int = 0) -> str:
    """A citizen alone (no visit) with a refused value; returns its id."""
    with database.sessions.begin() as session:
        citizen = poisoned_citizen(fault, n)
        session.add(citizen)
        session.flush()
        return str(citizen.id)


def save_poisoned_visit(
    database: Database, code: str, fault: str, *, n: int = 0, now: dt.datetime | None = None
) -> str:
    """A valid visit saved as the form does, with a second participant whose citizen the server
    refuses, in the same transaction; returns the visit's serial."""
    draft = make_draft(make_citizen(id_number=f"0891850{n % 100_000:05d}"))
    with database.sessions.begin() as session:
        serial = register_visit(session, draft, desk_code=code, now=now, actor=ADMIN).visit.serial
        visit = session.scalars(select(Visit).where(Visit.serial == serial)).one()
        visit.participants.append(
            VisitParticipant(
                citizen=poisoned_citizen(fault, n),
                role=ParticipantRole.REPRESENTATIVE,
                position=len(visit.participants),
                full_name="Lê Văn Độc",
                address="Số 7, ấp Mỹ Thới, Xã Mỹ Hòa Hưng, Tỉnh An Giang",
            )
        )
        session.flush()
    return serial
