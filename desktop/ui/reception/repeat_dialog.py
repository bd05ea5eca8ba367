"""Before a visit is saved: the earlier visits about the same matter, side by side with this one.

The receptionist links the visit as a repeat ("tiếp nhiều lần") of the chosen earlier visit, or
confirms it is a new matter (docs/scanning.md#repeat-visits). The dialog itself is the shared
desktop/ui/widgets/same_matter.py; petitions ask the same (desktop/ui/cases/duplicate_dialog.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from desktop.core.formatting import local, short_datetime
from desktop.core.i18n import _
from desktop.core.reception.returning import RepeatCandidate
from desktop.ui.widgets.same_matter import NEW_MATTER, Earlier, SameMatterDialog, Wording

__all__ = ["NEW_MATTER", "RepeatDialog", "ask_repeat"]


def _wording() -> Wording:
    return Wording(
        title=_("The same matter as an earlier visit?"),
        intro=_(
            "This citizen came earlier about a similar matter. Link this visit as a repeat visit "
            "of the one chosen, or confirm it is a new matter."
        ),
        this_record=_("This visit"),
        earlier_records=_("Earlier visits"),
        headers=(_("Number"), _("Received"), _("Citizen"), _("Content")),
        link=_("Repeat of the chosen visit"),
        new=_("A new matter"),
    )


class RepeatDialog(SameMatterDialog):
    """``answer`` is the chosen earlier serial, NEW_MATTER, or None while not answered."""

    def __init__(self, content: str, candidates: Sequence[RepeatCandidate], parent: QWidget | None = None) -> None:
        earlier = [
            Earlier(c.serial, (c.serial, short_datetime(local(c.received_at)), c.name, c.content_summary))
            for c in candidates
        ]
        super().__init__(_wording(), content, earlier, parent)


def ask_repeat(parent: QWidget, content: str, candidates: Sequence[RepeatCandidate]) -> str | None:
    """The serial linked, NEW_MATTER, or None when the receptionist cancelled."""
    dialog = RepeatDialog(content, candidates, parent)
    dialog.exec()
    return dialog.answer
