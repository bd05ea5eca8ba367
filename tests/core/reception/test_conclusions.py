"""Leaders' reception sessions: the conclusion notice, the bodies' result, the citizen told."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from db.enums import Classification, DocumentKind, ParticipantRole, PetitionDecision, ReceivedBy, ReceptionKind
from db.models import IssuedDocument, LeaderConclusion
from desktop.core.access import NOBODY
from desktop.core.cases.board import deadline_board
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.letters import issue_letter
from desktop.core.cases.petitions import draft_from_visit, register_petition
from desktop.core.database import Database
from desktop.core.errors import AppError, ConflictError, NotFoundError, ValidationError
from desktop.core.i18n import _
from desktop.core.reception.conclusions import (
    conclusion_of_visit,
    conclusion_pdf,
    issue_conclusion,
    list_open_conclusions,
    record_citizen_informed,
    record_result,
)
from desktop.core.reception.visits import ParticipantInput, register_visit
from tests.builders import ADMIN, NAME, make_draft

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)  # 09:30 in Viet Nam, Thursday 5 March
TODAY = dt.date(2026, 3, 5)
LEADER = "Nguyễn Văn Bình"  # the example office's first signer, "Trưởng ban"
DIRECTIONS = (
    "1. Giao Sở Tài nguyên và Môi trường kiểm tra hồ sơ thu hồi đất của hộ bà Tuyết\n"
    "2) UBND xã Mỹ Hòa Hưng rà soát việc bồi thường, hỗ trợ\n\n"
    "- Thanh tra tỉnh theo dõi, đôn đốc"
)
BODIES = "Sở Tài nguyên và Môi trường\nUBND xã Mỹ Hòa Hưng\nThanh tra tỉnh"


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _visit(database: Database, **overrides: object) -> str:
    fields: dict[str, object] = {
        "reception_kind": ReceptionKind.PERIODIC,
        "received_by": ReceivedBy.LEADER,
        "leader_name": LEADER,
        **overrides,
    }
    with database.sessions.begin() as session:
        return register_visit(session, make_draft(**fields), desk_code="D01", now=NOW, actor=ADMIN).visit.serial


def _issue(database: Database, serial: str, **overrides: object):  # type: ignore[no-untyped-def]
    fields: dict[str, object] = {
        "directions": DIRECTIONS,
        "bodies": BODIES,
        "due_on": dt.date(2026, 3, 20),
        "today": TODAY,
        **overrides,
    }
    with database.sessions.begin() as session:
        return issue_conclusion(session, serial, data_dir=database.data_dir, **fields)  # type: ignore[arg-type]


def test_a_leader_visit_gets_its_conclusion_notice(any_database: Database) -> None:
    serial = _visit(any_database)
    issued = _issue(any_database, serial)
    assert issued.number == "01/TB-BTCD"
    assert issued.path.read_bytes() == issued.pdf
    text = _text(issued.pdf)
    assert "THÔNG BÁO" in text
    assert "Kết luận của đồng chí Nguyễn Văn Bình, Trưởng ban tại buổi tiếp công dân ngày 05/03/2026" in text
    assert LEADER in text
    assert NAME in text
    assert "1. Giao Sở Tài nguyên và Môi trường kiểm tra hồ sơ thu hồi đất của hộ bà Tuyết." in text
    assert "2. UBND xã Mỹ Hòa Hưng rà soát việc bồi thường, hỗ trợ." in text
    assert "3. Thanh tra tỉnh theo dõi, đôn đốc." in text
    assert "báo cáo kết quả về Ban Tiếp công dân tỉnh An Giang trước ngày 20/03/2026" in text
    assert "- Sở Tài nguyên và Môi trường;" in text
    assert "Nghị định số 64/2014/NĐ-CP" in text  # before 1 July 2026
    assert "01/TB-BTCD" in text
    view = issued.conclusion
    assert view.directions == (
        "Giao Sở Tài nguyên và Môi trường kiểm tra hồ sơ thu hồi đất của hộ bà Tuyết",
        "UBND xã Mỹ Hòa Hưng rà soát việc bồi thường, hỗ trợ",
        "Thanh tra tỉnh theo dõi, đôn đốc",
    )
    assert view.bodies == ("Sở Tài nguyên và Môi trường", "UBND xã Mỹ Hòa Hưng", "Thanh tra tỉnh")
    assert (view.visit_serial, view.citizen_name, view.state) == (serial, NAME, "waiting_result")
    with any_database.sessions() as session:
        registered = session.scalars(select(IssuedDocument)).one()
        row = session.get(LeaderConclusion, issued.conclusion.id)
        assert row is not None
        assert (row.document_id, row.visit_id) == (registered.id, registered.visit_id)
        assert conclusion_of_visit(session, serial.lower(), actor=NOBODY) == view
        again = conclusion_pdf(session, serial, data_dir=any_database.data_dir)
    assert (registered.kind, registered.number) == (DocumentKind.CONCLUSION, "01/TB-BTCD")
    assert registered.recipient.startswith("Sở Tài nguyên và Môi trường, UBND xã")
    assert again.reprint
    assert again.pdf == issued.pdf
    with pytest.raises(ConflictError), any_database.sessions.begin() as session:
        issue_conclusion(
            session, serial, directions="x", bodies="y", due_on=TODAY, data_dir=any_database.data_dir, today=TODAY
        )


def test_conclusion_is_refused_for_an_officer_visit_and_for_empty_or_late_input(database: Database) -> None:
    officer = _visit(database, reception_kind=ReceptionKind.REGULAR, received_by=ReceivedBy.OFFICER, leader_name="")
    with pytest.raises(ValidationError) as caught:
        _issue(database, officer)
    assert set(caught.value.errors) == {"visit"}
    assert officer in str(caught.value)
    leader = _visit(database)
    with pytest.raises(ValidationError) as caught:
        _issue(database, leader, directions=" \n- \n", bodies="", due_on=dt.date(2026, 3, 4))
    assert set(caught.value.errors) == {"directions", "bodies", "due_on"}
    with pytest.raises(ValidationError) as caught:
        _issue(database, leader, due_on=None)
    assert set(caught.value.errors) == {"due_on"}
    with pytest.raises(NotFoundError):
        _issue(database, "D01-2026-999999")
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(LeaderConclusion)) == 0
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0
    assert _issue(database, leader).number == "01/TB-BTCD"  # nothing was taken by the refusals


def test_the_boards_notices_and_the_authoritys_acceptances_are_numbered_apart(database: Database) -> None:
    """The acceptance is the competent authority's letter, numbered in its own series."""
    serial = _visit(database)
    with database.sessions.begin() as session:
        petition = register_petition(
            session, draft_from_visit(session, serial, actor=NOBODY), desk_code="D01", today=TODAY, actor=ADMIN
        ).number
        decide_petition(session, petition, PetitionDecision.ACCEPT, on=TODAY, desk_code="D01", today=TODAY, actor=ADMIN)
        acceptance = issue_letter(
            session, DocumentKind.ACCEPTANCE, petition, data_dir=database.data_dir, today=TODAY, viewer=NOBODY
        )
    conclusion = _issue(database, serial)
    assert (acceptance.number, conclusion.number) == ("01/TB-UBND", "01/TB-BTCD")


def test_denouncer_stays_secret_on_the_notice(database: Database) -> None:
    serial = _visit(database, classification=Classification.DENUNCIATION)
    text = _text(_issue(database, serial).pdf)
    assert NAME not in text
    assert "giữ bí mật" in text
    assert "Người tố cáo (để biết)" in text


def test_result_then_citizen_informed_close_the_follow_up(any_database: Database) -> None:
    serial = _visit(any_database)
    number = _issue(any_database, serial).number
    later = dt.date(2026, 3, 25)
    with any_database.sessions.begin() as session:
        with pytest.raises(AppError):  # nothing to tell the citizen yet
            record_citizen_informed(session, serial, today=later)
        with pytest.raises(ValidationError) as caught:
            record_result(session, serial, result_on=dt.date(2026, 3, 26), note=" ", today=later)
        assert set(caught.value.errors) == {"result_on", "note"}
        with pytest.raises(ValidationError):
            record_result(session, serial, result_on=dt.date(2026, 3, 4), note="Đã kiểm tra", today=later)
        view = record_result(
            session, number, result_on=dt.date(2026, 3, 19), note="Sở TN&MT đã kiểm tra, giữ nguyên", today=later
        )
        assert view.state == "inform_citizen"
        assert view.inform_due_on == dt.date(2026, 3, 26)  # 5 working days after Thursday 19 March
        with pytest.raises(ConflictError):
            record_result(session, view.id, result_on=dt.date(2026, 3, 19), note="again", today=later)
        with pytest.raises(ValidationError):
            record_citizen_informed(session, str(view.id), informed_on=dt.date(2026, 3, 18), today=later)
        done = record_citizen_informed(session, str(view.id), informed_on=dt.date(2026, 3, 24), today=later)
        assert (done.state, done.citizen_informed_on) == ("done", dt.date(2026, 3, 24))
        with pytest.raises(ConflictError):
            record_citizen_informed(session, serial, today=later)
    with any_database.sessions() as session:
        assert list_open_conclusions(session) == []
        assert deadline_board(session, today=later, actor=NOBODY) == []


def test_board_follows_the_conclusion_until_the_citizen_is_told(any_database: Database) -> None:
    serial = _visit(any_database)
    number = _issue(any_database, serial).number
    with any_database.sessions() as session:
        (row,) = deadline_board(session, today=dt.date(2026, 3, 23), actor=NOBODY)
        assert deadline_board(session, today=dt.date(2026, 3, 10), due_within=3, actor=NOBODY) == []
        assert deadline_board(session, today=dt.date(2026, 3, 10), overdue=True, actor=NOBODY) == []
    assert (row.kind, row.number, row.reference, row.citizen_name) == ("conclusion", number, serial, NAME)
    assert row.state == _("Waiting for the bodies' result")
    assert row.due_on == dt.date(2026, 3, 20)
    # One day late is overdue, not prolonged (more than 30 days past the limit: docs/legal-basis.md#board-prolonged).
    assert (row.days_left, row.is_overdue, row.is_prolonged, row.owes_report) == (-1, True, False, False)
    with any_database.sessions.begin() as session:
        record_result(session, serial, result_on=dt.date(2026, 3, 23), note="Đã xử lý", today=dt.date(2026, 3, 23))
    with any_database.sessions() as session:
        (row,) = deadline_board(session, today=dt.date(2026, 3, 23), due_within=5, actor=NOBODY)
    assert row.due_on == dt.date(2026, 3, 30)  # 5 working days after Monday 23 March
    assert row.days_left == 5
    assert not row.is_overdue
    assert row.state == _("Result to be sent to the citizen")


@pytest.mark.parametrize(("sex", "word"), [("female", "bà"), ("male", "ông"), ("unknown", "ông/bà")])
def test_the_notice_calls_the_citizen_by_the_stored_sex(database: Database, sex: str, word: str) -> None:
    """Ông or Bà from the sex stored; "Ông/Bà" only when it is unknown (paperwork/salutation.py)."""
    from db.enums import Sex
    from tests.builders import make_citizen

    serial = _visit(database, participants=(ParticipantInput(make_citizen(sex=Sex(sex)), ParticipantRole.COMPLAINANT),))
    text = _text(_issue(database, serial).pdf)
    capital = "/".join(part.capitalize() for part in word.split("/"))
    assert f"tiếp {word} {NAME}" in text
    assert f"- {capital} {NAME} (để biết);" in text
    if sex != "unknown":
        assert "ông/bà" not in text.lower()
