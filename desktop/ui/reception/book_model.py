"""The reception book as a table model: one row per visit of the day, columns declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from desktop.core.formatting import local
from desktop.core.i18n import N_, _
from desktop.core.labels import label
from desktop.core.text import search_key
from desktop.ui.widgets.record_model import CENTRE, RIGHT, SORT_ROLE, Column, RecordTableModel

if TYPE_CHECKING:
    from desktop.core.reception.book import VisitSummary

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


class VisitTableModel(RecordTableModel):
    """Rows are ``VisitSummary``s; ``SERIAL_ROLE`` gives the visit's number on every column."""

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

    def role_data(self, record: Any, column: int, role: int) -> Any:
        if role == SERIAL_ROLE:
            return record.serial
        if role == Qt.ItemDataRole.FontRole and record.cancelled and column != OUTCOME_COLUMN:
            font = QFont()
            font.setStrikeOut(True)  # a cancelled visit stays in the book, struck through
            return font
        return None


COLUMNS = VisitTableModel.columns
OUTCOME_COLUMN = len(COLUMNS) - 1  # "Cancelled: <reason>" stays readable
