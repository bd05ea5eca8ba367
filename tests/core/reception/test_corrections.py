"""Correcting the book: a visit corrected or cancelled by a recorded step, nothing deleted."""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from db.enums import Classification, CorrectionKind, DocumentKind, Outcome, Role
from db.models import AuditEvent, Correction, Visit, VisitParticipant
from desktop.core import users
from desktop.core.access import Actor
from desktop.core.audit import AuditFilter, list_events
from desktop.core.database import Database
from desktop.core.errors import ConflictError, ValidationError
from desktop.core.permissions import PermissionDeniedError
from desktop.core.reception.book import BookFilter, book_page, read_visit
from desktop.core.reception.corrections import (
    REASON_MAX,
    VisitChanges,
    cancel_visit,
    correct_visit,
    corrections_of,
    may_correct_visit,
)
from desktop.core.reception.slips import issue_slip
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_draft

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)  # 09:30 in Viet Nam
LATER = NOW + dt.timedelta(hours=3)
NEXT_DAY = NOW + dt.timedelta(days=1)
PASSWORD = "mật khẩu dài 12"


def _visit(database: Database, actor: Actor = ADMIN) -> str:
    with database.sessions.begin() as session:
        return register_visit(
            session, make_draft(receptionist_name=""), desk_code="D01", now=NOW, actor=actor
        ).visit.serial


def _receptionist(database: Database, username: str = "letan") -> Actor:
    with database.sessions.begin() as session:
        admin = users.create_first_admin(session, "quantri", PASSWORD, "Quản Trị")
        users.add_user(session, admin, username, PASSWORD, role=Role.RECEPTIONIST, full_name="Trần Thị Bé")
    return users.authenticate(database.sessions, username, PASSWORD)


def test_a_correction_changes_the_visit_and_keeps_old_and_new(any_database: Database) -> None:
    serial = _visit(any_database)
    changes = VisitChanges(content_summary="Khiếu nại quyết định thu hồi đất số 16", full_name="nguyễn thị ánh tuyến")
    with any_database.sessions.begin() as session:
        corrected = correct_visit(
            session, serial, changes, reason="Gõ nhầm số quyết định và tên", actor=ADMIN, now=LATER
        )
    assert corrected.content_summary == "Khiếu nại quyết định thu hồi đất số 16"
    assert corrected.main.full_name == "Nguyễn Thị Ánh Tuyến"
    assert corrected.corrected
    with any_database.sessions() as session:
        (step,) = corrections_of(session, "visit", corrected.id)
        assert session.scalar(select(func.count()).select_from(Visit)) == 1
        assert session.scalar(select(func.count()).select_from(VisitParticipant)) == 1
        audited = session.scalars(select(AuditEvent.entity).where(AuditEvent.action == "create")).all()
    assert step.kind == CorrectionKind.CORRECT
    assert step.reason == "Gõ nhầm số quyết định và tên"
    assert step.made_at == LATER
    assert step.before["person.full_name"] == "Nguyễn Thị Ánh Tuyết"
    assert step.after["person.full_name"] == "Nguyễn Thị Ánh Tuyến"
    assert step.before["content_summary"].startswith("Khiếu nại Quyết định thu hồi đất số 15")
    assert "correction" in audited


def test_a_cancelled_visit_stays_in_the_book_with_its_reason(any_database: Database) -> None:
    serial = _visit(any_database)
    second = _visit(any_database)
    with any_database.sessions.begin() as session:
        cancel_visit(session, serial, reason="Ghi trùng với lượt sau", actor=ADMIN, now=LATER)
    with any_database.sessions() as session:
        detail = read_visit(session, serial)
        rows = book_page(session, BookFilter(dt.date(2026, 3, 5), dt.date(2026, 3, 5)), actor=ADMIN)
        stored = json.loads(
            session.scalars(
                select(AuditEvent.after).where(AuditEvent.entity == "visit", AuditEvent.action == "update")
            ).one()
        )
    assert detail.cancelled == "Ghi trùng với lượt sau"
    assert [(row.serial, row.cancelled) for row in rows] == [(serial, "Ghi trùng với lượt sau"), (second, "")]
    assert "cancellation_id" in stored  # the visit's change is an audit event of its own
    third = _visit(any_database)
    assert third.endswith("000003")  # the number stays used
    with any_database.sessions.begin() as session, pytest.raises(ConflictError):
        correct_visit(session, serial, VisitChanges(outcome=Outcome.GUIDE), reason="x", actor=ADMIN, now=LATER)


def test_a_step_needs_a_reason_within_its_column(database: Database) -> None:
    serial = _visit(database)
    for reason, expected in (("  ", "Hãy nêu lý do"), ("x" * (REASON_MAX + 1), str(REASON_MAX))):
        with database.sessions.begin() as session, pytest.raises(ValidationError) as raised:
            cancel_visit(session, serial, reason=reason, actor=ADMIN, now=LATER)
        assert expected in raised.value.errors["reason"]
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Correction)) == 0
        assert read_visit(session, serial).cancelled == ""


def test_bad_values_are_refused_and_nothing_changes(database: Database) -> None:
    serial = _visit(database)
    with database.sessions.begin() as session, pytest.raises(ValidationError) as raised:
        correct_visit(
            session, serial, VisitChanges(content_summary=" ", birth_year=1800, phone="12"), reason="r", actor=ADMIN
        )
    assert set(raised.value.errors) == {"content_summary", "birth_year", "phone"}
    with database.sessions.begin() as session, pytest.raises(ConflictError):
        correct_visit(session, serial, VisitChanges(outcome=Outcome.RECEIVE_PETITION), reason="r", actor=ADMIN)
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Correction)) == 0


def test_a_receptionist_corrects_only_their_own_visit_on_the_same_day(database: Database) -> None:
    receptionist = _receptionist(database)
    own = _visit(database, receptionist)
    other = _visit(database, ADMIN)
    with database.sessions() as session:
        assert may_correct_visit(session, receptionist, own, now=LATER)
        assert not may_correct_visit(session, receptionist, own, now=NEXT_DAY)
        assert not may_correct_visit(session, receptionist, other, now=LATER)
    with database.sessions.begin() as session, pytest.raises(PermissionDeniedError):
        cancel_visit(session, own, reason="Ghi nhầm", actor=receptionist, now=NEXT_DAY)
    with database.sessions.begin() as session, pytest.raises(PermissionDeniedError):
        cancel_visit(session, other, reason="Ghi nhầm", actor=receptionist, now=LATER)
    with database.sessions.begin() as session:
        cancel_visit(session, own, reason="Ghi nhầm", actor=receptionist, now=LATER)
    with database.sessions() as session:
        step = session.scalars(select(Correction)).one()
    assert step.made_by == "Trần Thị Bé"
    assert step.made_by_id == receptionist.user_id


def test_a_corrected_visit_prints_its_slip_corrected_and_a_cancelled_one_prints_none(database: Database) -> None:
    serial = _visit(database)
    with database.sessions.begin() as session:
        correct_visit(session, serial, VisitChanges(full_name="Nguyễn Thị Ánh Tuyến"), reason="Gõ nhầm", actor=ADMIN)
        slip = issue_slip(session, DocumentKind.RECEIPT, serial, data_dir=database.data_dir, actor=ADMIN)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(slip.pdf)).pages)
    assert "Tuyến" in text
    assert "Tuyết" not in text
    with database.sessions.begin() as session:
        cancel_visit(session, serial, reason="Ghi trùng", actor=ADMIN)
    with database.sessions.begin() as session, pytest.raises(ConflictError) as raised:
        issue_slip(session, DocumentKind.RECEIPT, serial, data_dir=database.data_dir, actor=ADMIN)
    assert "Ghi trùng" in str(raised.value)


def test_a_denouncers_correction_is_withheld_from_an_unassigned_reader_of_the_audit(database: Database) -> None:
    receptionist = _receptionist(database)
    with database.sessions.begin() as session:
        serial = register_visit(
            session,
            make_draft(classification=Classification.DENUNCIATION, receptionist_name=""),
            desk_code="D01",
            now=NOW,
            actor=receptionist,
        ).visit.serial
    with database.sessions.begin() as session:  # the receptionist who took it down may see and correct them
        correct_visit(
            session, serial, VisitChanges(full_name="Lê Văn Tố"), reason="Gõ nhầm", actor=receptionist, now=LATER
        )
    leader = Actor(user_id=uuid.uuid4(), username="lanhdao", role=Role.LEADER.value)
    with database.sessions() as session:
        (event,) = [e for e in list_events(session, AuditFilter(), actor=leader) if e.entity == "correction"]
    assert "Lê Văn Tố" not in event.after
    assert "Tuyết" not in event.after


def test_a_user_not_assigned_may_not_reclassify_a_denunciation_out_of_its_secrecy(database: Database) -> None:
    """A leader may correct any visit, but turning a denunciation into a complaint would unmask its
    denouncer for everyone, the leader first: only a user who may see its people may do it."""
    receptionist = _receptionist(database)
    with database.sessions.begin() as session:
        serial = register_visit(
            session,
            make_draft(classification=Classification.DENUNCIATION, receptionist_name=""),
            desk_code="D01",
            now=NOW,
            actor=receptionist,
        ).visit.serial
    leader = Actor(user_id=uuid.uuid4(), username="lanhdao", role=Role.LEADER.value)
    with database.sessions.begin() as session, pytest.raises(PermissionDeniedError):
        correct_visit(
            session,
            serial,
            VisitChanges(classification=Classification.COMPLAINT),
            reason="Phân loại lại",
            actor=leader,
            now=LATER,
        )
    with database.sessions() as session:
        visit = session.scalars(select(Visit).where(Visit.serial == serial)).one()
        assert visit.classification == Classification.DENUNCIATION
        assert session.scalar(select(func.count()).select_from(Correction)) == 0
    with database.sessions.begin() as session:  # the receptionist who met the denouncer may
        correct_visit(
            session,
            serial,
            VisitChanges(classification=Classification.COMPLAINT),
            reason="Phân loại nhầm",
            actor=receptionist,
            now=LATER,
        )


def test_a_cancelled_denunciation_comes_back_masked_to_a_leader_not_assigned(database: Database) -> None:
    """The step returns the visit as its actor may see it: a leader may cancel it without seeing who denounced."""
    from desktop.core.confidentiality import MASKED_NAME

    receptionist = _receptionist(database)
    with database.sessions.begin() as session:
        serial = register_visit(
            session,
            make_draft(classification=Classification.DENUNCIATION, receptionist_name=""),
            desk_code="D01",
            now=NOW,
            actor=receptionist,
        ).visit.serial
    leader = Actor(user_id=uuid.uuid4(), username="lanhdao", role=Role.LEADER.value)
    with database.sessions.begin() as session:
        cancelled = cancel_visit(session, serial, reason="Ghi trùng", actor=leader, now=LATER)
    assert cancelled.cancelled == "Ghi trùng"
    assert cancelled.main.full_name == MASKED_NAME
