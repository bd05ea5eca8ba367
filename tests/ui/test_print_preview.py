"""The PDF preview loads real slips from memory, zooms, prints through QPrinter and saves a copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db.enums import Classification, DocumentKind, Outcome, ParticipantRole
from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.reception.slips import render_slip
from desktop.core.reception.visits import CitizenInput, DocumentInput, ParticipantInput, VisitDraft, register_visit
from desktop.ui.print_preview import PdfPreviewDialog, print_document, save_pdf
from tests.builders import ADMIN
from tests.ui.helpers import close_next_dialog


@pytest.fixture
def receipt_pdf(database: Database) -> bytes:
    draft = VisitDraft(
        participants=(ParticipantInput(CitizenInput("Nguyễn Thị Ánh Tuyết"), ParticipantRole.COMPLAINANT),),
        classification=Classification.COMPLAINT,
        content_summary="Khiếu nại",
        outcome=Outcome.GUIDE,
        documents=(DocumentInput("Đơn khiếu nại", pages=2),),  # a receipt lists what was handed in
    )
    with database.sessions.begin() as session:
        serial = register_visit(session, draft, desk_code="D01", actor=ADMIN).visit.serial
        return render_slip(session, DocumentKind.RECEIPT, serial, actor=NOBODY)


def test_preview_loads_the_pdf_from_memory(qtbot: QtBot, receipt_pdf: bytes, tmp_path: Path) -> None:
    dialog = PdfPreviewDialog(receipt_pdf, "Giấy biên nhận", "bien-nhan.pdf", kept_path=tmp_path / "kept.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() > 0
    image = dialog.document.render(0, QSize(210, 297))
    assert not image.isNull()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert str(tmp_path / "kept.pdf") in dialog.kept_label.text()


def test_zoom_buttons_change_the_zoom(qtbot: QtBot, receipt_pdf: bytes) -> None:
    dialog = PdfPreviewDialog(receipt_pdf, "t", "t.pdf")
    qtbot.addWidget(dialog)
    dialog.zoom_in_button.click()
    assert dialog.view.zoomFactor() == pytest.approx(1.25)
    dialog.zoom_out_button.click()
    dialog.zoom_out_button.click()
    assert dialog.view.zoomFactor() == pytest.approx(0.8)


def test_printing_renders_every_page_onto_the_printer(qtbot: QtBot, receipt_pdf: bytes, tmp_path: Path) -> None:
    dialog = PdfPreviewDialog(receipt_pdf, "t", "t.pdf")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_document(dialog.document, printer)
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")


def test_save_pdf_writes_the_bytes(receipt_pdf: bytes, tmp_path: Path) -> None:
    save_pdf(receipt_pdf, tmp_path / "copy.pdf")
    assert (tmp_path / "copy.pdf").read_bytes() == receipt_pdf


def test_a_closed_preview_is_freed_with_its_pdf(qtbot: QtBot, receipt_pdf: bytes) -> None:
    """Nothing but the caller holds the dialog: once closed it goes (it used to stay until quitting)."""
    window = QWidget()
    qtbot.addWidget(window)
    close_next_dialog()
    PdfPreviewDialog.show_pdf(window, receipt_pdf, "Giấy biên nhận", "bien-nhan.pdf")
    assert window.findChildren(PdfPreviewDialog) == []
