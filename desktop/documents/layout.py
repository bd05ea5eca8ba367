"""The shared Decree 30/2020 A4 page: margins, letterhead, title, signer and "Nơi nhận" blocks."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Spacer,
)

from desktop.documents.flowables import Columns, FramedText, PlainText, Rule, greedy_breaks
from desktop.documents.fonts import BOLD, REGULAR
from desktop.documents.markup import nfc, text
from desktop.documents.model import Letterhead, Signer
from desktop.documents.qr import QrCode
from desktop.documents.styles import PAGE_NUMBER_SIZE, stylesheet

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
HEADER_LEFT_WIDTH = 72 * mm  # agency column (ô 2-3)
HEADER_RIGHT_WIDTH = FRAME_WIDTH - HEADER_LEFT_WIDTH  # national title column (ô 1-4)
TITLE_SIDE_WIDTH = 28 * mm  # equal side columns keep the title centred; the right one holds the QR
QR_SIZE = 20 * mm
SIGNATURE_SPACE = 24 * mm  # blank room for the hand signature (and seal)

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


def balanced_lines(heading: str, font: str, size: float, width: float) -> list[str]:
    """Lines of similar length for a centred heading ("ỦY BAN NHÂN DÂN / TỈNH AN GIANG").

    Greedy wrapping would leave a lone last word; this finds the narrowest width that needs no
    more lines than `width` does and breaks there.
    """
    words = heading.split()
    if not words:
        return []
    widths = [stringWidth(word, font, size) for word in words]
    space = stringWidth(" ", font, size)
    starts = greedy_breaks(widths, space, width)
    if len(starts) > 1:
        low, high = width / len(starts), width
        while high - low > 0.5:
            middle = (low + high) / 2
            if len(greedy_breaks(widths, space, middle)) > len(starts):
                low = middle
            else:
                high = middle
        starts = greedy_breaks(widths, space, high)
    ends = [*starts[1:], len(words)]
    return [" ".join(words[start:end]) for start, end in zip(starts, ends, strict=True)]


# Words that start the name of an administrative unit: an agency name breaks before them, so that
# "BAN TIẾP CÔNG DÂN / TỈNH AN GIANG" keeps the body's name whole (never "BAN TIẾP CÔNG / DÂN TỈNH ...").
UNIT_WORDS = frozenset({"TỈNH", "THÀNH", "HUYỆN", "QUẬN", "THỊ", "XÃ", "PHƯỜNG", "ĐẶC"})


def agency_lines(heading: str, font: str, size: float, width: float) -> list[str]:
    """An agency name in two lines broken before its unit ("TỈNH AN GIANG") when both fit; else balanced."""
    lines = balanced_lines(heading, font, size, width)
    words = heading.split()
    if len(lines) != 2:  # one line needs no break; three and more stay balanced
        return lines
    candidates = [
        (" ".join(words[:index]), " ".join(words[index:]))
        for index in range(1, len(words))
        if words[index].upper() in UNIT_WORDS
    ]
    fitting = [pair for pair in candidates if all(stringWidth(line, font, size) <= width for line in pair)]
    if not fitting:
        return lines
    return list(min(fitting, key=lambda pair: max(stringWidth(line, font, size) for line in pair)))


def heading_lines(heading: str, font: str, size: float, width: float, *, agency: bool = False) -> list[str]:
    """The lines a heading prints in: as typed when it holds line breaks (each typed line wrapped only
    when it is too wide), else balanced (an agency name: broken before its unit)."""
    typed = [line.strip() for line in heading.splitlines() if line.strip()]
    if len(typed) > 1:
        return [part for line in typed for part in balanced_lines(line, font, size, width)]
    return (agency_lines if agency else balanced_lines)(" ".join(typed), font, size, width)


def balanced(heading: str, style: str, width: float, *, rule: bool = False, agency: bool = False) -> list[Flowable]:
    """A centred heading in balanced lines (an agency name: broken before its unit), optionally with a rule."""
    paragraph_style = stylesheet()[style]
    font, size = paragraph_style.fontName, paragraph_style.fontSize
    lines = heading_lines(heading, font, size, width, agency=agency)
    story: list[Flowable] = [PlainText(heading, paragraph_style, lines=lines)]
    if rule:
        longest = max((stringWidth(line, font, size) for line in lines), default=0.0)
        story.append(Rule(max(0.4 * longest, 12 * mm)))
    return story


CONFIDENTIAL = "MẬT"
CONFIDENTIAL_BOX = (20 * mm, 8 * mm)  # the "MẬT" stamp is a 20 × 8 mm frame


def confidential_mark(confidential: bool) -> list[Flowable]:
    """The framed "MẬT" mark (Decree 30/2020 ô 10a, under the number), or nothing."""
    if not confidential:
        return []
    mark_size = stylesheet()["ConfidentialMark"].fontSize
    return [Spacer(1, 3 * mm), FramedText(CONFIDENTIAL, BOLD, mark_size, CONFIDENTIAL_BOX)]


def letterhead_block(
    letterhead: Letterhead,
    *,
    number_line: str,
    date_line: str,
    under_number: Sequence[Flowable] = (),
    under_date: Sequence[Flowable] = (),
) -> list[Flowable]:
    """Two-column header: agency + "Số:" on the left, national title + place-date on the right.

    `under_number` (a công văn's "V/v" line, the "MẬT" mark) and `under_date` (a QR code) go
    below the number and the place-date line in their columns.
    """
    widths = (HEADER_LEFT_WIDTH, HEADER_RIGHT_WIDTH)
    # A row of its own, so "Số:" and the place-date line share one baseline (ô 3 and ô 4).
    number_and_date = [
        [text(number_line, "HeaderNumber"), *under_number],
        [text(date_line, "PlaceDate"), *under_date],
    ]
    return [agency_and_nation(letterhead, widths), Spacer(1, 5), Columns(number_and_date, widths)]


def agency_and_nation(letterhead: Letterhead, widths: tuple[float, float]) -> Columns:
    """Parent agency and agency (ô 2) on the left, national name and motto (ô 1) on the right."""
    sheet = stylesheet()
    left = [
        *balanced(letterhead.parent_agency.upper(), "HeaderParent", widths[0], agency=True),
        *balanced(
            (letterhead.agency_heading or letterhead.agency).upper(), "HeaderAgency", widths[0], rule=True, agency=True
        ),
    ]
    right = [
        PlainText(NATIONAL_NAME, sheet["NationalName"]),
        PlainText(NATIONAL_MOTTO, sheet["NationalMotto"]),
        Rule(stringWidth(NATIONAL_MOTTO, BOLD, sheet["NationalMotto"].fontSize)),
    ]
    return Columns([left, right], widths)


def title_block(title: str, subtitle: str = "", *, qr_payload: str = "", qr_caption: str = "") -> Columns:
    """The centred document type (and summary), with the QR code beside it on the right."""
    middle: list[Flowable] = [text(title.upper(), "Title")]
    if subtitle:
        middle.append(text(subtitle, "Subtitle"))
    side: list[Flowable] = []
    if qr_payload:
        side = [QrCode(qr_payload, QR_SIZE), text(qr_caption, "QrCaption")]
    widths = (TITLE_SIDE_WIDTH, FRAME_WIDTH - 2 * TITLE_SIDE_WIDTH, TITLE_SIDE_WIDTH)
    return Columns([[], middle, side], widths, middle=(1,))


def signature_cell(titles: Sequence[str], name: str, *, hint: str = "") -> list[Flowable]:
    """Authority/position lines in bold upper case, an optional italic hint, room, the name."""
    cell: list[Flowable] = [text(line.upper(), "SignerTitle") for line in titles if line]
    if hint:
        cell.append(text(hint, "SignerHint"))
    cell.append(Spacer(1, SIGNATURE_SPACE))
    cell.append(text(name, "SignerName"))
    return cell


def signer_cell(signer: Signer) -> list[Flowable]:
    """The signer block of an issued document: TM./KT. lines (one a "\\n"), position, signature, full name."""
    return signature_cell((*signer.authority.split("\n"), signer.position), signer.full_name)


def recipients_cell(recipients: Sequence[str]) -> list[Flowable]:
    """The "Nơi nhận:" label (12 pt bold italic) and its "- ...;" lines (11 pt)."""
    cell: list[Flowable] = [text("Nơi nhận:", "RecipientsLabel")]
    cell.extend(text(line, "Recipients") for line in recipients)
    return cell


def recipients_and_signer(recipients: Sequence[str], signer: Signer) -> Columns:
    """The closing row: "Nơi nhận" on the left, level with the signer block on the right."""
    widths = (FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55)
    return Columns([recipients_cell(recipients), signer_cell(signer)], widths)


def two_signatures(left: list[Flowable], right: list[Flowable]) -> Columns:
    """Two signature columns of equal width (both parties sign, e.g. a receipt)."""
    return Columns([left, right], (FRAME_WIDTH / 2, FRAME_WIDTH / 2))


@dataclass(frozen=True)
class Pages:
    """A page size and its margins: the frame the story flows in, and where the page number goes."""

    size: tuple[float, float]
    top: float = MARGIN_TOP
    bottom: float = MARGIN_BOTTOM
    left: float = MARGIN_LEFT
    right: float = MARGIN_RIGHT

    @property
    def frame_width(self) -> float:
        return self.size[0] - self.left - self.right

    def frame(self) -> Frame:
        return Frame(
            self.left,
            self.bottom,
            self.frame_width,
            self.size[1] - self.top - self.bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )

    def draw_page_number(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Decree 30/2020: the page number centred in the top margin."""
        canv.saveState()
        canv.setFont(REGULAR, PAGE_NUMBER_SIZE)
        canv.drawCentredString(self.left + self.frame_width / 2, self.size[1] - 12 * mm, str(doc.page))
        canv.restoreState()


A4_PAGES = Pages(A4)
LANDSCAPE_PAGES = Pages(landscape(A4))


def build_pages(story: list[Flowable], *, title: str, author: str, pages: Pages = A4_PAGES) -> bytes:
    """Lay the story out on ``pages`` (Decree 30/2020 A4 by default); number pages from 2 on; PDF bytes."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pages.size,
        leftMargin=pages.left,
        rightMargin=pages.right,
        topMargin=pages.top,
        bottomMargin=pages.bottom,
        title=nfc(title),
        author=nfc(author),
        creator="TiepDan",
        initialFontName=REGULAR,  # else the canvas references a non-embedded Helvetica
        pageTemplates=[
            PageTemplate(id="first", frames=[pages.frame()]),
            PageTemplate(id="later", frames=[pages.frame()], onPage=pages.draw_page_number),
        ],
    )
    doc.build([NextPageTemplate("later"), *story])
    return buffer.getvalue()


def build_a4(story: list[Flowable], *, title: str, author: str) -> bytes:
    """Lay the story out on Decree 30/2020 A4 pages; number pages from 2 on; return PDF bytes."""
    return build_pages(story, title=title, author=author)
