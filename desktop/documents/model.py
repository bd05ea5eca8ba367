"""The prepared data each renderer takes: every text already formatted by desktop.core."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Letterhead:
    """The agency block of a Decree 30/2020 page (docs/legal-basis.md#document-layout, ô 2 and ô 4)."""

    parent_agency: str  # e.g. "ỦY BAN NHÂN DÂN TỈNH AN GIANG" (printed upper case, upright)
    agency: str  # e.g. "BAN TIẾP CÔNG DÂN" (printed upper case, bold)
    place_name: str  # e.g. "An Giang", the start of the place-date line
    address: str = ""
    phone: str = ""
    # The agency name as the office typed it, with its line breaks: the header keeps them. "" when typed
    # on one line: the header breaks it at word boundaries (before its unit). Sentences use ``agency``.
    agency_heading: str = ""


@dataclass(frozen=True)
class Signer:
    """Signature block: authority line (TM./KT./TL. + body), position, full name."""

    authority: str  # e.g. "TM. ỦY BAN NHÂN DÂN" or "" when the head signs in own name
    position: str  # e.g. "TRƯỞNG BAN"
    full_name: str


@dataclass(frozen=True)
class ReceivedItem:
    """One line of the list of documents handed in."""

    name: str
    pages: str  # already formatted, e.g. "3"
    state: str  # "Bản chính" / "Bản sao có chứng thực" / "Bản photo"


@dataclass(frozen=True)
class ReceiptDocument:
    """Giấy biên nhận thông tin, tài liệu, bằng chứng (Mẫu 02/TCD)."""

    letterhead: Letterhead
    number: str  # the visit number, e.g. "D01-2026-000123"
    date_line: str  # "An Giang, ngày 05 tháng 3 năm 2026"
    received_at_text: str  # "Vào 09 giờ 30 phút, ngày 05 tháng 3 năm 2026, tại Ban Tiếp công dân ..."
    receiver_name: str
    receiver_position: str
    provider_name: str
    provider_id_line: str  # "Số định danh cá nhân/CCCD: 089..., cấp ngày ..., nơi cấp ..." or ""
    provider_address: str
    items: tuple[ReceivedItem, ...]
    copies: int  # how many copies are made; one goes to the provider
    qr_payload: str  # what the QR code encodes (the visit number)
    confidential: bool = False  # names a denouncer (a permitted user's copy): the "MẬT" mark
    provider_salutation: str = "ông/bà"  # "ông" / "bà" from the stored sex; "ông/bà" only when unknown


@dataclass(frozen=True)
class AppointmentDocument:
    """Phiếu hẹn: when, where and with whom the citizen is to come back."""

    letterhead: Letterhead
    number: str
    date_line: str
    citizen_name: str
    citizen_id_line: str
    citizen_address: str
    content_summary: str
    appointment_text: str  # "08 giờ 00 phút, ngày 12 tháng 3 năm 2026"
    place: str
    with_whom: str
    note: str
    signer: Signer
    qr_payload: str
    confidential: bool = False  # names a denouncer (a permitted user's copy): the "MẬT" mark
    citizen_salutation: str = "ông/bà"  # "ông" / "bà" from the stored sex; "ông/bà" only when unknown
    head_count: int = 0  # a delegation's number of people; 0 for one citizen (or a few, not a delegation)
    representatives: tuple[str, ...] = ()  # a delegation's: "Ông Trần Văn Tâm", each with its salutation


@dataclass(frozen=True)
class LetterDocument:
    """An official letter or form of the office (Decree 30/2020 layout), every text prepared.

    Used for the guidance letter, transfer slip, proposal to accept, acceptance and refusal
    notices and the report back to a transferring body.
    """

    letterhead: Letterhead
    number: str  # "15/TB-BTCD" (printed after "Số: "); never a temporary number
    date_line: str  # "An Giang, ngày 05 tháng 3 năm 2026"
    title: str  # "THÔNG BÁO", "PHIẾU CHUYỂN ĐƠN"; "" for a công văn (letter with a V/v line)
    subtitle: str  # "Về việc thụ lý giải quyết khiếu nại" (bold, under the title)
    summary_line: str  # công văn only: "V/v hướng dẫn gửi đơn khiếu nại" under the number; else ""
    recipients: tuple[str, ...]  # "Kính gửi:" lines; empty for none
    legal_bases: tuple[str, ...]  # "Căn cứ ...;" lines, italic
    paragraphs: tuple[str, ...]  # body, justified, first-line indent
    copies_to: tuple[str, ...]  # "Nơi nhận:" lines ("- Như trên;", "- Lưu: VT, BTCD.")
    signer: Signer
    qr_payload: str = ""  # the register number of the petition or case, when there is one
    confidential: bool = False  # denunciation files: "MẬT" mark, denouncer's identity never printed
    # A proposal to accept: the head's approval block on the left (its position), the proposer on the right.
    approval: Signer | None = None
    proposer: str = ""  # the handling officer's name ("" leaves the line to be written by hand)
    # A decision (quyết định): the deciding power under the title, then "QUYẾT ĐỊNH:" before its articles.
    power_line: str = ""


@dataclass(frozen=True)
class BookRow:
    """One visit as a row of the Sổ tiếp công dân (Mẫu 03/TCD, docs/legal-basis.md#reception-book-printed).

    Every column is already formatted; "" leaves the cell empty and a "\\n" starts a new line
    inside the cell (the name, then the address, in column 3). The visit serial has no column of
    its own on the form: it opens column 13, so that each row leads back to its visit.
    """

    number: str  # 1 STT: the running number in the book, "1", "2", ...
    serial: str  # the visit serial, "D01-2026-000123", first line of column 13
    received_on: str  # 2 Ngày tiếp: "05/03/2026"
    name_and_address: str  # 3 Họ tên, địa chỉ
    id_number: str  # 4 Số CCCD/CMND/Hộ chiếu
    content: str  # 5 Nội dung vụ việc
    petition_kind: str  # 6 Loại đơn: "KN", "TC" or "KN-PA"
    head_count: str  # 7 Số người cùng nội dung
    prior_resolution: str  # 8 Cơ quan đã giải quyết
    within_competence: str  # 9 Thuộc thẩm quyền: "x" or ""
    guided_to: str  # 10 Hướng dẫn (cơ quan, số văn bản)
    handled_by: str  # 11 Cơ quan/đơn vị thụ lý (số văn bản chuyển)
    follow_up: str  # 12 Theo dõi kết quả giải quyết
    note: str  # 13 Ghi chú (after the serial)

    def cells(self) -> tuple[str, ...]:
        """The 13 columns in the order of the form."""
        return (
            self.number,
            self.received_on,
            self.name_and_address,
            self.id_number,
            self.content,
            self.petition_kind,
            self.head_count,
            self.prior_resolution,
            self.within_competence,
            self.guided_to,
            self.handled_by,
            self.follow_up,
            "\n".join(part for part in (self.serial, self.note) if part),
        )


@dataclass(frozen=True)
class BookDocument:
    """Sổ tiếp công dân of a year or a period: the agency, the title lines and one row per visit.

    ``rows`` may be a one-pass stream (a year can hold hundreds of thousands of visits): a
    renderer reads it once, in order.
    """

    letterhead: Letterhead
    year: int
    title_lines: tuple[str, ...]  # ("SỔ TIẾP CÔNG DÂN", "Năm 2026")
    rows: Iterable[BookRow]
    confidential: bool = False  # some row names a denouncer (a permitted user's copy): "MẬT" on each page
