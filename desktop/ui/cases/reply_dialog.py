"""The day the competent body's reply came in to a petition the office sent on ("văn bản phúc đáp").

Counted by 02/TCD and the XLD tables ("Số văn bản phúc đáp nhận được do chuyển đơn"). The day is not
before the petition was sent on nor in the future (``record_reply_received``, the CLI's
``tiepdan transfer-reply``); a bad day gets its message under the field and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.core.errors import ValidationError
from desktop.core.formatting import short_date
from desktop.core.i18n import _
from desktop.core.reports.results import record_reply_received
from desktop.ui.errors import reporting_errors
from desktop.ui.viewer import viewer_of
from desktop.ui.widgets.date_field import DateField, DateMode, invalid_message
from desktop.ui.widgets.field_box import ERROR_COLOUR

if TYPE_CHECKING:
    from desktop.core.database import Database


MIN_WIDTH = 520


class ReplyDialog(QDialog):
    """Record (or clear) the day a reply came in; ``saved`` once it was written."""

    def __init__(
        self, database: Database, number: str, sent_on: dt.date, current: dt.date | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._database = database
        self.number = number
        self.saved = False
        self.setWindowTitle(_("Reply received: petition {number}").format(number=number))
        self.setMinimumWidth(MIN_WIDTH)
        intro = QLabel(
            _("The petition was sent on {day}. The day its reply came in counts in the report tables.").format(
                day=short_date(sent_on)
            )
        )
        intro.setWordWrap(True)
        self.date_edit = DateField(DateMode.DATE)
        self.date_edit.set_value(current)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        form = QFormLayout()
        form.addRow(_("Reply came in on"), self.date_edit)
        form.addRow("", self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.clear_button = self.buttons.addButton(_("No reply after all"), QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.setVisible(current is not None)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.clear_button.clicked.connect(self.clear_reply)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def save(self) -> None:
        try:
            day = self.date_edit.value()
        except ValueError:
            self._show_error(invalid_message(DateMode.DATE))
            return
        if not isinstance(day, dt.date):
            self._show_error(_("Type the day the reply came in."))
            return
        self._write(day)

    def clear_reply(self) -> None:
        self._write(None)

    def _write(self, day: dt.date | None) -> None:
        self.error_label.setVisible(False)
        with reporting_errors(self):
            try:
                with self._database.sessions.begin() as session:
                    record_reply_received(session, self.number, day, actor=viewer_of(self))
            except ValidationError as exc:
                self._show_error(" ".join(exc.errors.values()))
                return
            self.saved = True
            self.accept()
