"""Correcting the book: a visit saved with a mistake is corrected or cancelled by a recorded step.

Nothing is deleted. A correction changes the visit's fields (and the main person's particulars as
recorded that day) and keeps a ``Correction`` row with who, when, why and the old and new values;
a cancellation leaves the visit in the book, its number used, marked "Đã hủy: <reason>". Both are
audit events by themselves (the ``correction`` and ``visit`` tables are audited, desktop/core/audit.py).

Who may: a leader or an administrator any visit ("record.correct"); a receptionist or a handler a
visit they recorded themselves, on the day they recorded it ("record.correct_own"): docs/security.md.
The petition and letter steps are in desktop/core/cases/corrections.py, on the same ``record_step``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import Classification, CorrectionKind, IdType, Outcome, ReceptionKind
from db.models import Correction, User, Visit, VisitParticipant
from db.sync import json_value
from desktop.core import bounds
from desktop.core.access import Actor
from desktop.core.confidentiality import may_see
from desktop.core.errors import ConflictError, NotFoundError, ValidationError
from desktop.core.formatting import local
from desktop.core.i18n import _
from desktop.core.permissions import PermissionDeniedError, allowed, require
from desktop.core.reception.book import VisitDetail, visit_detail
from desktop.core.reception.validation import check_id, check_phone, normalise_id_number, normalise_phone
from desktop.core.text import clean, number_key, search_key, title_name

REASON_MAX = bounds.column_length(Correction.reason)


@dataclass(frozen=True)
class CorrectionView:
    """A corrective step as people read it."""

    kind: CorrectionKind
    reference: str
    reason: str
    made_by: str
    made_at: dt.datetime
    before: Mapping[str, object]
    after: Mapping[str, object]


@dataclass(frozen=True)
class VisitChanges:
    """What a correction changes on a visit; None leaves a field as it is.

    The visit's own fields, then the particulars of the person the book names (position 0) as
    recorded on that visit: their citizen record is not touched.
    """

    reception_kind: ReceptionKind | None = None
    classification: Classification | None = None
    content_summary: str | None = None
    requests: str | None = None
    prior_resolution: str | None = None
    outcome: Outcome | None = None
    outcome_note: str | None = None
    full_name: str | None = None
    birth_year: int | None = None
    id_number: str | None = None
    phone: str | None = None


VISIT_FIELDS = ("reception_kind", "classification", "content_summary", "requests", "prior_resolution", "outcome")
VISIT_FIELDS_ALL = (*VISIT_FIELDS, "outcome_note")


# --- the step itself -------------------------------------------------------------------------------


def reason_errors(reason: str) -> dict[str, str]:
    """A corrective step says why, in at most the column's length."""
    if not clean(reason):
        return {"reason": _("Give the reason for this correction.")}
    message = bounds.text_error(reason, bounds.TextBound(REASON_MAX, multiline=True))
    return {"reason": message} if message else {}


def record_step(
    session: Session,
    actor: Actor,
    *,
    entity: str,
    record_id: uuid.UUID,
    reference: str,
    kind: CorrectionKind,
    reason: str,
    before: Mapping[str, object] | None = None,
    after: Mapping[str, object] | None = None,
    now: dt.datetime | None = None,
) -> Correction:
    """Add the ``Correction`` row of one step (the caller has checked the right and the reason)."""
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    step = Correction(
        id=uuid.uuid4(),
        entity=entity,
        record_id=record_id,
        reference=reference,
        kind=kind,
        reason=clean(reason),
        made_by_id=user.id if user is not None else None,
        made_by=user.full_name if user is not None else (actor.username or ""),
        made_at=now or dt.datetime.now(dt.UTC),
        before=_json(before) if before else "",
        after=_json(after) if after else "",
    )
    session.add(step)
    session.flush()
    return step


def _json(values: Mapping[str, object]) -> str:
    return json.dumps({key: json_value(value) for key, value in values.items()}, ensure_ascii=False, sort_keys=True)


def _view(step: Correction) -> CorrectionView:
    return CorrectionView(
        kind=step.kind,
        reference=step.reference,
        reason=step.reason,
        made_by=step.made_by,
        made_at=step.made_at,
        before=json.loads(step.before) if step.before else {},
        after=json.loads(step.after) if step.after else {},
    )


def corrections_of(session: Session, entity: str, record_id: uuid.UUID) -> list[CorrectionView]:
    """The steps taken on one record, oldest first."""
    rows = session.scalars(
        select(Correction)
        .where(Correction.entity == entity, Correction.record_id == record_id)
        .order_by(Correction.made_at, Correction.id)
    )
    return [_view(row) for row in rows]


def cancellation_reasons(session: Session, entity: str, record_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The reason each of ``record_ids`` was cancelled, for the ones that were (a book, a register)."""
    if not record_ids:
        return {}
    rows = session.execute(
        select(Correction.record_id, Correction.reason)
        .where(
            Correction.entity == entity,
            Correction.kind == CorrectionKind.CANCEL,
            Correction.record_id.in_(record_ids),
        )
        .order_by(Correction.made_at)
    )
    return {record_id: reason for record_id, reason in rows}


# --- visits ----------------------------------------------------------------------------------------


def may_correct_visit(session: Session, actor: Actor, serial: str, *, now: dt.datetime | None = None) -> bool:
    """Whether ``actor`` may correct or cancel the visit (for the GUI to offer the actions)."""
    visit = _visit(session, serial)
    try:
        _require_correct(actor, visit, now or dt.datetime.now(dt.UTC))
    except PermissionDeniedError:
        return False
    return True


def _require_correct(actor: Actor, visit: Visit, now: dt.datetime) -> None:
    if allowed(actor, "record.correct"):
        return
    require(actor, "record.correct_own")
    own = visit.receptionist_id is not None and visit.receptionist_id == actor.user_id
    if not own or local(visit.received_at).date() != local(now).date():
        raise PermissionDeniedError(
            _(
                "You may correct only the visits you recorded yourself, on the day you recorded them: "
                "ask a leader to correct this one."
            )
        )


def _visit(session: Session, serial: str) -> Visit:
    visit = session.scalar(select(Visit).where(Visit.serial == number_key(serial)))
    if visit is None:
        raise NotFoundError(_("No visit has the number {number}.").format(number=serial))
    return visit


def _open_visit(session: Session, serial: str, actor: Actor, now: dt.datetime) -> Visit:
    visit = _visit(session, serial)
    _require_correct(actor, visit, now)
    if visit.cancellation_id is not None:
        raise ConflictError(_("Visit {serial} has been cancelled: it cannot be changed.").format(serial=visit.serial))
    return visit


def cancel_visit(
    session: Session, serial: str, *, reason: str, actor: Actor, now: dt.datetime | None = None
) -> VisitDetail:
    """Mark the visit cancelled, with why; it stays in the book under its number (never reused)."""
    now = now or dt.datetime.now(dt.UTC)
    visit = _open_visit(session, serial, actor, now)
    if errors := reason_errors(reason):
        raise ValidationError(errors)
    step = record_step(
        session,
        actor,
        entity="visit",
        record_id=visit.id,
        reference=visit.serial,
        kind=CorrectionKind.CANCEL,
        reason=reason,
        now=now,
    )
    visit.cancellation_id = step.id
    session.flush()
    return visit_detail(session, visit.serial, actor=actor)  # as the actor may see it


def correct_visit(
    session: Session,
    serial: str,
    changes: VisitChanges,
    *,
    reason: str,
    actor: Actor,
    now: dt.datetime | None = None,
) -> VisitDetail:
    """Change the fields a receptionist may have mistyped; the step keeps their old and new values.

    Raises ValidationError (nothing written) on a bad value or a missing reason, ConflictError on a
    cancelled visit or when nothing would change. The person's particulars of a denunciation, and its
    classification (which keeps them secret), are corrected only by a user who may see them.
    """
    now = now or dt.datetime.now(dt.UTC)
    visit = _open_visit(session, serial, actor, now)
    person = session.scalar(
        select(VisitParticipant).where(VisitParticipant.visit_id == visit.id, VisitParticipant.position == 0)
    )
    try:
        new_visit, new_person = _validated(changes, person, local(now).date())
    except ValidationError as exc:  # every message at once: a bad value and a missing reason together
        raise ValidationError({**exc.errors, **reason_errors(reason)}) from None
    if new_visit.get("outcome") == Outcome.APPOINTMENT and visit.appointment_at is None:
        raise ValidationError({"outcome": _("An appointment has a date and a place: make it on a new slip.")})
    errors = reason_errors(reason)
    if errors:
        raise ValidationError(errors)
    if new_person and not may_see(session, actor, visit):
        raise PermissionDeniedError(_("Only a user assigned to this denunciation may correct its people."))
    before, after = _differences(visit, new_visit, person, new_person)
    if "classification" in after and not may_see(session, actor, visit):
        # a denunciation classified as anything else would show its denouncer to everyone
        raise PermissionDeniedError(_("Only a user assigned to this denunciation may change its classification."))
    if not after:
        raise ConflictError(_("Nothing to correct: the values are those already recorded."))
    record_step(
        session,
        actor,
        entity="visit",
        record_id=visit.id,
        reference=visit.serial,
        kind=CorrectionKind.CORRECT,
        reason=reason,
        before=before,
        after=after,
        now=now,
    )
    for key in after:
        if key.startswith("person."):
            setattr(person, key.removeprefix("person."), new_person[key.removeprefix("person.")])
        else:
            setattr(visit, key, new_visit[key])
    if "content_summary" in after:
        visit.content_key = search_key(visit.content_summary)
    session.flush()
    return visit_detail(session, visit.serial, actor=actor)  # as the actor may see it


def _differences(
    visit: Visit, new_visit: Mapping[str, object], person: VisitParticipant | None, new_person: Mapping[str, object]
) -> tuple[dict[str, object], dict[str, object]]:
    """The old and new values of what would change; the person's fields keyed ``person.<field>``."""
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    for key, value in new_visit.items():
        if getattr(visit, key) != value:
            before[key], after[key] = getattr(visit, key), value
    for key, value in new_person.items():
        if person is not None and getattr(person, key) != value:
            before[f"person.{key}"], after[f"person.{key}"] = getattr(person, key), value
    return before, after


def _validated(
    changes: VisitChanges, person: VisitParticipant | None, today: dt.date
) -> tuple[dict[str, object], dict[str, object]]:
    """The new values as they will be stored, or ValidationError with a message per field."""
    given = {f.name: getattr(changes, f.name) for f in fields(changes) if getattr(changes, f.name) is not None}
    texts = {key: value for key, value in given.items() if key in bounds.VISIT and isinstance(value, str)}
    errors = bounds.text_errors(bounds.VISIT, texts)
    new_visit: dict[str, object] = {}
    for key in VISIT_FIELDS_ALL:
        if key in given:
            new_visit[key] = clean(given[key]) if isinstance(given[key], str) else given[key]
    if "content_summary" in new_visit and not new_visit["content_summary"]:
        errors.setdefault("content_summary", _("Enter the content."))
    new_person: dict[str, object] = {}
    if person is not None:
        errors.update(_person_errors(given, person, today))
        if "full_name" in given:
            new_person["full_name"] = title_name(str(given["full_name"]))
        if "birth_year" in given:
            new_person["birth_year"] = given["birth_year"]
        if "id_number" in given:
            raw = str(given["id_number"])
            new_person["id_number"] = normalise_id_number(person.id_type, raw) if person.id_type != IdType.NONE else ""
        if "phone" in given:
            new_person["phone"] = normalise_phone(str(given["phone"]))
    if errors:
        raise ValidationError(errors)
    return new_visit, new_person


def _person_errors(given: Mapping[str, object], person: VisitParticipant, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    texts = {key: str(given[key]) for key in ("full_name", "id_number", "phone") if key in given}
    errors.update(bounds.text_errors(bounds.CITIZEN, texts))
    if "full_name" in given:
        name = title_name(str(given["full_name"]))
        if not name:
            errors.setdefault("full_name", _("Enter the full name."))
        elif (message := bounds.name_error(name)) is not None:
            errors.setdefault("full_name", message)
    year = given.get("birth_year", person.birth_year)
    if "birth_year" in given and not (isinstance(year, int) and bounds.FIRST_BIRTH.year <= year <= today.year):
        errors["birth_year"] = _("Enter a year of birth between 1900 and {year}.").format(year=today.year)
    if "id_number" in given and person.id_type != IdType.NONE:
        issues = check_id(
            person.id_type,
            str(given["id_number"]),
            sex=person.sex,
            birth_year=year if isinstance(year, int) else None,
        )
        for key, message in issues.errors.items():
            errors.setdefault(key, message)
    if "phone" in given:
        for key, message in check_phone(str(given["phone"])).errors.items():
            errors.setdefault(key, message)
    return errors
