"""Toolbar icons drawn in code (resources/icons is empty and icon themes are absent on Windows)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

SIZE = 24
INK = QColor("#455a64")


def printer_icon() -> QIcon:
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(INK)
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(QRect(7, 2, 10, 7))  # paper going in
    painter.setBrush(QColor("#90a4ae"))
    painter.drawRoundedRect(QRect(2, 8, 20, 9), 2, 2)  # body
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(QRect(6, 14, 12, 8))  # paper coming out
    painter.drawLine(8, 17, 16, 17)
    painter.drawLine(8, 19, 14, 19)
    painter.end()
    return QIcon(pixmap)
