"""A leader assigns a case; a handler works on the cases assigned to them; the rights hold in the core."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.enums import CaseEventKind, PetitionDecision, Role
from db.models import CaseFile
from desktop.core import users
from desktop.core.access import Actor
from desktop.core.cases.assignment import assign_case, assigned_to, assignees
from desktop.core.cases.board import deadline_board
from desktop.core.cases.case_files import record_event
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.petitions import ensure_fields, register_petition
from desktop.core.database import Database
from desktop.core.errors import ValidationError
from desktop.core.permissions import PermissionDeniedError
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, an_actor, make_draft, make_petition_draft

PASSWORD = "mật khẩu đủ dài"
ACCEPTED = dt.date(2026, 3, 9)
TODAY = dt.date(2026, 3, 20)


@pytest.fixture
def office(database: Database) -> dict[str, Actor]:
    """An administrator, a leader, two handlers and a receptionist, each signed in once."""
    with database.sessions.begin() as session:
        admin = users.create_first_admin(session, "quantri", PASSWORD)
        for name, role in (("lanhdao", Role.LEADER), ("canbo1", Role.HANDLER), ("canbo2", Role.HANDLER),
                           ("tiepdan", Role.RECEPTIONIST)):  # fmt: skip
            users.add_user(session, admin, name, PASSWORD, role=role)
    return {name: users.authenticate(database.sessions, name, PASSWORD) for name in
            ("lanhdao", "canbo1", "canbo2", "tiepdan")}  # fmt: skip


def _case(database: Database) -> str:
    with database.sessions.begin() as session:
        ensure_fields(session)
        number = register_petition(session, make_petition_draft(), desk_code="D01", today=TODAY, actor=ADMIN).number
        return decide_petition(
            session, number, PetitionDecision.ACCEPT, on=ACCEPTED, desk_code="D01", actor=ADMIN, today=TODAY
        ).case_number


def test_a_leader_assigns_and_only_the_assigned_handler_records_steps(
    database: Database, office: dict[str, Actor]
) -> None:
    case = _case(database)
    with database.sessions.begin() as session:
        with pytest.raises(PermissionDeniedError, match="không được giao"):
            record_event(session, case, CaseEventKind.VERIFICATION, occurred_on=TODAY, by=office["canbo1"], today=TODAY)
        assign_case(session, office["lanhdao"], case, "canbo1")
    with database.sessions.begin() as session:
        assert (
            session.scalars(select(CaseFile.handler_id).where(CaseFile.number == case)).one()
            == office["canbo1"].user_id
        )
        assert assigned_to(session, case) is not None
        record_event(session, case, CaseEventKind.VERIFICATION, occurred_on=TODAY, by=office["canbo1"], today=TODAY)
        with pytest.raises(PermissionDeniedError):
            record_event(session, case, CaseEventKind.DIALOGUE, occurred_on=TODAY, by=office["canbo2"], today=TODAY)


@pytest.mark.parametrize("who", ["canbo1", "tiepdan"])
def test_only_a_leader_or_admin_assigns(database: Database, office: dict[str, Actor], who: str) -> None:
    case = _case(database)
    with database.sessions.begin() as session, pytest.raises(PermissionDeniedError):
        assign_case(session, office[who], case, "canbo1")


def test_a_case_goes_to_an_active_handler_or_leader(database: Database, office: dict[str, Actor]) -> None:
    case = _case(database)
    with database.sessions.begin() as session:
        with pytest.raises(ValidationError):
            assign_case(session, office["lanhdao"], case, "tiepdan")
        assert {a.username for a in assignees(session)} == {"lanhdao", "canbo1", "canbo2"}


def test_a_handler_may_not_decide_even_an_assigned_case(database: Database, office: dict[str, Actor]) -> None:
    case = _case(database)
    with database.sessions.begin() as session:
        assign_case(session, office["lanhdao"], case, "canbo1")
        with pytest.raises(PermissionDeniedError):
            record_event(session, case, CaseEventKind.DECIDED, occurred_on=TODAY, by=office["canbo1"], today=TODAY)
        record_event(session, case, CaseEventKind.DECIDED, occurred_on=TODAY, by=office["lanhdao"], today=TODAY)


def test_a_receptionist_records_visits_but_handles_no_petition(database: Database, office: dict[str, Actor]) -> None:
    with database.sessions.begin() as session:
        register_visit(session, make_draft(), desk_code="D01", actor=office["tiepdan"])
        ensure_fields(session)
        number = register_petition(session, make_petition_draft(), desk_code="D01", today=TODAY, actor=ADMIN).number
        with pytest.raises(PermissionDeniedError):
            decide_petition(session, number, PetitionDecision.GUIDE, on=TODAY, desk_code="D01",
                            actor=office["tiepdan"], today=TODAY)  # fmt: skip


def test_nobody_signed_in_records_no_visit(database: Database) -> None:
    with database.sessions.begin() as session, pytest.raises(PermissionDeniedError, match="Đăng nhập trước"):
        register_visit(session, make_draft(), desk_code="D01", actor=Actor())
    assert an_actor().signed_in


def test_a_handler_sees_on_the_board_only_the_cases_assigned_to_them(
    database: Database, office: dict[str, Actor]
) -> None:
    mine, theirs = _case(database), _case(database)
    with database.sessions.begin() as session:
        assign_case(session, office["lanhdao"], mine, "canbo1")
        assign_case(session, office["lanhdao"], theirs, "canbo2")
    with database.sessions() as session:

        def cases(actor: Actor) -> set[str]:
            return {r.number for r in deadline_board(session, today=TODAY, actor=actor) if r.kind == "case"}

        assert cases(office["canbo1"]) == {mine}
        assert cases(office["canbo2"]) == {theirs}
        assert cases(office["lanhdao"]) == {mine, theirs}
