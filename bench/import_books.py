"""Benchmark: an old reception book of N rows (default 10,000) in the GVT shape, as .xlsx, read and imported.

A tenth of the entries are group visits with a continuation row; one row in fifty is refused (no date).
Run: .venv/bin/python bench/import_books.py [N]
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl

from db.enums import Role
from desktop.core.access import Actor
from desktop.core.database import open_database
from desktop.core.office import EXAMPLE_OFFICE, save_office, set_current_desk
from desktop.core.reception.importing.books import import_book, read_book

ADMIN = Actor(user_id=uuid.UUID(int=1), username="quantri", role=Role.ADMIN.value)
NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Minh", "Hữu", "Ngọc")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hoa", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Tâm", "Út")
KINDS = ("Khiếu nại/ 1", "Tố cáo/ 1", "Phản ánh, kiến nghị khác/ 2", "/ 0", "Tranh chấp/ 1", "Khiếu nại/ 6")
RESULTS = ("Chuyển đơn", "Đề xuất thụ lý", "Hướng dẫn", "Lưu đơn", "", "Trả đơn")
HEADER = (
    "Số đơn", "Ngày tiếp", "Họ tên - Địa chỉ - CMND/Hộ chiếu của công dân", "Nội dung vụ việc",
    "Phân loại đơn / Số người", "Cơ quan đã GQ", "Thụ lý để giải quyết", "Trả lại đơn và hướng dẫn",
    "Chuyển đơn đến cơ quan, tổ chức đơn vị có thẩm quyền", "Theo dõi kết quả giải quyết", "Ghi chú",
    "Lãnh đạo tiếp", "Kết quả",
)  # fmt: skip


def _name(i: int) -> str:
    return f"{FAMILY[i % 10]} {MIDDLE[(i // 10) % 5]} {GIVEN[(i // 50) % 12]}"


def build(rows: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("so_tiep_dan")
    sheet.append(["SỔ TIẾP CÔNG DÂN"])
    sheet.append(["(tính từ ngày 01/01/2016 đến ngày 31/07/2023)"])
    sheet.append(list(HEADER))
    start = dt.datetime(2016, 1, 4)
    written = number = 0
    while written < rows:
        number += 1
        day = start + dt.timedelta(days=number % 2700)
        address = f"Tổ {number % 9 + 1}, ấp Mỹ Thạnh, xã Mỹ Hòa Hưng, TP Long Xuyên, An Giang"
        when: object = None if number % 50 == 0 else day
        sheet.append([
            number, when, f"{_name(number)} ({address})", f"Nội dung vụ việc số {number} về đất đai",
            KINDS[number % 6], "UBND TP Long Xuyên" if number % 3 == 0 else None, "X" if number % 4 == 0 else None,
            None, None, None, None, None, RESULTS[number % 6],
        ])  # fmt: skip
        written += 1
        if number % 10 == 0 and written < rows:
            sheet.append([None, None, f"{_name(number + 7)} ({address})"])
            written += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    data = build(rows)
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(data_dir=Path(folder))
        with database.sessions.begin() as session:
            save_office(session, EXAMPLE_OFFICE)
            set_current_desk(session, "D01")
        started = time.perf_counter()
        sheets = read_book(data, today=NOW.date())
        read = time.perf_counter() - started
        timings = {}
        reports = {}
        for name, dry_run in (("dry run", True), ("import", False), ("import again", False)):
            started = time.perf_counter()
            with database.sessions.begin() as session:
                reports[name] = import_book(
                    session, data, file_name="bench.xlsx", actor=ADMIN, desk_code="D01", dry_run=dry_run, now=NOW
                )
            timings[name] = time.perf_counter() - started
        database.dispose()
    done = reports["import"]
    print(f"{'measure':<36}{'value':>14}")
    print(f"{'rows in the sheet':<36}{rows:>14,}")
    print(f"{'file size (MB)':<36}{len(data) / 1e6:>14.2f}")
    print(f"{'entries imported':<36}{done.imported:>14,}")
    print(f"{'people':<36}{done.people:>14,}")
    print(f"{'rows refused':<36}{len(done.rejected):>14,}")
    print(f"{'read and parse (s)':<36}{read:>14.2f}")
    print(f"{'dry run, parse included (s)':<36}{timings['dry run']:>14.2f}")
    print(f"{'import, one transaction (s)':<36}{timings['import']:>14.2f}")
    print(f"{'import per entry (ms)':<36}{timings['import'] / max(done.imported, 1) * 1000:>14.2f}")
    print(f"{'import again: nothing added (s)':<36}{timings['import again']:>14.2f}")
    print(f"{'already imported the second time':<36}{reports['import again'].already_imported:>14,}")
    assert len(sheets) == 1


if __name__ == "__main__":
    main()
