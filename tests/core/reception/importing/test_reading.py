"""Old reception books read from their files: every real shape, every kind of file, the rows refused."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from pathlib import Path

import pytest

from db.enums import Classification, IdType, Outcome
from desktop.core.reception.importing.layout import Field, MappingError, Shape, column_letter, parse_mapping
from desktop.core.reception.importing.rows import ReadSheet, classification_of, read_people, read_sheet
from desktop.core.reception.importing.sources import UnreadableFileError, kind_of, read_sheets
from tests.helpers import old_books

TODAY = dt.date(2026, 12, 1)
FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "import"


def _read(data: bytes) -> list[ReadSheet]:
    return [read_sheet(sheet, today=TODAY) for sheet in read_sheets(data)]


def _one(data: bytes) -> ReadSheet:
    recognised = [sheet for sheet in _read(data) if sheet.layout is not None]
    assert len(recognised) == 1
    return recognised[0]


def _counts(sheet: ReadSheet) -> dict[str, object]:
    return {
        "entries": len(sheet.entries),
        "people": sum(len(entry.people) for entry in sheet.entries),
        "rejected": [reject.row for reject in sheet.rejected],
    }


def test_a_gvt_xlsx_is_read_with_its_continuation_rows_and_refusals() -> None:
    sheet = _one(old_books.xlsx_bytes(old_books.gvt_rows()))
    assert sheet.layout is not None
    assert sheet.layout.shape == Shape.GVT
    assert _counts(sheet) == old_books.GVT_COUNTS
    first = sheet.entries[0]
    assert (first.number, first.day, first.count) == ("1201", dt.date(2023, 3, 14), 4)
    assert [p.name for p in first.people] == ["Trần Văn Phúc", "Lê Thị Hoa", "Lê Văn Hùng"]
    assert first.people[0].address == old_books.ADDRESS
    assert (first.classification, first.outcome) == (Classification.COMPLAINT, Outcome.RECEIVE_PETITION)
    by_number = {entry.number: entry for entry in sheet.entries}
    assert by_number["1200"].classification == Classification.UNKNOWN  # "/ 0"
    assert first.outcome_note == "Đề xuất thụ lý"  # more than "petition received": kept
    assert by_number["1200"].people[0].address == "Phường 1, TP Vũng Tàu, Bà Rịa - Vũng Tàu"
    assert by_number["1199"].outcome == Outcome.TRANSFER
    assert by_number["1199"].outcome_note == "Thanh tra tỉnh"  # "Chuyển đơn" only restates the outcome
    assert by_number["1199"].leader == "Nguyễn Văn Bình"
    assert by_number["1198"].classification == Classification.UNKNOWN  # "Tranh chấp": no rule names it
    assert by_number["1198"].outcome == Outcome.UNKNOWN
    assert by_number["1198"].outcome_note == "Lưu đơn"
    assert by_number["1194"].classification == Classification.REFLECTION
    reasons = [reject.reason for reject in sheet.rejected]
    assert reasons[0] != reasons[1] != reasons[2]


def test_a_column_number_row_under_the_header_is_skipped() -> None:
    sheet = _one(old_books.xlsx_bytes(old_books.gvt_rows(), number_row=True))
    assert len(sheet.entries) == old_books.GVT_COUNTS["entries"]
    assert [r.row for r in sheet.rejected] == [12, 13, 14]


def test_a_real_biff_xls_keeps_its_date_cells() -> None:
    data = (FIXTURES / "gvt_book.xls").read_bytes()
    assert kind_of(data) == "xls"
    sheet = _one(data)
    assert sheet.name == "so_tiep_dan"
    assert _counts(sheet) == old_books.GVT_COUNTS
    assert sheet.entries[0].day == dt.date(2023, 3, 14)


def test_a_btr_book_with_text_dates_and_several_people_per_cell() -> None:
    sheet = _one(old_books.xlsx_bytes(old_books.btr_rows()))
    assert sheet.layout is not None
    assert sheet.layout.shape == Shape.BTR
    assert _counts(sheet) == old_books.BTR_COUNTS
    first = sheet.entries[0]
    assert [(p.name, p.id_number, p.id_type) for p in first.people] == [
        ("Nguyễn Văn Tâm", "083078001234", IdType.CCCD),
        ("Võ Thị Lan", "083175004321", IdType.CCCD),
    ]
    assert first.people[0].address == "ấp 2, xã An Hiệp, huyện Châu Thành, tỉnh Bến Tre"
    assert (first.kind_text, first.count, first.outcome) == ("Không đơn", 2, Outcome.GUIDE)
    assert first.classification == Classification.UNKNOWN
    assert sheet.entries[2].outcome == Outcome.TRANSFER
    assert sheet.entries[2].outcome_note == "Thanh tra huyện Châu Thành"


@pytest.mark.parametrize("charset", ["utf-8", "cp1258"])
def test_a_vll_html_saved_as_doc_is_read_by_its_content(tmp_path: Path, charset: str) -> None:
    data = old_books.html_table("SỔ TIẾP DÂN", old_books.VLL_HEADER, old_books.vll_rows(), charset=charset)
    path = tmp_path / "SoTiepDan.doc"
    path.write_bytes(data)
    assert kind_of(path.read_bytes()) == "html"
    sheet = _one(path.read_bytes())
    assert sheet.layout is not None
    assert sheet.layout.shape == Shape.VLL
    assert _counts(sheet) == old_books.VLL_COUNTS
    two = sheet.entries[1]
    assert [(p.name, p.address) for p in two.people] == [
        ("Lâm Văn Đức", "Ấp Phước Yên, xã Phú Quới, huyện Long Hồ"),
        ("Lâm Thị Thu", "Ấp Phước Yên, xã Phú Quới"),
    ]
    assert (two.classification, two.count, two.outcome) == (Classification.COMPLAINT, 2, Outcome.GUIDE)
    assert sheet.entries[0].outcome == Outcome.TRANSFER
    assert sheet.entries[2].people[0].address == "ấp Phú Thạnh, xã Tân Hạnh"  # "Name / address"
    assert all(unicodedata.is_normalized("NFC", p.name) for e in sheet.entries for p in e.people)


def test_the_official_book_as_html_with_spanned_headers_and_column_numbers() -> None:
    sheet = _one(old_books.official_html())
    assert sheet.layout is not None
    assert sheet.layout.shape == Shape.CIRCULAR_04
    assert sheet.layout.columns[Field.TRANSFER] == 9
    assert _counts(sheet) == {"entries": 2, "people": 2, "rejected": []}
    assert sheet.entries[0].people[0].id_number == "089080001234"
    assert [e.outcome for e in sheet.entries] == [Outcome.RECEIVE_PETITION, Outcome.GUIDE]


def test_the_decree_154_book_with_split_kind_and_count() -> None:
    sheet = _one(old_books.xlsx_bytes(old_books.decree_154_rows()))
    assert sheet.layout is not None
    assert sheet.layout.shape == Shape.DECREE_154
    assert [(e.classification, e.count, e.outcome) for e in sheet.entries] == [
        (Classification.COMPLAINT, 1, Outcome.RECEIVE_PETITION),
        (Classification.DENUNCIATION, 6, Outcome.TRANSFER),
    ]


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8-sig", ","), ("cp1258", ";"), ("utf-8", "\t")])
def test_csv_in_utf8_with_bom_and_in_windows_1258(encoding: str, delimiter: str) -> None:
    rows = [(old_books.TITLE,), old_books.BTR_HEADER, *old_books.btr_rows()[9:14]]
    sheet = _one(old_books.csv_bytes(rows, encoding=encoding, delimiter=delimiter))
    assert [r.row for r in sheet.rejected] == [6]
    assert len(sheet.entries) == 4
    name = sheet.entries[0].people[0].name
    assert name == "Nguyễn Văn Tâm"
    assert unicodedata.is_normalized("NFC", name)


def test_utf16_text_and_web_pages_as_excel_saves_them() -> None:
    rows = [old_books.BTR_HEADER, *old_books.btr_rows()[9:11]]
    tab_text = "\n".join("\t".join("" if v is None else str(v).replace("\n", " ") for v in row) for row in rows)
    assert len(_one(tab_text.encode("utf-16")).entries) == 2
    page = old_books.html_table("SỔ", old_books.VLL_HEADER, old_books.vll_rows()).decode("utf-8")
    assert kind_of(page.encode("utf-16")) == "html"
    assert len(_one(page.encode("utf-16")).entries) == 3


def test_an_unknown_header_is_not_guessed_and_a_mapping_reads_it() -> None:
    rows = [("Sổ cũ",), ("A", "B", "C"), ("01/02/2020", "Ông Ba (ấp 1)", "Khiếu nại / 1")]
    sheet = read_sheets(old_books.xlsx_bytes(rows))[0]
    assert read_sheet(sheet, today=TODAY).layout is None
    mapping = parse_mapping("date=A, name=B, kind_count=C")
    from desktop.core.reception.importing.layout import manual_layout

    read = read_sheet(sheet, today=TODAY, layout=manual_layout(sheet.rows, mapping))
    assert [(e.day, e.people[0].name, e.classification) for e in read.entries] == [
        (dt.date(2020, 2, 1), "Ông Ba", Classification.COMPLAINT)
    ]


@pytest.mark.parametrize("text", ["date=A", "when=A,name=B", "date=1,name=B", "date=A,name="])
def test_a_bad_mapping_is_refused(text: str) -> None:
    with pytest.raises(MappingError):
        parse_mapping(text)


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


def test_people_lines() -> None:
    assert [(p.name, p.address) for p in read_people("Bà Năm (, xã A, tỉnh B)\n\nÔng Sáu")] == [
        ("Bà Năm", "xã A, tỉnh B"),
        ("Ông Sáu", ""),
    ]
    assert read_people("123\n...") == []


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04broken", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1broken"])
def test_a_broken_file_is_refused_in_words(data: bytes) -> None:
    with pytest.raises(UnreadableFileError):
        read_sheets(data)


@pytest.mark.parametrize("written", ["Khiếu nại, tố cáo", "Khiếu nại - Tố cáo", "KN-TC", "KN, TC", "kn/tc"])
def test_a_kind_that_names_a_denunciation_among_others_is_a_denunciation(written: str) -> None:
    """The first kind named would make a "complaint and denunciation" a complaint: its denouncer's
    identity would be shown to every user. A denunciation named anywhere keeps it secret."""
    assert classification_of(written) == Classification.DENUNCIATION


def test_a_csv_cell_longer_than_the_csv_limit_is_refused_in_words() -> None:
    """A 200,000-character cell (the csv module stops at 131,072) is a damaged file, not a traceback."""
    data = ("Ngày tiếp,Họ tên,Nội dung\n01/03/2026,Nguyễn Văn Dài," + "a" * 200_000 + "\n").encode()
    with pytest.raises(UnreadableFileError, match="hỏng"):
        read_sheets(data)


def test_an_html_table_whose_spans_would_fill_memory_is_refused() -> None:
    """A 20 KB page of cells spanning 100 x 100 each would expand to millions of cells."""
    data = ("<table><tr>" + "<td rowspan=100 colspan=100>x</td>" * 300 + "</tr></table>").encode()
    with pytest.raises(UnreadableFileError, match=r"2\.000\.000"):
        read_sheets(data)


def test_a_csv_of_more_cells_than_any_book_is_refused() -> None:
    data = ("Ngày tiếp,Họ tên\n" + ",\n" * 1_000_001).encode()
    with pytest.raises(UnreadableFileError, match=r"2\.000\.000"):
        read_sheets(data)


def test_an_xlsx_unpacking_to_more_than_any_book_is_refused_before_it_is_read() -> None:
    """A zip bomb: a few MB of .xlsx whose sheet unpacks to over 200 MB."""
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    sheet += b" " * 200_000_000 + b"</sheetData></worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    del sheet
    with pytest.raises(UnreadableFileError, match="200 MB"):
        read_sheets(buffer.getvalue())


def test_a_script_or_style_inside_an_html_cell_is_no_text_of_it() -> None:
    """An HTML table saved as .xls may carry <script> or <style>: code, not the citizen's name."""
    data = (
        "<html><head><script>alert('x')</script></head><body><table>"
        "<tr><th>Ngày tiếp</th><th>Họ tên</th></tr>"
        "<tr><td>01/03/2026</td><td><script>alert(1)</script>Phạm Văn Sáu<style>td {color: red}</style></td></tr>"
        "</table></body></html>"
    ).encode()
    (sheet,) = read_sheets(data)
    assert sheet.rows[1] == ("01/03/2026", "Phạm Văn Sáu")


_ENTITIES = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))


@pytest.mark.parametrize(
    "sheet",
    [
        "<worksheet><sheetData><row r=",  # cut off
        f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e0 "lol">{_ENTITIES}]>'  # a billion laughs
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&e9;</t></is></c></row></sheetData></worksheet>',
    ],
)
def test_an_xlsx_whose_sheet_is_no_xml_is_refused_in_words(sheet: str) -> None:
    source = zipfile.ZipFile(io.BytesIO(old_books.xlsx_bytes(old_books.gvt_rows())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            is_sheet = item.filename == "xl/worksheets/sheet1.xml"
            archive.writestr(item.filename, sheet.encode() if is_sheet else source.read(item.filename))
    with pytest.raises(UnreadableFileError, match="hỏng"):
        read_sheets(buffer.getvalue())
