"""The printed reception book: exact rows from registered visits, the petition follow-up, the kept PDF."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.enums import Classification, Competence, DocumentKind, Outcome, PetitionDecision
from db.models import IssuedDocument
from desktop.core.access import NOBODY
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.letters import issue_letter
from desktop.core.cases.petitions import draft_from_visit, register_petition
from desktop.core.confidentiality import Viewer
from desktop.core.database import Database
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.reception.book_print import BookPeriod, book_document, book_period, book_rows, print_book
from desktop.core.reception.visits import register_visit
from desktop.documents.model import BookDocument, BookRow
from tests.builders import ADMIN, NAME, make_citizen, make_draft

NOW = dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 20)
ADDRESS = "Số 12, ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang"
CONTENT = "Khiếu nại Quyết định thu hồi đất số 15/QĐ-UBND của Ủy ban nhân dân xã Mỹ Hòa Hưng"


def _visit(database: Database, received_at: dt.datetime, **overrides: object) -> str:
    with database.sessions.begin() as session:
        draft = make_draft(received_at=received_at, **overrides)
        return register_visit(session, draft, desk_code="D01", now=NOW, actor=ADMIN).visit.serial


def prepare_book(session: Session, period: BookPeriod | int) -> BookDocument:
    """The book with its rows read into a tuple, to compare whole."""
    document = book_document(session, BookPeriod.of_year(period) if isinstance(period, int) else period, actor=NOBODY)
    return replace(document, rows=tuple(document.rows))


def _book_rows(database: Database, year: int = 2026) -> tuple[BookRow, ...]:
    with database.sessions() as session:
        return prepare_book(session, year).rows


def test_book_row_of_a_received_petition_is_exact(any_database: Database) -> None:
    serial = _visit(
        any_database, dt.datetime(2026, 3, 5, 9, 30), prior_resolution="UBND xã Mỹ Hòa Hưng, Quyết định 12/QĐ-UBND"
    )
    with any_database.sessions.begin() as session:
        register_petition(
            session, draft_from_visit(session, serial, actor=NOBODY), desk_code="D01", today=TODAY, actor=ADMIN
        )

    with any_database.sessions() as session:
        book = prepare_book(session, 2026)

    assert book.year == 2026
    assert book.title_lines == ("SỔ TIẾP CÔNG DÂN", "Năm 2026")
    assert book.letterhead.agency == "Ban Tiếp công dân tỉnh An Giang"
    assert book.letterhead.parent_agency == "Ủy ban nhân dân tỉnh An Giang"
    assert book.rows == (
        BookRow(
            number="1",
            serial="D01-2026-000001",
            received_on="05/03/2026",
            name_and_address=f"{NAME}\n{ADDRESS}",
            id_number="089185000123",
            content=CONTENT,
            petition_kind="KN",
            head_count="1",
            prior_resolution="UBND xã Mỹ Hòa Hưng, Quyết định 12/QĐ-UBND",
            within_competence="x",
            guided_to="",
            handled_by="",
            follow_up="Đơn D01-2026-D00001: đang xử lý",
            note="",
        ),
    )
    assert book.rows[0].cells()[12] == "D01-2026-000001"  # the serial opens column 13


def test_rows_follow_reception_time_not_registration_order(database: Database) -> None:
    later = _visit(database, dt.datetime(2026, 3, 6, 8, 0))
    earlier = _visit(database, dt.datetime(2026, 3, 5, 14, 0))

    assert [row.serial for row in _book_rows(database)] == [earlier, later]
    assert [row.received_on for row in _book_rows(database)] == ["05/03/2026", "06/03/2026"]


def test_each_outcome_fills_its_own_column(database: Database) -> None:
    moment = dt.datetime(2026, 3, 5, 8, 0)
    cases = [
        dict(outcome=Outcome.GUIDE, outcome_note="Tòa án nhân dân khu vực 1 - An Giang"),
        dict(outcome=Outcome.GUIDE),
        dict(outcome=Outcome.TRANSFER, outcome_note="Sở Nông nghiệp và Môi trường"),
        dict(outcome=Outcome.TRANSFER),
        dict(outcome=Outcome.RECEIVE_PETITION, outcome_note="Nhận 2 bộ hồ sơ"),
        dict(outcome=Outcome.ANSWER, outcome_note="Đã giải thích quy định về bồi thường"),
        dict(outcome=Outcome.REFUSE),
        dict(
            outcome=Outcome.APPOINTMENT,
            appointment_at=dt.datetime(2026, 3, 12, 8, 0),
            appointment_place="Phòng tiếp công dân số 2",
            appointment_with="Ông Nguyễn Văn Bình, Trưởng ban",
            outcome_note="Mang theo bản chính",
        ),
    ]
    for index, overrides in enumerate(cases):
        _visit(database, moment + dt.timedelta(minutes=index), **overrides)

    columns = [(r.within_competence, r.guided_to, r.handled_by, r.note) for r in _book_rows(database)]

    assert columns == [
        ("", "Tòa án nhân dân khu vực 1 - An Giang", "", ""),
        ("", "Đã hướng dẫn", "", ""),
        ("", "", "Sở Nông nghiệp và Môi trường", ""),
        ("", "", "Đã chuyển đơn", ""),
        ("", "", "", "Nhận 2 bộ hồ sơ"),  # no petition registered yet: its competence is not known
        ("", "", "", "Trả lời trực tiếp; Đã giải thích quy định về bồi thường"),
        ("", "", "", "Từ chối tiếp"),
        (
            "",
            "",
            "",
            "Hẹn 08:00 ngày 12/03/2026 tại Phòng tiếp công dân số 2, gặp Ông Nguyễn Văn Bình, Trưởng ban; "
            "Mang theo bản chính",
        ),
    ]


@pytest.mark.parametrize(
    ("classification", "code"),
    [
        (Classification.COMPLAINT, "KN"),
        (Classification.DENUNCIATION, "TC"),
        (Classification.RECOMMENDATION, "KN-PA"),
        (Classification.REFLECTION, "KN-PA"),
    ],
)
def test_classification_prints_as_the_petition_kind_code(
    database: Database, classification: Classification, code: str
) -> None:
    _visit(database, dt.datetime(2026, 3, 5, 8, 0), classification=classification)

    assert _book_rows(database)[0].petition_kind == code


def test_delegation_head_count_and_a_citizen_without_paper(database: Database) -> None:
    from db.enums import IdType, ParticipantRole
    from desktop.core.reception.visits import ParticipantInput

    people = tuple(
        ParticipantInput(
            make_citizen(full_name=name, id_type=IdType.NONE, id_number=""), ParticipantRole.REPRESENTATIVE, True
        )
        for name in ("Trần Văn Tâm", "Lê Thị Hoa")
    )
    draft = replace(make_draft(received_at=dt.datetime(2026, 3, 5, 8, 0)), participants=people)
    with database.sessions.begin() as session:
        register_visit(
            session, replace(draft, is_delegation=True, head_count=25), desk_code="D01", now=NOW, actor=ADMIN
        )

    row = _book_rows(database)[0]

    assert (row.name_and_address, row.id_number, row.head_count) == (f"Trần Văn Tâm\n{ADDRESS}", "", "25")


def test_petition_registered_from_the_visit_is_followed_in_column_12(any_database: Database) -> None:
    accepted = _visit(any_database, dt.datetime(2026, 3, 5, 8, 0))
    pending = _visit(any_database, dt.datetime(2026, 3, 5, 9, 0))
    _visit(any_database, dt.datetime(2026, 3, 5, 10, 0), outcome=Outcome.ANSWER)
    with any_database.sessions.begin() as session:
        first = register_petition(
            session, draft_from_visit(session, accepted, actor=NOBODY), desk_code="D01", today=TODAY, actor=ADMIN
        )
        register_petition(
            session, draft_from_visit(session, pending, actor=NOBODY), desk_code="D01", today=TODAY, actor=ADMIN
        )
        decide_petition(
            session,
            first.number,
            PetitionDecision.ACCEPT,
            on=dt.date(2026, 3, 9),
            desk_code="D01",
            today=TODAY,
            actor=ADMIN,
        )
        issue_letter(
            session, DocumentKind.ACCEPTANCE, first.number, data_dir=any_database.data_dir, today=TODAY, viewer=NOBODY
        )

    follow_up = [row.follow_up for row in _book_rows(any_database)]

    assert follow_up == [
        "Đơn D01-2026-D00001: thụ lý ngày 09/03/2026 (văn bản số 01/TB-UBND)\nvụ việc D01-2026-V00001",
        "Đơn D01-2026-D00002: đang xử lý",
        "",
    ]


def test_transferred_petition_names_the_body_it_went_to(database: Database) -> None:
    from db.enums import Competence

    # A recommendation outside our competence made at the desk is transferred (Law 42/2013 Art. 26).
    serial = _visit(database, dt.datetime(2026, 3, 5, 8, 0), classification=Classification.RECOMMENDATION)
    with database.sessions.begin() as session:
        draft = replace(
            draft_from_visit(session, serial, actor=NOBODY),
            competence=Competence.OTHER_BODY,
            competent_body="Thanh tra tỉnh",
        )
        number = register_petition(session, draft, desk_code="D01", today=TODAY, actor=ADMIN).number
        decide_petition(
            session,
            number,
            PetitionDecision.TRANSFER,
            on=dt.date(2026, 3, 9),
            desk_code="D01",
            today=TODAY,
            actor=ADMIN,
        )

    row = _book_rows(database)[0]
    assert (row.within_competence, row.handled_by) == ("", "Thanh tra tỉnh")
    assert row.follow_up == "Đơn D01-2026-D00001: chuyển đơn ngày 09/03/2026"


def test_book_holds_only_the_visits_of_its_year_in_viet_nam_time(database: Database) -> None:
    new_year_eve = _visit(database, dt.datetime(2025, 12, 31, 23, 30))  # 16:30 UTC, still 2025 here
    new_year = _visit(database, dt.datetime(2026, 1, 2, 7, 30))

    assert [row.serial for row in _book_rows(database, 2025)] == [new_year_eve]
    assert [row.serial for row in _book_rows(database, 2026)] == [new_year]


def test_year_without_visits_is_not_found_in_vietnamese(database: Database) -> None:
    with database.sessions() as session, pytest.raises(NotFoundError, match="Không có lượt tiếp nào trong năm 2024"):
        prepare_book(session, 2024)


def test_print_book_keeps_the_pdf_and_records_no_issued_document(database: Database) -> None:
    for day in (5, 6):
        _visit(database, dt.datetime(2026, 3, day, 8, 0))

    with database.sessions() as session:
        book = print_book(session, 2026, data_dir=database.data_dir, actor=NOBODY)
        issued = session.scalar(select(func.count()).select_from(IssuedDocument))

    assert book.path == database.data_dir / "documents" / "2026" / "book-2026.pdf"
    assert book.path.read_bytes() == book.pdf
    assert book.visits == 2
    assert issued == 0
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(book.pdf)).pages)
    assert "SỔ TIẾP CÔNG DÂN" in text
    assert NAME in text


def test_book_holds_the_visits_of_every_desk(database: Database) -> None:
    with database.sessions.begin() as session:
        for desk, hour in (("D02", 9), ("D01", 8), ("D02", 7)):
            draft = make_draft(received_at=dt.datetime(2026, 3, 5, hour, 0))
            register_visit(session, draft, desk_code=desk, now=NOW, actor=ADMIN)

    assert [row.serial for row in _book_rows(database)] == ["D02-2026-000002", "D01-2026-000001", "D02-2026-000001"]


def _petition(
    database: Database, serial: str, competence: Competence, body: str = "", decision: PetitionDecision | None = None
) -> str:
    with database.sessions.begin() as session:
        draft = replace(draft_from_visit(session, serial, actor=NOBODY), competence=competence, competent_body=body)
        number = register_petition(session, draft, desk_code="D01", today=TODAY, actor=ADMIN).number
        if decision is not None:
            decide_petition(
                session, number, decision, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
            )
    return number


def test_column_9_follows_the_petitions_competence_not_the_visit_outcome(database: Database) -> None:
    moment = dt.datetime(2026, 3, 5, 8, 0)
    # Guided at the desk, but the written petition left that day turned out to be ours.
    ours = _visit(database, moment, outcome=Outcome.GUIDE, outcome_note="Tòa án nhân dân khu vực 1 - An Giang")
    # Received as a petition, but another body is competent.
    other = _visit(database, moment + dt.timedelta(minutes=1))
    _visit(database, moment + dt.timedelta(minutes=2))  # received, no petition registered yet
    _petition(database, ours, Competence.OURS)
    _petition(database, other, Competence.OTHER_BODY, "Sở Tài chính")

    assert [row.within_competence for row in _book_rows(database)] == ["x", "", ""]


def test_columns_10_and_11_name_the_body_and_the_letter_number(database: Database) -> None:
    moment = dt.datetime(2026, 3, 5, 8, 0)
    guided = _visit(database, moment, outcome=Outcome.GUIDE)
    transferred = _visit(
        database,
        moment + dt.timedelta(minutes=1),
        outcome=Outcome.TRANSFER,
        classification=Classification.RECOMMENDATION,
    )
    guide_number = _petition(
        database, guided, Competence.OTHER_BODY, "Tòa án nhân dân khu vực 1", PetitionDecision.GUIDE
    )
    transfer_number = _petition(
        database, transferred, Competence.OTHER_BODY, "Sở Nông nghiệp và Môi trường", PetitionDecision.TRANSFER
    )
    with database.sessions.begin() as session:
        guidance = issue_letter(
            session, DocumentKind.GUIDANCE, guide_number, data_dir=database.data_dir, today=TODAY, viewer=NOBODY
        )
        transfer = issue_letter(
            session, DocumentKind.TRANSFER, transfer_number, data_dir=database.data_dir, today=TODAY, viewer=NOBODY
        )

    first, second = _book_rows(database)

    assert (first.guided_to, first.handled_by) == (
        f"Tòa án nhân dân khu vực 1\nVăn bản hướng dẫn số {guidance.number}",
        "",
    )
    assert (second.guided_to, second.handled_by) == (
        "",
        f"Sở Nông nghiệp và Môi trường\nPhiếu chuyển đơn số {transfer.number}",
    )
    assert guidance.number not in first.follow_up  # said once, in its own column
    assert "Đã hướng dẫn" not in first.guided_to
    assert "Đã chuyển đơn" not in second.handled_by


def test_stt_is_a_running_number_and_the_serial_has_its_own_place(database: Database) -> None:
    with database.sessions.begin() as session:
        for desk, hour in (("D02", 9), ("D01", 8), ("D02", 7)):
            register_visit(
                session, make_draft(received_at=dt.datetime(2026, 3, 5, hour, 0)), desk_code=desk, now=NOW, actor=ADMIN
            )

    rows = _book_rows(database)

    assert [row.cells()[0] for row in rows] == ["1", "2", "3"]
    assert [row.cells()[12].split("\n")[0] for row in rows] == [
        "D02-2026-000002",
        "D01-2026-000001",
        "D02-2026-000001",
    ]


def test_a_period_holds_its_days_in_viet_nam_time_numbered_from_one(database: Database) -> None:
    for moment in (
        dt.datetime(2026, 1, 31, 23, 30),
        dt.datetime(2026, 2, 1, 0, 30),  # 17:30 UTC on 31/01, already February here
        dt.datetime(2026, 2, 28, 23, 59),
        dt.datetime(2026, 3, 1, 0, 1),
    ):
        _visit(database, moment)

    with database.sessions() as session:
        book = prepare_book(session, book_period(dt.date(2026, 2, 1), dt.date(2026, 2, 28)))

    assert book.title_lines == ("SỔ TIẾP CÔNG DÂN", "(Từ ngày 01/02/2026 đến ngày 28/02/2026)")
    assert [(row.number, row.received_on) for row in book.rows] == [("1", "01/02/2026"), ("2", "28/02/2026")]


def test_a_period_that_ends_before_it_starts_is_refused_in_vietnamese() -> None:
    with pytest.raises(ValidationError, match="Khoảng thời gian kết thúc"):
        book_period(dt.date(2026, 3, 31), dt.date(2026, 3, 1))


def test_rows_stream_chunk_by_chunk(any_database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over several chunks, each visit keeps its own petition and the numbering runs on."""
    from desktop.core.reception import book_print

    monkeypatch.setattr(book_print, "CHUNK", 2)
    serials = [_visit(any_database, dt.datetime(2026, 3, 5, 8, minute)) for minute in range(5)]
    _petition(any_database, serials[3], Competence.OURS)

    with any_database.sessions() as session:
        rows = list(book_rows(session, BookPeriod.of_year(2026), Viewer(session, NOBODY)))

    assert [(row.number, row.serial, row.within_competence) for row in rows] == [
        (str(index + 1), serial, "x" if index == 3 else "") for index, serial in enumerate(serials)
    ]
    assert rows[3].follow_up == "Đơn D01-2026-D00001: đang xử lý"
