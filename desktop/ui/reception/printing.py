"""Printing a visit's slips: issue (render, keep, record) then preview for the printer."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from db.enums import DocumentKind
from desktop.core.i18n import _
from desktop.core.reception.slips import issue_slip, prints_thermal
from desktop.ui.errors import reporting_errors
from desktop.ui.print_preview import PdfPreviewDialog
from desktop.ui.viewer import viewer_of

if TYPE_CHECKING:
    from desktop.core.database import Database

log = logging.getLogger(__name__)


def slip_title(kind: DocumentKind, serial: str) -> str:
    if kind == DocumentKind.APPOINTMENT:
        return _("Appointment slip {number}").format(number=serial)
    return _("Receipt {number}").format(number=serial)


def print_slip(parent: QWidget | None, database: Database, serial: str, kind: DocumentKind) -> bool:
    """Issue the slip (its PDF is kept in the data folder and recorded), then show the preview."""
    with reporting_errors(parent):
        with database.sessions.begin() as session:
            slip = issue_slip(
                session,
                kind,
                serial,
                data_dir=database.data_dir,
                actor=viewer_of(parent),
                thermal=prints_thermal(session),
            )
        log.info("Issued %s %s as %s", kind.value, serial, slip.path)
        PdfPreviewDialog.show_pdf(parent, slip.pdf, slip_title(kind, serial), slip.path.name, kept_path=slip.path)
        return True
    return False
