"""The side panel of the reception form: the people recorded before who match what is being typed.

See docs/scanning.md#returning-citizens: the panel looks them up a moment after the identity number,
the name or the year of birth changes; Ctrl+Enter (or the button) takes the chosen person's stored
details into the form. A masked denouncer is listed without details and cannot be taken.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop.core.formatting import short_date
from desktop.core.i18n import _
from desktop.core.reception.returning import EarlierMatter, EarlierPerson, earlier_people
from desktop.ui import signed_in
from desktop.ui.errors import reporting_errors

if TYPE_CHECKING:
    from desktop.core.database import Database

LOOKUP_DELAY_MS = 250  # after the last key: one look-up per pause, not one per character


def matter_line(matter: EarlierMatter) -> str:
    kinds = {"visit": _("Visit"), "petition": _("Petition"), "case": _("Open case")}
    summary = matter.summary if len(matter.summary) <= 70 else matter.summary[:69] + "…"
    return f"  {short_date(matter.day)}  {kinds[matter.kind]} {matter.number}: {summary}"


def person_text(person: EarlierPerson) -> str:
    year = person.birth_date.year if person.birth_date else person.birth_year
    head = person.full_name + (f" ({year})" if year else "")
    lines = [head]
    if not person.masked:
        lines.append(_("ID {number}").format(number=person.id_number or "-"))
        if person.address:
            lines.append(person.address)
    lines += [matter_line(m) for m in person.matters] or [_("  no visit or petition yet")]
    return "\n".join(lines)


class ReturningPanel(QWidget):
    """Emits ``chosen(person)`` when the receptionist takes a person's stored details."""

    chosen = Signal(object)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._query: tuple[str, str, int | None] = ("", "", None)
        self.people: list[EarlierPerson] = []
        self.title = QLabel(_("Seen before"))
        self.title.setStyleSheet("font-weight: bold;")
        self.hint = QLabel(_("Type or scan an ID number, or a name with the year of birth."))
        self.hint.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda _item: self.take())
        self.list.currentRowChanged.connect(self._sync_button)
        self.take_button = QPushButton(_("Use these details (Ctrl+Enter)"))
        self.take_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.take_button.clicked.connect(self.take)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab walks the form, never into the panel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (self.title, self.hint, self.list, self.take_button):
            layout.addWidget(widget)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(LOOKUP_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.setMinimumWidth(220)
        self.setMaximumWidth(300)
        self.show_people([])

    def ask(self, id_number: str, name: str, birth_year: int | None) -> None:
        """What the form holds now; the look-up runs after a short pause."""
        query = (id_number.strip(), name.strip(), birth_year)
        if query != self._query:
            self._query = query
            self.timer.start()

    def refresh(self) -> None:
        self.timer.stop()
        id_number, name, birth_year = self._query
        found: list[EarlierPerson] = []
        with reporting_errors(self), self._database.sessions() as session:
            found = earlier_people(
                session, actor=signed_in.actor(), id_number=id_number, name=name, birth_year=birth_year
            )
        self.show_people(found)

    def show_people(self, people: list[EarlierPerson]) -> None:
        self.people = people
        self.list.clear()
        for person in people:
            item = QListWidgetItem(person_text(person))
            if person.masked:
                item.setForeground(Qt.GlobalColor.darkGray)
            self.list.addItem(item)
        self.hint.setVisible(not people)
        self.setVisible(bool(people))  # the form keeps its width until someone is found
        if people:
            self.list.setCurrentRow(0)
        self._sync_button()

    def current(self) -> EarlierPerson | None:
        row = self.list.currentRow()
        return self.people[row] if 0 <= row < len(self.people) else None

    def take(self) -> None:
        person = self.current()
        if person is not None and not person.masked:
            self.chosen.emit(person)

    def _sync_button(self, *_args: object) -> None:
        person = self.current()
        self.take_button.setEnabled(person is not None and not person.masked)
