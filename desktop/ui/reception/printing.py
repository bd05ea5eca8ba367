"""Printing a visit's slips: issue (render, keep, record) then preview for the printer."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QWidget

from db.enums import DocumentKind
from desktop.core.i18n import _
from desktop.core.labels import label
from desktop.core.reception.refusal_notice import (
    DEFAULT_GROUND,
    GROUNDS,
    find_refusal_notice,
    print_reception_refusal,
)
from desktop.core.reception.slips import issue_slip, prints_thermal
from desktop.ui.errors import reporting_errors
from desktop.ui.viewer import viewer_of

if TYPE_CHECKING:
    from desktop.core.database import Database

log = logging.getLogger(__name__)


def slip_title(kind: DocumentKind, serial: str) -> str:
    if kind == DocumentKind.APPOINTMENT:
        return _("Appointment slip {number}").format(number=serial)
    return _("Receipt {number}").format(number=serial)


def ask_refusal_ground(parent: QWidget | None) -> str | None:
    """The ground of Law 42/2013 Art. 9 the refusal rests on (point 3 offered first); None when cancelled."""
    labels = [_(ground.label) for ground in GROUNDS]
    start = next(index for index, ground in enumerate(GROUNDS) if ground.code == DEFAULT_GROUND)
    chosen, accepted = QInputDialog.getItem(
        parent,
        _("Notice refusing to receive the citizen"),
        _("Ground of the refusal (Article 9 of the Law on Citizen Reception):"),
        labels,
        start,
        False,
    )
    if not accepted:
        return None
    return GROUNDS[labels.index(chosen)].code


def print_refusal_notice(parent: QWidget | None, database: Database, serial: str) -> bool:
    """Issue the notice refusing to receive the citizen of a refused visit (or reprint it), then preview it."""
    with reporting_errors(parent):
        with database.sessions() as session:
            issued = find_refusal_notice(session, serial) is not None
        ground = DEFAULT_GROUND if issued else ask_refusal_ground(parent)
        if ground is None:
            return False  # cancelled: nothing numbered
        with database.sessions.begin() as session:
            notice = print_reception_refusal(
                session, serial, data_dir=database.data_dir, actor=viewer_of(parent), ground_code=ground
            )
        log.info("%s the refusal notice of %s as %s", "Reprinted" if notice.reprint else "Issued", serial, notice.path)
        title = _("{letter} No. {number}").format(letter=label(DocumentKind.RECEPTION_REFUSAL), number=notice.number)
        from desktop.ui.print_preview import PdfPreviewDialog  # QtPdf and QtPrintSupport load with the first paper

        PdfPreviewDialog.show_pdf(parent, notice.pdf, title, notice.path.name, kept_path=notice.path)
        return True
    return False


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
        from desktop.ui.print_preview import PdfPreviewDialog  # QtPdf and QtPrintSupport load with the first paper

        PdfPreviewDialog.show_pdf(parent, slip.pdf, slip_title(kind, serial), slip.path.name, kept_path=slip.path)
        return True
    return False
