"""Builders of sample documents and helpers that read PDFs back (pypdf, poppler, zbar)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.documents.model import (
    AppointmentDocument,
    LetterDocument,
    Letterhead,
    ReceiptDocument,
    ReceivedItem,
    Signer,
)

POPPLER_AND_ZBAR = ("pdftotext", "pdffonts", "pdftoppm", "zbarimg")


def make_letterhead(**overrides: str) -> Letterhead:
    base = Letterhead(
        parent_agency="Ủy ban nhân dân tỉnh An Giang",
        agency="Ban Tiếp công dân tỉnh",
        place_name="An Giang",
        address="Số 82 Tôn Đức Thắng, phường Long Xuyên",
        phone="0296 3852 123",
    )
    return replace(base, **overrides)


def make_items(count: int, name: str = "Giấy chứng nhận quyền sử dụng đất số {index}") -> tuple[ReceivedItem, ...]:
    return tuple(
        ReceivedItem(
            name=name.format(index=index),
            pages=str(index % 7 + 1),
            state="Bản sao có chứng thực" if index % 2 else "Bản photo",
        )
        for index in range(1, count + 1)
    )


def make_receipt(**overrides: object) -> ReceiptDocument:
    base = ReceiptDocument(
        letterhead=make_letterhead(),
        number="D01-2026-000123",
        date_line="An Giang, ngày 05 tháng 3 năm 2026",
        received_at_text=("Vào 09 giờ 30 phút, ngày 05 tháng 3 năm 2026, tại Trụ sở Tiếp công dân tỉnh An Giang."),
        receiver_name="Nguyễn Thị Ánh Tuyết",
        receiver_position="Chuyên viên Ban Tiếp công dân",
        provider_name="Đặng Văn Được",
        provider_id_line=(
            "Số định danh cá nhân/CCCD: 089085001234, cấp ngày 10/7/2021, nơi cấp: Cục Cảnh sát QLHC về TTXH"
        ),
        provider_address="Ấp Mỹ Hòa, xã Mỹ Hòa Hưng, tỉnh An Giang",
        items=(
            ReceivedItem(
                "Đơn khiếu nại về việc bồi thường, hỗ trợ và tái định cư khi Nhà nước thu hồi đất "
                "để thực hiện dự án Khu dân cư Bắc Long Xuyên (kèm bản đồ hiện trạng)",
                "12",
                "Bản sao có chứng thực",
            ),
            ReceivedItem("Quyết định số 1234/QĐ-UBND ngày 02/01/2026", "3", "Bản photo"),
            ReceivedItem("Biên bản kiểm đếm tài sản trên đất", "5", "Bản chính"),
        ),
        copies=2,
        qr_payload="D01-2026-000123",
    )
    return replace(base, **overrides)


def make_appointment(**overrides: object) -> AppointmentDocument:
    base = AppointmentDocument(
        letterhead=make_letterhead(),
        number="15/PH-BTCD",
        date_line="An Giang, ngày 05 tháng 3 năm 2026",
        citizen_name="Đặng Văn Được",
        citizen_id_line="Số định danh cá nhân/CCCD: 089085001234",
        citizen_address="Ấp Mỹ Hòa, xã Mỹ Hòa Hưng, tỉnh An Giang",
        content_summary="Khiếu nại việc bồi thường khi thu hồi đất tại dự án Khu dân cư Bắc Long Xuyên",
        appointment_text="08 giờ 00 phút, ngày 12 tháng 3 năm 2026",
        place="Phòng tiếp công dân số 2, Trụ sở Tiếp công dân tỉnh",
        with_whom="Ông Lê Hữu Đặng, Phó Trưởng Ban Tiếp công dân tỉnh",
        note="Mang theo bản chính giấy tờ về quyền sử dụng đất.",
        signer=Signer(authority="KT. TRƯỞNG BAN", position="PHÓ TRƯỞNG BAN", full_name="Lê Hữu Đặng"),
        qr_payload="15/PH-BTCD",
    )
    return replace(base, **overrides)


def make_letter(**overrides: object) -> LetterDocument:
    """A notice of acceptance of a complaint (Thông báo thụ lý), one A4 page."""
    base = LetterDocument(
        letterhead=make_letterhead(),
        number="15/TB-BTCD",
        date_line="An Giang, ngày 05 tháng 3 năm 2026",
        title="THÔNG BÁO",
        subtitle="Về việc thụ lý giải quyết khiếu nại",
        summary_line="",
        recipients=("Ông Đặng Văn Được",),
        legal_bases=(
            "Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;",
            "Căn cứ Nghị định số 124/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính phủ quy định chi tiết "
            "một số điều và biện pháp thi hành Luật Khiếu nại.",
        ),
        paragraphs=(
            "Ngày 02 tháng 3 năm 2026, Ban Tiếp công dân tỉnh nhận được đơn khiếu nại của ông Đặng Văn Được "
            "về việc bồi thường, hỗ trợ và tái định cư khi Nhà nước thu hồi đất để thực hiện dự án Khu dân cư "
            "Bắc Long Xuyên.",
            "Nội dung khiếu nại đủ điều kiện thụ lý theo Điều 27 Luật Khiếu nại. Thời hạn giải quyết là 30 ngày "
            "kể từ ngày thụ lý.",
        ),
        copies_to=("- Như trên;", "- Thanh tra tỉnh;", "- Lưu: VT, BTCD."),
        signer=Signer(authority="KT. TRƯỞNG BAN", position="PHÓ TRƯỞNG BAN", full_name="Lê Hữu Đặng"),
        qr_payload="KN-2026-000123",
    )
    return replace(base, **overrides)


def flat(text: str) -> str:
    """Text with every run of white space made one space (lines wrap differently per tool)."""
    return re.sub(r"\s+", " ", text).strip()


def run(*args: str | Path) -> str:
    return subprocess.run([str(arg) for arg in args], check=True, capture_output=True, text=True).stdout


class PdfProbe:
    """One rendered PDF on disk, read back with pypdf, poppler and zbar."""

    def __init__(self, pdf: bytes, path: Path) -> None:
        self.pdf = pdf
        self.path = path
        path.write_bytes(pdf)
        self.reader = PdfReader(io.BytesIO(pdf))

    @property
    def page_count(self) -> int:
        return len(self.reader.pages)

    def page_size(self, index: int = 0) -> tuple[float, float]:
        box = self.reader.pages[index].mediabox
        return float(box.width), float(box.height)

    def pypdf_text(self) -> str:
        return flat(" ".join(page.extract_text() for page in self.reader.pages))

    def poppler_text(self, page: int | None = None) -> str:
        """pdftotext output, white space kept (one page if `page` is given, counting from 1)."""
        pages = ("-f", str(page), "-l", str(page)) if page else ()
        return run("pdftotext", "-enc", "UTF-8", *pages, self.path, "-")

    def fonts(self) -> list[dict[str, str]]:
        """pdffonts rows as dicts: name, type, emb, sub, uni."""
        lines = run("pdffonts", self.path).splitlines()[2:]
        rows = []
        for line in lines:
            parts = line.split()
            # name, type words..., encoding, emb, sub, uni, object id, generation
            rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3], "line": line})
        return rows

    def qr_codes(self, dpi: int = 200) -> list[str]:
        """Every QR payload zbarimg finds on the pages rendered at `dpi`."""
        prefix = self.path.with_suffix("")
        run("pdftoppm", "-r", str(dpi), "-png", self.path, prefix)
        found: list[str] = []
        for image in sorted(self.path.parent.glob(f"{prefix.name}-*.png")):
            # zbarimg exits 4 when it finds nothing: that is an empty answer, not an error.
            result = subprocess.run(["zbarimg", "--raw", "-q", str(image)], check=False, capture_output=True, text=True)
            found += [line for line in result.stdout.splitlines() if line]
        return found


@pytest.fixture(scope="session", autouse=True)
def _poppler_and_zbar_installed() -> None:
    missing = [tool for tool in POPPLER_AND_ZBAR if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"missing tools (apt-get install poppler-utils zbar-tools): {missing}")


@pytest.fixture
def probe(tmp_path: Path) -> Callable[[bytes], PdfProbe]:
    """Write PDF bytes to a fresh file and return a PdfProbe over it."""
    counter = iter(range(1_000_000))

    def make(pdf: bytes) -> PdfProbe:
        return PdfProbe(pdf, tmp_path / f"doc{next(counter)}.pdf")

    return make


@pytest.fixture(name="make_receipt")
def _make_receipt() -> Callable[..., ReceiptDocument]:
    return make_receipt


@pytest.fixture(name="make_appointment")
def _make_appointment() -> Callable[..., AppointmentDocument]:
    return make_appointment


@pytest.fixture(name="make_letter")
def _make_letter() -> Callable[..., LetterDocument]:
    return make_letter


@pytest.fixture(name="make_items")
def _make_items() -> Callable[..., tuple[ReceivedItem, ...]]:
    return make_items
