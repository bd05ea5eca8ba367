"""Citizens found again by identity paper: the question a known number with another name asks, and the history.

A visit or a petition names its people as they were given that day (``db.models.AsGiven``); the
citizen record takes the newest details and keeps the history of each change (``CitizenChange``).
When a known identity number comes with another name or year of birth, the receptionist says
whether it is the same person with new details or a typing mistake; without that answer the save
is refused with the question, keyed on that person's ``id_number`` field.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import IdentityAnswer, IdType, Sex
from db.models import AS_GIVEN_COLUMNS, Citizen, CitizenChange
from desktop.core.access import NOBODY, Actor
from desktop.core.confidentiality import MASKED_NAME, withheld_citizens
from desktop.core.i18n import _
from desktop.core.reception import addresses
from desktop.core.reception.validation import Issues, normalise_id_number, normalise_phone
from desktop.core.text import clean, digits, search_key, title_name

if TYPE_CHECKING:
    from desktop.core.reception.visits import CitizenInput

# The citizen's fields whose changes the history keeps (the search keys follow their fields).
TRACKED_FIELDS = (
    "full_name",
    "sex",
    "birth_date",
    "birth_year",
    "id_issue_date",
    "id_issue_place",
    "ethnicity",
    "nationality",
    "phone",
    "province_code",
    "commune_code",
    "address_detail",
    "address",
)


def identity_question_text() -> str:
    """The question, as the message of the refused save (no personal data: it may reach a log)."""
    return _(
        "This identity number is already recorded with another name or year of birth. "
        "Is this the same person with new details, or a typing mistake?"
    )


def same_paper_text() -> str:
    return _("Two people of this visit have the same identity number.")


def same_sender_paper_text() -> str:
    return _("Two senders of this petition have the same identity number.")


@dataclass(frozen=True)
class IdentityQuestion:
    """A known identity number typed with another name or year of birth, for the form to ask about."""

    index: int  # which person of the draft (participant or sender)
    id_type: IdType
    id_number: str  # as stored
    recorded_name: str
    recorded_birth_year: int | None
    typed_name: str
    typed_birth_year: int | None


@dataclass(frozen=True)
class ChangeView:
    changed_at: dt.datetime
    field_name: str
    old_value: str
    new_value: str
    answer: IdentityAnswer | None
    visit_id: uuid.UUID | None
    petition_id: uuid.UUID | None


@dataclass(frozen=True)
class Taken:
    """A citizen found or added for a save, with the changes to record once the visit or petition exists."""

    citizen: Citizen
    changes: tuple[tuple[str, str, str], ...]  # (field, old, new)
    answer: IdentityAnswer | None


def paper_key(citizen: CitizenInput) -> tuple[IdType, str] | None:
    """The identity paper a person is found again by (None without one)."""
    if citizen.id_type == IdType.NONE:
        return None
    number = normalise_id_number(citizen.id_type, citizen.id_number)
    return (citizen.id_type, number) if number else None


def known_citizen(session: Session, id_type: IdType, number: str) -> Citizen | None:
    """The person recorded with this paper (the earliest record when two desks recorded them apart)."""
    return session.scalar(
        select(Citizen)
        .where(Citizen.id_type == id_type, Citizen.id_number == number)
        .order_by(Citizen.created_at, Citizen.id)
        .limit(1)
    )


def check_same_papers(citizens: Sequence[CitizenInput], prefix: str, message: str) -> Issues:
    """Two people of one visit (or one petition) with the same identity paper: both refused with ``message``."""
    issues = Issues()
    seen: dict[tuple[IdType, str], int] = {}
    for index, citizen in enumerate(citizens):
        key = paper_key(citizen)
        if key is None:
            continue
        if key in seen:
            issues.error(f"{prefix}{seen[key]}.id_number", message)
            issues.error(f"{prefix}{index}.id_number", message)
        else:
            seen[key] = index
    return issues


def identity_questions(session: Session, citizens: Sequence[CitizenInput], *, actor: Actor) -> list[IdentityQuestion]:
    """The people whose identity number is known with another name or year of birth, answered or not.

    The recorded name and year of a denouncer ``actor`` may not see are masked: typing an ID number
    must not tell who denounced (the question itself, that the number is known, still stands).
    """
    questions = []
    for index, citizen in enumerate(citizens):
        key = paper_key(citizen)
        known = known_citizen(session, *key) if key else None
        if known is not None and key is not None and _differs(known, citizen):
            secret = known.id in withheld_citizens(session, actor, [known.id])  # this record only, not the book's
            questions.append(
                IdentityQuestion(
                    index=index,
                    id_type=key[0],
                    id_number=key[1],
                    recorded_name=MASKED_NAME if secret else known.full_name,
                    recorded_birth_year=None if secret else _year_of(known),
                    typed_name=title_name(citizen.full_name),
                    typed_birth_year=citizen.year_of_birth,
                )
            )
    return questions


def check_identities(session: Session, citizens: Sequence[CitizenInput], prefix: str) -> Issues:
    """The question for each known number with another name or year of birth that the draft does not answer."""
    issues = Issues()
    for question in identity_questions(session, citizens, actor=NOBODY):  # only which are asked
        if citizens[question.index].identity_answer is None:
            issues.error(f"{prefix}{question.index}.id_number", identity_question_text())
    return issues


def _year_of(citizen: Citizen) -> int | None:
    return citizen.birth_date.year if citizen.birth_date else citizen.birth_year


def _differs(known: Citizen, citizen: CitizenInput) -> bool:
    """Another name, or another year of birth when both are known (an empty field is not a difference)."""
    typed_name = clean(citizen.full_name)
    if typed_name and typed_name.casefold() != clean(known.full_name).casefold():
        return True
    recorded, typed = _year_of(known), citizen.year_of_birth
    return recorded is not None and typed is not None and recorded != typed


def take_citizen(session: Session, data: CitizenInput) -> Taken:
    """The same person is found again by identity paper and their record brought up to date.

    A known number typed with another name or year of birth takes the draft's answer: the new
    details for the same person, the recorded ones for a typing mistake. Callers check first that
    the question is answered (``check_identities``).
    """
    key = paper_key(data)
    citizen = known_citizen(session, *key) if key else None
    if citizen is None:
        citizen = Citizen(id_type=data.id_type, id_number=key[1] if key else "")
        session.add(citizen)
        _copy_citizen(citizen, data, keep_identity=False)
        return Taken(citizen, (), None)
    answer = data.identity_answer if _differs(citizen, data) else None
    before = {name: _as_text(getattr(citizen, name)) for name in TRACKED_FIELDS}
    typed = _typed_identity(data) if answer == IdentityAnswer.TYPING_MISTAKE else {}
    _copy_citizen(citizen, data, keep_identity=answer == IdentityAnswer.TYPING_MISTAKE)
    changes = [
        (name, before[name], _as_text(getattr(citizen, name)))
        for name in TRACKED_FIELDS
        if before[name] != _as_text(getattr(citizen, name))
    ]
    # A typing mistake changes nothing, but the answer is kept: what was typed, beside the record it left alone.
    changes += [(name, before[name], value) for name, value in typed.items() if value and value != before[name]]
    return Taken(citizen, tuple(changes), answer)


def _typed_identity(data: CitizenInput) -> dict[str, str]:
    return {"full_name": title_name(data.full_name), "birth_year": _as_text(data.year_of_birth)}


def _copy_citizen(citizen: Citizen, data: CitizenInput, *, keep_identity: bool) -> None:
    """Bring the person's record up to date with what was typed; a field left empty this time
    keeps what an earlier visit recorded (a returning citizen is not asked everything again).
    ``keep_identity``: the name and birth typed were a mistake, the recorded ones stand."""
    if not keep_identity:
        citizen.full_name = title_name(data.full_name)
        citizen.name_key = search_key(data.full_name)
        if data.birth_date or data.year_of_birth:
            citizen.birth_date = data.birth_date
            citizen.birth_year = data.year_of_birth
    if data.sex != Sex.UNKNOWN or citizen.sex is None:
        citizen.sex = data.sex
    citizen.old_id_number = digits(data.old_id_number) or citizen.old_id_number or ""
    citizen.id_issue_date = data.id_issue_date or citizen.id_issue_date
    citizen.id_issue_place = clean(data.id_issue_place) or citizen.id_issue_place or ""
    citizen.ethnicity = clean(data.ethnicity) or citizen.ethnicity or ""
    citizen.nationality = clean(data.nationality) or citizen.nationality or "Việt Nam"
    citizen.phone = normalise_phone(data.phone) or citizen.phone or ""
    if data.province_code is not None or clean(data.address_detail):
        citizen.province_code = data.province_code
        citizen.commune_code = data.commune_code
        citizen.address_detail = clean(data.address_detail)
        citizen.address = addresses.format_address(data.address_detail, data.province_code, data.commune_code)
        citizen.address_key = search_key(citizen.address)


def as_given(citizen: Citizen) -> dict[str, Any]:
    """The citizen's details now, for a participant or sender to keep as given that day."""
    values = {name: getattr(citizen, name) for name in AS_GIVEN_COLUMNS}
    values["sex"] = values["sex"] or Sex.UNKNOWN
    return values


def record_changes(
    session: Session,
    taken: Sequence[Taken],
    *,
    at: dt.datetime,
    desk_id: uuid.UUID | None,
    visit_id: uuid.UUID | None = None,
    petition_id: uuid.UUID | None = None,
) -> None:
    """The history rows of a save, once its visit or petition is flushed (their rows point at it)."""
    for item in taken:
        for name, old, new in item.changes:
            session.add(
                CitizenChange(
                    citizen_id=item.citizen.id,
                    changed_at=at,
                    desk_id=desk_id,
                    visit_id=visit_id,
                    petition_id=petition_id,
                    field_name=name,
                    old_value=old,
                    new_value=new,
                    answer=item.answer,
                )
            )
    session.flush()


def citizen_history(session: Session, citizen_id: uuid.UUID) -> list[ChangeView]:
    """The changes of one citizen record, oldest first."""
    rows = session.scalars(
        select(CitizenChange)
        .where(CitizenChange.citizen_id == citizen_id)
        .order_by(CitizenChange.changed_at, CitizenChange.field_name)
    )
    return [
        ChangeView(r.changed_at, r.field_name, r.old_value, r.new_value, r.answer, r.visit_id, r.petition_id)
        for r in rows
    ]


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
