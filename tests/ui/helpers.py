"""Small builders for GUI tests: a form filled through its widgets, database look-ups."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from db.enums import Classification, Outcome, Sex
from db.models import Citizen, IssuedDocument, Visit
from desktop.core.database import Database
from desktop.ui.reception.form import ReceptionForm

NAME = "Nguyễn Thị Ánh Tuyết"
CCCD_FEMALE_1985 = "089185000123"
CONTENT = "Đề nghị xem xét lại việc bồi thường đất ở ấp Mỹ Hòa"


def close_next_dialog() -> None:
    """Close the next modal dialog once it runs (call just before the code that calls its ``exec()``)."""

    def close() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not shown yet: look again on the next turn of its event loop
            QTimer.singleShot(0, close)
        else:
            dialog.close()

    QTimer.singleShot(0, close)


def fill_minimal(form: ReceptionForm, *, name: str = NAME) -> None:
    """The fewest fields a visit needs, set directly (ASCII-safe, no key events)."""
    form.citizen.name_edit.setText(name)
    form.citizen.sex_combo.set_value(Sex.FEMALE)
    form.citizen.birth_field.setText("1985")
    form.citizen.id_number_edit.setText(CCCD_FEMALE_1985)
    form.reception.classification_combo.set_value(Classification.COMPLAINT)
    form.reception.content_edit.setPlainText(CONTENT)
    form.outcome.outcome_combo.set_value(Outcome.GUIDE)


def add_document(form: ReceptionForm, name: str, pages: int = 1) -> None:
    row = form.documents.rows.add_row()
    form.documents.rows.table.item(row, 0).setText(name)
    form.documents.rows.table.item(row, 1).setData(0x0002, pages)  # EditRole
    form.documents.rows.commit_edits()


def count_visits(database: Database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(Visit)) or 0


def stored_names(database: Database) -> list[str]:
    with database.sessions() as session:
        return list(session.scalars(select(Citizen.full_name)))


def stored_visit(database: Database) -> Visit:
    with database.sessions() as session:
        visit = session.scalars(select(Visit)).one()
        session.expunge(visit)
        return visit


def issued(database: Database) -> list[IssuedDocument]:
    with database.sessions() as session:
        rows = list(session.scalars(select(IssuedDocument)))
        session.expunge_all()
        return rows
