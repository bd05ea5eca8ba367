"""Preview of a kept PDF slip, with zoom, printing through QPrinter, and Save PDF as."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, QStandardPaths, Qt
from PySide6.QtGui import QPainter, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import AppError, StorageError
from desktop.core.i18n import _
from desktop.ui.errors import reporting_errors

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 4.0
MAX_PRINT_DPI = 300  # an A4 page at 600 dpi is a 140 MB image; 300 dpi prints text cleanly


class PdfPreviewDialog(QDialog):
    """Shows ``pdf`` (bytes) page after page; nothing here changes the kept file."""

    def __init__(
        self,
        pdf: bytes,
        title: str,
        suggested_filename: str,
        *,
        kept_path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(860, 680)
        self._pdf = pdf
        self._suggested_filename = suggested_filename
        self._fitted = False
        self.document = self._load(pdf)
        self._build_ui(kept_path)
        self._connect_signals()

    @classmethod
    def show_pdf(
        cls, parent: QWidget | None, pdf: bytes, title: str, suggested_filename: str, *, kept_path: Path | None = None
    ) -> None:
        """Open the preview modally (the seam tests replace)."""
        cls(pdf, title, suggested_filename, kept_path=kept_path, parent=parent).exec()

    def _load(self, pdf: bytes) -> QPdfDocument:
        document = QPdfDocument(self)
        # The buffer must outlive the document: keep both on the dialog.
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(self._buffer)
        if document.status() == QPdfDocument.Status.Error:
            log.error("QPdfDocument cannot read the PDF: %s", document.error())
        return document

    def _build_ui(self, kept_path: Path | None) -> None:
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        # WORKAROUND: FitToWidth with as-needed scroll bars loops forever (docs/platform.md#qpdfview-zoom-hang).
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # Custom zoom: no loop
        self.view.setZoomFactor(1.0)
        self.kept_label = QLabel(_("Kept as {path}").format(path=kept_path) if kept_path else "")
        self.kept_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kept_label.setWordWrap(True)
        self.zoom_out_button = QPushButton(_("Zoom out"))
        self.zoom_in_button = QPushButton(_("Zoom in"))
        self.print_button = QPushButton(_("Print..."))
        self.save_button = QPushButton(_("Save PDF as..."))
        self.close_button = QPushButton(_("Close"))
        self.print_button.setDefault(True)
        buttons = QHBoxLayout()
        for button in (self.zoom_out_button, self.zoom_in_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.kept_label)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        # Bound methods, not lambdas: a lambda holding ``self`` kept every closed preview (and its PDF) alive.
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.close_button.clicked.connect(self.reject)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.fit_width()

    def fit_width(self) -> None:
        """Zoom so that the page fills the view's width, computed once (Custom mode: see the WORKAROUND above)."""
        if self.document.pageCount() == 0:
            return
        page_px = self.document.pagePointSize(0).width() * self.view.logicalDpiX() / 72
        available = self.view.viewport().width() - 2 * self.view.documentMargins().left()
        if page_px > 0 and available > 0:
            self.view.setZoomFactor(min(MAX_ZOOM, max(MIN_ZOOM, available / page_px)))

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def zoom_by(self, factor: float) -> None:
        self.view.setZoomFactor(min(MAX_ZOOM, max(MIN_ZOOM, self.view.zoomFactor() * factor)))

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        with reporting_errors(self):
            print_document(self.document, printer)

    def _on_save_clicked(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / self._suggested_filename)
        path, _filter = QFileDialog.getSaveFileName(self, _("Save PDF as"), suggested, _("PDF files (*.pdf)"))
        if path:
            with reporting_errors(self):
                save_pdf(self._pdf, Path(path))


def save_pdf(pdf: bytes, path: Path) -> None:
    try:
        path.write_bytes(pdf)
    except OSError as exc:
        raise StorageError(_("Cannot save the PDF to {path}: {reason}").format(path=path, reason=exc.strerror)) from exc


def print_document(document: QPdfDocument, printer: QPrinter) -> None:
    """Render each page at the printer's resolution (at most 300 dpi) and draw it on the printer."""
    painter = QPainter()
    if not painter.begin(printer):
        raise AppError(_("The printer cannot be opened. Check that it is switched on and connected."))
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for page in range(document.pageCount()):
            if page > 0:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(QPoint(0, 0), scaled), image)
    finally:
        painter.end()
