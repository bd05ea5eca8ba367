"""From a visit to a petition, its handling decision, its case and the letters of each step."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from db.enums import (
    CaseEventKind,
    Channel,
    Competence,
    DocumentKind,
    IdType,
    Ineligibility,
    PetitionDecision,
    PetitionKind,
)
from db.models import CaseEvent, CaseFile, IssuedDocument, Petition
from desktop.core.access import NOBODY
from desktop.core.cases.case_files import case_view, record_event
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.letters import issue_letter, print_letter
from desktop.core.cases.petitions import (
    draft_from_visit,
    ensure_fields,
    possible_duplicates,
    register_petition,
)
from desktop.core.database import Database
from desktop.core.errors import AppError, ConflictError, ValidationError
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, NAME, make_citizen, make_draft, make_petition_draft

TODAY = dt.date(2026, 3, 20)
NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)


def _petition(database: Database, **overrides: object) -> str:
    with database.sessions.begin() as session:
        ensure_fields(session)
        return register_petition(
            session, make_petition_draft(**overrides), desk_code="D01", today=TODAY, actor=ADMIN
        ).number


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_petition_from_a_visit_in_one_step(any_database: Database) -> None:
    with any_database.sessions.begin() as session:
        serial = register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN).visit.serial
        draft = draft_from_visit(session, serial, actor=NOBODY)
        view = register_petition(session, draft, desk_code="D01", today=TODAY, actor=ADMIN)
    assert view.number == "D01-2026-D00001"
    assert view.visit_serial == serial
    assert view.sender_names == (NAME,)
    assert view.kind == PetitionKind.COMPLAINT
    assert view.received_on == dt.date(2026, 3, 5)
    assert view.due_on == dt.date(2026, 3, 19)  # 10 working days from 6 March


def test_petition_rules(database: Database) -> None:
    bad = make_petition_draft(
        received_on=dt.date(2026, 4, 1),
        channel=Channel.TRANSFERRED,
        content_summary=" ",
        senders=(),
        competence=Competence.OTHER_BODY,
        is_eligible=False,
    )
    with pytest.raises(ValidationError) as caught, database.sessions.begin() as session:
        register_petition(session, bad, desk_code="D01", today=TODAY, actor=ADMIN)
    assert set(caught.value.errors) >= {
        "received_on",
        "content_summary",
        "senders",
        "transferred_from",
        "competent_body",
        "ineligibility",
    }
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Petition)) == 0


def test_anonymous_denunciation_is_not_eligible(database: Database) -> None:
    number = _petition(database, kind=PetitionKind.DENUNCIATION, senders=(), is_anonymous=True)
    with database.sessions() as session:
        petition = session.scalars(select(Petition).where(Petition.number == number)).one()
    assert petition.is_eligible is False
    assert petition.ineligibility == Ineligibility.ANONYMOUS


def test_duplicates_are_found_and_counted(database: Database) -> None:
    first = _petition(database)
    with database.sessions() as session:
        draft = make_petition_draft(received_on=dt.date(2026, 3, 10), content_summary="Khiếu nại lần nữa")
        assert [p.number for p in possible_duplicates(session, draft, actor=NOBODY)] == [first]
    second = _petition(database, duplicate_of=first)
    with database.sessions() as session:
        counts = dict(session.execute(select(Petition.number, Petition.duplicate_count)).all())
    assert counts == {first: 1, second: 0}


def test_accepting_opens_a_case_and_prints_the_acceptance_notice(any_database: Database) -> None:
    number = _petition(any_database)
    with any_database.sessions.begin() as session:
        decided = decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        )
        letter = issue_letter(
            session, DocumentKind.ACCEPTANCE, number, data_dir=any_database.data_dir, today=TODAY, viewer=NOBODY
        )
    assert decided.case_number == "D01-2026-V00001"
    assert decided.petition.due_on is None
    assert letter.number == "01/TB-UBND"  # in the competent authority's series
    text = _text(letter.pdf)
    assert "THÔNG BÁO" in text
    assert "Về việc thụ lý giải quyết khiếu nại" in text
    assert NAME in text
    assert "01/TB-UBND" in text
    with any_database.sessions() as session:
        view = case_view(session, decided.case_number, actor=NOBODY)
        registered = session.scalars(select(IssuedDocument)).one()
    assert view.state == "verifying"
    assert view.rule_id == "complaint.resolve.first"
    assert view.due_on == dt.date(2026, 4, 8)  # day 1 is 10 March, day 30 is Wednesday 8 April
    assert registered.number == "01/TB-UBND"
    assert registered.petition_id is not None


def test_decisions_are_checked(database: Database) -> None:
    other = _petition(database, competence=Competence.OTHER_BODY, competent_body="UBND xã Mỹ Hòa Hưng")
    with pytest.raises(ValidationError), database.sessions.begin() as session:
        decide_petition(
            session, other, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        )
    multiple = _petition(database, kind=PetitionKind.MULTIPLE)
    with pytest.raises(ValidationError), database.sessions.begin() as session:
        decide_petition(
            session,
            multiple,
            PetitionDecision.ACCEPT,
            on=dt.date(2026, 3, 9),
            desk_code="D01",
            today=TODAY,
            actor=ADMIN,
        )
    with pytest.raises(ValidationError), database.sessions.begin() as session:
        decide_petition(
            session,
            multiple,
            PetitionDecision.ARCHIVE,
            on=dt.date(2026, 3, 9),
            desk_code="D01",
            today=TODAY,
            actor=ADMIN,
        )
    with database.sessions.begin() as session:
        decide_petition(
            session, other, PetitionDecision.TRANSFER, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        )
    with pytest.raises(ConflictError), database.sessions.begin() as session:
        decide_petition(
            session, other, PetitionDecision.GUIDE, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        )
    again = _petition(database, competence=Competence.OTHER_BODY, competent_body="UBND xã", duplicate_of=other)
    with pytest.raises(ValidationError) as caught, database.sessions.begin() as session:
        decide_petition(
            session, again, PetitionDecision.TRANSFER, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        )
    assert "decision" in caught.value.errors  # transferred only once for the same content
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CaseFile)) == 0


def test_transfer_slip_of_a_denunciation_keeps_the_denouncer_secret(database: Database) -> None:
    number = _petition(
        database,
        kind=PetitionKind.DENUNCIATION,
        competence=Competence.OTHER_BODY,
        competent_body="Thanh tra tỉnh An Giang",
    )
    with database.sessions.begin() as session:
        decide_petition(
            session,
            number,
            PetitionDecision.TRANSFER,
            on=dt.date(2026, 3, 9),
            desk_code="D01",
            today=TODAY,
            actor=ADMIN,
        )
        letter = issue_letter(
            session, DocumentKind.TRANSFER, number, data_dir=database.data_dir, today=TODAY, viewer=NOBODY
        )
    text = _text(letter.pdf)
    assert letter.number == "01/PC-BTCD"
    assert "PHIẾU CHUYỂN ĐƠN" in text
    assert "Thanh tra tỉnh An Giang" in text
    assert NAME not in text
    assert "089185000123" not in text


def test_reprint_gives_the_kept_letter_and_numbers_never_repeat(database: Database) -> None:
    numbers = [_petition(database) for _ in range(3)]
    letters = []
    with database.sessions.begin() as session:
        for number in numbers:
            decide_petition(
                session,
                number,
                PetitionDecision.REFUSE,
                on=dt.date(2026, 3, 9),
                desk_code="D01",
                note="Đơn đã quá thời hiệu khiếu nại",
                ground="complaint.11.6",
                today=TODAY,
                actor=ADMIN,
            )
            letters.append(
                print_letter(
                    session, DocumentKind.REFUSAL, number, data_dir=database.data_dir, today=TODAY, viewer=NOBODY
                )
            )
        again = print_letter(
            session, DocumentKind.REFUSAL, numbers[0], data_dir=database.data_dir, today=TODAY, viewer=NOBODY
        )
    assert [letter.number for letter in letters] == ["01/TB-UBND", "02/TB-UBND", "03/TB-UBND"]
    assert again.reprint
    assert again.pdf == letters[0].pdf
    assert "Đơn đã quá thời hiệu khiếu nại" in _text(letters[0].pdf)


def test_letter_without_its_decision_is_refused(database: Database) -> None:
    number = _petition(database)
    with pytest.raises(AppError), database.sessions.begin() as session:
        issue_letter(session, DocumentKind.ACCEPTANCE, number, data_dir=database.data_dir, today=TODAY, viewer=NOBODY)
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0


def test_transferred_case_is_closed_only_by_the_reply_letter(any_database: Database) -> None:
    number = _petition(
        any_database,
        channel=Channel.TRANSFERRED,
        transferred_from="Ban Tiếp công dân Trung ương",
        transferred_doc_number="125/BTCDTW-V1",
        transferred_doc_date=dt.date(2026, 3, 2),
        report_back_required=True,
    )
    with any_database.sessions.begin() as session:
        case = decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        ).case_number
        record_event(
            session,
            case,
            CaseEventKind.DECIDED,
            occurred_on=dt.date(2026, 3, 12),
            today=TODAY,
            result_number="45/QĐ-UBND",
            result_date=dt.date(2026, 3, 11),
            result_signer="Chủ tịch Ủy ban nhân dân tỉnh An Giang",
            by=ADMIN,
        )
        view = record_event(session, case, CaseEventKind.FINAL, occurred_on=dt.date(2026, 3, 16), today=TODAY, by=ADMIN)
        assert view.state == "awaiting_report"
        assert view.is_open
        reply = issue_letter(
            session, DocumentKind.REPLY, case, data_dir=any_database.data_dir, today=TODAY, viewer=NOBODY
        )
        closed = case_view(session, case, actor=NOBODY)
    assert closed.state == "closed"
    assert closed.events[-1].kind == CaseEventKind.REPORTED_BACK
    assert closed.events[-1].document_number == reply.number == "01/BTCD"
    text = _text(reply.pdf)
    assert "Ban Tiếp công dân Trung ương" in text
    assert "125/BTCDTW-V1" in text


def test_illegal_step_writes_nothing(database: Database) -> None:
    number = _petition(database)
    with database.sessions.begin() as session:
        case = decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        ).case_number
    with pytest.raises(ValidationError), database.sessions.begin() as session:
        record_event(session, case, CaseEventKind.FINAL, occurred_on=dt.date(2026, 3, 12), today=TODAY, by=ADMIN)
    with pytest.raises(ValidationError), database.sessions.begin() as session:
        record_event(session, case, CaseEventKind.DECIDED, occurred_on=dt.date(2026, 3, 1), today=TODAY, by=ADMIN)
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CaseEvent)) == 1  # the acceptance only


def test_petition_with_several_contents_keeps_its_senders_secret_on_a_transfer(database: Database) -> None:
    number = _petition(
        database,
        kind=PetitionKind.MULTIPLE,
        competence=Competence.OTHER_BODY,
        competent_body="Thanh tra tỉnh An Giang",
        content_summary="Tố cáo ông X nhận hối lộ và kiến nghị sửa đường",
    )
    with database.sessions.begin() as session:
        decide_petition(
            session,
            number,
            PetitionDecision.TRANSFER,
            on=dt.date(2026, 3, 9),
            desk_code="D01",
            today=TODAY,
            actor=ADMIN,
        )
        letter = issue_letter(
            session, DocumentKind.TRANSFER, number, data_dir=database.data_dir, today=TODAY, viewer=NOBODY
        )
    text = _text(letter.pdf)
    assert "Thanh tra tỉnh An Giang" in text
    for secret in (NAME, "089185000123", "Mỹ Thới", "0912345678"):
        assert secret not in text
    assert "MẬT" in text


def test_a_denunciation_has_seven_working_days_to_be_processed(database: Database) -> None:
    number = _petition(database, kind=PetitionKind.DENUNCIATION)
    with database.sessions() as session:
        petition = session.scalars(select(Petition).where(Petition.number == number)).one()
    assert petition.rule_id == "denunciation.process"
    assert petition.due_on == dt.date(2026, 3, 16)  # 7 working days from Friday 6 March


def test_kept_letters_are_never_overwritten(database: Database) -> None:
    numbers = [_petition(database) for _ in range(2)]
    with database.sessions.begin() as session:
        paths = []
        for number in numbers:
            decide_petition(
                session,
                number,
                PetitionDecision.REFUSE,
                on=dt.date(2026, 3, 9),
                desk_code="D01",
                note="Quá thời hiệu",
                ground="complaint.11.6",
                today=TODAY,
                actor=ADMIN,
            )
            paths.append(
                issue_letter(
                    session, DocumentKind.REFUSAL, number, data_dir=database.data_dir, today=TODAY, viewer=NOBODY
                ).path
            )
    assert len(set(paths)) == 2
    assert all(path.exists() for path in paths)


def test_steps_recorded_on_two_desks_apart_do_not_break_the_case(database: Database) -> None:
    """Event rows arrive by sync without checks: reading the case must not fail on a clash."""
    from db.models import CaseEvent as Event

    number = _petition(database)
    with database.sessions.begin() as session:
        case = decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        ).case_number
        record_event(session, case, CaseEventKind.WITHDRAWN, occurred_on=dt.date(2026, 3, 11), today=TODAY, by=ADMIN)
        case_id = session.scalars(select(CaseFile.id).where(CaseFile.number == case)).one()
        session.add(Event(case_id=case_id, kind=CaseEventKind.DECIDED, occurred_on=dt.date(2026, 3, 12)))  # other desk
    with database.sessions() as session:
        view = case_view(session, case, actor=NOBODY)
    assert view.state == "closed"
    assert [step.kind for step in view.conflicting_steps] == [CaseEventKind.DECIDED]


def test_the_same_content_by_another_channel_is_a_possible_duplicate(database: Database) -> None:
    """A petition sent to many bodies comes back transferred, without the sender's identity paper."""
    first = _petition(database, content_summary="Khiếu nại quyết định thu hồi đất số 15/QĐ-UBND xã Mỹ Hòa Hưng")
    other = _petition(database, content_summary="Đề nghị cấp giấy chứng nhận quyền sử dụng đất")
    transferred = make_petition_draft(
        received_on=dt.date(2026, 6, 1),
        channel=Channel.TRANSFERRED,
        kind=PetitionKind.RECOMMENDATION,
        transferred_from="Ủy ban nhân dân tỉnh An Giang",
        content_summary="Khiếu nại QĐ thu hồi đất 15/QĐ-UBND của xã Mỹ Hòa Hưng",
        senders=(make_citizen(id_type=IdType.NONE, id_number=""),),
    )
    late = replace(transferred, received_on=dt.date(2027, 6, 1))
    with database.sessions() as session:
        found = [p.number for p in possible_duplicates(session, transferred, actor=NOBODY)]
        too_late = possible_duplicates(session, late, actor=NOBODY)
    assert found == [first]
    assert other not in found
    assert too_late == []


def test_an_earlier_denunciation_is_not_offered_as_a_duplicate_to_who_may_not_see_its_sender(
    database: Database,
) -> None:
    """Even masked, its number under the ID typed would tell that this person denounced someone
    (docs/scanning.md#returning-citizens), as search and the repeat question leave it out."""
    content = "Tố cáo ông Trần Văn B, cán bộ địa chính xã, nhận tiền khi làm thủ tục đất đai"
    _petition(database, kind=PetitionKind.DENUNCIATION, content_summary=content)
    complaint = _petition(database, content_summary=content.replace("Tố cáo", "Khiếu nại"))
    draft = make_petition_draft(
        received_on=dt.date(2026, 3, 10), kind=PetitionKind.DENUNCIATION, content_summary=content
    )
    with database.sessions() as session:
        assert [p.number for p in possible_duplicates(session, draft, actor=NOBODY)] == [complaint]
