"""The one stylesheet of the documents, with semantic style names (Decree 30/2020 sizes)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Literal, TypedDict

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm

from desktop.documents.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, register_fonts

BODY_SIZE = 13
PAGE_NUMBER_SIZE = 13


class _Extra(TypedDict, total=False):
    """The ParagraphStyle keywords a style may add to the common ones."""

    firstLineIndent: float
    leftIndent: float
    spaceBefore: float
    spaceAfter: float


_Alignment = Literal[0, 1, 2, 4]  # TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY
# (name, font, size, leading, alignment, extra ParagraphStyle keywords)
_Style = tuple[str, str, float, float, _Alignment, _Extra]

_A4_STYLES: tuple[_Style, ...] = (
    ("HeaderParent", REGULAR, 12, 14, TA_CENTER, {}),
    ("HeaderAgency", BOLD, 12, 14, TA_CENTER, {}),
    ("HeaderNumber", REGULAR, 13, 15, TA_CENTER, {}),
    ("NationalName", BOLD, 12, 14, TA_CENTER, {}),
    ("NationalMotto", BOLD, 13, 15, TA_CENTER, {}),
    ("PlaceDate", ITALIC, 13, 15, TA_CENTER, {}),
    ("Title", BOLD, 14, 17, TA_CENTER, {}),
    ("Subtitle", BOLD, 13, 16, TA_CENTER, {}),
    ("Body", REGULAR, BODY_SIZE, 17, TA_JUSTIFY, {"firstLineIndent": 1 * cm, "spaceAfter": 6}),
    ("TableHeader", BOLD, 12, 14, TA_CENTER, {}),
    ("TableCell", REGULAR, 12, 14, TA_LEFT, {}),
    ("TableCellCenter", REGULAR, 12, 14, TA_CENTER, {}),
    ("RecipientsLabel", BOLD_ITALIC, 12, 14, TA_LEFT, {}),
    ("Recipients", REGULAR, 11, 13, TA_LEFT, {}),
    ("SignerTitle", BOLD, 13, 16, TA_CENTER, {}),
    ("SignerHint", ITALIC, 13, 16, TA_CENTER, {}),
    ("SignerName", BOLD, 13, 16, TA_CENTER, {}),
    ("QrCaption", REGULAR, 8, 10, TA_CENTER, {}),
    # Letters (letter.py): the công văn "V/v" line 6 pt under the number, "Kính gửi:", legal bases.
    ("SummaryLine", REGULAR, 12, 14, TA_CENTER, {"spaceBefore": 6}),
    ("Salutation", REGULAR, BODY_SIZE, 17, TA_LEFT, {}),
    ("SalutationCenter", REGULAR, BODY_SIZE, 17, TA_CENTER, {}),
    ("LegalBasis", ITALIC, BODY_SIZE, 17, TA_JUSTIFY, {"firstLineIndent": 1 * cm, "spaceAfter": 6}),
    ("ConfidentialMark", BOLD, 13, 15, TA_CENTER, {}),
)

# The 80 mm roll: same family, smaller sizes, no indents.
_THERMAL_STYLES: tuple[_Style, ...] = (
    ("ThermalParent", REGULAR, 9, 11, TA_CENTER, {}),
    ("ThermalAgency", BOLD, 9.5, 11.5, TA_CENTER, {}),
    ("ThermalNational", BOLD, 8.5, 10.5, TA_CENTER, {}),
    ("ThermalTitle", BOLD, 12, 15, TA_CENTER, {"spaceBefore": 4}),
    ("ThermalSubtitle", BOLD, 9.5, 11.5, TA_CENTER, {}),
    ("ThermalCenter", REGULAR, 9.5, 11.5, TA_CENTER, {}),
    ("ThermalPlaceDate", ITALIC, 9, 11, TA_CENTER, {}),
    ("ThermalBody", REGULAR, 9.5, 11.5, TA_LEFT, {"spaceAfter": 1.5}),
    ("ThermalItem", REGULAR, 9, 11, TA_LEFT, {"leftIndent": 10, "firstLineIndent": -10}),
    ("ThermalSignerTitle", BOLD, 9.5, 11.5, TA_CENTER, {}),
    ("ThermalSignerName", BOLD, 9.5, 11.5, TA_CENTER, {}),
    ("ThermalSmall", REGULAR, 8, 9.5, TA_CENTER, {}),
)


@cache
def stylesheet() -> Mapping[str, ParagraphStyle]:
    """The shared styles by name; registers the fonts first. Treat the styles as read-only."""
    register_fonts()
    return MappingProxyType(
        {
            name: ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, alignment=alignment, **extra)
            for name, font, size, leading, alignment, extra in _A4_STYLES + _THERMAL_STYLES
        }
    )
