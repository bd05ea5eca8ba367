"""How a form saves: the use case in one transaction, a refusal shown next to the fields, the typing kept.

Every dialog that saves goes through ``FormAction.run``; ``FieldMessages`` is where the form shows
what is wrong (under the field of each key, else on a general line above or below the fields).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QWidget

from desktop.core.errors import ValidationError
from desktop.ui.errors import reporting_errors
from desktop.ui.widgets.field_box import ERROR_COLOUR, FieldBox

if TYPE_CHECKING:
    from desktop.core.database import Database, Session

log = logging.getLogger(__name__)

T = TypeVar("T")
BANNER_STYLE = "font-weight: bold; padding: 4px;"


class KeyedFields(Protocol):
    """A part of a form that knows its fields by key (``desktop.ui.widgets.section.Section``)."""

    boxes: dict[str, FieldBox]

    def route(self, key: str, message: str, *, warning: bool = False) -> bool: ...


class FieldMessages:
    """Errors and warnings of a form, each under the field of its key; a key no field owns shows on ``general_box``.

    ``not_saved``: the sentence the banner (above the form) says while errors are shown; ``key_of`` turns a
    core key into the form's own; ``focus_for`` names editors for keys that show on the general line.
    """

    def __init__(
        self,
        sections: Sequence[KeyedFields] = (),
        *,
        not_saved: str = "",
        scroll_area: QScrollArea | None = None,
        key_of: Callable[[str], str] | None = None,
        focus_for: Mapping[str, QWidget] | None = None,
    ) -> None:
        self.sections = tuple(sections)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.general_box = FieldBox(self.banner)
        # As tall as its lines: the room a dialog gains goes to its fields and tables, not to this line.
        self.general_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._not_saved = not_saved
        self._scroll_area = scroll_area
        self._key_of = key_of or (lambda key: key)
        self._focus_for = dict(focus_for or {})

    @property
    def boxes(self) -> dict[str, FieldBox]:
        """Every field by key, across the sections."""
        return {key: box for section in self.sections for key, box in section.boxes.items()}

    def box_for(self, key: str) -> FieldBox | None:
        """The field that shows messages about ``key``, None when no field does."""
        key = self._key_of(key)
        for section in self.sections:
            if key in section.boxes:
                return section.boxes[key]
        return None

    def message_for(self, key: str) -> str:
        """The message shown for ``key`` ("" when none), for tests and tools."""
        box = self.box_for(key)
        return (box or self.general_box).message()

    def clear(self) -> None:
        for section in self.sections:
            for box in set(section.boxes.values()):
                box.clear_message()
        self.general_box.clear_message()
        self.banner.hide()

    def show(self, errors: Mapping[str, str], warnings: Mapping[str, str] | None = None) -> None:
        """Replace what is shown; with errors the banner says the form is not saved and the first field has focus."""
        self.clear()
        for key, message in (warnings or {}).items():
            self._show(key, message, warning=True)
        for key, message in errors.items():
            self._show(key, message, warning=False)
        if not errors:
            return
        if self._not_saved:
            self.show_banner(self._not_saved, ERROR_COLOUR)
        self.focus_first(errors)

    def show_banner(self, text: str, colour: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(f"color: {colour}; {BANNER_STYLE}")
        self.banner.show()

    def focus_first(self, keys: Iterable[str] = ()) -> None:
        """Put the cursor in the first field that shows a message, else in the editor of the first of ``keys``."""
        for section in self.sections:
            for box in dict.fromkeys(section.boxes.values()):
                if box.has_message and box.isEnabled():
                    if self._scroll_area is not None:
                        self._scroll_area.ensureWidgetVisible(box)
                    box.editor.setFocus(Qt.FocusReason.OtherFocusReason)
                    return
        editor = next((self._focus_for[key] for key in keys if key in self._focus_for), None)
        if editor is not None:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show(self, key: str, message: str, *, warning: bool) -> None:
        box = self.box_for(key)
        if box is None:
            if any(section.route(self._key_of(key), message, warning=warning) for section in self.sections):
                return
            if key and self.sections and key not in self._focus_for:
                log.warning("No field shows the message for %s", key)
            box = self.general_box
        box.show_message(message, warning=warning)


@dataclass(frozen=True)
class Done(Generic[T]):
    """What the use case returned, once its transaction is committed."""

    value: T


class FormAction:
    """The save button of a form: report errors, run the use case in one transaction, show a refusal in place."""

    def __init__(self, parent: QWidget, database: Database, messages: FieldMessages) -> None:
        self._parent = parent
        self._database = database
        self.messages = messages

    def run(self, work: Callable[[Session], T], *, input_errors: Mapping[str, str] | None = None) -> Done[T] | None:
        """``work(session)`` in one transaction; None when nothing was saved (the typed text stays).

        ``input_errors``: what the form itself could not read; shown instead of saving. A core
        ``ValidationError`` shows next to its fields; any other ``AppError`` (or a busy, read-only or
        full database) in a message box; a bug goes on to the crash dialog.
        """
        self.messages.clear()
        if input_errors:
            self.messages.show(input_errors)
            return None
        with reporting_errors(self._parent):
            try:
                with self._database.sessions.begin() as session:
                    return Done(work(session))
            except ValidationError as exc:
                self.messages.show(exc.errors)
        return None
