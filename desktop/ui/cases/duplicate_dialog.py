"""Before a petition is saved: the earlier petitions about the same matter, side by side with this one.

The receptionist links the petition as a duplicate ("Same as") of the chosen earlier petition, or
confirms it is new; the answer is stored on the petition (``petition.duplicate_checked``,
docs/scanning.md#repeat-visits). A petition sent to many bodies comes back by post, at the desk and
through transfers: each earlier one says how it arrived. The earlier petitions are those of
``duplicates_to_ask`` (desktop/core/cases/petitions.py), left out and masked as the hints below the
content are. The dialog itself is the visits' one (desktop/ui/widgets/same_matter.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from desktop.core.cases.petitions import PetitionView
from desktop.core.formatting import short_date
from desktop.core.i18n import _
from desktop.core.labels import label
from desktop.ui.widgets.same_matter import NEW_MATTER, Earlier, SameMatterDialog, Wording

__all__ = ["NEW_MATTER", "DuplicateDialog", "ask_duplicate"]


def _wording() -> Wording:
    return Wording(
        title=_("The same matter as an earlier petition?"),
        intro=_(
            "Earlier petitions from the same people look like the same matter. Link this petition "
            "as a duplicate of the one chosen, or confirm it is new."
        ),
        this_record=_("This petition"),
        earlier_records=_("Earlier petitions"),
        headers=(_("Number"), _("Received on"), _("Arrived"), _("Senders"), _("Content")),
        link=_("Same matter (link as duplicate)"),
        new=_("It is new"),
        fitted=2,
        width=1100,
    )


def _arrived(petition: PetitionView) -> str:
    how = label(petition.channel)
    return f"{how} ({petition.transferred_from})" if petition.transferred_from else how


def _earlier(petition: PetitionView) -> Earlier:
    cells = (
        petition.number,
        short_date(petition.received_on),
        _arrived(petition),
        ", ".join(petition.sender_names),  # masked already for a reader who may not see them
        petition.content_summary,
    )
    return Earlier(petition.number, cells)


class DuplicateDialog(SameMatterDialog):
    """``answer`` is the chosen earlier petition's number, NEW_MATTER, or None while not answered."""

    def __init__(self, content: str, petitions: Sequence[PetitionView], parent: QWidget | None = None) -> None:
        super().__init__(_wording(), content, [_earlier(p) for p in petitions], parent)


def ask_duplicate(parent: QWidget, content: str, petitions: Sequence[PetitionView]) -> str | None:
    """The number linked, NEW_MATTER, or None when the receptionist cancelled (the seam tests replace)."""
    dialog = DuplicateDialog(content, petitions, parent)
    dialog.exec()
    return dialog.answer
