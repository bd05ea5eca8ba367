"""Giấy biên nhận: content, Vietnamese text, fonts, QR and page flow of the rendered PDF."""

from __future__ import annotations

import unicodedata
from dataclasses import fields, replace

import pytest
from reportlab.lib.units import mm

from desktop.documents.layout import NATIONAL_MOTTO, NATIONAL_NAME
from desktop.documents.model import ReceiptDocument, ReceivedItem
from desktop.documents.receipt import copies_sentence, render_receipt

A4_POINTS = (595, 842)
THERMAL_WIDTH = 80 * mm


def nfd_copy(doc: ReceiptDocument) -> ReceiptDocument:
    """The same receipt with every text decomposed, as some input methods send it."""
    changes = {
        f.name: unicodedata.normalize("NFD", getattr(doc, f.name))
        for f in fields(doc)
        if isinstance(getattr(doc, f.name), str)
    }
    items = tuple(
        ReceivedItem(*(unicodedata.normalize("NFD", value) for value in (item.name, item.pages, item.state)))
        for item in doc.items
    )
    return replace(doc, items=items, **changes)


@pytest.mark.parametrize("thermal", [False, True], ids=["a4", "thermal"])
def test_receipt_text_reads_back_exactly_with_pypdf_and_poppler(make_receipt, probe, thermal):
    pdf = probe(render_receipt(make_receipt(), thermal=thermal))

    assert pdf.pdf.startswith(b"%PDF-")
    for text in (pdf.pypdf_text(), " ".join(pdf.poppler_text().split())):
        for expected in (
            "Nguyễn Thị Ánh Tuyết",
            "Đặng Văn Được",
            "Số: D01-2026-000123",
            "BAN TIẾP CÔNG DÂN TỈNH",
            "ỦY BAN NHÂN DÂN",
            NATIONAL_NAME,
            NATIONAL_MOTTO,
            "GIẤY BIÊN NHẬN",
            "An Giang, ngày 05 tháng 3 năm 2026",
            "Giấy biên nhận này được lập thành 02 bản, mỗi bên giữ 01 bản.",
            "Biên bản kiểm đếm tài sản trên đất",
        ):
            assert expected in text


def test_receipt_a4_has_the_labels_and_item_table(make_receipt, probe):
    text = " ".join(probe(render_receipt(make_receipt())).poppler_text().split())

    for expected in (
        "Thông tin, tài liệu, bằng chứng",
        "Tôi là: Nguyễn Thị Ánh Tuyết, chức vụ: Chuyên viên Ban Tiếp công dân",
        "Đã nhận của ông/bà: Đặng Văn Được",
        "Số định danh cá nhân/CCCD: 089085001234",
        "Địa chỉ: Ấp Mỹ Hòa, xã Mỹ Hòa Hưng, tỉnh An Giang",
        "STT",
        "Tình trạng",
        "Bản sao có chứng thực",
        "NGƯỜI CUNG CẤP",
        "NGƯỜI NHẬN",
        "(Ký, ghi rõ họ tên)",
    ):
        assert expected in text


@pytest.mark.parametrize("thermal", [False, True], ids=["a4", "thermal"])
def test_receipt_from_nfd_input_prints_nfc(make_receipt, probe, thermal):
    doc = nfd_copy(make_receipt())
    assert unicodedata.normalize("NFD", "Đặng Văn Được") in doc.provider_name

    pdf = probe(render_receipt(doc, thermal=thermal))

    for text in (pdf.pypdf_text(), " ".join(pdf.poppler_text().split())):
        assert unicodedata.is_normalized("NFC", text)
        assert "Đặng Văn Được" in text
        assert "Nguyễn Thị Ánh Tuyết" in text


@pytest.mark.parametrize("thermal", [False, True], ids=["a4", "thermal"])
def test_receipt_embeds_every_font_and_never_helvetica(make_receipt, probe, thermal):
    pdf = probe(render_receipt(make_receipt(), thermal=thermal))
    fonts = pdf.fonts()

    assert fonts
    assert all(row["emb"] == "yes" for row in fonts), fonts
    assert all("LiberationSerif" in row["name"] for row in fonts), fonts
    assert b"Helvetica" not in pdf.pdf


@pytest.mark.parametrize("thermal", [False, True], ids=["a4", "thermal"])
def test_receipt_qr_decodes_to_the_number(make_receipt, probe, thermal):
    pdf = probe(render_receipt(make_receipt(), thermal=thermal))

    assert pdf.qr_codes() == ["D01-2026-000123"]


def test_receipt_a4_page_is_a4(make_receipt, probe):
    pdf = probe(render_receipt(make_receipt()))

    assert pdf.page_count == 1
    assert tuple(round(side) for side in pdf.page_size()) == A4_POINTS


def test_receipt_with_40_items_flows_onto_a_numbered_second_page(make_receipt, make_items, probe):
    pdf = probe(render_receipt(make_receipt(items=make_items(40))))

    assert pdf.page_count == 2
    assert pdf.poppler_text(page=2).split()[0] == "2"
    assert pdf.poppler_text(page=1).split()[0] != "1"  # Decree 30/2020: no number on page 1
    assert "STT" in pdf.poppler_text(page=2)  # the table header repeats
    assert "Giấy chứng nhận quyền sử dụng đất số 40" in pdf.poppler_text(page=2)


def test_receipt_thermal_is_one_80mm_page_even_with_40_items(make_receipt, make_items, probe):
    short = probe(render_receipt(make_receipt(), thermal=True))
    long = probe(render_receipt(make_receipt(items=make_items(40)), thermal=True))

    for pdf in (short, long):
        width, _ = pdf.page_size()
        assert pdf.page_count == 1
        assert width == pytest.approx(THERMAL_WIDTH, abs=0.01)
        assert round(width, 2) == 226.77
    assert long.page_size()[1] > short.page_size()[1] + 40 * 10
    assert "40. Giấy chứng nhận quyền sử dụng đất số 40" in long.poppler_text()


def test_receipt_long_names_wrap_inside_the_page(make_receipt, probe):
    name = "Tôn Nữ Hoàng Thị Thanh Ngọc Bích Phượng Huyền Trân Công Chúa Đặng Văn Được Nguyễn Thị Ánh Tuyết"
    pdf = probe(render_receipt(make_receipt(provider_name=name, receiver_position="Chuyên viên " * 12)))

    assert pdf.page_count == 1
    assert name in " ".join(pdf.poppler_text().split())


def test_receipt_escapes_markup_typed_by_users(make_receipt, probe):
    pdf = probe(render_receipt(make_receipt(provider_name="Lê <b>Văn</b> & Con", provider_address="Số 5 <i>")))

    text = pdf.pypdf_text()
    assert "Lê <b>Văn</b> & Con" in text
    assert "Số 5 <i>" in text


def test_receipt_leaves_out_an_empty_id_line(make_receipt, probe):
    text = probe(render_receipt(make_receipt(provider_id_line=""))).pypdf_text()

    assert "Số định danh" not in text
    assert "STT" in text


@pytest.mark.parametrize("thermal", [False, True])
def test_a_receipt_of_nothing_is_never_printed(make_receipt, thermal):
    with pytest.raises(ValueError, match="at least one document"):
        render_receipt(make_receipt(items=()), thermal=thermal)


@pytest.mark.parametrize(
    ("copies", "expected"),
    [
        (1, "lập thành 01 bản, giao người cung cấp giữ."),
        (2, "lập thành 02 bản, mỗi bên giữ 01 bản."),
        (3, "lập thành 03 bản, người cung cấp giữ 01 bản."),
    ],
)
def test_copies_sentence_says_who_keeps_a_copy(copies, expected):
    assert copies_sentence(copies).endswith(expected)
