"""The returning citizen with another name, across two desks of an office and the real PostgreSQL (through a proxy)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from db.enums import IdentityAnswer, Sex
from db.models import Citizen, CitizenChange, OutboxEntry
from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.office_mode import sync
from desktop.core.reception.book import BookFilter, book_page, visit_detail
from desktop.core.reception.drafts import add_visit
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_citizen, make_draft

pytestmark = pytest.mark.postgres
FIRST = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 3, 12, 2, 30, tzinfo=dt.UTC)
TO, KHAC = "Nguyễn Văn Tố", "Lê Thị Khác"
NUMBER = "089070001234"
RETURNING = {
    "received_at": "2026-03-12T09:30",
    "classification": "denunciation",
    "content_summary": "Tố cáo hành vi lấn chiếm đất",
    "outcome": "receive_petition",
    "participants": [
        {
            "citizen": {
                "full_name": KHAC,
                "sex": "female",
                "birth_year": 1985,
                "id_type": "cccd",
                "id_number": NUMBER,
                "address_detail": "Số 8, khóm Đông Thịnh",
                "province_code": 91,
                "commune_code": 30313,
                "identity_answer": "same_person_new_details",
            }
        }
    ],
}


def test_a_returning_citizen_with_another_name_never_rewrites_the_other_desk_s_book(
    make_desk: Callable[[str], Database],
) -> None:
    d01, d02 = make_desk("D01"), make_desk("D02")
    to = make_citizen(full_name=TO, sex=Sex.MALE, birth_year=1970, id_number=NUMBER)
    with d01.sessions.begin() as session:
        first = register_visit(session, make_draft(to), desk_code="D01", now=FIRST, actor=ADMIN).visit
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    # The second desk receives the person again, headless: the line says it is the same person.
    result = add_visit(d02, 1, RETURNING, desk_code="D02", now=LATER, actor=ADMIN)
    assert result.number == "D02-2026-000001", result.errors
    with d02.sessions() as session:  # on an office desk the headless save goes through the outbox
        queued = set(session.scalars(select(OutboxEntry.entity)))
    assert {"visit", "visit_participant", "citizen", "citizen_change"} <= queued
    sync.sync_once(d02, "D02")
    sync.sync_once(d01, "D01")
    for desk in (d01, d02):
        with desk.sessions() as session:
            earlier = visit_detail(session, first.serial, actor=NOBODY).main
            line = next(
                row
                for row in book_page(session, BookFilter(dt.date(2026, 3, 5), dt.date(2026, 3, 5)), actor=NOBODY)
                if row.serial == first.serial
            )
            citizen = session.scalars(select(Citizen)).one()
            answers = set(session.scalars(select(CitizenChange.answer)))
        assert (earlier.full_name, earlier.birth_year, earlier.sex) == (TO, 1970, Sex.MALE)
        assert line.citizen_name == TO
        assert (citizen.full_name, citizen.birth_year) == (KHAC, 1985)
        assert answers == {IdentityAnswer.SAME_PERSON_NEW_DETAILS}
