"""Counts of what the database holds, for `tiepdan stats` and the status bar."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from db.models import Citizen, IssuedDocument, OutboxEntry, Visit
from db.models.reception import ReceivedDocument

COUNTED = {
    "citizens": Citizen,
    "visits": Visit,
    "received_documents": ReceivedDocument,
    "documents": IssuedDocument,
}


def counts(session: Session) -> dict[str, int]:
    """Rows per kind of record (petitions and cases join when they exist)."""
    return {name: session.scalar(select(func.count()).select_from(model)) or 0 for name, model in COUNTED.items()}


def unsent() -> ColumnElement[bool]:
    """The outbox entries waiting to be pushed to the office server (what "pending" means everywhere).

    Neither pushed nor set aside: an entry the server refused (and what depends on it) waits for a
    person instead (desktop.core.office_mode.rejections).
    """
    return and_(OutboxEntry.pushed_at.is_(None), OutboxEntry.rejected_at.is_(None))


def not_pushed() -> ColumnElement[bool]:
    """The outbox entries the server does not hold yet: pending, refused or kept on this desk."""
    return OutboxEntry.pushed_at.is_(None)


def refused() -> ColumnElement[bool]:
    """The entries set aside because the server refused them (or one they depend on), kept local included."""
    return and_(OutboxEntry.pushed_at.is_(None), OutboxEntry.rejected_at.isnot(None))


def pending_changes(session: Session) -> int:
    """Changes in the outbox not yet pushed to the office server.

    The one count of them: the sync status (the status bar, `tiepdan sync`) and `tiepdan check` use it.
    """
    return session.scalar(select(func.count()).select_from(OutboxEntry).where(unsent())) or 0
