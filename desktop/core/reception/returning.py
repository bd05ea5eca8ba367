"""People and matters seen before: a returning citizen's record, and the earlier visits a new one repeats.

Earlier people are found by the indexed columns only: the identity number (also as the old CMND
number a card's QR names) and the folded name with the year of birth. A repeat visit is an earlier
visit of one of the same people, within a window of months, whose content is similar by rapidfuzz
(docs/scanning.md#returning-citizens, docs/scanning.md#repeat-visits). A denouncer's identity stays
masked for an actor not assigned to the matter (desktop/core/confidentiality.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.enums import IdType, Sex
from db.models import CaseFile, Citizen, Petition, PetitionSender, Visit, VisitParticipant
from desktop.core.access import Actor
from desktop.core.confidentiality import (
    MASKED_NAME,
    MASKED_TEXT,
    PROTECTED_KINDS,
    Viewer,
    identity_read,
    protected_visit_condition,
    withheld_citizens,
)
from desktop.core.office import get_setting
from desktop.core.reception.citizens import paper_key
from desktop.core.reception.validation import normalise_id_number
from desktop.core.settings_keys import Setting
from desktop.core.text import digits, search_key, storable

DEFAULT_WINDOW_MONTHS = 12
MAX_WINDOW_MONTHS = 1200
SIMILAR = 60  # token_set_ratio (0-100) from which two contents are about the same matter
MAX_PEOPLE = 8
MAX_MATTERS = 12

if TYPE_CHECKING:  # visits imports this module's callers; the draft types are for checking only
    from desktop.core.reception.visits import CitizenInput, VisitDraft


@dataclass(frozen=True)
class EarlierMatter:
    """A visit, petition or open case of an earlier person, as one line of the panel."""

    kind: str  # "visit", "petition", "case"
    number: str
    day: dt.date
    summary: str


@dataclass(frozen=True)
class EarlierPerson:
    """A person recorded before, with what the form may take from the record (nothing when masked)."""

    citizen_id: uuid.UUID
    masked: bool
    full_name: str
    sex: Sex
    birth_date: dt.date | None
    birth_year: int | None
    id_type: IdType
    id_number: str
    old_id_number: str
    id_issue_date: dt.date | None
    id_issue_place: str
    phone: str
    ethnicity: str
    nationality: str
    province_code: int | None
    commune_code: int | None
    address_detail: str
    address: str
    matters: tuple[EarlierMatter, ...]  # newest first


@dataclass(frozen=True)
class RepeatCandidate:
    """An earlier visit that may be about the same matter as the one being typed."""

    serial: str
    received_at: dt.datetime
    name: str
    content_summary: str
    score: int  # 0-100


def earlier_people(
    session: Session,
    *,
    actor: Actor,
    id_number: str = "",
    name: str = "",
    birth_year: int | None = None,
) -> list[EarlierPerson]:
    """The people recorded with this identity number (or as old CMND), or this name and year of birth."""
    conditions = []
    number = digits(id_number) or normalise_id_number(IdType.PASSPORT, id_number)
    if number and storable(number) and len(number) >= 9:
        conditions += [Citizen.id_number == number, Citizen.old_id_number == number]
    key = search_key(name)
    if key and storable(key) and birth_year is not None:
        conditions.append((Citizen.name_key == key) & (Citizen.birth_year == birth_year))
    if not conditions:
        return []
    citizens = session.scalars(
        select(Citizen).where(or_(*conditions)).order_by(Citizen.updated_at.desc()).limit(MAX_PEOPLE)
    ).all()
    if not citizens:
        return []
    withheld = withheld_citizens(session, actor, [c.id for c in citizens])
    # Found by the number or the name typed, even a masked row would tell that this person denounced
    # someone (as search leaves a protected record out when found by a name): left out.
    shown = [c for c in citizens if c.id not in withheld]
    _audit_reads(session, actor, [c.id for c in shown])
    return [_person(session, c, withheld) for c in shown]


def _audit_reads(session: Session, actor: Actor, citizen_ids: list[uuid.UUID]) -> None:
    """Each denunciation whose denouncer the panel shows (to a user assigned to it) is an identity read."""
    if not citizen_ids:
        return
    visits = select(VisitParticipant.visit_id).join(Visit, Visit.id == VisitParticipant.visit_id)
    visits = visits.where(VisitParticipant.citizen_id.in_(citizen_ids), protected_visit_condition())
    petitions = select(PetitionSender.petition_id).join(Petition, Petition.id == PetitionSender.petition_id)
    petitions = petitions.where(PetitionSender.citizen_id.in_(citizen_ids), Petition.kind.in_(PROTECTED_KINDS))
    for record_id in {*session.scalars(visits), *session.scalars(petitions)}:
        identity_read(session, actor, record_id, "list")


def _person(session: Session, c: Citizen, withheld: frozenset[uuid.UUID]) -> EarlierPerson:
    masked = c.id in withheld
    return EarlierPerson(
        citizen_id=c.id,
        masked=masked,
        full_name=MASKED_NAME if masked else c.full_name,
        sex=Sex.UNKNOWN if masked else (c.sex or Sex.UNKNOWN),
        birth_date=None if masked else c.birth_date,
        birth_year=None if masked else c.birth_year,
        id_type=IdType.NONE if masked else c.id_type,
        id_number=MASKED_TEXT if masked else c.id_number,
        old_id_number="" if masked else c.old_id_number,
        id_issue_date=None if masked else c.id_issue_date,
        id_issue_place="" if masked else c.id_issue_place,
        phone="" if masked else c.phone,
        ethnicity="" if masked else c.ethnicity,
        nationality="" if masked else c.nationality,
        province_code=None if masked else c.province_code,
        commune_code=None if masked else c.commune_code,
        address_detail="" if masked else c.address_detail,
        address=MASKED_TEXT if masked else c.address,
        matters=_matters(session, c.id, withheld),
    )


def _matters(session: Session, citizen_id: uuid.UUID, withheld: frozenset[uuid.UUID]) -> tuple[EarlierMatter, ...]:
    def summary(record_id: uuid.UUID, text: str) -> str:
        return MASKED_TEXT if record_id in withheld else text

    visits = session.execute(
        select(Visit.id, Visit.serial, Visit.received_at, Visit.content_summary)
        .join(VisitParticipant, VisitParticipant.visit_id == Visit.id)
        .where(VisitParticipant.citizen_id == citizen_id)
        .distinct()
    ).all()
    petitions = session.execute(
        select(Petition.id, Petition.number, Petition.received_on, Petition.content_summary)
        .join(PetitionSender, PetitionSender.petition_id == Petition.id)
        .where(PetitionSender.citizen_id == citizen_id)
        .distinct()
    ).all()
    cases = (
        session.execute(
            select(CaseFile.id, CaseFile.number, CaseFile.accepted_on, CaseFile.state).where(
                CaseFile.petition_id.in_([p.id for p in petitions]), CaseFile.is_open.is_(True)
            )
        ).all()
        if petitions
        else []
    )
    found = [
        *(EarlierMatter("visit", v.serial, v.received_at.date(), summary(v.id, v.content_summary)) for v in visits),
        *(EarlierMatter("petition", p.number, p.received_on, summary(p.id, p.content_summary)) for p in petitions),
        *(EarlierMatter("case", c.number, c.accepted_on, c.state) for c in cases),
    ]
    found.sort(key=lambda m: (m.day, m.number), reverse=True)
    return tuple(found[:MAX_MATTERS])


def window_months(session: Session) -> int:
    """How far back a repeat is looked for: the desk setting (1 to 1200 months), else 12 months."""
    text = get_setting(session, Setting.REPEAT_WINDOW_MONTHS).strip()
    # Beyond a century the window reaches before year 1 (OverflowError) on every save: the default.
    return int(text) if text.isdigit() and 0 < int(text) <= MAX_WINDOW_MONTHS else DEFAULT_WINDOW_MONTHS


def similarity(a: str, b: str) -> int:
    """How alike two contents are (0-100), on their folded text: word order and extra words matter little."""
    return _similarity_of_keys(search_key(a), search_key(b))


def _similarity_of_keys(a: str, b: str) -> int:
    from rapidfuzz import fuzz  # on the first save, not at the start (tests/ui/test_app.py)

    return round(fuzz.token_set_ratio(a, b))


def repeat_candidates(
    session: Session, draft: VisitDraft, *, actor: Actor, now: dt.datetime, months: int | None = None
) -> list[RepeatCandidate]:
    """Earlier visits of the draft's people within the window whose content is similar, most alike first."""
    citizen_ids = _known_citizens(session, (p.citizen for p in draft.participants))
    if not citizen_ids or not search_key(draft.content_summary):
        return []
    since = now - dt.timedelta(days=31 * (months or window_months(session)))
    rows = session.execute(
        select(
            Visit.id,
            Visit.serial,
            Visit.received_at,
            Visit.content_summary,
            Visit.content_key,
            VisitParticipant.full_name,
            protected_visit_condition().label("protected"),
        )
        .join(VisitParticipant, VisitParticipant.visit_id == Visit.id)
        .where(VisitParticipant.citizen_id.in_(citizen_ids), Visit.received_at >= since)
    ).all()
    # Asked of these rows only: withheld_ids (every protected visit of the book, its people and theirs)
    # read 68,000 ids in 3 s on a desk of 100,000 visits, at each save of a returning citizen.
    viewer = Viewer(session, actor)
    key = search_key(draft.content_summary)  # once; each earlier visit's is stored (Visit.content_key)
    found: dict[str, RepeatCandidate] = {}
    for row in rows:
        if not viewer.sees_visit(row.id, row.protected):  # even masked, its score would tell how alike a guess is
            continue
        score = _similarity_of_keys(key, row.content_key or search_key(row.content_summary))
        if score >= SIMILAR and row.serial not in found:
            if row.protected:  # shown to a user assigned to the denunciation: a read of its denouncer
                identity_read(session, actor, row.id, "list")
            found[row.serial] = RepeatCandidate(
                serial=row.serial,
                received_at=row.received_at,
                name=row.full_name,
                content_summary=row.content_summary,
                score=score,
            )
    return sorted(found.values(), key=lambda c: (-c.score, -c.received_at.timestamp()))


def _known_citizens(session: Session, people: Iterable[CitizenInput]) -> list[uuid.UUID]:
    """The records of the draft's people: by identity paper, the number as an old CMND, or the old CMND typed."""
    conditions = []
    for person in people:
        key = paper_key(person)
        if key is not None and storable(key[1]):
            conditions += [(Citizen.id_type == key[0]) & (Citizen.id_number == key[1]), Citizen.old_id_number == key[1]]
        old = digits(person.old_id_number)
        if old:
            conditions += [Citizen.id_number == old, Citizen.old_id_number == old]
    return list(session.scalars(select(Citizen.id).where(or_(*conditions)))) if conditions else []
