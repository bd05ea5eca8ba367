"""Slip data prepared exactly; the rendered PDF kept in the data folder and recorded."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import Classification, DocumentKind, Outcome, Sex
from db.models import IssuedDocument
from desktop.core.access import NOBODY, Actor
from desktop.core.confidentiality import How
from desktop.core.database import Database
from desktop.core.errors import AppError
from desktop.core.office import require_office
from desktop.core.reception import slips
from desktop.core.reception.book import VisitDetail, visit_detail
from desktop.core.reception.slips import (
    has_appointment_slip,
    issue_slip,
    prepare_appointment,
    prepare_receipt,
    slip_kinds,
)
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, NAME, make_draft

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)  # 09:30 on 5 March 2026 in Viet Nam


def _save(database: Database, **overrides: object) -> str:
    with database.sessions.begin() as session:
        return register_visit(session, make_draft(**overrides), desk_code="D01", now=NOW, actor=ADMIN).visit.serial


def test_prepare_receipt(database: Database) -> None:
    serial = _save(database)
    with database.sessions() as session:
        doc = prepare_receipt(visit_detail(session, serial, actor=NOBODY), require_office(session))
    assert doc.number == "D01-2026-000001"
    assert doc.letterhead.parent_agency == "Ủy ban nhân dân tỉnh An Giang"
    assert doc.letterhead.agency == "Ban Tiếp công dân tỉnh An Giang"
    assert doc.date_line == "An Giang, ngày 05 tháng 3 năm 2026"
    assert doc.received_at_text == (
        "Vào 09 giờ 30 phút, ngày 05 tháng 3 năm 2026, tại Trụ sở Tiếp công dân tỉnh An Giang."
    )
    assert doc.provider_name == NAME
    assert doc.provider_id_line == (
        "Số định danh cá nhân/CCCD: 089185000123, cấp ngày 12/04/2021, nơi cấp: Cục Cảnh sát QLHC về TTXH"
    )
    assert doc.provider_address == "Số 12, ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang"
    assert [(i.name, i.pages, i.state) for i in doc.items] == [
        ("Đơn khiếu nại", "2", "Bản photo"),
        ("Quyết định thu hồi đất", "3", "Bản sao có chứng thực"),
    ]
    assert doc.receiver_name == "Trần Văn Hùng"
    assert doc.copies == 2
    assert doc.qr_payload == "D01-2026-000001"


def test_prepare_appointment(database: Database) -> None:
    serial = _save(
        database,
        outcome=Outcome.APPOINTMENT,
        appointment_at=dt.datetime(2026, 3, 12, 8, 0),
        appointment_place="Phòng tiếp công dân số 2",
        appointment_with="Ông Nguyễn Văn Bình, Trưởng ban",
    )
    with database.sessions() as session:
        doc = prepare_appointment(visit_detail(session, serial, actor=NOBODY), require_office(session))
    assert doc.appointment_text == "08 giờ 00 phút, ngày 12 tháng 3 năm 2026"
    assert doc.place == "Phòng tiếp công dân số 2"
    assert doc.with_whom == "Ông Nguyễn Văn Bình, Trưởng ban"
    assert doc.signer.full_name == "Nguyễn Văn Bình"
    assert doc.signer.position == "TRƯỞNG BAN"


def test_appointment_slip_needs_an_appointment(database: Database) -> None:
    serial = _save(database)
    with pytest.raises(AppError), database.sessions() as session:
        prepare_appointment(visit_detail(session, serial, actor=NOBODY), require_office(session))


@pytest.mark.parametrize("thermal", [False, True])
def test_issue_slip_keeps_and_records_the_pdf(any_database: Database, thermal: bool) -> None:
    serial = _save(any_database)
    with any_database.sessions.begin() as session:
        slip = issue_slip(
            session, DocumentKind.RECEIPT, serial, data_dir=any_database.data_dir, thermal=thermal, actor=NOBODY
        )
    assert slip.path.read_bytes() == slip.pdf
    assert slip.sha256 == hashlib.sha256(slip.pdf).hexdigest()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(slip.pdf)).pages)
    assert NAME in text
    assert serial in text
    with any_database.sessions() as session:
        row = session.scalars(select(IssuedDocument)).one()
    assert (row.kind, row.number, row.sha256) == (DocumentKind.RECEIPT, serial, slip.sha256)
    assert row.layout == ("thermal" if thermal else "a4")
    assert (any_database.data_dir / row.file_name) == slip.path


APPOINTMENT = {
    "outcome": Outcome.APPOINTMENT,
    "appointment_at": dt.datetime(2026, 3, 12, 8, 0),
    "appointment_place": "Trụ sở Tiếp công dân tỉnh An Giang",
}


@pytest.mark.parametrize(
    ("overrides", "kinds"),
    [
        ({}, [DocumentKind.RECEIPT]),  # papers handed in
        ({"documents": ()}, []),  # nothing handed in: no receipt (it printed "(Không có.)")
        ({**APPOINTMENT, "documents": ()}, [DocumentKind.APPOINTMENT]),
        (APPOINTMENT, [DocumentKind.RECEIPT, DocumentKind.APPOINTMENT]),
    ],
)
def test_slip_kinds_of_a_visit(database: Database, overrides: dict[str, object], kinds: list[DocumentKind]) -> None:
    serial = _save(database, **overrides)
    with database.sessions() as session:
        visit = visit_detail(session, serial, actor=NOBODY)
    assert slip_kinds(visit) == kinds
    assert has_appointment_slip(visit) is (DocumentKind.APPOINTMENT in kinds)


def test_issuing_a_slip_loads_its_visit_once(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _save(database)
    loads: list[str] = []

    def counted(session: Session, number: str, *, actor: Actor, how: How) -> VisitDetail:
        loads.append(number)
        return visit_detail(session, number, actor=actor, how=how)

    monkeypatch.setattr(slips, "visit_detail", counted)
    with database.sessions.begin() as session:
        issue_slip(session, DocumentKind.RECEIPT, serial, data_dir=database.data_dir, actor=NOBODY)
    assert loads == [serial]


@pytest.mark.parametrize(
    ("classification", "copies"),
    [
        (Classification.DENUNCIATION, 3),  # Circular 06/2014 Art. 20: denouncer, file, officer
        (Classification.COMPLAINT, 2),  # Art. 12(2): complainant, file
        (Classification.RECOMMENDATION, 2),
        (Classification.REFLECTION, 2),
    ],
)
def test_receipt_copies_follow_the_kind_of_matter(
    database: Database, classification: Classification, copies: int
) -> None:
    serial = _save(database, classification=classification)
    with database.sessions() as session:
        doc = prepare_receipt(visit_detail(session, serial, actor=NOBODY), require_office(session))

    assert doc.copies == copies


def test_no_receipt_when_nothing_was_handed_in(database: Database) -> None:
    serial = _save(database, documents=())

    with database.sessions() as session, pytest.raises(AppError, match="Không có tài liệu nào được nộp"):
        issue_slip(session, DocumentKind.RECEIPT, serial, data_dir=database.data_dir, actor=NOBODY)
    with database.sessions() as session:
        issued = session.scalars(select(IssuedDocument)).all()

    assert issued == []
    assert list(database.data_dir.rglob("*receipt*.pdf")) == []


@pytest.mark.parametrize(("sex", "word"), [(Sex.FEMALE, "bà"), (Sex.MALE, "ông"), (Sex.UNKNOWN, "ông/bà")])
def test_slips_address_the_citizen_by_the_stored_sex(database: Database, sex: Sex, word: str) -> None:
    from dataclasses import replace

    draft = make_draft(**APPOINTMENT)
    main = draft.participants[0]
    serial = _save(database, **APPOINTMENT, participants=(replace(main, citizen=replace(main.citizen, sex=sex)),))
    with database.sessions() as session:
        visit = visit_detail(session, serial, actor=NOBODY)
        office = require_office(session)

    assert prepare_appointment(visit, office).citizen_salutation == word
    assert prepare_receipt(visit, office).provider_salutation == word


def test_a_delegations_appointment_names_its_head_count_and_representatives(database: Database) -> None:

    from db.enums import IdType, ParticipantRole
    from desktop.core.reception.visits import ParticipantInput
    from tests.builders import make_citizen

    people = (
        ParticipantInput(make_citizen(full_name="Trần Văn Tâm", sex=Sex.MALE), ParticipantRole.REPRESENTATIVE, True),
        ParticipantInput(
            make_citizen(full_name="Lê Thị Hoa", sex=Sex.FEMALE, id_type=IdType.NONE, id_number=""),
            ParticipantRole.REPRESENTATIVE,
            True,
        ),
    )
    serial = _save(database, **APPOINTMENT, participants=people, is_delegation=True, head_count=25)
    with database.sessions() as session:
        doc = prepare_appointment(visit_detail(session, serial, actor=NOBODY), require_office(session))

    assert (doc.head_count, doc.representatives) == (25, ("Ông Trần Văn Tâm", "Bà Lê Thị Hoa"))


def test_titled_names_capitalise_each_salutation() -> None:
    from desktop.core.paperwork.salutation import titled

    assert [titled(sex, "An") for sex in (Sex.MALE, Sex.FEMALE, Sex.UNKNOWN, None)] == [
        "Ông An",
        "Bà An",
        "Ông/Bà An",
        "Ông/Bà An",
    ]
