"""Leaders' reception sessions: the conclusion notice (thông báo kết luận) and its follow-up.

A leader who receives a citizen and cannot answer at once directs the bodies concerned in writing,
with a time limit (Law 42/2013 Art. 18(4); Decree 154/2026 Art. 25 [2026-secondary]). The notice
takes an official "TB" number like the acceptance notices, is kept as a PDF and entered in the
outgoing register; the desk then records the bodies' result and the day the citizen was told.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from db.enums import Classification, DocumentKind, ReceivedBy
from db.models import IssuedDocument, LeaderConclusion, Visit
from desktop.core import bounds
from desktop.core.access import NOBODY, Actor
from desktop.core.confidentiality import Mask, Viewer, is_protected_visit
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.deadlines.office_days import office_calendar
from desktop.core.deadlines.rules import cached_deadline
from desktop.core.errors import AppError, ConflictError, NotFoundError, ValidationError
from desktop.core.formatting import local, short_date, today_local
from desktop.core.i18n import _
from desktop.core.office import OfficeProfile, SignerProfile, require_office
from desktop.core.paperwork.frame import NOTICE_SCOPE as SCOPE
from desktop.core.paperwork.frame import assemble
from desktop.core.paperwork.issuing import issue_paper, reread
from desktop.core.paperwork.official_numbers import format_number, take_number
from desktop.core.reception.book import VisitDetail, read_visit
from desktop.core.reception.conclusion_text import ConclusionContext, build_conclusion, split_lines
from desktop.core.text import clean, clean_lines, number_key, search_key
from desktop.documents.model import LetterDocument

INFORM_RULE = "transfer.relay_result"  # Law 42/2013 Art. 28(2): tell the citizen within 5 working days
SUGGESTED_WORKING_DAYS = 15  # the time limit the form suggests; the leader sets the real one


@dataclass(frozen=True)
class ConclusionView:
    id: uuid.UUID
    visit_serial: str
    number: str  # "16/TB-BTCD"
    visit_on: dt.date  # the day of the leader's reception (Viet Nam time)
    leader_name: str
    citizen_name: str
    content_summary: str
    directions: tuple[str, ...]
    bodies: tuple[str, ...]
    due_on: dt.date  # the bodies report their result by then
    result_on: dt.date | None
    result_note: str
    citizen_informed_on: dt.date | None
    inform_due_on: dt.date | None  # the result must reach the citizen by then, once the bodies' result is in
    visit_id: uuid.UUID | None = None
    identity_protected: bool = False  # a denunciation: the citizen is shown only to those assigned

    PROTECTED: ClassVar[dict[str, Mask]] = {"citizen_name": "name"}

    @property
    def state(self) -> str:
        """ "waiting_result" | "inform_citizen" | "done"."""
        if self.result_on is None:
            return "waiting_result"
        return "inform_citizen" if self.citizen_informed_on is None else "done"


@dataclass(frozen=True)
class IssuedConclusion:
    conclusion: ConclusionView
    number: str
    path: Path
    sha256: str
    pdf: bytes
    reprint: bool = False


def suggested_due_on(session: Session, today: dt.date | None = None) -> dt.date:
    """The time limit the notice form starts with: 15 working days on the office calendar."""
    return office_calendar(session).add_working_days(today or today_local(), SUGGESTED_WORKING_DAYS)


def issue_conclusion(
    session: Session,
    visit_serial: str,
    *,
    directions: str,
    bodies: str,
    due_on: dt.date | None,
    data_dir: Path,
    today: dt.date | None = None,
) -> IssuedConclusion:
    """Number, render, keep and register the conclusion notice of a leader's reception.

    ``directions`` and ``bodies`` are one item per line. Raises ValidationError (nothing written)
    for a visit not received by a leader, empty directions or bodies, or a time limit already past;
    NumberUnavailableError when no official number can be had (office mode, offline).
    """
    from desktop.documents.letter import render_letter

    today = today or today_local()
    visit = read_visit(session, visit_serial)
    existing = conclusion_of_visit(session, visit.serial, actor=NOBODY)  # only its number is read
    if existing is not None:
        raise ConflictError(
            _("Visit {serial} already has its conclusion notice {number}.").format(
                serial=visit.serial, number=existing.number
            )
        )
    items, recipients = split_lines(directions or ""), split_lines(bodies or "")
    errors = _text_errors(directions or "", bodies or "", items, recipients)
    if visit.received_by != ReceivedBy.LEADER:
        errors["visit"] = _(
            "Visit {serial} was received by a reception officer: a conclusion notice is issued only after a "
            "leader's reception."
        ).format(serial=visit.serial)
    if not items:
        errors.setdefault("directions", _("Enter the leader's conclusions and directions, one per line."))
    if not recipients:
        errors.setdefault("bodies", _("Enter the bodies concerned, one per line."))
    if due_on is None:
        errors["due_on"] = _("Enter the time limit for the bodies to report their result.")
    elif due_on < today:
        errors["due_on"] = _("The time limit cannot be before today ({today}).").format(today=short_date(today))
    elif due_on - today > bounds.AHEAD:
        errors["due_on"] = _("The time limit must be within a year of today.")
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    office = require_office(session)
    signer = _leader_signer(office, visit.leader_name)
    context = _context(visit, directions=items, bodies=recipients, due_on=due_on, signer=signer, today=today)
    number = format_number(take_number(session, SCOPE, today.year), SCOPE, office.number_symbol)
    document = _document(context, visit.serial, number, office, signer)
    issued = issue_paper(
        session,
        render_letter(document),
        data_dir=data_dir,
        file_name=Path("documents") / str(today.year) / "letters" / f"conclusion-{number.replace('/', '-')}.pdf",
        kind=DocumentKind.CONCLUSION,
        number=number,
        visit_id=visit.id,
        title=document.subtitle,
        recipient=", ".join(recipients),
        signer_name=document.signer.full_name,
    )
    row = LeaderConclusion(
        visit_id=visit.id,
        document_id=issued.id,
        directions="\n".join(items),
        bodies="\n".join(recipients),
        due_on=due_on,
        result_note="",
    )
    session.add(row)
    session.flush()
    return IssuedConclusion(
        _view(session, row, office_calendar(session)), number, issued.path, issued.sha256, issued.pdf
    )


def _text_errors(directions: str, bodies: str, items: tuple[str, ...], recipients: tuple[str, ...]) -> dict[str, str]:
    """The directions and bodies as typed (no control characters) and as kept (one item a line)."""
    return bounds.text_errors(
        bounds.CONCLUSION,
        {"directions": directions, "bodies": bodies},
        {"directions": "\n".join(items), "bodies": "\n".join(recipients)},
    )


def conclusion_pdf(session: Session, reference: str | uuid.UUID, *, data_dir: Path) -> IssuedConclusion:
    """The kept notice again, byte for byte (a reprint never takes a new number)."""
    row = require_conclusion(session, reference)
    view = _view(session, row, office_calendar(session))
    document = row.document
    if document is None:
        raise NotFoundError(_("The conclusion notice of visit {serial} was not kept.").format(serial=view.visit_serial))
    kept = reread(document, data_dir=data_dir)
    return IssuedConclusion(view, kept.number, kept.path, kept.sha256, kept.pdf, reprint=True)


def record_result(
    session: Session,
    reference: str | uuid.UUID,
    *,
    result_on: dt.date | None,
    note: str,
    today: dt.date | None = None,
) -> ConclusionView:
    """The bodies concerned reported their result on ``result_on``."""
    today = today or today_local()
    row = require_conclusion(session, reference)
    view = _view(session, row, office_calendar(session))
    if row.result_on is not None:
        raise ConflictError(
            _("The result of conclusion notice {number} was already recorded on {day}.").format(
                number=view.number, day=short_date(row.result_on)
            )
        )
    errors: dict[str, str] = {}
    if result_on is None:
        errors["result_on"] = _("Enter the day the result came in.")
    elif result_on > today:
        errors["result_on"] = _("The day cannot be in the future.")
    elif result_on < view.visit_on:
        errors["result_on"] = _("The day cannot be before the reception ({day}).").format(day=short_date(view.visit_on))
    if not clean(note):
        errors["note"] = _("Enter what the bodies reported.")
    errors.update(bounds.text_errors(bounds.RESULT, {"note": note}, {"note": clean_lines(note)}))
    if errors:
        raise ValidationError(errors)
    row.result_on = result_on
    row.result_note = clean_lines(note)
    session.flush()
    return _view(session, row, office_calendar(session))


def record_citizen_informed(
    session: Session,
    reference: str | uuid.UUID,
    *,
    informed_on: dt.date | None = None,
    today: dt.date | None = None,
) -> ConclusionView:
    """The result was sent to the citizen on ``informed_on`` (today when not given)."""
    today = today or today_local()
    informed_on = informed_on or today
    row = require_conclusion(session, reference)
    view = _view(session, row, office_calendar(session))
    if row.result_on is None:
        raise AppError(
            _("Record the bodies' result of conclusion notice {number} before telling the citizen.").format(
                number=view.number
            )
        )
    if row.citizen_informed_on is not None:
        raise ConflictError(
            _("The citizen was already told the result on {day}.").format(day=short_date(row.citizen_informed_on))
        )
    if informed_on > today:
        raise ValidationError({"informed_on": _("The day cannot be in the future.")})
    if informed_on < row.result_on:
        raise ValidationError(
            {
                "informed_on": _("The day cannot be before the result came in ({day}).").format(
                    day=short_date(row.result_on)
                )
            }
        )
    row.citizen_informed_on = informed_on
    session.flush()
    return _view(session, row, office_calendar(session))


def conclusion_of_visit(session: Session, serial: str, *, actor: Actor) -> ConclusionView | None:
    """The conclusion of a leader's reception, as ``actor`` may see it."""
    row = session.scalar(
        _query().join(Visit, Visit.id == LeaderConclusion.visit_id).where(Visit.serial == number_key(serial))
    )
    if row is None:
        return None
    view = _view(session, row, office_calendar(session))
    return Viewer(session, actor).visit(view, row.visit_id, view.identity_protected, "open")


def list_open_conclusions(session: Session) -> list[ConclusionView]:
    """Notices still followed up: the result not in yet, or not yet sent to the citizen."""
    """Unmasked: the deadline board masks them for its reader."""
    rows = session.scalars(_query().where(LeaderConclusion.citizen_informed_on.is_(None)))
    calendar = office_calendar(session)
    views = (_view(session, row, calendar) for row in rows)
    return sorted(views, key=lambda view: (view.due_on, view.number))


def require_conclusion(session: Session, reference: str | uuid.UUID) -> LeaderConclusion:
    """By the conclusion's id, its visit's serial, or its notice number (the latest with it)."""
    row: LeaderConclusion | None = None
    if isinstance(reference, uuid.UUID):
        row = session.get(LeaderConclusion, reference)
    else:
        text = number_key(reference)
        try:
            row = session.get(LeaderConclusion, uuid.UUID(text))
        except ValueError:
            row = session.scalar(
                _query().join(Visit, Visit.id == LeaderConclusion.visit_id).where(Visit.serial == text)
            ) or session.scalar(
                _query()
                .join(IssuedDocument, IssuedDocument.id == LeaderConclusion.document_id)
                .where(IssuedDocument.number == text)
                .order_by(IssuedDocument.issued_at.desc())
                .limit(1)
            )
    if row is None:
        raise NotFoundError(_("No conclusion notice matches {reference}.").format(reference=reference))
    return row


def _query() -> Select[LeaderConclusion]:
    return select(LeaderConclusion).options(
        selectinload(LeaderConclusion.document),
        selectinload(LeaderConclusion.visit).selectinload(Visit.participants),
    )


def _view(session: Session, row: LeaderConclusion, calendar: WorkCalendar) -> ConclusionView:
    visit = row.visit
    main = visit.participants[0].full_name if visit.participants else ""  # as given that day
    document = row.document
    return ConclusionView(
        id=row.id,
        visit_serial=visit.serial,
        number=document.number if document else "",
        visit_on=local(visit.received_at).date(),
        leader_name=visit.leader_name,
        citizen_name=main,
        content_summary=visit.content_summary,
        directions=tuple(row.directions.splitlines()),
        bodies=tuple(row.bodies.splitlines()),
        due_on=row.due_on,
        result_on=row.result_on,
        result_note=row.result_note,
        citizen_informed_on=row.citizen_informed_on,
        inform_due_on=cached_deadline(INFORM_RULE, row.result_on, calendar=calendar).due if row.result_on else None,
        visit_id=visit.id,
        identity_protected=is_protected_visit(session, visit.id),
    )


def _leader_signer(office: OfficeProfile, leader_name: str) -> SignerProfile | None:
    """The office's signer who is the leader (same name), else None."""
    key = search_key(leader_name)
    return next((s for s in office.signers if search_key(s.full_name) == key), None)


def _context(
    visit: VisitDetail,
    *,
    directions: tuple[str, ...],
    bodies: tuple[str, ...],
    due_on: dt.date,
    signer: SignerProfile | None,
    today: dt.date,
) -> ConclusionContext:
    main = visit.participants[0] if visit.participants else None
    return ConclusionContext(
        visit_day=local(visit.received_at).date(),
        leader_name=visit.leader_name,
        leader_position=signer.position if signer else "",
        citizen_name=main.full_name if main else "",
        citizen_sex=main.sex if main else None,
        citizen_address=main.address if main else "",
        head_count=visit.head_count if visit.is_delegation else 1,
        content_summary=visit.content_summary,
        requests=visit.requests,
        directions=directions,
        bodies=bodies,
        due_on=due_on,
        is_denunciation=visit.classification == Classification.DENUNCIATION,
        today=today,
    )


def _document(
    context: ConclusionContext, serial: str, number: str, office: OfficeProfile, signer: SignerProfile | None
) -> LetterDocument:
    return assemble(
        build_conclusion(context, office),
        office,
        number=number,
        day=context.today,
        qr_payload=serial,
        confidential=context.is_denunciation,
        signer=signer,
    )
