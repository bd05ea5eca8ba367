"""Due dates already stored on open petitions and cases, kept true to the office calendar.

Declaring a day off (or a working day) changes every time limit that runs across it: the
calendar itself is stored by ``desktop.core.deadlines.office_days``; these use cases store the
day and bring the stored due dates up to date in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CaseFile, Petition
from desktop.core.cases.case_files import refresh_deadline, require_case
from desktop.core.deadlines.office_days import OfficeDay, delete_day, office_calendar, store_day
from desktop.core.deadlines.rules import cached_deadline


def save_day(session: Session, day: dt.date | None, *, is_day_off: bool, name: str) -> OfficeDay:
    """Declare ``day`` off (or working), then bring every stored due date up to date."""
    saved = store_day(session, day, is_day_off=is_day_off, name=name)
    refresh(session)
    return saved


def remove_day(session: Session, day: dt.date) -> None:
    delete_day(session, day)
    refresh(session)


def refresh(session: Session) -> int:
    """Recompute the due dates stored on open petitions and cases; the number that changed."""
    calendar = office_calendar(session)
    changed = 0
    for petition in session.scalars(select(Petition).where(Petition.due_on.isnot(None), Petition.rule_id != "")):
        due = cached_deadline(petition.rule_id, petition.received_on, calendar=calendar).due
        if due != petition.due_on:
            petition.due_on, changed = due, changed + 1
    for number in session.scalars(select(CaseFile.number).where(CaseFile.is_open)).all():
        case = require_case(session, number)
        before = case.due_on
        refresh_deadline(case, calendar)
        changed += case.due_on != before
    session.flush()
    return changed
