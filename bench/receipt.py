"""Benchmark: one A4 receipt (and friends) against a bare ReportLab canvas page with the same text."""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.documents.appointment import render_appointment
from desktop.documents.fonts import BOLD, ITALIC, REGULAR, register_fonts
from desktop.documents.model import (
    AppointmentDocument,
    Letterhead,
    ReceiptDocument,
    ReceivedItem,
    Signer,
)
from desktop.documents.receipt import render_receipt

RUNS = 200
WARMUP = 10

LETTERHEAD = Letterhead("ỦY BAN NHÂN DÂN TỈNH AN GIANG", "BAN TIẾP CÔNG DÂN TỈNH", "An Giang")
ITEMS = (
    ReceivedItem("Đơn khiếu nại về việc bồi thường khi thu hồi đất", "3", "Bản sao có chứng thực"),
    ReceivedItem("Quyết định thu hồi đất số 1234/QĐ-UBND", "2", "Bản photo"),
    ReceivedItem("Giấy chứng nhận quyền sử dụng đất", "4", "Bản sao có chứng thực"),
)


def receipt(items: tuple[ReceivedItem, ...] = ITEMS) -> ReceiptDocument:
    return ReceiptDocument(
        letterhead=LETTERHEAD,
        number="D01-2026-000123",
        date_line="An Giang, ngày 05 tháng 3 năm 2026",
        received_at_text="Vào 09 giờ 30 phút, ngày 05 tháng 3 năm 2026, tại Trụ sở Tiếp công dân tỉnh.",
        receiver_name="Nguyễn Thị Ánh Tuyết",
        receiver_position="Chuyên viên",
        provider_name="Đặng Văn Được",
        provider_id_line="Số định danh cá nhân/CCCD: 089085001234, cấp ngày 10/7/2021",
        provider_address="Ấp Mỹ Hòa, xã Mỹ Hòa Hưng, tỉnh An Giang",
        items=items,
        copies=2,
        qr_payload="D01-2026-000123",
    )


def appointment() -> AppointmentDocument:
    return AppointmentDocument(
        letterhead=LETTERHEAD,
        number="15/PH-BTCD",
        date_line="An Giang, ngày 05 tháng 3 năm 2026",
        citizen_name="Đặng Văn Được",
        citizen_id_line="Số định danh cá nhân/CCCD: 089085001234",
        citizen_address="Ấp Mỹ Hòa, xã Mỹ Hòa Hưng, tỉnh An Giang",
        content_summary="Khiếu nại việc bồi thường khi thu hồi đất",
        appointment_text="08 giờ 00 phút, ngày 12 tháng 3 năm 2026",
        place="Trụ sở Tiếp công dân tỉnh",
        with_whom="Ông Lê Hữu Đặng, Phó Trưởng Ban",
        note="",
        signer=Signer("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Lê Hữu Đặng"),
        qr_payload="15/PH-BTCD",
    )


def receipt_lines(doc: ReceiptDocument) -> list[str]:
    """The same text the receipt prints, as plain lines for the bare canvas."""
    lines = [
        doc.letterhead.parent_agency,
        doc.letterhead.agency,
        f"Số: {doc.number}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        doc.date_line,
        "GIẤY BIÊN NHẬN",
        "Thông tin, tài liệu, bằng chứng",
        doc.received_at_text,
        f"Tôi là: {doc.receiver_name}, chức vụ: {doc.receiver_position}",
        f"Đã nhận của ông/bà: {doc.provider_name}",
        doc.provider_id_line,
        f"Địa chỉ: {doc.provider_address}",
        "Các thông tin, tài liệu, bằng chứng sau:",
    ]
    lines += [f"{i}. {item.name} {item.pages} {item.state}" for i, item in enumerate(doc.items, 1)]
    lines += [
        "Giấy biên nhận này được lập thành 02 bản, mỗi bên giữ 01 bản.",
        "NGƯỜI CUNG CẤP",
        "NGƯỜI NHẬN",
        doc.provider_name,
        doc.receiver_name,
    ]
    return lines


def bare_canvas(lines: list[str], faces: tuple[str, ...] = (REGULAR,)) -> bytes:
    """The lines drawn one under the other, cycling through `faces` (each face embeds a subset)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=REGULAR)
    y = A4[1] - 20 * mm
    for index, line in enumerate(lines):
        canvas.setFont(faces[index % len(faces)], 13)
        canvas.drawString(30 * mm, y, line)
        y -= 17
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def measure(render: Callable[[], bytes]) -> tuple[float, float]:
    for _ in range(WARMUP):
        render()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        render()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9)]


def main() -> None:
    start = time.perf_counter()
    register_fonts()
    first = render_receipt(receipt())
    cold_ms = (time.perf_counter() - start) * 1000
    doc, lines = receipt(), receipt_lines(receipt())
    many = receipt(ITEMS * 14)
    cases: list[tuple[str, Callable[[], bytes]]] = [
        ("bare canvas, same font + text", lambda: bare_canvas(lines)),
        ("bare canvas, receipt's 3 faces", lambda: bare_canvas(lines, (REGULAR, BOLD, ITALIC))),
        ("receipt A4 (3 items + QR)", lambda: render_receipt(doc)),
        ("receipt 80 mm thermal", lambda: render_receipt(doc, thermal=True)),
        ("receipt A4, 42 items (2 pages)", lambda: render_receipt(many)),
        ("appointment A4", lambda: render_appointment(appointment())),
        ("appointment 80 mm thermal", lambda: render_appointment(appointment(), thermal=True)),
    ]
    results = [(name, *measure(render)) for name, render in cases]
    base = results[0][1]
    print(f"first receipt in process (fonts + QR + render): {cold_ms:.1f} ms, {len(first)} bytes")
    print(f"{RUNS} runs each after {WARMUP} warm-up runs, Python {sys.version.split()[0]}")
    print("ratio = median / median of the bare canvas in one face (the first row)")
    print(f"{'name':<34} {'median ms':>10} {'p90 ms':>8} {'ratio':>6}")
    for name, median, p90 in results:
        print(f"{name:<34} {median:>10.2f} {p90:>8.2f} {median / base:>6.2f}")


if __name__ == "__main__":
    main()
