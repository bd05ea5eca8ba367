"""Phiếu hẹn: content, recipients and signer blocks, Vietnamese text, fonts and QR."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest
from reportlab.lib.units import mm

from desktop.documents.appointment import recipients, render_appointment
from desktop.documents.layout import NATIONAL_MOTTO, NATIONAL_NAME
from desktop.documents.model import Signer


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("thermal", [False, True], ids=["a4", "thermal"])
def test_appointment_text_reads_back_exactly_with_pypdf_and_poppler(make_appointment, probe, thermal):
    pdf = probe(render_appointment(make_appointment(), thermal=thermal))

    assert pdf.pdf.startswith(b"%PDF-")
    for text in (pdf.pypdf_text(), flat(pdf.poppler_text())):
        for expected in (
            "PHIẾU HẸN",
            "Số: 15/PH-BTCD",
            "BAN TIẾP CÔNG DÂN TỈNH",
            NATIONAL_NAME,
            NATIONAL_MOTTO,
            "Ban Tiếp công dân tỉnh hẹn ông/bà: Đặng Văn Được",  # sex unknown
            "Thời gian: 08 giờ 00 phút, ngày 12 tháng 3 năm 2026",
            "Địa điểm: Phòng tiếp công dân số 2, Trụ sở Tiếp công dân tỉnh",
            "Gặp: Ông Lê Hữu Đặng, Phó Trưởng Ban Tiếp công dân tỉnh",
            "Ghi chú: Mang theo bản chính giấy tờ về quyền sử dụng đất.",
            "KT. TRƯỞNG BAN",
            "PHÓ TRƯỞNG BAN",
            "Lê Hữu Đặng",
        ):
            assert expected in text


def test_appointment_a4_has_recipients_block(make_appointment, probe):
    text = flat(probe(render_appointment(make_appointment())).poppler_text())

    assert "Nơi nhận: - Ông/Bà Đặng Văn Được; - Lưu: VT." in text
    assert "Nội dung: Khiếu nại việc bồi thường" in text
    assert "Địa chỉ: Ấp Mỹ Hòa, xã Mỹ Hòa Hưng, tỉnh An Giang" in text


def test_recipients_end_with_the_archive_copy(make_appointment):
    assert recipients(make_appointment()) == ("- Ông/Bà Đặng Văn Được;", "- Lưu: VT.")


@pytest.mark.parametrize("thermal", [False, True], ids=["a4", "thermal"])
def test_appointment_from_nfd_input_prints_nfc(make_appointment, probe, thermal):
    doc = make_appointment(
        citizen_name=unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết"),
        signer=Signer("", unicodedata.normalize("NFD", "TRƯỞNG BAN"), unicodedata.normalize("NFD", "Đặng Văn Được")),
    )

    pdf = probe(render_appointment(doc, thermal=thermal))

    for text in (pdf.pypdf_text(), flat(pdf.poppler_text())):
        assert unicodedata.is_normalized("NFC", text)
        assert "Nguyễn Thị Ánh Tuyết" in text
        assert "Đặng Văn Được" in text
        assert "TRƯỞNG BAN" in text


@pytest.mark.parametrize("thermal", [False, True], ids=["a4", "thermal"])
def test_appointment_embeds_every_font_and_never_helvetica(make_appointment, probe, thermal):
    pdf = probe(render_appointment(make_appointment(), thermal=thermal))
    fonts = pdf.fonts()

    assert fonts
    assert all(row["emb"] == "yes" for row in fonts), fonts
    assert b"Helvetica" not in pdf.pdf


def test_appointment_a4_uses_bold_italic_for_recipients_label(make_appointment, probe):
    names = {row["name"].split("+")[-1] for row in probe(render_appointment(make_appointment())).fonts()}

    assert names == {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }


@pytest.mark.parametrize("thermal", [False, True], ids=["a4", "thermal"])
def test_appointment_qr_decodes_to_the_payload(make_appointment, probe, thermal):
    pdf = probe(render_appointment(make_appointment(), thermal=thermal))

    assert pdf.qr_codes() == ["15/PH-BTCD"]


def test_appointment_page_sizes(make_appointment, probe):
    a4 = probe(render_appointment(make_appointment()))
    roll = probe(render_appointment(make_appointment(), thermal=True))

    assert tuple(round(side) for side in a4.page_size()) == (595, 842)
    assert (a4.page_count, roll.page_count) == (1, 1)
    assert roll.page_size()[0] == pytest.approx(80 * mm, abs=0.01)


def test_appointment_leaves_out_empty_optional_lines(make_appointment, probe):
    doc = make_appointment(note="", citizen_id_line="", signer=replace(make_appointment().signer, authority=""))

    text = probe(render_appointment(doc)).pypdf_text()

    assert "Ghi chú" not in text
    assert "Số định danh" not in text
    assert "KT." not in text
    assert "PHÓ TRƯỞNG BAN" in text


@pytest.mark.parametrize("thermal", [False, True], ids=["a4", "thermal"])
def test_a_man_is_addressed_as_ong(make_appointment, probe, thermal):
    doc = make_appointment(citizen_salutation="ông")
    text = flat(probe(render_appointment(doc, thermal=thermal)).poppler_text())

    assert "hẹn ông: Đặng Văn Được" in text
    assert "ông/bà" not in text.lower()
    assert recipients(doc)[0] == "- Ông Đặng Văn Được;"


@pytest.mark.parametrize("thermal", [False, True], ids=["a4", "thermal"])
def test_a_delegations_slip_names_the_delegation_its_head_count_and_representatives(make_appointment, probe, thermal):
    doc = make_appointment(head_count=25, representatives=("Ông Trần Văn Tâm", "Bà Lê Thị Hoa"))
    text = flat(probe(render_appointment(doc, thermal=thermal)).poppler_text())

    assert "hẹn đoàn công dân gồm 25 người, do những người sau đại diện: - Ông Trần Văn Tâm - Bà Lê Thị Hoa" in text
    assert "ông/bà" not in text.lower()
    assert "089085001234" not in text  # one person's paper does not stand for the delegation
    assert recipients(doc)[0] == "- Đoàn công dân (25 người), đại diện: Ông Trần Văn Tâm, Bà Lê Thị Hoa;"
