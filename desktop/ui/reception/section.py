"""The base of the reception form's sections: a titled box that knows its fields by key."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QGroupBox, QWidget

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

    def clear(self) -> None:
        raise NotImplementedError

    def has_input(self) -> bool:
        raise NotImplementedError

    def route(self, key: str, message: str, *, warning: bool = False) -> bool:
        """Show a message whose key is not in ``boxes`` (table rows); False when not ours."""
        return False

    def clear_messages(self) -> None:
        for field_box in set(self.boxes.values()):
            field_box.clear_message()


def show_on(field_box: FieldBox, message: str, *, warning: bool) -> None:
    if warning:
        field_box.show_warning(message)
    else:
        field_box.show_error(message)


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
