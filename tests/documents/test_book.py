"""Sổ tiếp công dân: landscape pages, a header on every page, cells that wrap and never overflow."""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from dataclasses import dataclass, replace

import pytest

from desktop.documents.book import (
    CELL_SIZE,
    COLUMN_LEFTS,
    COLUMN_WIDTHS,
    COLUMNS,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_TOP,
    PAD_X,
    PAGE_HEIGHT,
    TABLE_WIDTH,
    Wrapper,
    render_book,
)
from desktop.documents.fonts import REGULAR, register_fonts
from desktop.documents.model import BookDocument, BookRow

from .conftest import PdfProbe, flat, make_letterhead, run

LANDSCAPE_POINTS = (842, 595)
CONTENT = 4  # index of "Nội dung vụ việc"
LONG_CONTENT = (
    "Khiếu nại Quyết định số 1234/QĐ-UBND ngày 02/01/2026 của Ủy ban nhân dân xã Mỹ Hòa Hưng về việc "
    "bồi thường, hỗ trợ và tái định cư khi Nhà nước thu hồi đất để thực hiện dự án Khu dân cư Bắc Long "
    "Xuyên; đề nghị xem xét lại đơn giá bồi thường đất ở, đất trồng cây lâu năm và hỗ trợ ổn định đời "
    "sống cho hộ bà Nguyễn Thị Ánh Tuyết, người đã sinh sống ổn định trên thửa đất từ năm 1992."
)


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float  # from the top of the page, as poppler gives it
    x_max: float
    y_max: float


def words(pdf: PdfProbe, page: int) -> list[Word]:
    out = run("pdftotext", "-bbox", "-enc", "UTF-8", "-f", str(page), "-l", str(page), pdf.path, "-")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [
        Word(html.unescape(text), float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, text in re.findall(pattern, out)
    ]


def body_words(pdf: PdfProbe, page: int) -> list[Word]:
    """The words of the table body: below the "(1) ... (13)" row of column numbers."""
    found = words(pdf, page)
    numbers_row = max(w.y_max for w in found if w.text == "(13)")
    return [w for w in found if w.y_min > numbers_row]


def header_titles(pdf: PdfProbe, page: int) -> list[str]:
    """The column titles as printed on a page: the words between the table top and "(13)"."""
    found = words(pdf, page)
    top = max(w.y_max for w in found if w.text == "Năm") if page == 1 else MARGIN_TOP
    bottom = min(w.y_min for w in found if w.text == "(13)")
    titles = []
    for left, width in zip(COLUMN_LEFTS, COLUMN_WIDTHS, strict=True):
        inside = [
            w for w in found if top < w.y_min and w.y_max < bottom and left <= w.x_min and w.x_max <= left + width
        ]
        titles.append(" ".join(w.text for w in sorted(inside, key=lambda w: (round(w.y_min), w.x_min))))
    return titles


def column_text(pdf: PdfProbe, column: int, pages: range) -> str:
    """The words inside one column of the body, top to bottom over `pages`, as one line of text."""
    left = COLUMN_LEFTS[column]
    right = left + COLUMN_WIDTHS[column]
    found: list[str] = []
    for page in pages:
        inside = [w for w in body_words(pdf, page) if w.x_min >= left and w.x_max <= right]
        found += [w.text for w in sorted(inside, key=lambda w: (round(w.y_min), w.x_min))]
    return " ".join(found)


def make_row(index: int = 1, **overrides: str) -> BookRow:
    base = BookRow(
        number=str(index),
        serial=f"D01-2026-{index:06d}",
        received_on="05/03/2026",
        name_and_address="Nguyễn Thị Ánh Tuyết\nSố 12, ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang",
        id_number="089185000123",
        content="Khiếu nại Quyết định thu hồi đất số 15/QĐ-UBND của Ủy ban nhân dân xã Mỹ Hòa Hưng",
        petition_kind="KN-PA",
        head_count="12",
        prior_resolution="Ủy ban nhân dân xã Mỹ Hòa Hưng",
        within_competence="x",
        guided_to="Tòa án nhân dân khu vực 1 - An Giang",
        handled_by="Sở Nông nghiệp và Môi trường (Phiếu chuyển số 15/PC-BTCD)",
        follow_up="Đơn D01-2026-D00001: thụ lý ngày 10/03/2026; vụ việc D01-2026-V00001",
        note="Hẹn 08 giờ 00 phút ngày 12/03/2026 tại Phòng tiếp công dân số 2",
    )
    return replace(base, **overrides)


def make_book(count: int = 3, **overrides: object) -> BookDocument:
    base = BookDocument(
        letterhead=make_letterhead(),
        year=2026,
        title_lines=("SỔ TIẾP CÔNG DÂN", "Năm 2026"),
        rows=tuple(make_row(index) for index in range(1, count + 1)),
    )
    return replace(base, **overrides)


@pytest.fixture(scope="module")
def forty(tmp_path_factory: pytest.TempPathFactory) -> PdfProbe:
    """A 40-row book, every fifth row with a long content: several pages."""
    rows = tuple(
        make_row(index, content=LONG_CONTENT if index % 5 == 0 else make_row().content) for index in range(1, 41)
    )
    return PdfProbe(render_book(make_book(rows=rows)), tmp_path_factory.mktemp("book") / "forty.pdf")


def test_book_pages_are_a4_landscape(probe):
    pdf = probe(render_book(make_book()))

    assert pdf.pdf.startswith(b"%PDF-")
    assert tuple(round(side) for side in pdf.page_size()) == LANDSCAPE_POINTS


def test_book_first_page_has_agency_title_and_no_page_number(probe):
    text = flat(probe(render_book(make_book())).poppler_text(page=1))

    assert "ỦY BAN NHÂN DÂN TỈNH AN GIANG" in text
    assert "BAN TIẾP CÔNG DÂN TỈNH" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "SỔ TIẾP CÔNG DÂN" in text
    assert "Năm 2026" in text
    assert "Trang" not in text


def test_forty_rows_span_several_pages_each_with_header_and_number(forty):
    assert forty.page_count >= 3
    for page in range(1, forty.page_count + 1):
        text = flat(forty.poppler_text(page=page))
        printed = [title.replace("/ ", "/") for title in header_titles(forty, page)]  # "CCCD/CMND/" ends a line
        assert printed == [title for title, _, _ in COLUMNS]
        assert all(f"({number})" in text for number in range(1, 14))
        if page > 1:
            assert forty.poppler_text(page=page).split()[:1] == [str(page)]  # a numeral, no "Trang"
        assert "Trang" not in text


def test_forty_rows_print_every_number_and_serial_once_in_order(forty):
    numbers = column_text(forty, 0, range(1, forty.page_count + 1)).split()
    notes = column_text(forty, 12, range(1, forty.page_count + 1))

    assert numbers == [str(index) for index in range(1, 41)]  # STT: the running number
    assert re.findall(r"D01-2026-\d{6}", notes) == [f"D01-2026-{index:06d}" for index in range(1, 41)]


ORDINARY = (  # what the columns of an everyday entry hold: one way of handling it, a summary of ~130 characters
    {"guided_to": "Tòa án nhân dân khu vực 1 - An Giang", "handled_by": "", "follow_up": "", "note": ""},
    {
        "guided_to": "",
        "handled_by": "",
        "follow_up": "Đơn D01-2026-D00001: thụ lý ngày 10/03/2026\nvụ việc D01-2026-V00001",
        "note": "Trả lời trực tiếp",
    },
    {
        "content": "Khiếu nại Quyết định số 936/QĐ-UBND năm 2019 về việc thu hồi đất để thực hiện dự án, "
        "yêu cầu xem xét lại giá bồi thường",
        "guided_to": "",
        "handled_by": "Sở Tài chính\nPhiếu chuyển đơn số 15/PC-BTCD",
        "follow_up": "Đơn D01-2026-D00002: chuyển đơn ngày 10/03/2026",
        "note": "",
    },
)


def test_ordinary_rows_are_dense_at_least_twelve_a_page(probe):
    """An ordinary entry takes 3 lines: at least 12 on a page after the first (there were 5)."""
    rows = tuple(
        make_row(index, prior_resolution="", head_count="1", **ORDINARY[index % len(ORDINARY)])
        for index in range(1, 61)
    )
    pdf = probe(render_book(make_book(rows=rows)))
    per_page = [len(column_text(pdf, 0, range(page, page + 1)).split()) for page in range(1, pdf.page_count + 1)]

    assert sum(per_page) == 60
    assert min(per_page[1:-1] or per_page[1:]) >= 12, per_page
    assert per_page[0] >= 9, per_page  # under the title block


def test_long_vietnamese_content_wraps_in_its_column_and_reads_back_exactly(probe):
    pdf = probe(render_book(make_book(rows=(make_row(content=LONG_CONTENT),))))
    inside = [
        w
        for w in body_words(pdf, 1)
        if COLUMN_LEFTS[CONTENT] <= w.x_min and w.x_max <= COLUMN_LEFTS[CONTENT] + COLUMN_WIDTHS[CONTENT]
    ]

    assert column_text(pdf, CONTENT, range(1, 2)) == LONG_CONTENT
    assert len({round(w.y_min) for w in inside}) >= 8  # wrapped onto many lines


def test_no_word_crosses_a_column_rule(forty):
    rules = [*COLUMN_LEFTS, MARGIN_LEFT + TABLE_WIDTH]
    for page in range(1, forty.page_count + 1):
        for word in body_words(forty, page):
            crossed = [x for x in rules if word.x_min < x - 0.5 and word.x_max > x + 0.5]
            assert crossed == [], (page, word)
            assert word.y_max <= PAGE_HEIGHT - MARGIN_BOTTOM + 0.5, (page, word)


def test_content_column_is_the_widest_and_widths_fill_the_table():
    assert max(COLUMN_WIDTHS) == COLUMN_WIDTHS[CONTENT]
    assert COLUMNS[CONTENT][0] == "Nội dung vụ việc"
    assert sum(COLUMN_WIDTHS) == pytest.approx(TABLE_WIDTH)


def test_narrow_columns_hold_their_values_on_one_line():
    register_fonts()
    wrapper = Wrapper(REGULAR, CELL_SIZE)
    for column, value in (
        (0, "500000"),
        (1, "05/03/2026"),
        (3, "089185000123"),
        (5, "KN-PA"),
        (6, "120"),
        (12, "D01-2026-000123"),
    ):
        assert len(wrapper.wrap(value, COLUMN_WIDTHS[column] - 2 * PAD_X)) == 1, value


def test_wrapper_breaks_at_spaces_new_lines_and_inside_overlong_words():
    register_fonts()
    wrapper = Wrapper(REGULAR, 10)
    lines = wrapper.wrap("Nguyễn Thị Ánh Tuyết\nấp Mỹ Thới", 1000)
    overlong = wrapper.wrap("a " + "x" * 40 + " b", 60)

    assert [line for line, _ in lines] == ["Nguyễn Thị Ánh Tuyết", "ấp Mỹ Thới"]
    assert "".join(line for line, _ in overlong).replace(" ", "") == "a" + "x" * 40 + "b"
    assert all(width <= 60 for _, width in overlong)
    assert wrapper.wrap("", 60) == []


def test_a_row_taller_than_a_page_continues_on_the_next(probe):
    huge = " ".join(f"Đoạn {index}: {LONG_CONTENT}" for index in range(1, 13))
    pdf = probe(render_book(make_book(rows=(make_row(1), make_row(2, content=huge), make_row(3)))))

    assert pdf.page_count >= 3
    assert column_text(pdf, CONTENT, range(1, pdf.page_count + 1)) == " ".join(
        [make_row().content, huge, make_row().content]
    )


def test_book_from_nfd_input_prints_nfc(probe):
    nfd = unicodedata.normalize("NFD", "Đặng Văn Được\nẤp Mỹ Hòa")
    pdf = probe(render_book(make_book(rows=(make_row(name_and_address=nfd),))))

    assert unicodedata.is_normalized("NFC", pdf.poppler_text())
    assert column_text(pdf, 2, range(1, 2)) == "Đặng Văn Được Ấp Mỹ Hòa"


def test_book_embeds_every_font_and_never_helvetica(forty):
    fonts = forty.fonts()

    assert fonts
    assert all(row["emb"] == "yes" for row in fonts), fonts
    assert all("LiberationSerif" in row["name"] for row in fonts), fonts
    assert b"Helvetica" not in forty.pdf


def test_empty_book_still_prints_the_title_and_header(probe):
    pdf = probe(render_book(make_book(rows=())))

    assert pdf.page_count == 1
    assert "Nội dung vụ việc" in flat(pdf.poppler_text())


def test_each_page_is_compressed_when_finished_and_reads_back() -> None:
    """Pages are deflated as they are finished (docs/platform.md#book-memory), not kept as text until saved."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_book(make_book(60))))
    assert len(reader.pages) > 3
    for page in reader.pages:
        contents = page["/Contents"].get_object()
        assert list(contents["/Filter"]) == ["/FlateDecode"]  # deflated, without ReportLab's ASCII-85 layer
    assert "D01-2026-000060" in reader.pages[-1].extract_text()


def test_a_book_drawn_in_parts_reads_as_one(forty: PdfProbe, probe) -> None:
    """Parts of 2 pages joined: the same pages, every row once and in order, the page numbers running on."""
    rows = tuple(
        make_row(index, content=LONG_CONTENT if index % 5 == 0 else make_row().content) for index in range(1, 41)
    )
    parted = probe(render_book(make_book(rows=rows), part_pages=2))

    assert parted.page_count == forty.page_count > 4
    for page in range(1, parted.page_count + 1):
        assert flat(parted.poppler_text(page)) == flat(forty.poppler_text(page))
        if page > 1:
            assert parted.poppler_text(page).split()[0] == str(page)  # "2", "3", ... over the table
    serials = re.findall(r"D01-2026-0000(\d\d)", parted.poppler_text())
    assert [int(serial) for serial in dict.fromkeys(serials)] == list(range(1, 41))
    assert parted.reader.metadata is not None
    assert parted.reader.metadata.title == "SỔ TIẾP CÔNG DÂN Năm 2026"
    assert {font["emb"] for font in parted.fonts()} == {"yes"}  # each part brings its own subsets
    run("pdftoppm", "-r", "20", "-f", "5", "-l", "5", "-png", parted.path, parted.path.with_suffix(""))  # it draws


def test_the_joined_book_has_one_page_tree_and_a_sound_xref(probe) -> None:
    """pdfinfo reads it without a repair: the offsets of the xref are right."""
    parted = probe(render_book(make_book(30), part_pages=1))

    info = subprocess.run(["pdfinfo", str(parted.path)], check=True, capture_output=True, text=True)
    assert info.stderr == ""  # poppler reports a broken xref ("Syntax Error") on stderr
    assert re.search(r"Pages:\s+(\d+)", info.stdout)[1] == str(parted.page_count)  # type: ignore[index]
    assert parted.page_count > 2
    assert all(page["/Parent"] == parted.reader.trailer["/Root"]["/Pages"] for page in parted.reader.pages)


def test_the_word_width_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row brings new words (its serial): the cache is emptied when full, the widths stay right."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.documents import book

    register_fonts()
    monkeypatch.setattr(book, "WIDTH_CACHE", 10)
    wrapper = Wrapper(REGULAR, CELL_SIZE)
    words = [f"D01-2025-{index:06d}" for index in range(100)]

    widths = [wrapper.width(word) for word in words]

    assert len(wrapper._widths) <= 10
    assert widths == [stringWidth(word, REGULAR, CELL_SIZE) for word in words]
