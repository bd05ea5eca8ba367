"""The sync conflicts of this desk: what differs between the desk's and the server's version, and a choice."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.formatting import short_datetime
from desktop.core.i18n import N_, _
from desktop.core.office import current_desk_code, get_setting
from desktop.core.office_mode.conflicts import ConflictView, FieldDifference, list_conflicts, resolve_conflict
from desktop.core.settings_keys import Setting
from desktop.ui import signed_in
from desktop.ui.errors import reporting_errors
from desktop.ui.widgets.record_model import Column, RecordTableModel, record_view

if TYPE_CHECKING:
    from desktop.core.database import Database

log = logging.getLogger(__name__)

SIZE = (900, 560)


class ConflictListModel(RecordTableModel):
    columns = (
        Column(N_("Record kind"), lambda c: c.entity_label, width=130),
        Column(N_("Record name"), lambda c: c.record, width=300),
        Column(N_("Detected at"), lambda c: short_datetime(c.detected_at), lambda c: c.detected_at, width=130),
        Column(N_("Fields that differ"), lambda c: ", ".join(d.label for d in c.differences), width=260),
    )


class DifferenceModel(RecordTableModel):
    columns = (
        Column(N_("Data field"), lambda d: d.label, width=170),
        Column(N_("This desk's version"), lambda d: d.desk_value or _("(empty)"), width=320),
        Column(N_("Server's version (shown now)"), lambda d: d.server_value or _("(empty)"), width=320),
    )


class ConflictsDialog(QDialog):
    """Lists the open conflicts; each is closed by keeping the server's version or the desk's."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.resolved = 0
        self.setWindowTitle(_("Sync conflicts"))
        self.resize(*SIZE)
        self._build_ui()
        self._connect_signals()
        self.reload()

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database) -> bool:
        """Show the conflicts; True when at least one was resolved."""
        dialog = cls(database, parent)
        dialog.exec()
        return dialog.resolved > 0

    def _build_ui(self) -> None:
        intro = QLabel(
            _(
                "The same record was changed on this desk and on another desk while they were apart. "
                "Until you choose, this desk shows the server's version. Keeping this desk's version "
                "sends it to the server as a new change."
            )
        )
        intro.setWordWrap(True)
        self.conflict_model = ConflictListModel(self)
        self.conflict_table = _table(self.conflict_model)
        self.difference_model = DifferenceModel(self)
        self.difference_table = _table(self.difference_model)
        self.difference_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.difference_table.setWordWrap(True)
        self.empty_label = QLabel(_("No conflicts are waiting: every desk agrees with the server."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keep_server_button = QPushButton(_("Keep the &server's version"))
        self.keep_desk_button = QPushButton(_("Keep &this desk's version"))
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        differences = QGroupBox(_("What differs"))
        group_layout = QVBoxLayout(differences)
        group_layout.addWidget(self.difference_table)
        choice = QHBoxLayout()
        choice.addWidget(self.done_label, 1)
        choice.addWidget(self.keep_server_button)
        choice.addWidget(self.keep_desk_button)
        group_layout.addLayout(choice)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.conflict_table, 2)
        layout.addWidget(self.empty_label)
        layout.addWidget(differences, 3)
        layout.addWidget(self.buttons)
        self._differences_group = differences

    def _connect_signals(self) -> None:
        self.conflict_table.selectionModel().selectionChanged.connect(self._on_conflict_selection_changed)
        # Bound methods, not lambdas: a lambda holding ``self`` kept every closed dialog alive.
        self.keep_server_button.clicked.connect(self.keep_server_version)
        self.keep_desk_button.clicked.connect(self.keep_desk_version)
        self.buttons.rejected.connect(self.reject)

    def reload(self) -> None:
        with self._database.sessions() as session:
            conflicts = list_conflicts(session, actor=signed_in.actor())
        self.conflict_model.set_rows(conflicts)
        has_any = bool(conflicts)
        self.conflict_table.setVisible(has_any)
        self._differences_group.setVisible(has_any)
        self.empty_label.setVisible(not has_any)
        if has_any:
            self.conflict_table.selectRow(0)
        else:
            self.difference_model.set_rows([])
        self._update_buttons()

    def current(self) -> ConflictView | None:
        rows = self.conflict_table.selectionModel().selectedRows()
        return self.conflict_model.record(rows[0].row()) if rows else None

    def _on_conflict_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        conflict = self.current()
        differences: tuple[FieldDifference, ...] = conflict.differences if conflict else ()
        self.difference_model.set_rows(differences)
        self.difference_table.resizeRowsToContents()
        self._update_buttons()

    def _update_buttons(self) -> None:
        conflict = self.current()
        self.keep_server_button.setEnabled(conflict is not None)
        # A record another desk deleted stays deleted: only the server's side can be kept.
        deleted = conflict is not None and conflict.deleted_on_server
        self.keep_desk_button.setEnabled(conflict is not None and not deleted)
        self.keep_desk_button.setToolTip(
            _("Another desk deleted this record; the deletion stands everywhere.") if deleted else ""
        )

    def keep_server_version(self) -> None:
        self.resolve_current("server")

    def keep_desk_version(self) -> None:
        self.resolve_current("desk")

    def resolve_current(self, choice: str) -> None:
        conflict = self.current()
        if conflict is None:
            return
        with reporting_errors(self):
            resolve_conflict(self._database, conflict.id, "desk" if choice == "desk" else "server", self._who())
            self.resolved += 1
            done = (
                _("Kept this desk's version of {record}.")
                if choice == "desk"
                else _("Kept the server's version of {record}.")
            )
            self.done_label.setText(done.format(record=conflict.record))
        self.reload()

    def _who(self) -> str:
        """Who resolved it: the receptionist at this desk, else the desk's code."""
        with self._database.sessions() as session:
            return get_setting(session, Setting.RECEPTIONIST) or current_desk_code(session) or ""


def _table(model: RecordTableModel) -> QTableView:
    table = record_view(model)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    return table
