"""People as they were that day: a returning citizen never rewrites what earlier visits and petitions say."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from db.enums import Classification, DocumentKind, IdentityAnswer, IdType, ParticipantRole, PetitionDecision, Sex
from db.models import Citizen, CitizenChange, Petition, Visit, VisitParticipant
from desktop.core.access import NOBODY
from desktop.core.cases.board import deadline_board
from desktop.core.cases.case_files import case_view
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.letters import issue_letter
from desktop.core.cases.petitions import draft_from_visit, ensure_fields, petition_view, register_petition
from desktop.core.confidentiality import MASKED_NAME
from desktop.core.database import Database
from desktop.core.errors import ValidationError
from desktop.core.office import require_office
from desktop.core.reception.book import BookFilter, book_page, visit_detail
from desktop.core.reception.book_print import BookPeriod, book_document
from desktop.core.reception.citizens import (
    citizen_history,
    identity_question_text,
    identity_questions,
    same_paper_text,
    same_sender_paper_text,
)
from desktop.core.reception.slips import prepare_receipt
from desktop.core.reception.visits import CitizenInput, ParticipantInput, register_visit
from tests.builders import ADMIN, make_citizen, make_draft, make_petition_draft

FIRST = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)  # 09:30 on Thursday 5 March in Viet Nam
LATER = dt.datetime(2026, 3, 12, 2, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 20)
TO = "Nguyễn Văn Tố"
TO_ADDRESS = "Số 12, ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang"
KHAC = "Lê Thị Khác"
KHAC_ADDRESS = "Số 8, khóm Đông Thịnh, xã Mỹ Hòa Hưng, tỉnh An Giang"
NUMBER = "089070001234"


def _to(**overrides: object) -> CitizenInput:
    return make_citizen(**{"full_name": TO, "sex": Sex.MALE, "birth_year": 1970, "id_number": NUMBER, **overrides})


def _khac(**overrides: object) -> CitizenInput:
    moved = {"address_detail": "Số 8, khóm Đông Thịnh", "phone": "0387654321"}
    return make_citizen(full_name=KHAC, sex=Sex.FEMALE, birth_year=1985, id_number=NUMBER, **{**moved, **overrides})


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _first_visit_and_petition(database: Database) -> tuple[str, str]:
    with database.sessions.begin() as session:
        ensure_fields(session)
        serial = register_visit(session, make_draft(_to()), desk_code="D01", now=FIRST, actor=ADMIN).visit.serial
        number = register_petition(
            session, draft_from_visit(session, serial, actor=NOBODY), desk_code="D01", today=TODAY, actor=ADMIN
        ).number
    return serial, number


def test_a_returning_id_with_another_name_is_asked_about_and_nothing_is_written(any_database: Database) -> None:
    _first_visit_and_petition(any_database)
    with pytest.raises(ValidationError) as caught, any_database.sessions.begin() as session:
        register_visit(session, make_draft(_khac()), desk_code="D01", now=LATER, actor=ADMIN)
    assert caught.value.errors == {"participants.0.id_number": identity_question_text()}
    assert TO not in str(caught.value)  # the question names nobody: it may reach a log
    with any_database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 1
        assert session.scalars(select(Citizen)).one().full_name == TO
        question = identity_questions(session, [_khac()], actor=ADMIN)[0]
    assert (question.index, question.id_number) == (0, NUMBER)
    assert (question.recorded_name, question.recorded_birth_year) == (TO, 1970)
    assert (question.typed_name, question.typed_birth_year) == (KHAC, 1985)


def test_same_person_with_new_details_leaves_every_earlier_paper_as_it_was(any_database: Database) -> None:
    """The reported case: a petition filed by Nguyễn Văn Tố later showed Lê Thị Khác and her address."""
    serial, number = _first_visit_and_petition(any_database)
    with any_database.sessions.begin() as session:
        decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        )
        answered = _khac(identity_answer=IdentityAnswer.SAME_PERSON_NEW_DETAILS)
        later = register_visit(session, make_draft(answered), desk_code="D01", now=LATER, actor=ADMIN).visit
    assert (later.main.full_name, later.main.address, later.main.phone) == (KHAC, KHAC_ADDRESS, "0387654321")
    with any_database.sessions.begin() as session:
        detail = visit_detail(session, serial, actor=NOBODY)
        receipt = prepare_receipt(detail, require_office(session))
        book_line = book_page(session, BookFilter(dt.date(2026, 3, 5), dt.date(2026, 3, 5)), actor=NOBODY)[0]
        printed = next(iter(book_document(session, BookPeriod.of_year(2026), actor=NOBODY).rows))
        petition = petition_view(session, number, actor=NOBODY)
        case = case_view(session, "D01-2026-V00001", actor=NOBODY)
        board = {row.number: row.citizen_name for row in deadline_board(session, today=TODAY, actor=NOBODY)}
        letter = issue_letter(
            session, DocumentKind.ACCEPTANCE, number, data_dir=any_database.data_dir, today=TODAY, viewer=NOBODY
        )
        citizen = session.scalars(select(Citizen)).one()
    assert (detail.main.full_name, detail.main.address, detail.main.birth_year) == (TO, TO_ADDRESS, 1970)
    assert (detail.main.phone, detail.main.sex) == ("0912345678", Sex.MALE)
    assert (receipt.provider_name, receipt.provider_address) == (TO, TO_ADDRESS)
    assert (book_line.citizen_name, book_line.citizen_address) == (TO, TO_ADDRESS)
    assert printed.name_and_address == f"{TO}\n{TO_ADDRESS}"
    assert (petition.sender_names, petition.sender_address) == ((TO,), TO_ADDRESS)
    assert case.citizen_name == TO
    assert board["D01-2026-V00001"] == TO
    text = _text(letter.pdf)
    assert TO in text
    assert KHAC not in text
    assert (citizen.full_name, citizen.birth_year, citizen.address) == (KHAC, 1985, KHAC_ADDRESS)


def test_the_citizen_record_keeps_the_history_of_its_changes(any_database: Database) -> None:
    _first_visit_and_petition(any_database)
    with any_database.sessions.begin() as session:
        answered = _khac(identity_answer=IdentityAnswer.SAME_PERSON_NEW_DETAILS)
        later = register_visit(session, make_draft(answered), desk_code="D01", now=LATER, actor=ADMIN).visit
    with any_database.sessions() as session:
        citizen = session.scalars(select(Citizen)).one()
        history = citizen_history(session, citizen.id)
        desk_ids = set(session.scalars(select(CitizenChange.desk_id)))
    changed = {change.field_name: (change.old_value, change.new_value) for change in history}
    assert changed == {
        "full_name": (TO, KHAC),
        "sex": ("male", "female"),
        "birth_year": ("1970", "1985"),
        "phone": ("0912345678", "0387654321"),
        "address_detail": ("Số 12, ấp Mỹ Thới", "Số 8, khóm Đông Thịnh"),
        "address": (TO_ADDRESS, KHAC_ADDRESS),
    }
    assert {change.answer for change in history} == {IdentityAnswer.SAME_PERSON_NEW_DETAILS}
    assert {change.visit_id for change in history} == {later.id}
    assert {change.changed_at for change in history} == {LATER}
    assert len(desk_ids) == 1
    assert None not in desk_ids


def test_a_typing_mistake_keeps_the_recorded_name_and_birth_and_says_so(any_database: Database) -> None:
    _first_visit_and_petition(any_database)
    mistyped = _to(
        full_name="Nguyễn Văn Tô", birth_year=1971, phone="0387654321", identity_answer=IdentityAnswer.TYPING_MISTAKE
    )
    with any_database.sessions.begin() as session:
        later = register_visit(session, make_draft(mistyped), desk_code="D01", now=LATER, actor=ADMIN).visit
    assert (later.main.full_name, later.main.birth_year, later.main.phone) == (TO, 1970, "0387654321")
    with any_database.sessions() as session:
        citizen = session.scalars(select(Citizen)).one()
        history = citizen_history(session, citizen.id)
    assert (citizen.full_name, citizen.birth_year, citizen.phone) == (TO, 1970, "0387654321")
    answered = {c.field_name: (c.old_value, c.new_value) for c in history if c.answer == IdentityAnswer.TYPING_MISTAKE}
    assert answered == {
        "full_name": (TO, "Nguyễn Văn Tô"),  # typed, and left alone
        "birth_year": ("1970", "1971"),
        "phone": ("0912345678", "0387654321"),  # brought up to date as usual
    }


@pytest.mark.parametrize(
    ("typed", "asks"),
    [
        ({"full_name": "nguyễn  văn tố"}, False),  # the same name in other capitals and spaces
        ({"birth_year": None}, False),  # a year not given this time is no difference
        ({"birth_year": 1971}, True),
        ({"birth_year": None, "birth_date": dt.date(1971, 2, 3)}, True),
        ({"full_name": "Nguyễn Văn Tô"}, True),
        ({"id_type": IdType.NONE, "id_number": "", "full_name": KHAC}, False),  # no paper: nobody is found again
    ],
)
def test_what_counts_as_another_name_or_year_of_birth(database: Database, typed: dict[str, object], asks: bool) -> None:
    with database.sessions.begin() as session:
        register_visit(session, make_draft(_to()), desk_code="D01", now=FIRST, actor=ADMIN)
    with database.sessions() as session:
        assert bool(identity_questions(session, [replace(_to(), **typed)], actor=ADMIN)) == asks


def test_an_answer_without_a_question_changes_nothing(database: Database) -> None:
    with database.sessions.begin() as session:
        register_visit(session, make_draft(_to()), desk_code="D01", now=FIRST, actor=ADMIN)
        again = _to(identity_answer=IdentityAnswer.TYPING_MISTAKE, phone="0387654321")
        register_visit(session, make_draft(again), desk_code="D01", now=LATER, actor=ADMIN)
    with database.sessions() as session:
        history = session.scalars(select(CitizenChange)).all()
    assert [(c.field_name, c.answer) for c in history] == [("phone", None)]


def test_two_people_of_a_visit_with_the_same_paper_are_refused(any_database: Database) -> None:
    twin = ParticipantInput(make_citizen(full_name=KHAC, id_number=" 089 185 000 123"), ParticipantRole.REPRESENTATIVE)
    draft = make_draft(is_delegation=True, head_count=6)
    draft = replace(draft, participants=(*draft.participants, twin))
    with pytest.raises(ValidationError) as caught, any_database.sessions.begin() as session:
        register_visit(session, draft, desk_code="D01", now=FIRST, actor=ADMIN)
    assert set(caught.value.errors) == {"participants.0.id_number", "participants.1.id_number"}
    assert caught.value.errors["participants.1.id_number"] == same_paper_text()
    with any_database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Citizen)) == 0


def test_a_petition_sender_is_asked_about_too_and_kept_as_given(any_database: Database) -> None:
    _serial, number = _first_visit_and_petition(any_database)
    senders = (_khac(),)
    draft = make_petition_draft(senders=senders, received_on=dt.date(2026, 3, 13))
    with pytest.raises(ValidationError) as caught, any_database.sessions.begin() as session:
        register_petition(session, draft, desk_code="D01", today=TODAY, actor=ADMIN)
    assert caught.value.errors == {"senders.0.id_number": identity_question_text()}
    answered = replace(draft, senders=(_khac(identity_answer=IdentityAnswer.SAME_PERSON_NEW_DETAILS),))
    with any_database.sessions.begin() as session:
        second = register_petition(session, answered, desk_code="D01", today=TODAY, actor=ADMIN)
        petition_id = session.scalar(select(Petition.id).where(Petition.number == second.number))
        history = session.scalars(select(CitizenChange)).all()
        first = petition_view(session, number, actor=NOBODY)
    assert second.sender_names == (KHAC,)
    assert first.sender_names == (TO,)
    assert {c.petition_id for c in history} == {petition_id}
    assert {c.visit_id for c in history} == {None}


def test_two_senders_with_the_same_paper_are_refused(database: Database) -> None:
    draft = make_petition_draft(senders=(make_citizen(), make_citizen(full_name=KHAC)))
    with pytest.raises(ValidationError) as caught, database.sessions.begin() as session:
        register_petition(session, draft, desk_code="D01", today=TODAY, actor=ADMIN)
    assert caught.value.errors["senders.0.id_number"] == same_sender_paper_text()
    assert caught.value.errors["senders.1.id_number"] == same_sender_paper_text()


def test_a_visit_participant_keeps_every_detail_given(database: Database) -> None:
    with database.sessions.begin() as session:
        serial = register_visit(session, make_draft(_to()), desk_code="D01", now=FIRST, actor=ADMIN).visit.serial
    with database.sessions() as session:
        row = session.scalars(select(VisitParticipant)).one()
        citizen = session.scalars(select(Citizen)).one()
        main = visit_detail(session, serial, actor=NOBODY).main
    for name in ("full_name", "sex", "birth_year", "id_type", "id_number", "id_issue_date", "id_issue_place"):
        assert getattr(row, name) == getattr(citizen, name) == getattr(main, name)
    for name in ("phone", "province_code", "commune_code", "address_detail", "address", "ethnicity", "nationality"):
        assert getattr(row, name) == getattr(citizen, name) == getattr(main, name)


def test_a_petition_from_an_old_visit_takes_that_day_s_details(database: Database) -> None:
    serial, _number = _first_visit_and_petition(database)
    with database.sessions.begin() as session:
        answered = _khac(identity_answer=IdentityAnswer.SAME_PERSON_NEW_DETAILS)
        denunciation = make_draft(answered, classification=Classification.DENUNCIATION)
        register_visit(session, denunciation, desk_code="D01", now=LATER, actor=ADMIN)
        draft = draft_from_visit(session, serial, actor=NOBODY)
    assert (draft.senders[0].full_name, draft.senders[0].birth_year) == (TO, 1970)
    with database.sessions() as session:  # registering it now asks, as the record says otherwise
        questions = identity_questions(session, draft.senders, actor=ADMIN)
    assert [q.recorded_name for q in questions] == [
        MASKED_NAME
    ]  # the record is a denouncer's now: an admin never sees it
