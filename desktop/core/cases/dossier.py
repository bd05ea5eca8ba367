"""Read models that tie a visit, its petition, the petition's case and their letters together."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.enums import CaseEventKind, CaseKind, DocumentKind, PetitionDecision, PetitionKind
from db.models import CaseFile, IssuedDocument, Petition, Visit
from desktop.core.access import Actor
from desktop.core.cases.case_files import CaseView
from desktop.core.cases.letters import letter_kinds_for
from desktop.core.cases.petitions import PetitionView
from desktop.core.confidentiality import Mask, Viewer, is_protected_petition
from desktop.core.formatting import local
from desktop.core.reception.corrections import cancellation_reasons
from desktop.core.text import clean, number_key


@dataclass(frozen=True)
class IssuedLetterView:
    kind: DocumentKind
    number: str
    issued_on: dt.date
    title: str
    recipient: str
    cancelled: str = ""  # the reason, when a corrective step cancelled the letter

    # A letter to a denouncer is addressed to them by name.
    PROTECTED: ClassVar[dict[str, Mask]] = {"recipient": "text"}


def petition_of_visit(session: Session, serial: str) -> str:
    """The number of the petition registered from the visit ``serial`` ("" when none yet)."""
    number = session.scalar(
        select(Petition.number)
        .join(Visit, Visit.id == Petition.visit_id)
        .where(Visit.serial == number_key(serial))
        .order_by(Petition.number)
        .limit(1)
    )
    return number or ""


def case_of_petition(session: Session, number: str) -> str:
    """The number of the latest case opened for the petition ``number`` ("" when none)."""
    case = session.scalar(
        select(CaseFile.number)
        .join(Petition, Petition.id == CaseFile.petition_id)
        .where(Petition.number == number_key(number), CaseFile.cancellation_id.is_(None))
        .order_by(CaseFile.round.desc(), CaseFile.number.desc())
        .limit(1)
    )
    return case or ""


def letters_of(session: Session, petition_number: str, *, actor: Actor) -> list[IssuedLetterView]:
    """The letters issued for a petition and its cases, oldest first, each number once; their
    recipients masked, for a denunciation, to an ``actor`` not assigned to it."""
    found = session.execute(
        select(Petition.id, Petition.kind).where(Petition.number == clean(petition_number).upper())
    ).first()
    if found is None:
        return []
    petition_id, kind = found
    case_ids = select(CaseFile.id).where(CaseFile.petition_id == petition_id)
    rows = (
        session.execute(
            select(IssuedDocument)
            .where(or_(IssuedDocument.petition_id == petition_id, IssuedDocument.case_id.in_(case_ids)))
            .order_by(IssuedDocument.issued_at)
        )
        .scalars()
        .all()
    )
    cancelled = cancellation_reasons(session, "issued_document", [row.id for row in rows])
    letters: dict[tuple[DocumentKind, str], IssuedLetterView] = {}
    for row in rows:
        letters.setdefault(
            (row.kind, row.number),
            IssuedLetterView(
                row.kind, row.number, local(row.issued_at).date(), row.title, row.recipient, cancelled.get(row.id, "")
            ),
        )
    viewer, protected = Viewer(session, actor), is_protected_petition(kind)
    return [viewer.petition(letter, petition_id, protected, "list") for letter in letters.values()]


def petition_letter_kinds(petition: PetitionView) -> tuple[DocumentKind, ...]:
    """The letters that can be printed for a petition now, given its decision."""
    return letter_kinds_for(petition.decision, petition.kind)


def case_letter_kinds(case: CaseView) -> tuple[DocumentKind, ...]:
    """The letters of a case: those of the acceptance, and the report back while it is owed."""
    kind = PetitionKind.DENUNCIATION if case.kind == CaseKind.DENUNCIATION else None
    kinds = letter_kinds_for(PetitionDecision.ACCEPT, kind)
    if case.kind == CaseKind.DENUNCIATION and any(event.kind == CaseEventKind.EXTENDED for event in case.events):
        kinds = (*kinds, DocumentKind.EXTENSION_DECISION)
    if case.state == "awaiting_report":
        kinds = (*kinds, DocumentKind.REPLY)
    return kinds
