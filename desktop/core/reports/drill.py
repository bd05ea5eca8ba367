"""The records a report cell counts, for the GUI's double-click: the same conditions as the cell's
aggregate, listed, with a denouncer's name masked for a reader not assigned to the denunciation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import and_, literal
from sqlalchemy.orm import Session

from db.models import CaseFile, CaseResult, Desk, Petition, PetitionSender, Visit, VisitParticipant
from desktop.core.access import Actor
from desktop.core.confidentiality import Mask, Viewer, is_protected_petition, protected_visit_condition
from desktop.core.formatting import VN_TZ
from desktop.core.permissions import require
from desktop.core.reports.definitions import load_table
from desktop.core.reports.facts import all_of, base_select
from desktop.core.reports.periods import Period
from desktop.core.reports.tables import table_records

LIMIT = 2000


@dataclass(frozen=True)
class CellRecord:
    number: str  # the visit's serial, the petition's or the case's number
    day: dt.date  # received (a visit, a petition), accepted (a case), decided (a result)
    name: str  # the person the book or the register names
    summary: str
    amount: float  # what the record adds to the cell

    PROTECTED: ClassVar[dict[str, Mask]] = {"name": "name"}


def cell_records(
    session: Session,
    table_id: str,
    column_id: str,
    period: Period,
    *,
    actor: Actor,
    desk_code: str | None = None,
    limit: int = LIMIT,
) -> list[CellRecord]:
    """The records counted in column ``column_id`` of ``table_id`` for ``period`` (the office's row, or a desk's)."""
    require(actor, "report.read")
    definition = load_table(table_id)
    column = definition.column(column_id)
    records = table_records(session, definition, period)
    # A session's records are its visits (each adds 1); a blank column lists the table's records.
    measure = records.measures.get(column.measure if column.measure != "sessions" else "count", literal(1))
    condition = and_(all_of(records, definition.where), all_of(records, column.where))
    if column.measure.startswith("figure:"):
        condition = and_(condition, measure != 0)
    viewer = Viewer(session, actor)
    if definition.source == "visit":
        joined: Any = records.from_clause.outerjoin(
            VisitParticipant.__table__, and_(VisitParticipant.visit_id == Visit.id, VisitParticipant.position == 0)
        ).join(Desk.__table__, Desk.id == Visit.desk_id)
        query = (
            base_select(
                records,
                Visit.id,
                Visit.serial,
                Visit.received_at,
                VisitParticipant.full_name,
                Visit.content_summary,
                protected_visit_condition(),
                measure,
            )
            .select_from(joined)
            .where(condition)
        )
        if desk_code is not None:
            query = query.where(Desk.code == desk_code)
        out = []
        for visit_id, serial, moment, name, summary, protected, amount in session.execute(
            query.order_by(Visit.serial).limit(limit)
        ):
            view = CellRecord(serial, moment.astimezone(VN_TZ).date(), name or "", summary, float(amount or 0))
            out.append(viewer.visit(view, visit_id, bool(protected), "list"))
        return out
    number, day = (
        (Petition.number, Petition.received_on)
        if definition.source == "petition"
        else (CaseFile.number, CaseFile.accepted_on if definition.source == "case" else CaseResult.decided_on)
    )
    joined = records.from_clause
    if definition.source == "execution":
        joined = joined.join(Petition.__table__, Petition.id == CaseFile.petition_id)
    joined = joined.outerjoin(
        PetitionSender.__table__, and_(PetitionSender.petition_id == Petition.id, PetitionSender.position == 0)
    ).join(Desk.__table__, Desk.id == records.desk_id)
    query = (
        base_select(
            records,
            Petition.id,
            number,
            day,
            PetitionSender.full_name,
            Petition.content_summary,
            Petition.kind,
            Petition.is_anonymous,
            measure,
        )
        .select_from(joined)
        .where(condition)
    )
    if desk_code is not None:
        query = query.where(Desk.code == desk_code)
    out = []
    for petition_id, shown, when, name, summary, kind, anonymous, amount in session.execute(
        query.order_by(number).limit(limit)
    ):
        view = CellRecord(shown, when, "" if anonymous else name or "", summary, float(amount or 0))
        out.append(viewer.petition(view, petition_id, is_protected_petition(kind), "list"))
    return out
