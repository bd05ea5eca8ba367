"""The petition register: receive, classify, link duplicates, decide how each petition is handled."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from typing import ClassVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from db.enums import (
    CaseKind,
    Channel,
    Classification,
    Competence,
    IdType,
    Ineligibility,
    PetitionDecision,
    PetitionKind,
    PriorStatus,
    Sex,
)
from db.models import Citizen, FieldOfLaw, Petition, PetitionSender, User, Visit
from desktop.core import bounds
from desktop.core.access import Actor
from desktop.core.confidentiality import (
    How,
    IdentityWithheldError,
    Mask,
    Viewer,
    identity_read,
    is_protected_petition,
    may_see,
)
from desktop.core.deadlines.office_days import office_calendar
from desktop.core.deadlines.rules import cached_deadline, default_rulebook
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.formatting import short_date
from desktop.core.i18n import _
from desktop.core.numbering import next_number
from desktop.core.office import ensure_desk
from desktop.core.permissions import require
from desktop.core.reception.book import read_visit
from desktop.core.reception.citizens import (
    as_given,
    check_identities,
    check_same_papers,
    record_changes,
    same_sender_paper_text,
    take_citizen,
)
from desktop.core.reception.returning import SIMILAR, similarity, window_months
from desktop.core.reception.validation import Issues, normalise_id_number
from desktop.core.reception.visits import CitizenInput, validate_citizen
from desktop.core.text import ascii_digits, clean, number_key, search_key, storable, upper

KIND_OF_CLASSIFICATION = {
    Classification.COMPLAINT: PetitionKind.COMPLAINT,
    Classification.DENUNCIATION: PetitionKind.DENUNCIATION,
    Classification.RECOMMENDATION: PetitionKind.RECOMMENDATION,
    Classification.REFLECTION: PetitionKind.RECOMMENDATION,
}
CASE_KIND = {
    PetitionKind.COMPLAINT: CaseKind.COMPLAINT,
    PetitionKind.DENUNCIATION: CaseKind.DENUNCIATION,
    PetitionKind.RECOMMENDATION: CaseKind.RECOMMENDATION,
}
# Law 25/2018 Art. 24(1): a denunciation is registered, classified and checked within 7 working
# days; other petitions are processed within 10 (Law 42/2013 Art. 28).
PROCESSING_RULE = {PetitionKind.DENUNCIATION: "denunciation.process"}
# Law 25/2018 Art. 24(2): a written denunciation that is not ours is transferred within 5 working days
# of receipt (docs/legal-basis.md#denunciation.transfer); it stays due on the board until it is.
TRANSFER_RULE = "denunciation.transfer"
FIELD_NAMESPACE = uuid.UUID("0f7d5c8e-2b1a-4e39-8c6d-5a4b3c2d1e0f")
DEFAULT_FIELDS = (
    ("DD", "Đất đai"),
    ("NO", "Nhà ở, tài sản"),
    ("CS", "Chính sách, chế độ"),
    ("TP", "Tư pháp"),
    ("TN", "Tham nhũng"),
    ("MT", "Môi trường"),
    ("HC", "Hành chính"),
    ("KH", "Khác"),
)


def field_code(code: str) -> str:
    """A field code as stored: trimmed, upper case, NFC (again after the case mapping)."""
    return upper(ascii_digits(clean(code)))


def field_id(code: str) -> uuid.UUID:
    """The id of the field ``code``: same code -> same id, on every desk (db.sync.DERIVED_IDS).

    Two desks that each create a code while apart create the same row, so the push makes one
    record of them (or a conflict when they differ), never a clash on uq_field_of_law_code.
    """
    return uuid.uuid5(FIELD_NAMESPACE, field_code(code))


@dataclass(frozen=True)
class PetitionDraft:
    received_on: dt.date
    channel: Channel
    kind: PetitionKind
    content_summary: str
    senders: tuple[CitizenInput, ...] = ()
    visit_serial: str = ""
    field_code: str = ""
    is_anonymous: bool = False
    transferred_from: str = ""
    transferred_doc_number: str = ""
    transferred_doc_date: dt.date | None = None
    report_back_required: bool = False
    competence: Competence = Competence.OURS
    competent_body: str = ""
    is_eligible: bool = True
    ineligibility: Ineligibility | None = None
    ineligibility_note: str = ""
    duplicate_of: str = ""  # the register number of the earlier petition with the same content
    # The question about earlier petitions on the same matter was answered (duplicates_to_ask): with
    # duplicate_of a link, without it confirmed new. A number in duplicate_of is an answer on its own.
    duplicate_checked: bool = False
    # The senders agreed that a transfer may name them (a denunciation's, Law 25/2018 Art. 47(2)).
    disclosure_agreed: bool = False
    # Where the matter stood before it reached the office (the XLD tables' status columns).
    prior_status: PriorStatus = PriorStatus.NONE


@dataclass(frozen=True)
class PetitionView:
    id: uuid.UUID
    number: str
    received_on: dt.date
    channel: Channel
    kind: PetitionKind
    field_name: str
    content_summary: str
    sender_names: tuple[str, ...]
    sender_address: str
    is_anonymous: bool
    transferred_from: str
    transferred_doc_number: str
    transferred_doc_date: dt.date | None
    report_back_required: bool
    competence: Competence
    competent_body: str
    is_eligible: bool
    ineligibility: Ineligibility | None
    ineligibility_note: str
    duplicate_of: str
    duplicate_count: int
    decision: PetitionDecision | None
    decided_on: dt.date | None
    decision_note: str
    due_on: dt.date | None
    visit_serial: str
    identity_masked: bool = False  # a denunciation's senders, masked for the reader
    # Every sender agreed that a transfer may name them (petition_sender.disclosure_agreed).
    disclosure_agreed: bool = False
    refusal_ground: str = ""  # a code of desktop.core.cases.grounds
    sender_sex: Sex | None = None  # the first sender's, as given: letters say "ông" or "bà" from it

    PROTECTED: ClassVar[dict[str, Mask]] = {
        "sender_names": "names",
        "sender_sex": "sex",
        "sender_address": "text",
        "identity_masked": "flag",
    }

    @property
    def names_denouncer(self) -> bool:
        """Its senders are a denouncer's, shown unmasked: a printed copy carries the "MẬT" mark."""
        return is_protected_petition(self.kind) and not self.identity_masked


def ensure_fields(session: Session) -> None:
    """The default list of fields, for an office that has none yet.

    Their ids are derived from their codes, so that two desks of an office that each create the
    defaults while apart create the very same rows (the push skips a row whose id exists).
    """
    if session.scalar(select(func.count()).select_from(FieldOfLaw)):
        return
    for order, (code, name) in enumerate(DEFAULT_FIELDS):
        session.add(FieldOfLaw(id=field_id(code), code=code, name=name, sort_order=order))
    session.flush()


def list_fields(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(
        select(FieldOfLaw.code, FieldOfLaw.name)
        .where(FieldOfLaw.is_active)
        .order_by(FieldOfLaw.sort_order, FieldOfLaw.name)
    )
    return [(code, name) for code, name in rows]


def draft_from_visit(session: Session, serial: str, *, actor: Actor) -> PetitionDraft:
    """A petition prefilled from a visit: its people, content and date (the one-click path).

    A denunciation's people are copied only for a user who may see them (IdentityWithheldError).
    """
    visit = read_visit(session, serial)
    if not Viewer(session, actor).sees_visit(visit.id, visit.identity_protected):
        raise IdentityWithheldError(visit.serial)
    if visit.identity_protected:
        identity_read(session, actor, visit.id, "open")
    senders = tuple(
        CitizenInput(
            full_name=p.full_name,
            sex=p.sex,
            birth_date=p.birth_date,
            birth_year=p.birth_year,
            id_type=p.id_type,
            id_number=p.id_number,
            id_issue_date=p.id_issue_date,
            id_issue_place=p.id_issue_place,
            phone=p.phone,
            province_code=p.province_code,
            commune_code=p.commune_code,
            address_detail=p.address_detail,
            ethnicity=p.ethnicity,
            nationality=p.nationality,
        )
        for p in visit.participants
    )
    from desktop.core.formatting import local

    return PetitionDraft(
        received_on=local(visit.received_at).date(),
        channel=Channel.IN_PERSON,
        # An imported entry of unknown kind: the petition form shows its first kind, to be checked.
        kind=KIND_OF_CLASSIFICATION.get(visit.classification, PetitionKind.COMPLAINT),
        content_summary=visit.content_summary,
        senders=senders,
        visit_serial=visit.serial,
    )


def validate_petition(session: Session, draft: PetitionDraft, *, today: dt.date) -> Issues:
    issues = Issues()
    issues.add_errors(_petition_text_errors(draft))
    _check_dates(draft, today, issues)
    if not clean(draft.content_summary):
        issues.error("content_summary", _("Summarise what the petition asks or reports."))
    if not draft.senders and not draft.is_anonymous:
        issues.error("senders", _("Enter who sent the petition, or mark it anonymous."))
    if (message := bounds.people_error(len(draft.senders))) is not None:
        issues.error("senders", message)
    for index, sender in enumerate(draft.senders):
        issues.merge(validate_citizen(sender, today), prefix=f"senders.{index}.")
    issues.merge(check_same_papers(draft.senders, "senders.", same_sender_paper_text()))
    if draft.channel == Channel.TRANSFERRED and not clean(draft.transferred_from):
        issues.error("transferred_from", _("Enter the body that transferred the petition."))
    if draft.competence != Competence.OURS and not clean(draft.competent_body):
        issues.error("competent_body", _("Enter the body that is competent."))
    if not draft.is_eligible and draft.ineligibility is None:
        issues.error("ineligibility", _("Choose why the petition is not handled."))
    # Looked up only once they are known to be text a database takes.
    if draft.field_code and "field_code" not in issues.errors and not _field_id(session, draft.field_code):
        issues.error("field_code", _("Unknown field: {code}.").format(code=draft.field_code))
    if draft.duplicate_of and "duplicate_of" not in issues.errors and _find(session, draft.duplicate_of) is None:
        issues.error("duplicate_of", _("No petition has the number {number}.").format(number=draft.duplicate_of))
    return issues


def _petition_text_errors(draft: PetitionDraft) -> dict[str, str]:
    return bounds.text_errors(
        bounds.PETITION,
        {
            "content_summary": draft.content_summary,
            "transferred_from": draft.transferred_from,
            "transferred_doc_number": draft.transferred_doc_number,
            "competent_body": draft.competent_body,
            "ineligibility_note": draft.ineligibility_note,
            "field_code": draft.field_code,
            "duplicate_of": draft.duplicate_of,
            "visit_serial": draft.visit_serial,
        },
    )


def _check_dates(draft: PetitionDraft, today: dt.date, issues: Issues) -> None:
    if (message := bounds.day_error(draft.received_on, first=bounds.FIRST_RECORD, today=today)) is not None:
        issues.error("received_on", message)
    elif not _processing_rule_in_force(draft):
        first = default_rulebook().first_day(_processing_rule(draft))
        issues.error(
            "received_on",
            _(
                "Time limits for a petition of this kind are counted from {day}: "
                "one received earlier cannot be registered."
            ).format(day=short_date(first)),
        )
    doc_date = draft.transferred_doc_date
    if doc_date is not None and doc_date > draft.received_on:
        issues.error("transferred_doc_date", _("The transfer letter cannot be dated after the petition arrived."))
    elif doc_date is not None and (message := bounds.day_error(doc_date, first=bounds.FIRST_RECORD)) is not None:
        issues.error("transferred_doc_date", message)


def processing_rule(
    kind: PetitionKind, channel: Channel, competence: Competence, ineligibility: Ineligibility | None = None
) -> str:
    """The time limit that runs on a petition from its receipt until it is handled."""
    to_transfer = (
        kind == PetitionKind.DENUNCIATION
        and channel != Channel.IN_PERSON
        and competence != Competence.OURS
        and ineligibility != Ineligibility.SENT_TO_MANY  # not handled here at all (Art. 24(3))
    )
    return TRANSFER_RULE if to_transfer else PROCESSING_RULE.get(kind, "petition.process")


def _processing_rule(draft: PetitionDraft) -> str:
    return processing_rule(draft.kind, draft.channel, draft.competence, draft.ineligibility)


def _processing_rule_in_force(draft: PetitionDraft) -> bool:
    try:
        default_rulebook().rule_for(_processing_rule(draft), draft.received_on)
    except ValidationError:
        return False
    return True


def account_id(session: Session, actor: Actor) -> uuid.UUID | None:
    """The account row of ``actor``, when there is one (a desk without accounts, a script: None)."""
    if actor.user_id is None:
        return None
    return session.scalar(select(User.id).where(User.id == actor.user_id))


def _field_id(session: Session, code: str) -> uuid.UUID | None:
    return session.scalar(select(FieldOfLaw.id).where(FieldOfLaw.code == code))


def register_petition(
    session: Session, draft: PetitionDraft, *, desk_code: str, actor: Actor, today: dt.date | None = None
) -> PetitionView:
    """Number and store a petition; its processing time limit starts the day after receipt.

    ``actor`` needs "visit.record": who receives at the desk registers what was handed in.

    Raises ValidationError (nothing written) when a rule is broken, or when a sender's identity
    number is known with another name or year of birth and the draft does not say which it is.
    """
    from desktop.core.formatting import today_local

    require(actor, "visit.record")
    today = today or today_local()
    issues = validate_petition(session, draft, today=today)
    issues.merge(check_identities(session, draft.senders, "senders."))
    if issues.errors:
        raise ValidationError(issues.errors)
    if draft.is_anonymous and draft.kind == PetitionKind.DENUNCIATION:
        draft = replace(draft, is_eligible=False, ineligibility=Ineligibility.ANONYMOUS)  # Law 25/2018 Art. 25
    desk = ensure_desk(session, desk_code)
    seq = next_number(session, f"petition:{desk.code}", draft.received_on.year)
    deadline = cached_deadline(_processing_rule(draft), draft.received_on, calendar=office_calendar(session))
    petition = Petition(
        id=uuid.uuid4(),
        number=f"{desk.code}-{draft.received_on.year}-D{seq:05d}",
        desk=desk,
        year=draft.received_on.year,
        seq=seq,
        received_on=draft.received_on,
        channel=draft.channel,
        kind=draft.kind,
        content_summary=clean(draft.content_summary),
        content_key=search_key(draft.content_summary),
        is_anonymous=draft.is_anonymous,
        transferred_from=clean(draft.transferred_from),
        transferred_doc_number=clean(draft.transferred_doc_number),
        transferred_doc_date=draft.transferred_doc_date,
        report_back_required=draft.report_back_required,
        competence=draft.competence,
        competent_body=clean(draft.competent_body),
        is_eligible=draft.is_eligible,
        ineligibility=draft.ineligibility,
        ineligibility_note=clean(draft.ineligibility_note),
        prior_status=draft.prior_status,
        duplicate_checked=draft.duplicate_checked or bool(draft.duplicate_of),
        due_on=deadline.due,
        rule_id=deadline.rule_id,
        rule_version=deadline.rule_version,
        registered_by_id=account_id(session, actor),
    )
    if draft.field_code:
        petition.field_id = _field_id(session, draft.field_code)
    if draft.visit_serial:
        petition.visit_id = session.scalar(select(Visit.id).where(Visit.serial == number_key(draft.visit_serial)))
    if draft.duplicate_of:
        original = _find(session, draft.duplicate_of)
        assert original is not None
        petition.duplicate_of_id = original.id
        original.duplicate_count += 1
    taken = [take_citizen(session, sender) for sender in draft.senders]
    for position, person in enumerate(taken):
        petition.senders.append(
            PetitionSender(
                citizen=person.citizen,
                position=position,
                disclosure_agreed=draft.disclosure_agreed,
                **as_given(person.citizen),
            )
        )
    session.add(petition)
    session.flush()
    record_changes(session, taken, at=dt.datetime.now(dt.UTC), desk_id=desk.id, petition_id=petition.id)
    return read_petition(session, petition.number)


def possible_duplicates(session: Session, draft: PetitionDraft, *, actor: Actor) -> list[PetitionView]:
    """Earlier petitions this one may repeat (a hint at intake; "Same as" records the answer).

    Those of the same kind from the same identity papers, and - within the repeat window before the
    day received - those from the same people (by paper or by folded name) with similar content,
    whatever their channel: a petition sent to many bodies comes back by post, at the desk and
    through transfers (docs/scanning.md#repeat-visits).
    """
    numbers = [normalise_id_number(s.id_type, s.id_number) for s in draft.senders if s.id_type != IdType.NONE]
    numbers = [n for n in numbers if n and storable(n)]  # a hint while typing: never a driver error
    names = [key for s in draft.senders if (key := search_key(s.full_name)) and storable(key)]
    found: set[str] = set()
    if numbers:
        found |= set(
            session.scalars(
                select(Petition.number)
                .join(PetitionSender)
                .join(Citizen)
                .where(Citizen.id_number.in_(numbers), Petition.kind == draft.kind)
            )
        )
    if (numbers or names) and search_key(draft.content_summary):
        people = [
            *([Citizen.id_number.in_(numbers), Citizen.old_id_number.in_(numbers)] if numbers else []),
            *([Citizen.name_key.in_(names)] if names else []),
        ]
        since = draft.received_on - dt.timedelta(days=31 * window_months(session))
        rows = session.execute(
            select(Petition.number, Petition.content_summary)
            .join(PetitionSender)
            .join(Citizen)
            .where(or_(*people), Petition.received_on >= since)
            .distinct()
        ).all()
        found |= {row.number for row in rows if similarity(draft.content_summary, row.content_summary) >= SIMILAR}
    # An earlier denunciation its user may not see is left out: even masked, its number under the ID
    # or name typed would tell that this person denounced someone (as search and the repeat question do).
    viewer = Viewer(session, actor)
    shown = [
        number
        for number, petition_id, kind in session.execute(
            select(Petition.number, Petition.id, Petition.kind).where(Petition.number.in_(found))
        )
        if viewer.sees_petition(petition_id, is_protected_petition(kind))
    ]
    return [petition_view(session, number, actor=actor, how="list") for number in sorted(shown)]


def duplicates_to_ask(session: Session, draft: PetitionDraft, *, actor: Actor) -> list[PetitionView]:
    """The earlier petitions to show side by side before ``draft`` is saved, most alike first.

    Of the possible duplicates, as ``actor`` may see them (left out and masked as ``possible_duplicates``
    leaves them), those about the same matter: similar content received within the repeat window, as the
    visit's question asks (docs/scanning.md#repeat-visits). An earlier petition on the same paper about
    something else stays a hint beside the form, not a question that stops the save. None once the
    question is answered: a number in "Same as", or confirmed new.
    """
    if draft.duplicate_checked or clean(draft.duplicate_of):
        return []
    since = draft.received_on - dt.timedelta(days=31 * window_months(session))
    scored = [
        (similarity(draft.content_summary, p.content_summary), p)
        for p in possible_duplicates(session, draft, actor=actor)
    ]
    same_matter = [(score, p) for score, p in scored if score >= SIMILAR and p.received_on >= since]
    same_matter.sort(key=lambda pair: (-pair[0], -pair[1].received_on.toordinal(), pair[1].number))
    return [p for _score, p in same_matter]


def _find(session: Session, number: str) -> Petition | None:
    return session.scalar(select(Petition).where(Petition.number == number_key(number)))


def require_petition(session: Session, number: str) -> Petition:
    petition = session.scalar(
        select(Petition).where(Petition.number == number_key(number)).options(selectinload(Petition.senders))
    )
    if petition is None:
        raise NotFoundError(_("No petition has the number {number}.").format(number=number))
    return petition


def petition_view(session: Session, number: str, *, actor: Actor, how: How = "open") -> PetitionView:
    """A petition as ``actor`` may see it (a denunciation's senders masked unless they are assigned)."""
    view = read_petition(session, number)
    return Viewer(session, actor).petition(view, view.id, is_protected_petition(view.kind), how)


def read_petition(session: Session, number: str) -> PetitionView:
    """A petition, unmasked: for the use cases that work on it (letters, decisions), never shown as it is."""
    p = require_petition(session, number)
    senders = p.senders  # as given the day the petition was registered
    duplicate = (
        session.scalar(select(Petition.number).where(Petition.id == p.duplicate_of_id)) if p.duplicate_of_id else ""
    )
    visit = session.scalar(select(Visit.serial).where(Visit.id == p.visit_id)) if p.visit_id else ""
    return PetitionView(
        id=p.id,
        number=p.number,
        received_on=p.received_on,
        channel=p.channel,
        kind=p.kind,
        field_name=p.field.name if p.field else "",
        content_summary=p.content_summary,
        sender_names=tuple(s.full_name for s in senders),
        sender_address=senders[0].address if senders else "",
        sender_sex=senders[0].sex if senders else None,
        is_anonymous=p.is_anonymous,
        transferred_from=p.transferred_from,
        transferred_doc_number=p.transferred_doc_number,
        transferred_doc_date=p.transferred_doc_date,
        report_back_required=p.report_back_required,
        competence=p.competence,
        competent_body=p.competent_body,
        is_eligible=p.is_eligible,
        ineligibility=p.ineligibility,
        ineligibility_note=p.ineligibility_note,
        duplicate_of=duplicate or "",
        duplicate_count=p.duplicate_count,
        decision=p.decision,
        decided_on=p.decided_on,
        decision_note=p.decision_note,
        refusal_ground=p.refusal_ground,
        due_on=p.due_on,
        visit_serial=visit or "",
        disclosure_agreed=bool(senders) and all(s.disclosure_agreed for s in senders),
    )


def set_disclosure_agreed(session: Session, number: str, agreed: bool, *, actor: Actor) -> PetitionView:
    """Record that the senders agreed (or no longer agree) that a transfer may name them.

    Only a user who may see them records it (IdentityWithheldError otherwise, nothing changed).
    """
    petition = require_petition(session, number)
    if not may_see(session, actor, petition):
        raise IdentityWithheldError(petition.number)
    for sender in petition.senders:
        sender.disclosure_agreed = agreed
    session.flush()
    return petition_view(session, petition.number, actor=actor)
