"""What ties a visit, its petition, the case and the letters together; what can be decided and printed."""

from __future__ import annotations

import datetime as dt
import enum

import pytest

import db.enums
from db.enums import CaseEventKind, Channel, Competence, DocumentKind, Outcome, PetitionDecision, PetitionKind
from desktop.core.access import NOBODY
from desktop.core.cases.case_files import case_view, record_event
from desktop.core.cases.dossier import (
    case_letter_kinds,
    case_of_petition,
    letters_of,
    petition_letter_kinds,
    petition_of_visit,
)
from desktop.core.cases.handling import allowed_decisions, decide_petition
from desktop.core.cases.letters import issue_letter, letter_kinds_for
from desktop.core.cases.petitions import draft_from_visit, petition_view, register_petition
from desktop.core.database import Database
from desktop.core.errors import ValidationError
from desktop.core.labels import label
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_draft, make_petition_draft

TODAY = dt.date(2026, 3, 20)
NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)


def _petition(database: Database, **overrides: object) -> str:
    with database.sessions.begin() as session:
        return register_petition(
            session, make_petition_draft(**overrides), desk_code="D01", today=TODAY, actor=ADMIN
        ).number


def test_every_enum_value_has_its_own_label() -> None:
    enums = [
        member
        for value in vars(db.enums).values()
        if isinstance(value, type)
        and issubclass(value, enum.Enum)
        and value.__module__ == "db.enums"
        and value is not db.enums.ChangeOp
        for member in value
    ]
    assert all(label(member) for member in enums)
    assert label(Outcome.GUIDE) != label(PetitionDecision.GUIDE)  # equal StrEnum values, own labels


def test_a_visit_leads_to_its_petition_and_case(database: Database) -> None:
    with database.sessions.begin() as session:
        serial = register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN).visit.serial
        assert petition_of_visit(session, serial) == ""
        number = register_petition(
            session, draft_from_visit(session, serial, actor=NOBODY), desk_code="D01", today=TODAY, actor=ADMIN
        ).number
        assert petition_of_visit(session, serial.lower()) == number
        assert case_of_petition(session, number) == ""
        case = decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        ).case_number
        assert case_of_petition(session, number) == case


def test_letters_of_a_petition_and_its_case(database: Database) -> None:
    number = _petition(
        database, channel=Channel.TRANSFERRED, transferred_from="Thanh tra tỉnh", report_back_required=True
    )
    with database.sessions.begin() as session:
        assert letters_of(session, number, actor=ADMIN) == []
        assert letters_of(session, "D01-2026-D99999", actor=ADMIN) == []
        case = decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        ).case_number
        assert case_letter_kinds(case_view(session, case, actor=NOBODY)) == (
            DocumentKind.PROPOSAL,
            DocumentKind.ACCEPTANCE,
        )
        issue_letter(session, DocumentKind.ACCEPTANCE, number, data_dir=database.data_dir, today=TODAY, viewer=NOBODY)
        record_event(
            session,
            case,
            CaseEventKind.DECIDED,
            occurred_on=dt.date(2026, 3, 12),
            today=TODAY,
            result_number="45/QĐ-UBND",
            result_signer="Chủ tịch Ủy ban nhân dân tỉnh An Giang",
            by=ADMIN,
        )
        record_event(session, case, CaseEventKind.FINAL, occurred_on=dt.date(2026, 3, 16), today=TODAY, by=ADMIN)
        owing = case_view(session, case, actor=NOBODY)
        assert case_letter_kinds(owing)[-1] == DocumentKind.REPLY
        issue_letter(session, DocumentKind.REPLY, case, data_dir=database.data_dir, today=TODAY, viewer=NOBODY)
        letters = letters_of(session, number, actor=ADMIN)
    assert [(letter.kind, letter.number) for letter in letters] == [
        (DocumentKind.ACCEPTANCE, "01/TB-UBND"),
        (DocumentKind.REPLY, "01/BTCD"),
    ]
    assert "Thanh tra tỉnh" in letters[1].recipient


@pytest.mark.parametrize(
    ("decision", "letters"),
    [
        (None, ()),
        (PetitionDecision.GUIDE, (DocumentKind.GUIDANCE,)),
        (PetitionDecision.TRANSFER, (DocumentKind.TRANSFER,)),
        (PetitionDecision.PROPOSE, (DocumentKind.PROPOSAL,)),
        (PetitionDecision.ACCEPT, (DocumentKind.PROPOSAL, DocumentKind.ACCEPTANCE)),
        (PetitionDecision.REFUSE, (DocumentKind.REFUSAL,)),
        (PetitionDecision.ARCHIVE, ()),
    ],
)
def test_letters_each_decision_calls_for(decision: PetitionDecision | None, letters: tuple[DocumentKind, ...]) -> None:
    assert letter_kinds_for(decision) == letters


def test_allowed_decisions_follow_the_rules(database: Database) -> None:
    ours = _petition(database)
    other = _petition(database, competence=Competence.OTHER_BODY, competent_body="UBND xã")
    multiple = _petition(database, kind=PetitionKind.MULTIPLE)
    with database.sessions.begin() as session:
        assert PetitionDecision.ACCEPT in allowed_decisions(petition_view(session, ours, actor=NOBODY))
        assert not {PetitionDecision.ACCEPT, PetitionDecision.PROPOSE} & set(
            allowed_decisions(petition_view(session, other, actor=NOBODY))
        )
        assert PetitionDecision.ACCEPT not in allowed_decisions(petition_view(session, multiple, actor=NOBODY))
        with pytest.raises(ValidationError):
            decide_petition(
                session,
                other,
                PetitionDecision.ACCEPT,
                on=dt.date(2026, 3, 9),
                desk_code="D01",
                today=TODAY,
                actor=ADMIN,
            )
        decide_petition(
            session, ours, PetitionDecision.PROPOSE, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        )
        proposed = petition_view(session, ours, actor=NOBODY)
        assert PetitionDecision.PROPOSE not in allowed_decisions(proposed)
        assert PetitionDecision.ACCEPT in allowed_decisions(proposed)
        assert petition_letter_kinds(proposed) == (DocumentKind.PROPOSAL,)
        decide_petition(
            session, ours, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 10), desk_code="D01", today=TODAY, actor=ADMIN
        )
        assert allowed_decisions(petition_view(session, ours, actor=NOBODY)) == ()


def test_an_illegal_step_is_named_by_its_label(database: Database) -> None:
    number = _petition(database)
    with database.sessions.begin() as session:
        case = decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        ).case_number
    with pytest.raises(ValidationError) as caught, database.sessions.begin() as session:
        record_event(session, case, CaseEventKind.FINAL, occurred_on=dt.date(2026, 3, 12), today=TODAY, by=ADMIN)
    assert label(CaseEventKind.FINAL) in str(caught.value)
