"""Receiving a citizen: the visit draft, its rules, and ``register_visit`` into the book."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import (
    Classification,
    CopyKind,
    IdentityAnswer,
    IdType,
    Outcome,
    ParticipantRole,
    ReceivedBy,
    ReceptionKind,
    Sex,
)
from db.models import ReceivedDocument, User, Visit, VisitParticipant
from desktop.core import bounds
from desktop.core.access import Actor
from desktop.core.deadlines.calendar import WorkCalendar, format_day
from desktop.core.deadlines.office_days import office_calendar
from desktop.core.errors import ValidationError
from desktop.core.formatting import as_utc, local
from desktop.core.i18n import _
from desktop.core.numbering import next_number, visit_serial
from desktop.core.office import ensure_desk, ensure_user
from desktop.core.permissions import require
from desktop.core.reception import addresses
from desktop.core.reception.book import VisitDetail, read_visit
from desktop.core.reception.citizens import (
    Taken,
    as_given,
    check_identities,
    check_same_papers,
    record_changes,
    same_paper_text,
    take_citizen,
)
from desktop.core.reception.validation import (
    CMND_DIGITS,
    Issues,
    check_delegation,
    check_id,
    check_phone,
    normalise_id_number,
    normalise_phone,
)
from desktop.core.text import clean, digits, number_key, search_key, title_name

CLOCK_SKEW = dt.timedelta(minutes=5)
# Which role the book gives a visitor, by what the visit is about (kiến nghị and phản ánh: người kiến nghị).
ROLE_OF_CLASSIFICATION = {
    Classification.COMPLAINT: ParticipantRole.COMPLAINANT,
    Classification.DENUNCIATION: ParticipantRole.DENOUNCER,
    Classification.RECOMMENDATION: ParticipantRole.PETITIONER,
    Classification.REFLECTION: ParticipantRole.PETITIONER,
}


@dataclass(frozen=True)
class CitizenInput:
    full_name: str
    sex: Sex = Sex.UNKNOWN
    birth_date: dt.date | None = None
    birth_year: int | None = None
    id_type: IdType = IdType.NONE
    id_number: str = ""
    old_id_number: str = ""  # the 9-digit CMND an identity card's QR names (docs/scanning.md#id-card-qr)
    id_issue_date: dt.date | None = None
    id_issue_place: str = ""
    phone: str = ""
    province_code: int | None = None
    commune_code: int | None = None
    address_detail: str = ""
    ethnicity: str = ""
    nationality: str = "Việt Nam"
    # When the identity number is known with another name or year of birth: what the receptionist says.
    identity_answer: IdentityAnswer | None = None

    @property
    def year_of_birth(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.birth_year


@dataclass(frozen=True)
class ParticipantInput:
    citizen: CitizenInput
    role: ParticipantRole
    is_representative: bool = False


def participant_role(classification: Classification, *, is_representative: bool = False) -> ParticipantRole:
    """The role a participant of a visit of ``classification`` takes in the book."""
    if is_representative:
        return ParticipantRole.REPRESENTATIVE
    return ROLE_OF_CLASSIFICATION.get(classification, ParticipantRole.PETITIONER)


@dataclass(frozen=True)
class DocumentInput:
    name: str
    pages: int = 1
    copy_kind: CopyKind = CopyKind.PHOTOCOPY


@dataclass(frozen=True)
class VisitDraft:
    """Everything typed at the desk for one visit. ``received_at`` naive = Viet Nam time."""

    participants: tuple[ParticipantInput, ...]
    classification: Classification
    content_summary: str
    outcome: Outcome
    received_at: dt.datetime | None = None
    reception_kind: ReceptionKind = ReceptionKind.REGULAR
    received_by: ReceivedBy = ReceivedBy.OFFICER
    leader_name: str = ""
    # A periodic or ad-hoc session held by the deputy the head authorised (01/TCD "Ủy quyền tiếp").
    by_deputy: bool = False
    requests: str = ""
    prior_resolution: str = ""
    documents: tuple[DocumentInput, ...] = ()
    is_delegation: bool = False
    head_count: int = 1
    outcome_note: str = ""
    appointment_at: dt.datetime | None = None
    appointment_place: str = ""
    appointment_with: str = ""
    receptionist_name: str = ""
    # A repeat visit (docs/scanning.md#repeat-visits): the serial of the earlier visit about the same
    # matter; ``repeat_checked`` without it says the receptionist confirmed a new matter.
    repeat_of: str = ""
    repeat_checked: bool = False


@dataclass(frozen=True)
class SavedVisit:
    """The result of a save: the visit as stored and the warnings the receptionist accepted."""

    visit: VisitDetail
    warnings: dict[str, str] = field(default_factory=dict)


def _check_leader(draft: VisitDraft, issues: Issues) -> None:
    """Who received the citizen: a leader is named; a periodic or ad-hoc session is the head's or a deputy's."""
    if draft.received_by == ReceivedBy.LEADER and not clean(draft.leader_name):
        issues.error("leader_name", _("Enter the leader who received the citizen."))
    if draft.reception_kind != ReceptionKind.REGULAR and draft.received_by == ReceivedBy.OFFICER:
        issues.warn("received_by", _("Periodic and ad-hoc receptions are held by the head of the agency."))
    if draft.by_deputy and (draft.reception_kind == ReceptionKind.REGULAR or draft.received_by != ReceivedBy.LEADER):
        issues.error("by_deputy", _("Only a leader's periodic or ad-hoc session is held by an authorised deputy."))


def validate_visit(draft: VisitDraft, *, now: dt.datetime, calendar: WorkCalendar | None = None) -> Issues:
    """All rules of the reception form. Keys: field names, ``participants.N.<field>`` for people.

    ``calendar`` tells the days off an appointment should not fall on: the office's
    (``office_calendar``), else the national one.
    """
    issues = Issues()
    if not draft.participants:
        issues.error("participants.0.full_name", _("Enter the name of the citizen."))
    _check_list_lengths(draft, issues)
    for index, participant in enumerate(draft.participants):
        issues.merge(validate_citizen(participant.citizen, now.date()), prefix=f"participants.{index}.")
    issues.merge(check_same_papers([p.citizen for p in draft.participants], "participants.", same_paper_text()))
    issues.add_errors(_visit_text_errors(draft))
    issues.add_errors(_not_stated_errors(draft))
    if not clean(draft.content_summary):
        issues.error("content_summary", _("Summarise what the citizen asks or reports."))
    received_at = as_utc(draft.received_at) if draft.received_at else now
    if received_at > now + CLOCK_SKEW:
        issues.error("received_at", _("The reception time is in the future."))
    elif (message := bounds.day_error(local(received_at).date(), first=bounds.FIRST_RECORD)) is not None:
        issues.error("received_at", message)
    _check_leader(draft, issues)
    if draft.is_delegation:
        representatives = sum(1 for p in draft.participants if p.is_representative)
        issues.merge(check_delegation(draft.head_count, representatives))
    _check_documents(draft.documents, issues)
    if draft.outcome == Outcome.APPOINTMENT:
        _check_appointment(draft, received_at, issues, calendar or WorkCalendar.default())
    return issues


def _check_list_lengths(draft: VisitDraft, issues: Issues) -> None:
    if (message := bounds.people_error(len(draft.participants))) is not None:
        issues.error("participants", message)
    if (message := bounds.documents_error(len(draft.documents))) is not None:
        issues.error("documents", message)


def _not_stated_errors(draft: VisitDraft) -> dict[str, str]:
    """ "Not stated" and "not recorded" are for the entries of imported old books, never typed at the desk."""
    errors: dict[str, str] = {}
    if draft.classification == Classification.UNKNOWN:
        errors["classification"] = _("Choose the kind of matter.")
    if draft.outcome == Outcome.UNKNOWN:
        errors["outcome"] = _("Choose how the visit ended.")
    return errors


def _visit_text_errors(draft: VisitDraft) -> dict[str, str]:
    """The visit's own texts, each as it will be stored; a field the visit does not keep is not checked."""
    values = {
        "content_summary": draft.content_summary,
        "requests": draft.requests,
        "prior_resolution": draft.prior_resolution,
        "outcome_note": draft.outcome_note,
        "receptionist_name": draft.receptionist_name,
    }
    if draft.received_by == ReceivedBy.LEADER:
        values["leader_name"] = draft.leader_name
    if draft.outcome == Outcome.APPOINTMENT:
        values.update(appointment_place=draft.appointment_place, appointment_with=draft.appointment_with)
    names: dict[str, str] = {
        key: title_name(values[key]) for key in ("leader_name", "receptionist_name") if key in values
    }
    errors = bounds.text_errors(bounds.VISIT, values, names)
    for key, name in names.items():
        if key not in errors and (message := bounds.name_error(name)) is not None:
            errors[key] = message
    return errors


def validate_citizen(citizen: CitizenInput, today: dt.date) -> Issues:
    issues = Issues()
    name = title_name(citizen.full_name)
    issues.add_errors(_citizen_text_errors(citizen, name))
    if not name:
        issues.error("full_name", _("Enter the full name."))
    elif (message := bounds.name_error(name)) is not None:
        issues.error("full_name", message)
    if citizen.birth_date is not None and (
        message := bounds.day_error(citizen.birth_date, first=bounds.FIRST_BIRTH, today=today)
    ):
        issues.error("birth_date", message)
    if citizen.birth_year is not None and not (bounds.FIRST_BIRTH.year <= citizen.birth_year <= today.year):
        issues.error("birth_year", _("Enter a year of birth between 1900 and {year}.").format(year=today.year))
    issues.merge(check_id(citizen.id_type, citizen.id_number, sex=citizen.sex, birth_year=citizen.year_of_birth))
    if clean(citizen.old_id_number) and len(digits(citizen.old_id_number)) != CMND_DIGITS:
        issues.error("old_id_number", _("An identity card (CMND) number has 9 digits."))
    _check_issue_date(citizen, today, issues)
    issues.merge(check_phone(citizen.phone))
    _check_address(citizen, issues)
    return issues


def _citizen_text_errors(citizen: CitizenInput, name: str) -> dict[str, str]:
    values = {
        "full_name": citizen.full_name,
        "id_number": citizen.id_number,
        "old_id_number": citizen.old_id_number,
        "id_issue_place": citizen.id_issue_place,
        "phone": citizen.phone,
        "ethnicity": citizen.ethnicity,
        "nationality": citizen.nationality,
        "address_detail": citizen.address_detail,
    }
    stored = {
        "full_name": name,
        "id_number": normalise_id_number(citizen.id_type, citizen.id_number) if citizen.id_type != IdType.NONE else "",
        "phone": normalise_phone(citizen.phone),
    }
    errors = bounds.text_errors(bounds.CITIZEN, values, stored)
    if "full_name" not in errors and len(search_key(citizen.full_name)) > bounds.NAME_KEY_MAX:
        errors["full_name"] = bounds.too_long()
    return errors


def _check_issue_date(citizen: CitizenInput, today: dt.date, issues: Issues) -> None:
    issued = citizen.id_issue_date
    if issued is None:
        return
    born_after = (citizen.birth_date is not None and issued < citizen.birth_date) or (
        citizen.birth_date is None and citizen.birth_year is not None and issued.year < citizen.birth_year
    )
    if (message := bounds.day_error(issued, first=bounds.FIRST_BIRTH, today=today)) is not None:
        issues.error("id_issue_date", message)
    elif born_after:
        issues.error("id_issue_date", _("The paper cannot be issued before the holder was born."))


def _check_address(citizen: CitizenInput, issues: Issues) -> None:
    if citizen.commune_code is not None and citizen.province_code is None:
        issues.error("province_code", _("Choose the province first."))
        return
    try:
        if citizen.province_code is not None:
            addresses.province(citizen.province_code)
            if citizen.commune_code is not None:
                addresses.commune(citizen.province_code, citizen.commune_code)
    except KeyError:
        issues.error("commune_code", _("This commune is not in the chosen province."))
        return
    address = addresses.format_address(citizen.address_detail, citizen.province_code, citizen.commune_code)
    if len(address) > bounds.ADDRESS_MAX or len(search_key(address)) > bounds.ADDRESS_KEY_MAX:
        issues.error("address_detail", bounds.too_long())


def _check_documents(documents: tuple[DocumentInput, ...], issues: Issues) -> None:
    for index, document in enumerate(documents):
        key = f"documents.{index}."
        issues.add_errors(bounds.text_errors(bounds.DOCUMENT, {"name": document.name}), prefix=key)
        if not clean(document.name):
            issues.error(key + "name", _("Enter the name of the document."))
        if document.pages < 1:
            issues.error(key + "pages", _("A document has at least one page."))
        elif (message := bounds.count_error(document.pages, 1, bounds.MAX_PAGES)) is not None:
            issues.error(key + "pages", message)
        if document.copy_kind == CopyKind.ORIGINAL:  # docs/legal-basis.md#receipt
            issues.warn(
                key + "copy_kind",
                _(
                    "This is an original: the desk receives only photocopies or certified copies "
                    "(Circular 06/2014/TT-TTCP Art. 12(2)). Make a copy and give the original back."
                ),
            )


def _check_appointment(draft: VisitDraft, received_at: dt.datetime, issues: Issues, calendar: WorkCalendar) -> None:
    if draft.appointment_at is None:
        issues.error("appointment_at", _("Enter the date and time of the appointment."))
    else:
        wait = as_utc(draft.appointment_at) - received_at  # a difference never overflows
        if wait <= dt.timedelta(0):
            issues.error("appointment_at", _("The appointment must be after the reception."))
        elif wait > bounds.AHEAD:
            issues.error("appointment_at", _("The appointment must be within a year of the reception."))
        elif (message := day_off_warning(local(as_utc(draft.appointment_at)).date(), calendar)) is not None:
            issues.warn("appointment_at", message)
    if not clean(draft.appointment_place):
        issues.error("appointment_place", _("Enter where the citizen should come."))


def day_off_warning(day: dt.date, calendar: WorkCalendar) -> str | None:
    """ "The appointment falls on 14/03/2026 (thứ Bảy), a day off: Nghỉ cuối tuần. Next working day: ..." or None."""
    reason = calendar.day_off_reason(day)
    if reason is None:
        return None
    return _("The appointment falls on {day}, a day off: {reason}. The next working day is {next}.").format(
        day=format_day(day), reason=reason, next=format_day(calendar.next_working_day(day))
    )


def register_visit(
    session: Session, draft: VisitDraft, *, desk_code: str, actor: Actor, now: dt.datetime | None = None
) -> SavedVisit:
    """Validate, number and store one visit in the caller's transaction (``actor`` needs "visit.record").

    Raises ValidationError (nothing written) when a rule is broken, or when an identity number is
    known with another name or year of birth and the draft does not say which it is (the message
    is the question, keyed on that person's id_number); warnings are returned.
    """
    require(actor, "visit.record")
    now = now or dt.datetime.now(dt.UTC)
    issues = validate_visit(draft, now=now, calendar=office_calendar(session))
    issues.merge(check_identities(session, [p.citizen for p in draft.participants], "participants."))
    repeat_of_id = None
    if clean(draft.repeat_of):
        repeat_of_id = session.scalar(select(Visit.id).where(Visit.serial == number_key(draft.repeat_of)))
        if repeat_of_id is None:
            issues.error("repeat_of", _("No visit has the number {number}.").format(number=number_key(draft.repeat_of)))
    if issues.errors:
        raise ValidationError(issues.errors)
    received_at = as_utc(draft.received_at) if draft.received_at else now
    desk = ensure_desk(session, desk_code)
    year = local(received_at).year
    seq = next_number(session, f"visit:{desk.code}", year)
    # The signed-in user is the receptionist of record (the secrecy of what they took down binds them,
    # desktop/core/confidentiality.py) unless the draft names someone else.
    signed_in = session.get(User, actor.user_id) if actor.user_id is not None else None
    typed = title_name(draft.receptionist_name)
    if signed_in is not None and typed in ("", signed_in.full_name):
        receptionist: User | None = signed_in
    else:  # another name typed (a line of `visit add` says who received the citizen): that person's row
        receptionist = ensure_user(session, draft.receptionist_name)
    visit = Visit(
        id=uuid.uuid4(),
        serial=visit_serial(desk.code, year, seq),
        desk=desk,
        year=year,
        seq=seq,
        received_at=received_at,
        receptionist=receptionist,
        reception_kind=draft.reception_kind,
        received_by=draft.received_by,
        leader_name=title_name(draft.leader_name) if draft.received_by == ReceivedBy.LEADER else "",
        by_deputy=draft.by_deputy,
        classification=draft.classification,
        content_summary=clean(draft.content_summary),
        content_key=search_key(draft.content_summary),
        requests=clean(draft.requests),
        prior_resolution=clean(draft.prior_resolution),
        is_delegation=draft.is_delegation,
        head_count=draft.head_count if draft.is_delegation else max(1, len(draft.participants)),
        outcome=draft.outcome,
        outcome_note=clean(draft.outcome_note),
        appointment_at=as_utc(draft.appointment_at)
        if draft.outcome == Outcome.APPOINTMENT and draft.appointment_at
        else None,
        appointment_place=clean(draft.appointment_place) if draft.outcome == Outcome.APPOINTMENT else "",
        appointment_with=clean(draft.appointment_with) if draft.outcome == Outcome.APPOINTMENT else "",
        repeat_of_id=repeat_of_id,
        repeat_checked=draft.repeat_checked or repeat_of_id is not None,
    )
    taken = [take_citizen(session, participant.citizen) for participant in draft.participants]
    for position, (participant, person) in enumerate(zip(draft.participants, taken, strict=True)):
        visit.participants.append(_participant_row(participant, person, position))
    for position, document in enumerate(draft.documents):
        visit.documents.append(
            ReceivedDocument(
                name=clean(document.name), pages=document.pages, copy_kind=document.copy_kind, position=position
            )
        )
    session.add(visit)
    session.flush()
    record_changes(session, taken, at=now, desk_id=desk.id, visit_id=visit.id)
    return SavedVisit(visit=read_visit(session, visit.serial), warnings=issues.warnings)


def _participant_row(participant: ParticipantInput, taken: Taken, position: int) -> VisitParticipant:
    """The person as given today: their record once brought up to date (a typing mistake: as recorded)."""
    return VisitParticipant(
        citizen=taken.citizen,
        role=participant.role,
        is_representative=participant.is_representative,
        position=position,
        **as_given(taken.citizen),
    )
