"""A titled box of labelled fields that knows them by key: the sections of forms and dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QGroupBox, QLineEdit, QWidget

from desktop.core.bounds import TextBound
from desktop.core.text import clean
from desktop.ui.widgets.date_field import DateField, invalid_message
from desktop.ui.widgets.field_box import FieldBox
from desktop.ui.widgets.form_grid import FormGrid
from desktop.ui.widgets.search_combo import SearchCombo


class Section(QGroupBox):
    """``boxes`` maps validation keys (``participants.0.full_name``) to the fields that show them."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.boxes: dict[str, FieldBox] = {}
        self.grid: FormGrid | None = None

    def box(self, editor: QWidget, *keys: str) -> FieldBox:
        field_box = FieldBox(editor, self)
        for key in keys:
            self.boxes[key] = field_box
        return field_box

    def limit(self, fields: Mapping[str, TextBound], prefix: str = "") -> None:
        """Hold each one-line editor to the length its field keeps (``fields``: a mapping of
        desktop.core.bounds, keyed without ``prefix``). Multi-line text has no such limit in Qt:
        the core's validation refuses it on save, under the field."""
        for key, box in self.boxes.items():
            bound = fields.get(key.removeprefix(prefix)) if key.startswith(prefix) else None
            if bound is not None and isinstance(box.editor, QLineEdit):
                box.editor.setMaxLength(bound.max_length)

    def add_rows(self, rows: Sequence[tuple[str, QWidget, str]]) -> FormGrid:
        """A one-column form: each (label, editor, key) on a row of its own, the field across the grid."""
        grid = self.grid = FormGrid(self)
        for text, editor, key in rows:
            grid.add_row(text, self.box(editor, key))
        return grid

    def clear(self) -> None:
        raise NotImplementedError

    def has_input(self) -> bool:
        raise NotImplementedError

    def route(self, key: str, message: str, *, warning: bool = False) -> bool:
        """Show a message whose key is not in ``boxes`` (table rows); False when not ours."""
        return False


def has_text(*values: str) -> bool:
    return any(clean(value) for value in values)


def read_date(field: DateField, key: str, errors: dict[str, str]) -> dt.date | dt.datetime | int | None:
    """The field's value, or None with a message in ``errors`` when it cannot be read."""
    try:
        return field.value()
    except ValueError:
        errors[key] = invalid_message(field.mode)
        return None


def read_code(combo: SearchCombo, key: str, errors: dict[str, str], message: str) -> int | None:
    """The chosen item's code, or None with ``message`` in ``errors`` when the text names none."""
    try:
        return combo.code()
    except ValueError:
        errors[key] = message
        return None
