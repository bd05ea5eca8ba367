"""Registers the embedded Times-compatible font family (Liberation Serif 2.1.5) once per process."""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont

# desktop.documents must not import desktop.core, so it finds resources/ on its own.
FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

FAMILY = "TimesVN"
REGULAR = "TimesVN"
BOLD = "TimesVN-Bold"
ITALIC = "TimesVN-Italic"
BOLD_ITALIC = "TimesVN-BoldItalic"

FONT_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the four faces and their bold/italic mapping; return the family name.

    Safe to call from any thread and any number of times: only the first call reads the files.
    """
    global _registered
    if _registered:
        return FAMILY
    with _lock:
        if not _registered:
            _register()
            _registered = True
    return FAMILY


def _register() -> None:
    for name, file_name in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file_name)))
    # Lets <b> and <i> in Paragraph markup pick the right face.
    registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
