"""Date fields typed as text (dd/mm/yyyy), keyboard-first, with a calendar button and an empty state."""

from __future__ import annotations

import datetime as dt
import enum
import re

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QWidget, QWidgetAction

from desktop.core.formatting import parse_date
from desktop.core.i18n import _

_TIME = re.compile(r"^(\d{1,2})(?:\s*[:hg.]\s*(\d{1,2})?)?\s*(?:ph(?:út)?|p)?$", re.IGNORECASE)
_YEAR = re.compile(r"^\d{4}$")
DEFAULT_TIME = dt.time(8, 0)


class DateMode(enum.Enum):
    DATE = "date"
    DATETIME = "datetime"
    DATE_OR_YEAR = "date_or_year"


def parse_time(text: str) -> dt.time:
    """ "8:30", "08h30", "8g", "14.05" -> a time; raises ValueError."""
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(text)
    return dt.time(int(match.group(1)), int(match.group(2) or 0))


def parse_datetime(text: str) -> dt.datetime:
    """ "dd/mm/yyyy hh:mm" (the time is required); raises ValueError."""
    day_text, _sep, time_text = text.strip().partition(" ")
    if not time_text.strip():
        raise ValueError(text)
    return dt.datetime.combine(parse_date(day_text), parse_time(time_text))


def parse_value(mode: DateMode, text: str) -> dt.date | dt.datetime | int | None:
    """The value of ``text`` in ``mode``: None when empty; raises ValueError when unreadable."""
    text = text.strip()
    if not text:
        return None
    if mode == DateMode.DATETIME:
        return parse_datetime(text)
    if mode == DateMode.DATE_OR_YEAR and _YEAR.match(text):
        return int(text)
    return parse_date(text)


def format_value(value: dt.date | dt.datetime | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def _placeholder(mode: DateMode) -> str:
    return {
        DateMode.DATE: _("dd/mm/yyyy"),
        DateMode.DATETIME: _("dd/mm/yyyy hh:mm"),
        DateMode.DATE_OR_YEAR: _("dd/mm/yyyy or year"),
    }[mode]


def invalid_message(mode: DateMode) -> str:
    """What to tell the user when the text cannot be read."""
    return {
        DateMode.DATE: _("Type the date as dd/mm/yyyy, e.g. 05/03/2021."),
        DateMode.DATETIME: _("Type the date and time as dd/mm/yyyy hh:mm, e.g. 12/03/2026 08:00."),
        DateMode.DATE_OR_YEAR: _("Type the birth date as dd/mm/yyyy, or only the year, e.g. 1985."),
    }[mode]


class DateField(QLineEdit):
    """A line edit for a date, a date and time, or a date or a year; empty means "not given"."""

    def __init__(self, mode: DateMode, parent: QWidget | None = None, *, placeholder: str | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.setPlaceholderText(placeholder or _placeholder(mode))
        self._calendar_action = QAction(_calendar_icon(), _("Choose from a calendar"), self)
        self._calendar_action.triggered.connect(self._pop_calendar)
        self.addAction(self._calendar_action, QLineEdit.ActionPosition.TrailingPosition)

    def value(self) -> dt.date | dt.datetime | int | None:
        """The typed value; raises ValueError when the text cannot be read."""
        return parse_value(self.mode, self.text())

    def set_value(self, value: dt.date | dt.datetime | int | None) -> None:
        self.setText(format_value(value))

    def _pop_calendar(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        current = self._current_date()
        if current is not None:
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)
        calendar.clicked.connect(lambda day: (self._pick(day.toPython()), menu.close()))
        menu.popup(self.mapToGlobal(QPoint(0, self.height())))
        calendar.setFocus()

    def _current_date(self) -> dt.date | None:
        try:
            value = self.value()
        except ValueError:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        return value if isinstance(value, dt.date) else None

    def _pick(self, day: dt.date) -> None:
        if self.mode == DateMode.DATETIME:
            try:
                value = self.value()
            except ValueError:
                value = None
            moment = value.time() if isinstance(value, dt.datetime) else DEFAULT_TIME
            self.set_value(dt.datetime.combine(day, moment))
        else:
            self.set_value(day)
        self.setFocus()


def _calendar_icon() -> QIcon:
    """A small drawn calendar (resources/icons has none yet, and themes are absent offscreen)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#555555"))
    painter.drawRect(1, 2, 13, 12)
    painter.fillRect(2, 3, 12, 3, QColor("#c62828"))
    for row in range(2):
        for col in range(3):
            painter.fillRect(4 + col * 3, 8 + row * 3, 2, 2, QColor("#555555"))
    painter.end()
    return QIcon(pixmap)
