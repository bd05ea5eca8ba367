"""User text made safe for ReportLab: NFC dataclasses, escaped Paragraph markup, plain text."""

from __future__ import annotations

import unicodedata
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph

from desktop.documents.flowables import PlainText
from desktop.documents.styles import stylesheet

T = TypeVar("T")


def nfc(value: str) -> str:
    """NFC form of a text: ReportLab does no shaping, so decomposed marks would print misplaced."""
    return unicodedata.normalize("NFC", value)


def nfc_fields(obj: T) -> T:
    """A copy of a frozen dataclass with every string, nested dataclass and tuple member in NFC."""
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError(f"expected a dataclass instance, got {type(obj).__name__}")
    changes = {f.name: _nfc_value(getattr(obj, f.name)) for f in fields(obj)}
    return replace(obj, **changes)


def _nfc_value(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, tuple):
        return tuple(_nfc_value(item) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return nfc_fields(value)
    return value


def esc(value: str) -> str:
    """Text escaped for Paragraph mini-HTML, so "<", ">" and "&" typed by users print as such."""
    return escape(nfc(value))


def para(text: str, style: str) -> Paragraph:
    """A Paragraph of plain user text (escaped) in a named style of the shared stylesheet."""
    return Paragraph(esc(text), stylesheet()[style])


def text(value: str, style: str) -> PlainText:
    """Plain text (no markup, so nothing to escape) in a named style: the cheap Paragraph."""
    return PlainText(nfc(value), stylesheet()[style])
