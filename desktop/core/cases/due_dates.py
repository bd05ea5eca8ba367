"""Due dates already stored on open petitions and cases, kept true to the office calendar.

Declaring a day off (or a working day) changes every time limit that runs across it: the
calendar itself is stored by ``desktop.core.deadlines.office_days``; these use cases store the
day and bring the stored due dates up to date in the same transaction. ``refresh`` also follows
the calendar when it changes by a sync or a settled conflict (office_days.calendar_changed): the
cases package registers it on import.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CaseFile, Desk, Petition
from desktop.core.access import Actor
from desktop.core.cases.case_files import refresh_deadline, require_case
from desktop.core.deadlines.office_days import OfficeDay, delete_day, follow_calendar, office_calendar, store_day
from desktop.core.deadlines.rules import cached_deadline
from desktop.core.permissions import require


def save_day(session: Session, actor: Actor, day: dt.date | None, *, is_day_off: bool, name: str) -> OfficeDay:
    """Declare ``day`` off (or working), then bring every stored due date up to date.

    It moves every legal time limit: an office setting ("settings.office"; PermissionDeniedError).
    """
    require(actor, "settings.office")
    saved = store_day(session, day, is_day_off=is_day_off, name=name)
    refresh(session)
    return saved


def remove_day(session: Session, actor: Actor, day: dt.date) -> None:
    require(actor, "settings.office")
    delete_day(session, day)
    refresh(session)


def refresh(session: Session, desk_code: str | None = None) -> int:
    """Recompute the due dates stored on open petitions and cases; the number that changed.

    ``desk_code``: only those made on that desk (after a sync brought a day from another desk).
    """
    calendar = office_calendar(session)
    mine = select(Desk.id).where(Desk.code == desk_code).scalar_subquery()
    petitions = select(Petition).where(Petition.due_on.isnot(None), Petition.rule_id != "")
    cases = select(CaseFile.number).where(CaseFile.is_open)
    if desk_code is not None:
        petitions, cases = petitions.where(Petition.desk_id == mine), cases.where(CaseFile.desk_id == mine)
    changed = 0
    for petition in session.scalars(petitions):
        due = cached_deadline(petition.rule_id, petition.received_on, calendar=calendar).due
        if due != petition.due_on:
            petition.due_on, changed = due, changed + 1
    for number in session.scalars(cases).all():
        case = require_case(session, number)
        before = case.due_on
        refresh_deadline(case, calendar)
        changed += case.due_on != before
    session.flush()
    return changed


follow_calendar(refresh)
