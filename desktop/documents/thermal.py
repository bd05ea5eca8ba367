"""The 80 mm roll layout: one page exactly as tall as its content, with a compact header."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from desktop.documents.flowables import Columns, PlainText, Rule
from desktop.documents.fonts import BOLD, REGULAR
from desktop.documents.layout import NATIONAL_MOTTO, NATIONAL_NAME, balanced, confidential_mark
from desktop.documents.markup import nfc, text
from desktop.documents.model import Letterhead
from desktop.documents.qr import QrCode
from desktop.documents.styles import stylesheet

PAGE_WIDTH = 80 * mm
MARGIN_X = 4 * mm
PRINT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X  # 72 mm, what 80 mm printers reach
MARGIN_TOP = 4 * mm
MARGIN_BOTTOM = 8 * mm  # room for the cutter
SLACK = 2 * mm  # rounding reserve so the last line never spills onto a second page
QR_SIZE = 26 * mm
SIGNATURE_SPACE = 14 * mm
_MEASURE_HEIGHT = 1_000_000.0


def thermal_header(
    letterhead: Letterhead,
    *,
    title: str,
    subtitle: str,
    number_line: str,
    date_line: str,
    confidential: bool = False,
) -> list[Flowable]:
    """Agency, national title and motto, document title, number and place-date, all centred.

    A copy that names a denouncer carries the framed "MẬT" mark under the number.
    """
    sheet = stylesheet()
    motto_size = sheet["ThermalSubtitle"].fontSize
    story: list[Flowable] = [
        *balanced(letterhead.parent_agency.upper(), "ThermalParent", PRINT_WIDTH),
        *balanced((letterhead.agency_heading or letterhead.agency).upper(), "ThermalAgency", PRINT_WIDTH, rule=True),
        Spacer(1, 2 * mm),
        PlainText(NATIONAL_NAME, sheet["ThermalNational"]),
        PlainText(NATIONAL_MOTTO, sheet["ThermalSubtitle"]),
        Rule(stringWidth(NATIONAL_MOTTO, BOLD, motto_size)),
        text(title.upper(), "ThermalTitle"),
    ]
    if subtitle:
        story.append(text(subtitle, "ThermalSubtitle"))
    story += [text(number_line, "ThermalCenter"), *confidential_mark(confidential)]
    story += [text(date_line, "ThermalPlaceDate"), Spacer(1, 2 * mm)]
    return story


def thermal_qr(payload: str, caption: str) -> list[Flowable]:
    """The QR code centred on the roll with its caption (the number) under it."""
    return [Spacer(1, 1 * mm), QrCode(payload, QR_SIZE), text(caption, "ThermalSmall")]


def thermal_signatures(columns: Sequence[tuple[Sequence[str], str]]) -> Flowable:
    """Side-by-side signature columns, each (title lines, name), with a little room to sign."""
    cells = [_signature_cell(titles, name) for titles, name in columns]
    width = PRINT_WIDTH / len(cells)
    return Columns(cells, [width] * len(cells))


def _signature_cell(titles: Sequence[str], name: str) -> list[Flowable]:
    cell: list[Flowable] = [Spacer(1, 3 * mm)]
    cell += [text(line.upper(), "ThermalSignerTitle") for line in titles if line]
    return [*cell, Spacer(1, SIGNATURE_SPACE), text(name, "ThermalSignerName")]


def story_height(story: Sequence[Flowable], width: float = PRINT_WIDTH) -> float:
    """Height the story needs in one frame of `width` (space before/after counted in full)."""
    total = 0.0
    for flowable in story:
        _, height = flowable.wrap(width, _MEASURE_HEIGHT)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def build_thermal(story: list[Flowable], *, title: str, author: str) -> bytes:
    """Lay the story out on a single 80 mm wide page sized to fit it; return PDF bytes."""
    body_height = story_height(story) + SLACK
    page_height = MARGIN_TOP + body_height + MARGIN_BOTTOM
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        PRINT_WIDTH,
        body_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="roll",
    )
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, page_height),
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=nfc(title),
        author=nfc(author),
        creator="TiepDan",
        initialFontName=REGULAR,
        pageTemplates=[PageTemplate(id="roll", frames=[frame])],
    )
    doc.build(story)
    return buffer.getvalue()
