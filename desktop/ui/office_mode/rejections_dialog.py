"""The changes the office server refused on this desk: the record, why, and a choice (retry or keep local)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.formatting import short_datetime
from desktop.core.i18n import N_, _, ngettext
from desktop.core.office_mode.rejections import RejectionView, keep_local, list_rejections, retry_rejection
from desktop.ui import signed_in
from desktop.ui.errors import reporting_errors
from desktop.ui.widgets.record_model import Column, RecordTableModel, record_view

if TYPE_CHECKING:
    from desktop.core.database import Database

SIZE = (960, 520)


def _state(view: RejectionView) -> str:
    return _("Kept on this desk") if view.kept_local else _("Refused")


class RejectionListModel(RecordTableModel):
    stretch_column = 2  # the reason
    columns = (
        Column(N_("Record kind"), lambda r: r.entity_label, width=140),
        Column(N_("Record name"), lambda r: r.record, width=260),
        Column(N_("Reason"), lambda r: r.reason, width=360),
        Column(N_("State"), _state, width=120),
        Column(N_("Refused at"), lambda r: short_datetime(r.rejected_at), lambda r: r.rejected_at, width=130),
    )


class RejectionsDialog(QDialog):
    """Lists every change set aside; Retry or Keep acts on the selected one with the changes that go with it."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.settled = 0
        self.setWindowTitle(_("Changes refused by the server"))
        self.resize(*SIZE)
        self._build_ui()
        self._connect_signals()
        self.reload()

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database) -> bool:
        """Show the list; True when a change was sent again or kept local."""
        dialog = cls(database, parent)
        dialog.exec()
        return dialog.settled > 0

    def _build_ui(self) -> None:
        intro = QLabel(
            _(
                "The office server refused these changes, so they stay on this desk; every other change "
                "keeps reaching the server. Nothing is deleted. A change that depends on a refused one "
                "waits with it. Correct the record on this desk and choose Retry, or keep the change on "
                "this desk only."
            )
        )
        intro.setWordWrap(True)
        self.model = RejectionListModel(self)
        self.table = record_view(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.empty_label = QLabel(_("The server has refused no change of this desk."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.advice_label = QLabel()
        self.advice_label.setWordWrap(True)
        self.retry_button = QPushButton(_("&Retry"))
        self.retry_button.setToolTip(_("Send it again at the next sync, as the record is now"))
        self.keep_button = QPushButton(_("&Keep on this desk only"))
        self.keep_button.setToolTip(_("Never send it; it stays on this desk and in this list"))
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        actions = QHBoxLayout()
        actions.addWidget(self.advice_label, 1)
        actions.addWidget(self.retry_button)
        actions.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(actions)
        layout.addWidget(self.done_label)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.retry_button.clicked.connect(self.retry_current)
        self.keep_button.clicked.connect(self.keep_current)
        self.buttons.rejected.connect(self.reject)

    def reload(self) -> None:
        with self._database.sessions() as session:
            rows = list_rejections(session, actor=signed_in.actor())
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        if rows:
            self.table.selectRow(0)
        self._update()

    def current(self) -> RejectionView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update()

    def _update(self) -> None:
        view = self.current()
        self.advice_label.setText(view.advice if view is not None else "")
        self.retry_button.setEnabled(view is not None)
        self.keep_button.setEnabled(view is not None and not view.kept_local)

    def retry_current(self) -> None:
        view = self.current()
        if view is None:
            return
        with reporting_errors(self):
            count = retry_rejection(self._database, view.seq)
            self.settled += 1
            self.done_label.setText(
                ngettext(
                    "{n} change will be sent again at the next sync.",
                    "{n} changes will be sent again at the next sync.",
                    count,
                ).format(n=count)
            )
        self.reload()

    def keep_current(self) -> None:
        view = self.current()
        if view is None:
            return
        with reporting_errors(self):
            count = keep_local(self._database, view.seq)
            self.settled += 1
            self.done_label.setText(
                ngettext(
                    "{n} change is kept on this desk only.", "{n} changes are kept on this desk only.", count
                ).format(n=count)
            )
        self.reload()
