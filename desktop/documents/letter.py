"""Official letters and forms of the office on a Decree 30/2020 A4 page.

One layout serves the guidance letter, transfer slip, proposal to accept, acceptance and refusal
notices and the report back to a transferring body (docs/legal-basis.md#document-layout): the shared letterhead;
either a title (ô 5a) or, for a công văn, a "V/v" line under the number (ô 5b); "Kính gửi:" (9a);
italic legal bases and a justified body (6); "Nơi nhận:" (9b) level with the signer block (7).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from desktop.documents.flowables import Columns, FlowingText, PlainText
from desktop.documents.layout import (
    FRAME_WIDTH,
    HEADER_LEFT_WIDTH,
    TITLE_SIDE_WIDTH,
    balanced,
    balanced_lines,
    build_a4,
    confidential_mark,
    letterhead_block,
    recipients_and_signer,
    signature_cell,
    two_signatures,
)
from desktop.documents.markup import nfc_fields, text
from desktop.documents.model import LetterDocument
from desktop.documents.qr import QrCode
from desktop.documents.styles import stylesheet

SALUTATION = "Kính gửi:"
QR_SIZE = 16 * mm  # smaller than on the slips: a letter is read, the code only finds the file
KEEP_LAST_LINES = 2  # body lines kept on the signer's page, so it never holds the block alone
APPROVAL = "Ý KIẾN PHÊ DUYỆT"
PROPOSER = "NGƯỜI ĐỀ XUẤT"
SIGN_HINT = "(Ký, ghi rõ họ tên)"
DECIDES = "QUYẾT ĐỊNH:"


def render_letter(doc: LetterDocument) -> bytes:
    """The letter as PDF bytes on Decree 30/2020 A4 pages, numbered from page 2 on."""
    doc = nfc_fields(doc)
    kind = doc.title or ("Công văn" if doc.summary_line else "Văn bản")
    return build_a4(_story(doc), title=f"{kind} số {doc.number}", author=doc.letterhead.agency)


def salutation_lines(recipients: Sequence[str]) -> list[str]:
    """The addressee lines: one as given; several as "- name;" lines, the last ending in ".".

    A dash or closing punctuation the caller already typed is kept, not doubled.
    """
    if len(recipients) == 1:
        return [recipients[0].strip()]
    lines = []
    for index, recipient in enumerate(recipients):
        name = recipient.strip().removeprefix("-").strip()
        if name and name[-1] not in ";.,:":
            name += "." if index == len(recipients) - 1 else ";"
        lines.append(f"- {name}")
    return lines


def _story(doc: LetterDocument) -> list[Flowable]:
    # A công văn ("V/v" line) has no title; without a title row the QR goes under the date line.
    has_title = not doc.summary_line and bool(doc.title or doc.subtitle)
    story = letterhead_block(
        doc.letterhead,
        number_line=f"Số: {doc.number}",
        date_line=doc.date_line,
        under_number=_under_number(doc),
        under_date=() if has_title else _qr_under_date(doc.qr_payload),
    )
    if has_title:
        story += [Spacer(1, 8 * mm), _title_block(doc)]
    story.append(Spacer(1, 6 * mm))
    if doc.recipients:
        story += [_salutation(doc.recipients), Spacer(1, 3 * mm)]
    sheet = stylesheet()
    if doc.power_line:  # a decision: who decides, in bold capitals, centred over its legal bases
        story += [*balanced(doc.power_line.upper(), "Title", FRAME_WIDTH), Spacer(1, 3 * mm)]
    story += [FlowingText(basis, sheet["LegalBasis"]) for basis in doc.legal_bases if basis.strip()]
    if doc.power_line:
        story += [Spacer(1, 3 * mm), *balanced(DECIDES, "Title", FRAME_WIDTH), Spacer(1, 3 * mm)]
    body = [FlowingText(paragraph, sheet["Body"]) for paragraph in doc.paragraphs if paragraph.strip()]
    closing: list[Flowable] = [Spacer(1, 4 * mm), _closing(doc)]
    if body:
        *story_body, tail = _keep_tail(body[-1])
        story += [*body[:-1], *story_body]
        closing.insert(0, tail)
    return [*story, KeepTogether(closing)]


def _closing(doc: LetterDocument) -> Flowable:
    """ "Nơi nhận" and the signer; a proposal: the head's approval on the left, the proposer on the right."""
    if doc.approval is None:
        return recipients_and_signer(doc.copies_to, doc.signer)
    approval = signature_cell((APPROVAL, doc.approval.position), doc.approval.full_name)
    proposer = signature_cell((PROPOSER,), doc.proposer, hint=SIGN_HINT)
    return two_signatures(approval, proposer)


def _under_number(doc: LetterDocument) -> list[Flowable]:
    """The công văn summary (ô 5b) and the "MẬT" mark (ô 10a), centred under the number."""
    extra: list[Flowable] = []
    if doc.summary_line:
        extra += balanced(doc.summary_line, "SummaryLine", HEADER_LEFT_WIDTH)
    return extra + confidential_mark(doc.confidential)


def _qr_block(payload: str) -> list[Flowable]:
    return [QrCode(payload, QR_SIZE), text(payload, "QrCaption")]


def _qr_under_date(payload: str) -> list[Flowable]:
    """The QR at the right edge under the place-date line (a letter without a title row)."""
    if not payload:
        return []
    block = Columns([_qr_block(payload)], [TITLE_SIDE_WIDTH])
    block.hAlign = "RIGHT"
    return [Spacer(1, 2 * mm), block]


def _title_block(doc: LetterDocument) -> Columns:
    """Type (UPPER bold) and summary (bold) in balanced centred lines with a short rule under them.

    Equal side columns keep it centred on the page; the right one holds the QR, as on the slips.
    """
    middle_width = FRAME_WIDTH - 2 * TITLE_SIDE_WIDTH
    middle: list[Flowable] = []
    if doc.title:
        middle += balanced(doc.title.upper(), "Title", middle_width, rule=not doc.subtitle)
    if doc.subtitle:
        middle += balanced(doc.subtitle, "Subtitle", middle_width, rule=True)
    side = _qr_block(doc.qr_payload) if doc.qr_payload else []
    return Columns([[], middle, side], (TITLE_SIDE_WIDTH, middle_width, TITLE_SIDE_WIDTH), middle=(1,))


def _salutation(recipients: Sequence[str]) -> Flowable:
    """One addressee: "Kính gửi: X" centred on one line; several: dashes aligned under the colon.

    Decree 30/2020: after "Kính gửi:" with several addressees the list starts on the next line,
    one addressee a line; the block as a whole is centred on the page.
    """
    lines = salutation_lines(recipients)
    style = stylesheet()["Salutation"]
    font, size = style.fontName, style.fontSize
    label_width = stringWidth(f"{SALUTATION} ", font, size)
    widest = max(stringWidth(line, font, size) for line in lines)
    if len(lines) == 1:
        if label_width + widest <= FRAME_WIDTH:
            return text(f"{SALUTATION} {lines[0]}", "SalutationCenter")
        # Too long for one line: the name wraps, in lines of similar length, hanging after the label.
        name_width = FRAME_WIDTH - label_width
        name = PlainText(lines[0], style, lines=balanced_lines(lines[0], font, size, name_width))
        return Columns([[text(SALUTATION, "Salutation")], [name]], (label_width, name_width))
    offset = max(0.0, (FRAME_WIDTH - label_width - widest) / 2)
    list_width = FRAME_WIDTH - offset - label_width
    names: list[Flowable] = [Spacer(1, style.leading), *(text(line, "Salutation") for line in lines)]
    return Columns([[], [text(SALUTATION, "Salutation")], names], (offset, label_width, list_width))


def _keep_tail(paragraph: FlowingText) -> list[FlowingText]:
    """The last paragraph, with its last lines split off to travel with the signer block."""
    paragraph.wrap(FRAME_WIDTH, 0)
    if len(paragraph.lines) <= 2 * KEEP_LAST_LINES:
        return [paragraph]
    return list(paragraph.split_at(len(paragraph.lines) - KEEP_LAST_LINES))
