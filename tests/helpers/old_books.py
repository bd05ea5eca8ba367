"""Messy synthetic old reception books in the shapes real offices export (docs/importing.md).

Invented people and places. Each builder returns the file's bytes; the rows each one holds and
the rows it must refuse are stated beside it, so that tests can count.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import unicodedata

import openpyxl

TITLE = "SỔ TIẾP CÔNG DÂN"
PERIOD = "(tính từ ngày 01/01/2016 đến ngày 31/07/2023)"

GVT_HEADER_1 = (
    "Số đơn",
    "Ngày tiếp",
    "Họ tên - Địa chỉ - CMND/Hộ chiếu của công dân",
    "Nội dung vụ việc",
    "Phân loại đơn / Số người",
    "Cơ quan đã GQ",
    "Hướng xử lý",
    None,
    None,
    "Theo dõi kết quả giải quyết",
    "Ghi chú",
    "Lãnh đạo tiếp",
    "Kết quả",
)
GVT_HEADER_2 = (
    None,
    None,
    None,
    None,
    None,
    None,
    "Thụ lý để giải quyết",
    "Trả lại đơn và hướng dẫn",
    "Chuyển đơn đến cơ quan, tổ chức đơn vị có thẩm quyền",
    None,
    None,
    None,
    None,
)
ADDRESS = "Tổ 3, ấp Mỹ Thạnh, xã Mỹ Hòa Hưng, TP Long Xuyên, An Giang"


def gvt_rows() -> list[tuple[object, ...]]:
    """GVT: one person per row, real date cells, continuation rows, "/ 0", result words, newest first.

    6 entries (9 people), 3 refused: row 11 (no date), row 12 (in the future), row 13 (no name).
    """
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    return [
        (TITLE,),
        (PERIOD,),
        GVT_HEADER_1,
        GVT_HEADER_2,
        (
            1201,
            dt.datetime(2023, 3, 14),
            f"Trần Văn Phúc ({ADDRESS})",
            "Khiếu nại việc bồi thường khi thu hồi đất",
            "Khiếu nại/ 4",
            "UBND TP Long Xuyên",
            "X",
            None,
            None,
            None,
            None,
            None,
            "Đề xuất thụ lý",
        ),
        (None, None, f"Lê Thị Hoa ({ADDRESS})"),
        (None, None, f"Lê Văn Hùng ({ADDRESS})"),
        (
            1200,
            dt.datetime(2022, 11, 2),
            f"{nfd} (, Phường 1, TP Vũng Tàu, Bà Rịa - Vũng Tàu)",
            "Phản ánh tiếng ồn",
            "/ 0",
            None,
            None,
            "X",
            None,
            None,
            None,
            None,
            "Hướng dẫn",
        ),
        (
            1199,
            dt.datetime(2021, 5, 20),
            "Phạm Văn Lợi (ấp 1, xã Long Điền, An Giang)",
            "Tố cáo cán bộ xã",
            "Tố cáo/ 1",
            None,
            None,
            None,
            "Thanh tra tỉnh",
            None,
            None,
            "Nguyễn Văn Bình",
            "Chuyển đơn",
        ),
        (
            1198,
            dt.datetime(2020, 1, 6),
            "Hồ Thị Mai (ấp 2, xã Mỹ Hòa Hưng, An Giang)",
            "Tranh chấp ranh giới đất",
            "Tranh chấp/ 1",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "Lưu đơn",
        ),
        (1197, "không rõ", "Đỗ Văn Sang (ấp 3)", "Khiếu nại", "Khiếu nại/ 1"),
        (1196, dt.datetime(2099, 1, 1), "Đỗ Văn Sang (ấp 3)", "Khiếu nại", "Khiếu nại/ 1"),
        (1195, dt.datetime(2019, 1, 1), None, "Khiếu nại", "Khiếu nại/ 1"),
        (
            1194,
            dt.datetime(2018, 7, 9),
            "Vũ Văn Tài (ấp 4, xã Mỹ Hòa Hưng, An Giang)",
            "Kiến nghị làm đường",
            "Phản ánh, kiến nghị khác/ 2",
            None,
            None,
            "X",
            None,
            None,
            None,
            None,
            "Trả đơn",
        ),
        (None, None, "Vũ Thị Nga (ấp 4, xã Mỹ Hòa Hưng, An Giang)"),
        (1193, dt.datetime(2016, 2, 1), "Mai Văn Út (ấp 5, An Giang)", "Khiếu nại quyết định", "Khiếu nại/ 1"),
    ]


GVT_COUNTS = {"entries": 6, "people": 9, "rejected": [11, 12, 13]}


def xlsx_bytes(rows: list[tuple[object, ...]], *, sheet: str = "Sheet1", number_row: bool = False) -> bytes:
    book = openpyxl.Workbook()
    worksheet = book.active
    assert worksheet is not None
    worksheet.title = sheet
    for index, row in enumerate(rows):
        worksheet.append(list(row))
        if number_row and index == 3:
            worksheet.append(list(range(1, 14)))
    for cell in worksheet["B"]:
        if isinstance(cell.value, dt.datetime):
            cell.number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BTR_HEADER = (
    "STT",
    "Ngày tiếp",
    "Họ tên - Địa chỉ - Số định danh",
    "Nội dung vụ việc",
    "Phân loại đơn/Số người",
    "Cơ quan đã giải quyết",
    "Thẩm quyền giải quyết",
    "Trả đơn và hướng dẫn",
    "Chuyển cơ quan",
    "Theo dõi kết quả giải quyết",
    "Ghi chú",
)


def btr_rows() -> list[tuple[object, ...]]:
    """BTR: text dates, several "Name - address - ID" lines per cell, agency names in column 9.

    4 entries (6 people), 1 refused: row 13 (31/02 is no date).
    """
    return [
        ("UBND TỈNH BẾN TRE",),
        ("BAN TIẾP CÔNG DÂN",),
        (None,),
        (TITLE,),
        (None,),
        ("Nguyễn Văn A (tính từ ngày 01/01/2019 đến ngày 31/12/2019)",),
        (None,),
        BTR_HEADER,
        tuple(str(n) for n in range(1, 12)),
        (
            "1",
            "05/06/2019",
            "Nguyễn Văn Tâm - ấp 2, xã An Hiệp, huyện Châu Thành, tỉnh Bến Tre - 083078001234\n"
            "Võ Thị Lan - ấp 2, xã An Hiệp, huyện Châu Thành, tỉnh Bến Tre - 083175004321",
            "Tiếp không đơn:\nPhản ánh ô nhiễm từ lò than",
            "Không đơn / 2",
            None,
            None,
            "X",
            None,
            None,
            None,
        ),
        (
            "2",
            "6/6/2019",
            "Trần Thị Bé - ấp 1, xã Phú Hưng - 083180001111",
            "Khiếu nại thu hồi đất",
            "Khiếu nại / 1",
            None,
            "X",
            None,
            None,
            "+ Quyết định giải quyết số 12/QĐ-UBND ngày 01/07/2019",
            None,
        ),
        (
            "3",
            "07/06/2019",
            "Lý Văn Nam - ấp 3, xã Phú Hưng\nLý Thị Nở - ấp 3, xã Phú Hưng",
            "Tố cáo trưởng ấp",
            "Tố cáo / 2",
            None,
            None,
            None,
            "Thanh tra huyện Châu Thành",
            None,
            None,
        ),
        ("4", "31/02/2019", "Lê Văn Tư - ấp 4 - 083180002222", "Kiến nghị", "Kiến nghị / 1"),
        (
            "5",
            "08/06/2019",
            "Đặng Văn Năm - ấp 5, xã Phú Hưng",
            "Kiến nghị sửa cầu",
            "Kiến nghị / 1",
            None,
            None,
            "X",
            None,
            None,
            None,
        ),
        (None,),
        ("Bến Tre, ngày 31 tháng 12 năm 2019",),
        ("KT. TRƯỞNG BAN",),
        ("PHÓ TRƯỞNG BAN",),
    ]


BTR_COUNTS = {"entries": 4, "people": 6, "rejected": [13]}

VLL_HEADER = (
    "Số TT",
    "Ngày tháng",
    "Họ tên, địa chỉ người khiếu nại-tố cáo",
    "Nội dung Khiếu nại - Tố cáo",
    "Số người tham gia",
    "Công dân trực tiếp đến",
    "Phân loại nội dung khiếu nại tố cáo",
    "Cơ quan đã giải quyết; hình thức giải quyết",
    "Tên cơ quan có thẩm quyền giải quyết tiếp theo",
    "Kết quả xử lý (Tiếp nhận hoặc giải thích hướng dẫn)",
    "Cán bộ tiếp dân xử lý đơn",
    "Ghi chú",
)


def vll_rows() -> list[tuple[object, ...]]:
    """VLL: name / address line pairs, text dates, the count and the kind in their own columns.

    3 entries (4 people), 1 refused: row 4 of the table (no name; the header is row 1).
    """
    return [
        (
            "3",
            "22/11/2021",
            "Phạm Minh Trí\nKhóm 1, phường 4, TP Vĩnh Long, tỉnh Vĩnh Long",
            "Có đơn: Tố cáo cán bộ địa chính thu tiền trái quy định",
            "1",
            "1",
            "Tố cáo",
            None,
            "Thanh tra tỉnh",
            "Tiếp nhận",
            "Nguyễn Văn B",
            None,
        ),
        (
            "4",
            "23/11/2021",
            "Lâm Văn Đức\nẤp Phước Yên, xã Phú Quới, huyện Long Hồ\nLâm Thị Thu\nẤp Phước Yên, xã Phú Quới",
            "Không đơn: Khiếu nại bồi thường",
            "2",
            "2",
            "Khiếu nại",
            "UBND huyện Long Hồ",
            None,
            "Giải thích hướng dẫn",
            "Nguyễn Văn B",
            None,
        ),
        (
            "5",
            "24/11/2021",
            None,
            "Không đơn: Hỏi chính sách",
            "1",
            "1",
            "Kiến nghị",
            None,
            None,
            "Hướng dẫn",
            "Nguyễn Văn B",
            None,
        ),
        (
            "6",
            "25/11/2021",
            "Tạ Văn Sáu / ấp Phú Thạnh, xã Tân Hạnh",
            "Có đơn: phản ánh",
            "1",
            "1",
            "Phản ánh",
            None,
            None,
            None,
            "Nguyễn Văn B",
            None,
        ),
    ]


VLL_COUNTS = {"entries": 3, "people": 4, "rejected": [4]}


def encoded(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; for Windows-1258 as Vietnamese Windows writes it: base letters, tones combining."""
    if encoding != "cp1258":
        return text.encode(encoding)
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        # The letter with its vowel mark precomposed (â, ê, ơ, ư...), the tone mark combining after it.
        for index in range(len(marks)):
            head = unicodedata.normalize("NFC", base + marks[index])
            rest = "".join(marks[:index] + marks[index + 1 :])
            try:
                out += head.encode("cp1258") + rest.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


def html_table(
    title: str, header: tuple[object, ...], rows: list[tuple[object, ...]], *, charset: str = "utf-8"
) -> bytes:
    """An HTML page as a GridView export saves it (as .xls or .doc): a title, then one table."""

    def cell(value: object, tag: str = "td") -> str:
        text = "" if value is None else html.escape(str(value)).replace("\n", "<br/>")
        return f"<{tag}>{text}</{tag}>"

    lines = [
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head><body>',
        f"<p align=center><b>{title}</b></p>",
        '<table border="1" cellspacing="0">',
        "<tr>" + "".join(cell(value, "th") for value in header) + "</tr>",
    ]
    lines += ["<tr>" + "".join(cell(value) for value in row) + "</tr>" for row in rows]
    lines.append("</table></body></html>")
    return encoded("\n".join(lines), charset)


def official_html() -> bytes:
    """The Circular 04/2021 book as an HTML table with two header rows (spans) and the column numbers.

    2 entries (2 people), 0 refused.
    """
    head = (
        '<tr><th rowspan="2">STT</th><th rowspan="2">Ngày tiếp</th><th rowspan="2">Họ tên - Địa chỉ</th>'
        '<th rowspan="2">CMND/Hộ chiếu của công dân</th><th rowspan="2">Nội dung vụ việc</th>'
        '<th rowspan="2">Phân loại đơn/Số người</th><th rowspan="2">Cơ quan đã giải quyết</th>'
        '<th colspan="3">Hướng xử lý</th><th rowspan="2">Theo dõi kết quả giải quyết</th>'
        '<th rowspan="2">Ghi chú</th></tr>'
        "<tr><th>Thụ lý để giải quyết</th><th>Trả lại đơn và hướng dẫn</th>"
        "<th>Chuyển đơn đến cơ quan, tổ chức đơn vị có thẩm quyền</th></tr>"
        "<tr>" + "".join(f"<td>({n})</td>" for n in range(1, 13)) + "</tr>"
    )
    body = (
        "<tr><td>1</td><td>02/03/2024</td><td>Hà Văn Kiên (số 5, đường Trần Hưng Đạo, An Giang)</td>"
        "<td>089080001234</td><td>Khiếu nại quyết định thu hồi đất</td><td>Khiếu nại/ 1</td><td></td>"
        "<td>x</td><td></td><td></td><td></td><td></td></tr>"
        "<tr><td>2</td><td>03/03/2024</td><td>Hà Thị Kim (ấp 6, xã Mỹ Hòa Hưng, An Giang)</td><td></td>"
        "<td>Kiến nghị</td><td>Kiến nghị/ 1</td><td></td><td></td><td>x</td><td></td><td></td><td></td></tr>"
    )
    page = (
        '<html><head><meta charset="utf-8"></head><body><p>SỔ TIẾP CÔNG DÂN</p><table>'
        + head
        + body
        + "</table></body></html>"
    )
    return page.encode("utf-8")


def csv_bytes(rows: list[tuple[object, ...]], *, encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return encoded(out.getvalue(), encoding)


def decree_154_rows() -> list[tuple[object, ...]]:
    """The Decree 154/2026 book: ID, kind and count in their own columns. 2 entries, 0 refused."""
    header = (
        "STT",
        "Ngày tiếp",
        "Họ tên - Địa chỉ",
        "Số định danh cá nhân/CMND/Hộ chiếu",
        "Nội dung vụ việc",
        "Loại đơn",
        "Số người",
        "Cơ quan đã giải quyết",
        "Thuộc thẩm quyền (x)",
        "Thụ lý để giải quyết",
        "Trả lại đơn và hướng dẫn",
        "Chuyển đơn đến cơ quan có thẩm quyền",
        "Ghi chú",
    )
    return [
        (TITLE,),
        header,
        tuple(range(1, 14)),
        (
            1,
            "02/01/2026",
            "Trịnh Văn Hải (ấp 1, xã Mỹ Hòa Hưng, An Giang)",
            "089090001234",
            "Khiếu nại",
            "KN",
            1,
            None,
            "x",
            "x",
            None,
            None,
            None,
        ),
        (
            2,
            "03/01/2026",
            "Trịnh Thị Hạnh (ấp 1, xã Mỹ Hòa Hưng, An Giang)",
            None,
            "Tố cáo",
            "TC",
            6,
            None,
            None,
            None,
            None,
            "Công an tỉnh",
            None,
        ),
    ]
