"""Printing an official letter: issue it (or reprint the kept one), then preview it for the printer."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from db.enums import DocumentKind
from desktop.core.cases.letters import find_letter, print_letter
from desktop.core.i18n import _
from desktop.core.labels import label
from desktop.core.office import get_setting
from desktop.core.paperwork.official_numbers import NumberUnavailableError
from desktop.core.settings_keys import Setting
from desktop.ui.cases.denounced_dialog import DenouncedDialog
from desktop.ui.errors import reporting_errors
from desktop.ui.messages import confirm, inform
from desktop.ui.print_preview import PdfPreviewDialog
from desktop.ui.viewer import viewer_of

if TYPE_CHECKING:
    from desktop.core.database import Database

log = logging.getLogger(__name__)


def letter_title(kind: DocumentKind, number: str) -> str:
    return _("{letter} No. {number}").format(letter=label(kind), number=number)


def print_button_text(kind: DocumentKind) -> str:
    return _("Print: {letter}").format(letter=label(kind))


def print_letter_for(parent: QWidget | None, database: Database, kind: DocumentKind, reference: str) -> bool:
    """Issue (or reprint) the letter of ``kind`` for a petition or case number and preview it.

    Returns True when a letter was shown. Without an official number (office mode, offline, reserved
    numbers used up) nothing is written: the user is told the letter stays a draft.
    """
    with reporting_errors(parent):
        denounced = None
        if kind == DocumentKind.DENOUNCED_NOTICE:
            with database.sessions() as session:
                issued = find_letter(session, kind, reference) is not None
            if not issued and (denounced := DenouncedDialog.ask(parent)) is None:
                return False  # cancelled: nothing numbered
        try:
            with database.sessions.begin() as session:
                # The receptionist at this desk is the officer who proposes (a proposal's right-hand block).
                officer = get_setting(session, Setting.RECEPTIONIST)
                letter = print_letter(
                    session,
                    kind,
                    reference,
                    data_dir=database.data_dir,
                    viewer=viewer_of(parent),
                    actor=officer,
                    denounced=denounced,
                )
        except NumberUnavailableError as exc:
            log.warning("No official number for %s of %s: %s", kind.value, reference, exc)
            inform(parent, _("The letter stays a draft"), draft_message(kind))
            return False
        log.info("%s %s of %s as %s", "Reprinted" if letter.reprint else "Issued", kind.value, reference, letter.path)
        PdfPreviewDialog.show_pdf(
            parent, letter.pdf, letter_title(kind, letter.number), letter.path.name, kept_path=letter.path
        )
        return True
    return False


def draft_message(kind: DocumentKind) -> str:
    return _(
        "The {letter} cannot get its official number now: this desk has no reserved numbers left and the "
        "server cannot be reached. Everything else is saved; the letter stays a draft until the server is "
        "reachable. Print it then from the petition or the case."
    ).format(letter=label(kind))


def offer_letter(parent: QWidget | None, database: Database, kind: DocumentKind, reference: str) -> bool:
    """Ask whether to print ``kind`` now; True when it was printed."""
    if not confirm(
        parent,
        _("Print the letter"),
        _("The decision is recorded. Print the {letter} now?").format(letter=label(kind)),
        default_yes=True,
    ):
        return False
    return print_letter_for(parent, database, kind, reference)
