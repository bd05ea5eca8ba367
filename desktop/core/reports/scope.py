"""Whose figures a report shows: the office's from the server (every desk), or a desk alone its own.

A desk working alone reports its own records. An office desk asks the office server, which holds
every desk's; when the server is away it reports from its own copy (what it pulled last) and says so.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.core.access import Actor
from desktop.core.database import Database
from desktop.core.i18n import _
from desktop.core.office import current_desk_code, get_setting
from desktop.core.office_mode.server import ServerUnavailableError, connect
from desktop.core.office_mode.sync import server_address
from desktop.core.permissions import require
from desktop.core.reports.drill import CellRecord, cell_records
from desktop.core.reports.periods import Period
from desktop.core.reports.tables import ReportTable, compute_many
from desktop.core.settings_keys import Setting


@dataclass(frozen=True)
class ScopedTables:
    tables: tuple[ReportTable, ...]
    source_note: str = ""  # "" when the figures are what was asked for; else why they are the local copy's


def _all(
    session: Session, table_ids: Sequence[str], period: Period, actor: Actor, desk: str | None
) -> tuple[ReportTable, ...]:
    return compute_many(session, table_ids, period, actor=actor, desk_code=desk)


@contextmanager
def _report_session(database: Database, actor: Actor) -> Iterator[tuple[Session, str | None, str]]:
    """A session on the records the report counts, the desk a lone desk restricts to, and the source note.

    Office mode: the server's (every desk), or this desk's copy when the server is away (with a note
    saying so). A desk working alone: its own database and its own desk.
    """
    require(actor, "report.read")
    with database.sessions() as session:
        office_mode = bool(get_setting(session, Setting.SERVER))
        if not office_mode:
            yield session, current_desk_code(session), ""
            return
    try:
        server = connect(server_address(database))
    except ServerUnavailableError as exc:
        with database.sessions() as session:
            note = _("The office server is away ({reason}): figures from this desk's copy.").format(reason=exc)
            yield session, None, note
        return
    try:
        with Session(server) as session:
            yield session, None, ""
    finally:
        server.dispose()


def office_tables(
    database: Database, table_ids: Sequence[str], period: Period, *, actor: Actor, desk_code: str | None = None
) -> ScopedTables:
    """The tables as the desk's mode gives them (module docstring); ``desk_code`` restricts them to one desk."""
    with _report_session(database, actor) as (session, own, note):
        return ScopedTables(_all(session, table_ids, period, actor, desk_code or own), note)


def office_cell_records(
    database: Database,
    table_id: str,
    column_id: str,
    period: Period,
    *,
    actor: Actor,
    desk_code: str | None = None,
) -> list[CellRecord]:
    """The records a cell of ``office_tables``' table counts, read from where the table was counted."""
    with _report_session(database, actor) as (session, own, _note):
        return cell_records(session, table_id, column_id, period, actor=actor, desk_code=desk_code or own)
