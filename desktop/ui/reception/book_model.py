"""The reception book as a table model: one row per visit of the day, columns declared once."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont

from desktop.core.formatting import local
from desktop.core.i18n import N_, _
from desktop.core.labels import label
from desktop.core.text import search_key
from desktop.ui.widgets.record_model import CENTRE, RIGHT, SORT_ROLE, Column, PagedRecordModel

if TYPE_CHECKING:
    from desktop.core.access import Actor
    from desktop.core.database import Database
    from desktop.core.reception.book import BookFilter, VisitSummary

__all__ = ["COLUMNS", "SERIAL_ROLE", "SORT_ROLE", "VisitTableModel"]

SERIAL_ROLE = Qt.ItemDataRole.UserRole + 11


def _time(visit: VisitSummary) -> str:
    return local(visit.received_at).strftime("%H:%M")


def _moment(visit: VisitSummary) -> str:
    return local(visit.received_at).strftime("%d/%m/%Y %H:%M")


def _outcome(visit: VisitSummary) -> str:
    if visit.cancelled:
        return _("Cancelled: {reason}").format(reason=visit.cancelled)
    return label(visit.outcome)


class VisitTableModel(PagedRecordModel):
    """Rows are ``VisitSummary``s; ``SERIAL_ROLE`` gives the visit's number on every column.

    ``show_book`` reads the book from the database a page at a time as the view scrolls, counted
    and sorted in SQL: a year of 500,000 visits is never in memory. ``set_rows`` shows a list.
    """

    sorted_by = Signal()  # the SQL order changed (a header click): ``only`` says which

    stretch_column = 6  # the content takes the room left
    columns = (
        Column(N_("Number"), lambda v: v.serial, width=130),
        Column(N_("Time"), _time, lambda v: v.received_at, CENTRE, 50, _moment),
        Column(N_("Full name"), lambda v: v.citizen_name, lambda v: search_key(v.citizen_name), width=160),
        Column(N_("Address"), lambda v: v.citizen_address, lambda v: search_key(v.citizen_address), width=200),
        Column(N_("ID number"), lambda v: v.id_number, width=110),
        Column(N_("Classification"), lambda v: label(v.classification), width=110),
        Column(
            N_("Content"),
            lambda v: " ".join(v.content_summary.split()),
            lambda v: search_key(v.content_summary),
            width=240,
            tooltip=lambda v: v.content_summary,
        ),
        Column(N_("People"), lambda v: str(v.head_count), lambda v: v.head_count, RIGHT, 60),
        Column(N_("Outcome"), _outcome, width=170, tooltip=_outcome),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.only: BookFilter | None = None
        self._database: Database | None = None
        self._actor: Actor | None = None

    def role_data(self, record: Any, column: int, role: int) -> Any:
        if role == SERIAL_ROLE:
            return record.serial
        if role == Qt.ItemDataRole.FontRole and record.cancelled and column != OUTCOME_COLUMN:
            font = QFont()
            font.setStrikeOut(True)  # a cancelled visit stays in the book, struck through
            return font
        return None

    def show_book(self, database: Database, only: BookFilter, actor: Actor) -> None:
        """The book as ``only`` keeps and orders it: counted now, read a page at a time."""
        from desktop.core.reception.book import book_page, count_visits

        self._database, self._actor, self.only = database, actor, only

        def fetch(offset: int, limit: int) -> list[VisitSummary]:
            with database.sessions() as session:
                return book_page(session, only, actor=actor, offset=offset, limit=limit)

        with database.sessions() as session:
            total = count_visits(session, only)
        self.set_source(fetch, total)

    def sort_source(self, column: int, order: Qt.SortOrder) -> None:
        from desktop.core.reception.book import BOOK_SORTS

        if self.only is None or self._database is None or self._actor is None:
            return
        only = dataclasses.replace(self.only, sort=BOOK_SORTS[column], descending=order == Qt.SortOrder.DescendingOrder)
        if only != self.only:
            self.show_book(self._database, only, self._actor)
            self.sorted_by.emit()


COLUMNS = VisitTableModel.columns
OUTCOME_COLUMN = len(COLUMNS) - 1  # "Cancelled: <reason>" stays readable
