"""register_visit on both backends: numbering, normalisation, rules, nothing written on failure."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from db.enums import Classification, IdType, Outcome, ParticipantRole, ReceivedBy, ReceptionKind, Sex
from db.models import Citizen, ReceivedDocument, Visit, VisitParticipant
from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.formatting import VN_TZ
from desktop.core.reception.book import BookFilter, book_page, visit_detail
from desktop.core.reception.visits import CitizenInput, ParticipantInput, participant_role, register_visit
from tests.builders import ADMIN, NAME, make_citizen, make_draft

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)  # 09:30 in Viet Nam


def _count(database: Database, model: type) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_register_visit_numbers_and_stores(any_database: Database) -> None:
    with any_database.sessions.begin() as session:
        saved = register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN)
    visit = saved.visit
    assert visit.serial == "D01-2026-000001"
    assert visit.main.full_name == NAME
    assert visit.main.address == "Số 12, ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang"
    assert [d.name for d in visit.documents] == ["Đơn khiếu nại", "Quyết định thu hồi đất"]
    assert visit.received_at == NOW
    assert visit.receptionist_name == "Trần Văn Hùng"
    assert saved.warnings == {}
    with any_database.sessions.begin() as session:
        second = register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN)
    assert second.visit.serial == "D01-2026-000002"


def test_same_person_is_found_again_by_id_number(any_database: Database) -> None:
    with any_database.sessions.begin() as session:
        register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN)
        register_visit(session, make_draft(make_citizen(phone="0387654321")), desk_code="D01", now=NOW, actor=ADMIN)
    with any_database.sessions() as session:
        citizens = session.scalars(select(Citizen)).all()
    assert len(citizens) == 1
    assert citizens[0].phone == "0387654321"
    assert citizens[0].version == 2


def test_decomposed_input_is_stored_nfc_with_search_keys(any_database: Database) -> None:
    nfd = unicodedata.normalize("NFD", "  nguyễn   thị ánh tuyết ")
    draft = make_draft(make_citizen(full_name=nfd), content_summary=unicodedata.normalize("NFD", "Khiếu nại đất đai"))
    with any_database.sessions.begin() as session:
        register_visit(session, draft, desk_code="D01", now=NOW, actor=ADMIN)
    with any_database.sessions() as session:
        citizen = session.scalars(select(Citizen)).one()
        visit = session.scalars(select(Visit)).one()
    assert citizen.full_name == NAME
    assert unicodedata.is_normalized("NFC", citizen.full_name)
    assert citizen.name_key == "nguyen thi anh tuyet"
    assert visit.content_summary == "Khiếu nại đất đai"
    assert visit.content_key == "khieu nai dat dai"


def test_serial_year_follows_viet_nam_time(any_database: Database) -> None:
    new_year_in_vn = dt.datetime(2025, 12, 31, 17, 30, tzinfo=dt.UTC)  # 00:30 on 1 Jan 2026 in Viet Nam
    with any_database.sessions.begin() as session:
        saved = register_visit(session, make_draft(received_at=new_year_in_vn), desk_code="D01", now=NOW, actor=ADMIN)
    assert saved.visit.serial == "D01-2026-000001"


@pytest.mark.parametrize(
    ("overrides", "citizen", "field"),
    [
        ({}, {"full_name": "  "}, "participants.0.full_name"),
        ({}, {"id_number": "12345"}, "participants.0.id_number"),
        ({}, {"phone": "12345"}, "participants.0.phone"),
        ({}, {"birth_date": dt.date(2027, 1, 1)}, "participants.0.birth_date"),
        ({}, {"birth_year": 1850}, "participants.0.birth_year"),
        ({}, {"id_issue_date": dt.date(2030, 1, 1)}, "participants.0.id_issue_date"),
        ({}, {"commune_code": 4}, "participants.0.commune_code"),
        ({}, {"province_code": None}, "participants.0.province_code"),
        ({"content_summary": " "}, {}, "content_summary"),
        ({"received_at": dt.datetime(2026, 3, 6, 9, 0)}, {}, "received_at"),
        ({"received_by": ReceivedBy.LEADER}, {}, "leader_name"),
        ({"outcome": Outcome.APPOINTMENT}, {}, "appointment_at"),
        ({"outcome": Outcome.APPOINTMENT, "appointment_at": dt.datetime(2026, 3, 10, 8, 0)}, {}, "appointment_place"),
        (
            {
                "outcome": Outcome.APPOINTMENT,
                "appointment_at": dt.datetime(2026, 3, 1, 8, 0),
                "appointment_place": "Trụ sở",
            },
            {},
            "appointment_at",
        ),
        ({"is_delegation": True, "head_count": 3}, {}, "head_count"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    any_database: Database, overrides: dict[str, object], citizen: dict[str, object], field: str
) -> None:
    draft = make_draft(make_citizen(**citizen), **overrides)
    with pytest.raises(ValidationError) as caught, any_database.sessions.begin() as session:
        register_visit(session, draft, desk_code="D01", now=NOW, actor=ADMIN)
    assert field in caught.value.errors
    for model in (Visit, Citizen, VisitParticipant, ReceivedDocument):
        assert _count(any_database, model) == 0
    with any_database.sessions.begin() as session:  # the failed save did not use up a number
        assert (
            register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN).visit.serial
            == "D01-2026-000001"
        )


def test_document_rows_are_validated(database: Database) -> None:
    from desktop.core.reception.visits import DocumentInput

    draft = make_draft(documents=(DocumentInput("", 1), DocumentInput("Đơn", 0)))
    with pytest.raises(ValidationError) as caught, database.sessions.begin() as session:
        register_visit(session, draft, desk_code="D01", now=NOW, actor=ADMIN)
    assert set(caught.value.errors) == {"documents.0.name", "documents.1.pages"}


def test_delegation_with_too_many_representatives_is_saved_with_warning(any_database: Database) -> None:
    reps = tuple(
        ParticipantInput(CitizenInput(full_name=f"Lê Văn Đại Diện {i}"), ParticipantRole.REPRESENTATIVE, True)
        for i in range(3)
    )
    draft = make_draft(is_delegation=True, head_count=8)
    draft = replace(draft, participants=draft.participants + reps)
    with any_database.sessions.begin() as session:
        saved = register_visit(session, draft, desk_code="D01", now=NOW, actor=ADMIN)
    assert "representatives" in saved.warnings
    assert saved.visit.head_count == 8
    assert len(saved.visit.participants) == 4


def test_cccd_warning_does_not_block(database: Database) -> None:
    draft = make_draft(make_citizen(sex=Sex.MALE))
    with database.sessions.begin() as session:
        saved = register_visit(session, draft, desk_code="D01", now=NOW, actor=ADMIN)
    assert "participants.0.id_number" in saved.warnings


def test_periodic_reception_by_officer_warns(database: Database) -> None:
    with database.sessions.begin() as session:
        saved = register_visit(
            session, make_draft(reception_kind=ReceptionKind.PERIODIC), desk_code="D01", now=NOW, actor=ADMIN
        )
    assert "received_by" in saved.warnings


def test_list_visits_of_a_day_in_viet_nam_time(any_database: Database) -> None:
    late = dt.datetime(2026, 3, 5, 16, 30, tzinfo=dt.UTC)  # 23:30 on 5 March in Viet Nam
    next_day = dt.datetime(2026, 3, 5, 17, 30, tzinfo=dt.UTC)  # 00:30 on 6 March
    with any_database.sessions.begin() as session:
        register_visit(
            session, make_draft(received_at=late), desk_code="D01", now=NOW + dt.timedelta(days=1), actor=ADMIN
        )
        register_visit(
            session, make_draft(received_at=next_day), desk_code="D01", now=NOW + dt.timedelta(days=1), actor=ADMIN
        )
    with any_database.sessions() as session:
        fifth = book_page(session, BookFilter(dt.date(2026, 3, 5), dt.date(2026, 3, 5)), actor=NOBODY)
        sixth = book_page(session, BookFilter(dt.date(2026, 3, 6), dt.date(2026, 3, 6)), actor=NOBODY)
    assert [v.serial for v in fifth] == ["D01-2026-000001"]
    assert [v.serial for v in sixth] == ["D01-2026-000002"]
    assert fifth[0].citizen_name == NAME
    assert fifth[0].received_at.astimezone(VN_TZ).hour == 23


def test_visit_detail_of_unknown_number(database: Database) -> None:
    with pytest.raises(NotFoundError), database.sessions() as session:
        visit_detail(session, "D01-2026-999999", actor=NOBODY)


def test_id_number_is_stored_normalised(database: Database) -> None:
    draft = make_draft(make_citizen(id_type=IdType.PASSPORT, id_number=" c 1234567"))
    with database.sessions.begin() as session:
        saved = register_visit(session, draft, desk_code="D01", now=NOW, actor=ADMIN)
    assert saved.visit.main.id_number == "C1234567"


def test_a_returning_citizen_keeps_what_is_not_typed_again(database: Database) -> None:
    with database.sessions.begin() as session:
        register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN)
        sparse = make_citizen(
            phone="",
            birth_year=None,
            id_issue_date=None,
            id_issue_place="",
            province_code=None,
            commune_code=None,
            address_detail="",
        )
        register_visit(session, make_draft(sparse), desk_code="D01", now=NOW, actor=ADMIN)
    with database.sessions() as session:
        citizen = session.scalars(select(Citizen)).one()
    assert citizen.phone == "0912345678"
    assert citizen.birth_year == 1985
    assert citizen.address == "Số 12, ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang"
    assert citizen.id_issue_date == dt.date(2021, 4, 12)


def test_the_book_keeps_the_name_and_address_of_the_day(any_database: Database) -> None:
    """A later visit with a new address must not rewrite an earlier line of the book."""
    with any_database.sessions.begin() as session:
        first = register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN).visit.serial
        moved = make_citizen(full_name="Nguyễn Thị Ánh Tuyết", address_detail="Số 8, khóm Đông Thịnh")
        register_visit(session, make_draft(moved), desk_code="D01", now=NOW + dt.timedelta(days=2), actor=ADMIN)
    with any_database.sessions() as session:
        earlier = book_page(session, BookFilter(dt.date(2026, 3, 5), dt.date(2026, 3, 5)), actor=NOBODY)
        detail = visit_detail(session, first, actor=NOBODY)
    assert [row.citizen_address for row in earlier] == ["Số 12, ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang"]
    assert detail.main.address == "Số 12, ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang"


@pytest.mark.parametrize(
    ("classification", "role"),
    [
        (Classification.COMPLAINT, ParticipantRole.COMPLAINANT),
        (Classification.DENUNCIATION, ParticipantRole.DENOUNCER),
        (Classification.RECOMMENDATION, ParticipantRole.PETITIONER),
        (Classification.REFLECTION, ParticipantRole.PETITIONER),
    ],
)
def test_the_role_follows_the_classification(classification: Classification, role: ParticipantRole) -> None:
    assert participant_role(classification) == role


@pytest.mark.parametrize("classification", list(Classification))
def test_a_representative_is_a_representative_whatever_the_matter(classification: Classification) -> None:
    assert participant_role(classification, is_representative=True) == ParticipantRole.REPRESENTATIVE


def test_an_original_handed_in_gets_a_warning_with_the_rule(database: Database) -> None:
    from db.enums import CopyKind
    from desktop.core.reception.visits import DocumentInput

    documents = (
        DocumentInput("Đơn khiếu nại", 2, CopyKind.PHOTOCOPY),
        DocumentInput("Giấy chứng nhận quyền sử dụng đất", 4, CopyKind.ORIGINAL),
        DocumentInput("Quyết định thu hồi đất", 3, CopyKind.CERTIFIED_COPY),
    )
    with database.sessions.begin() as session:
        saved = register_visit(session, make_draft(documents=documents), desk_code="D01", now=NOW, actor=ADMIN)

    assert list(saved.warnings) == ["documents.1.copy_kind"]
    assert "khoản 2 Điều 12 Thông tư 06/2014/TT-TTCP" in saved.warnings["documents.1.copy_kind"]
    assert "bản photo hoặc bản sao có chứng thực" in saved.warnings["documents.1.copy_kind"]


APPOINTMENT_AT = {"outcome": Outcome.APPOINTMENT, "appointment_place": "Trụ sở Tiếp công dân tỉnh An Giang"}


@pytest.mark.parametrize(
    ("appointment", "expected"),
    [
        # Saturday 14/03/2026: the weekend, then Monday.
        (
            dt.datetime(2026, 3, 14, 8, 0),
            "14/03/2026 (thứ Bảy), là ngày nghỉ: Nghỉ cuối tuần. Ngày làm việc tiếp theo là 16/03/2026 (thứ Hai).",
        ),
        # Wednesday 02/09/2026: National Day (31/08-02/09 off), then Thursday.
        (
            dt.datetime(2026, 9, 2, 8, 0),
            "02/09/2026 (thứ Tư), là ngày nghỉ: Quốc khánh. Ngày làm việc tiếp theo là 03/09/2026 (thứ Năm).",
        ),
    ],
)
def test_an_appointment_on_a_day_off_is_warned_with_the_next_working_day(
    database: Database, appointment: dt.datetime, expected: str
) -> None:
    draft = make_draft(received_at=dt.datetime(2026, 3, 5, 9, 0), appointment_at=appointment, **APPOINTMENT_AT)
    with database.sessions.begin() as session:
        saved = register_visit(session, draft, desk_code="D01", now=NOW + dt.timedelta(days=1), actor=ADMIN)

    assert saved.warnings["appointment_at"].endswith(expected)


def test_an_appointment_on_a_working_day_or_a_swapped_saturday_is_not_warned(database: Database) -> None:
    # Thursday 12/03/2026, and Saturday 22/08/2026, worked in exchange for Monday 31/08.
    for appointment in (dt.datetime(2026, 3, 12, 8, 0), dt.datetime(2026, 8, 22, 8, 0)):
        draft = make_draft(received_at=dt.datetime(2026, 3, 5, 9, 0), appointment_at=appointment, **APPOINTMENT_AT)
        with database.sessions.begin() as session:
            saved = register_visit(session, draft, desk_code="D01", now=NOW + dt.timedelta(days=1), actor=ADMIN)
        assert "appointment_at" not in saved.warnings


def test_the_office_calendar_decides_the_day_off(database: Database) -> None:
    from desktop.core.deadlines.office_days import store_day

    with database.sessions.begin() as session:
        store_day(session, dt.date(2026, 3, 12), is_day_off=True, name="Nghỉ bù Hội nghị")
        draft = make_draft(
            received_at=dt.datetime(2026, 3, 5, 9, 0), appointment_at=dt.datetime(2026, 3, 12, 8, 0), **APPOINTMENT_AT
        )
        saved = register_visit(session, draft, desk_code="D01", now=NOW + dt.timedelta(days=1), actor=ADMIN)

    assert saved.warnings["appointment_at"].endswith(
        "12/03/2026 (thứ Năm), là ngày nghỉ: Nghỉ bù Hội nghị. Ngày làm việc tiếp theo là 13/03/2026 (thứ Sáu)."
    )
