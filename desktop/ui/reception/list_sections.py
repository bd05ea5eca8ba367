"""The list parts of the reception form: documents handed in, and a delegation's representatives."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSpinBox, QTableWidgetItem, QVBoxLayout, QWidget

from db.enums import CopyKind, ParticipantRole
from desktop.core import bounds
from desktop.core.i18n import _
from desktop.core.reception.validation import DELEGATION_MIN, guess_id_type
from desktop.core.reception.visits import CitizenInput, DocumentInput, ParticipantInput
from desktop.ui.widgets.row_table import EnumDelegate, LimitDelegate, RowTable, enum_item
from desktop.ui.widgets.section import Section

_ROW_KEY = re.compile(r"^(documents|participants)\.(\d+)\.")


class DocumentsSection(Section):
    """Papers the citizen hands in; rows with no name are left out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Documents received"), parent)
        self.rows = RowTable([_("Document"), _("Pages"), _("Copy")], _("Add document"), _("Remove"))
        pages = QTableWidgetItem()
        pages.setData(Qt.ItemDataRole.EditRole, 1)
        self.rows.set_row_defaults([QTableWidgetItem(""), pages, enum_item(CopyKind.PHOTOCOPY)])
        table = self.rows.table
        table.setItemDelegateForColumn(0, LimitDelegate(max_length=bounds.DOCUMENT["name"].max_length, parent=table))
        table.setItemDelegateForColumn(1, LimitDelegate(minimum=1, maximum=bounds.MAX_PAGES, parent=table))
        table.setItemDelegateForColumn(2, EnumDelegate(CopyKind, table))
        self.rows.table.setColumnWidth(1, 60)
        self.rows.table.setColumnWidth(2, 170)
        self._index_rows: list[int] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.box(self.rows, "documents"))

    def clear(self) -> None:
        self.rows.clear_rows()

    def has_input(self) -> bool:
        return any(self.rows.text(row, 0) for row in range(self.rows.table.rowCount()))

    def collect(self, errors: dict[str, str]) -> tuple[DocumentInput, ...]:
        self.rows.commit_edits()
        documents, self._index_rows = [], []
        for row in range(self.rows.table.rowCount()):
            name = self.rows.text(row, 0)
            if not name:
                continue
            pages = self.rows.table.item(row, 1).data(Qt.ItemDataRole.EditRole)
            documents.append(
                DocumentInput(name=name, pages=int(pages or 0), copy_kind=CopyKind(self.rows.value(row, 2)))
            )
            self._index_rows.append(row)
        return tuple(documents)

    def route(self, key: str, message: str, *, warning: bool = False) -> bool:
        match = _ROW_KEY.match(key)
        if not match or match.group(1) != "documents":
            return False
        index = int(match.group(2))
        row = self._index_rows[index] if index < len(self._index_rows) else index
        self.boxes["documents"].show_message(
            _("Document {row}: {message}").format(row=row + 1, message=message), warning=warning
        )
        return True


class DelegationSection(Section):
    """Five or more people coming together, and the representatives they appoint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Delegation"), parent)
        self.delegation_check = QCheckBox(_("Delegation of 5 or more people"))
        self.head_count_spin = QSpinBox()
        self.head_count_spin.setRange(1, bounds.MAX_HEAD_COUNT)
        self.main_is_representative_check = QCheckBox(_("The citizen above is one of the representatives"))
        self.rows = RowTable([_("Representative"), _("Paper number"), _("Phone")], _("Add representative"), _("Remove"))
        for column, key in enumerate(("full_name", "id_number", "phone")):
            delegate = LimitDelegate(max_length=bounds.CITIZEN[key].max_length, parent=self.rows.table)
            self.rows.table.setItemDelegateForColumn(column, delegate)
        self.rows.table.setColumnWidth(1, 130)
        self.rows.table.setColumnWidth(2, 110)
        self._participant_rows: dict[int, int] = {}
        self._lay_out()
        self.delegation_check.toggled.connect(self._sync)
        self.clear()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.delegation_check)
        top.addStretch(1)
        self._count_label = QLabel(_("Head count"))
        top.addWidget(self._count_label)
        top.addWidget(self.box(self.head_count_spin, "head_count"))
        self._details = QWidget()
        details = QVBoxLayout(self._details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(self.main_is_representative_check)
        details.addWidget(self.box(self.rows, "representatives"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._details)

    def _sync(self) -> None:
        checked = self.delegation_check.isChecked()
        self._count_label.setVisible(checked)
        self.head_count_spin.setVisible(checked)
        self._details.setVisible(checked)
        if checked and self.head_count_spin.value() < DELEGATION_MIN:
            self.head_count_spin.setValue(DELEGATION_MIN)

    def is_delegation(self) -> bool:
        return self.delegation_check.isChecked()

    def clear(self) -> None:
        self.delegation_check.setChecked(False)
        self.main_is_representative_check.setChecked(False)
        self.head_count_spin.setValue(1)
        self.rows.clear_rows()
        self._sync()

    def has_input(self) -> bool:
        return self.is_delegation()

    def collect(self, first_index: int) -> dict[str, Any]:
        """VisitDraft keyword arguments; representatives become participants from ``first_index`` on."""
        self.rows.commit_edits()
        representatives, self._participant_rows = [], {}
        if self.is_delegation():
            for row in range(self.rows.table.rowCount()):
                name, number, phone = (self.rows.text(row, column) for column in range(3))
                if not (name or number or phone):
                    continue
                self._participant_rows[first_index + len(representatives)] = row
                citizen = CitizenInput(full_name=name, id_type=guess_id_type(number), id_number=number, phone=phone)
                representatives.append(ParticipantInput(citizen, ParticipantRole.REPRESENTATIVE, True))
        return {
            "is_delegation": self.is_delegation(),
            "head_count": self.head_count_spin.value(),
            "representatives": tuple(representatives),
        }

    def route(self, key: str, message: str, *, warning: bool = False) -> bool:
        match = _ROW_KEY.match(key)
        if not match or match.group(1) != "participants" or int(match.group(2)) not in self._participant_rows:
            return False
        row = self._participant_rows[int(match.group(2))]
        self.boxes["representatives"].show_message(
            _("Representative {row}: {message}").format(row=row + 1, message=message), warning=warning
        )
        return True
