"""A petition decision taken back while nothing followed it, a letter cancelled: recorded, never deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.enums import CaseEventKind, Competence, DocumentKind, PetitionDecision, Role
from db.models import CaseFile, Correction, IssuedDocument
from desktop.core.cases.case_files import record_event
from desktop.core.cases.corrections import cancel_letter, revert_decision
from desktop.core.cases.dossier import case_of_petition, letters_of
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.letters import issue_letter, print_letter
from desktop.core.cases.petitions import read_petition, register_petition
from desktop.core.database import Database
from desktop.core.errors import ConflictError, ValidationError
from desktop.core.permissions import PermissionDeniedError
from tests.builders import ADMIN, an_actor, make_petition_draft

TODAY = dt.date(2026, 3, 20)
ON = dt.date(2026, 3, 9)


def _petition(database: Database, **overrides: object) -> str:
    with database.sessions.begin() as session:
        draft = make_petition_draft(**overrides)
        return register_petition(session, draft, desk_code="D01", today=TODAY, actor=ADMIN).number


def _not_ours(database: Database) -> str:
    """A complaint by post for another body: it may be guided there (docs/legal-basis.md#paths-the-law-allows)."""
    return _petition(database, competence=Competence.OTHER_BODY, competent_body="Ủy ban nhân dân xã Mỹ Hòa Hưng")


def _decide(database: Database, number: str, decision: PetitionDecision, **kwargs: object) -> str:
    with database.sessions.begin() as session:
        return decide_petition(
            session, number, decision, on=ON, desk_code="D01", today=TODAY, actor=ADMIN, **kwargs
        ).case_number


def test_an_acceptance_taken_back_closes_its_case_and_can_be_decided_again(any_database: Database) -> None:
    number = _petition(any_database)
    with any_database.sessions() as session:
        due_before = read_petition(session, number).due_on
    first_case = _decide(any_database, number, PetitionDecision.ACCEPT)
    with any_database.sessions.begin() as session:
        reverted = revert_decision(session, number, reason="Nhầm đơn, chưa đủ điều kiện thụ lý", actor=ADMIN)
    assert reverted.decision is None
    assert reverted.due_on == due_before  # the processing time limit runs again
    with any_database.sessions() as session:
        case = session.scalars(select(CaseFile)).one()
        step = session.scalars(select(Correction)).one()
        assert case_of_petition(session, number) == ""
    assert (case.number, case.is_open, case.state, case.cancellation_id) == (first_case, False, "cancelled", step.id)
    assert step.reason == "Nhầm đơn, chưa đủ điều kiện thụ lý"
    assert '"accept"' in step.before
    with any_database.sessions.begin() as session, pytest.raises(ConflictError):
        record_event(session, first_case, CaseEventKind.VERIFICATION, occurred_on=ON, today=TODAY, by=ADMIN)
    second_case = _decide(any_database, number, PetitionDecision.ACCEPT)
    assert second_case != first_case  # a number is never used twice


def test_a_decision_is_not_taken_back_once_something_followed(database: Database) -> None:
    number = _petition(database)
    case = _decide(database, number, PetitionDecision.ACCEPT)
    with database.sessions.begin() as session:
        record_event(session, case, CaseEventKind.VERIFICATION, occurred_on=ON, today=TODAY, by=ADMIN)
    with database.sessions.begin() as session, pytest.raises(ConflictError) as raised:
        revert_decision(session, number, reason="Nhầm", actor=ADMIN)
    assert case in str(raised.value)
    with database.sessions() as session:
        assert session.scalars(select(Correction)).all() == []
        assert read_petition(session, number).decision == PetitionDecision.ACCEPT


def test_a_letter_must_be_cancelled_before_its_decision_is_taken_back(database: Database) -> None:
    number = _not_ours(database)
    _decide(database, number, PetitionDecision.GUIDE, competent_body="Ủy ban nhân dân xã Mỹ Hòa Hưng")
    with database.sessions.begin() as session:
        letter = issue_letter(
            session, DocumentKind.GUIDANCE, number, data_dir=database.data_dir, today=TODAY, viewer=ADMIN
        )
    with database.sessions.begin() as session, pytest.raises(ConflictError) as raised:
        revert_decision(session, number, reason="Nhầm", actor=ADMIN)
    assert letter.number in str(raised.value)
    with database.sessions.begin() as session:
        cancel_letter(session, letter.number, reason="Ghi sai nơi gửi", actor=ADMIN)
        reverted = revert_decision(session, number, reason="Nhầm", actor=ADMIN)
    assert reverted.decision is None


def test_a_cancelled_letter_keeps_its_number_and_is_not_printed_again(database: Database) -> None:
    number = _not_ours(database)
    _decide(database, number, PetitionDecision.GUIDE, competent_body="Ủy ban nhân dân xã Mỹ Hòa Hưng")
    with database.sessions.begin() as session:
        first = issue_letter(
            session, DocumentKind.GUIDANCE, number, data_dir=database.data_dir, today=TODAY, viewer=ADMIN
        )
    with database.sessions.begin() as session:
        assert cancel_letter(session, first.number.lower(), reason="Sai tên người nhận", actor=ADMIN) == first.number
    with database.sessions.begin() as session, pytest.raises(ConflictError) as raised:
        print_letter(session, DocumentKind.GUIDANCE, first.number, data_dir=database.data_dir, viewer=ADMIN)
    assert "Sai tên người nhận" in str(raised.value)
    with database.sessions.begin() as session, pytest.raises(ConflictError):
        cancel_letter(session, first.number, reason="lần nữa", actor=ADMIN)
    with database.sessions.begin() as session:  # by its petition: a new letter, a new number
        again = print_letter(
            session, DocumentKind.GUIDANCE, number, data_dir=database.data_dir, viewer=ADMIN, today=TODAY
        )
        listed = letters_of(session, number, actor=ADMIN)
        rows = session.scalars(select(IssuedDocument)).all()
    assert not again.reprint
    assert again.number != first.number
    assert [(letter.number, letter.cancelled) for letter in listed] == [
        (first.number, "Sai tên người nhận"),
        (again.number, ""),
    ]
    assert first.path.exists()  # nothing deleted
    assert len(rows) == 2


def test_rights_and_reasons(database: Database) -> None:
    number = _petition(database)
    _decide(database, number, PetitionDecision.ARCHIVE, note="Đơn trùng")
    handler = an_actor(Role.HANDLER, "canbo")
    with database.sessions.begin() as session, pytest.raises(PermissionDeniedError):
        revert_decision(session, number, reason="Nhầm", actor=handler)
    with database.sessions.begin() as session, pytest.raises(PermissionDeniedError):
        cancel_letter(session, "01/HD-BTCD", reason="Nhầm", actor=handler)
    with database.sessions.begin() as session, pytest.raises(ValidationError):
        revert_decision(session, number, reason=" ", actor=ADMIN)
    with database.sessions() as session:
        assert read_petition(session, number).decision == PetitionDecision.ARCHIVE
