"""Letters (Decree 30/2020): content, công văn variant, recipients, page flow, marks, fonts, QR."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

import pytest
from reportlab.lib.units import cm, mm

from desktop.documents.flowables import FlowingText
from desktop.documents.layout import FRAME_WIDTH, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_TOP, NATIONAL_MOTTO, NATIONAL_NAME
from desktop.documents.letter import render_letter, salutation_lines
from desktop.documents.model import LetterDocument, Signer
from desktop.documents.styles import stylesheet

from .conftest import PdfProbe, run

A4_POINTS = (595, 842)
PAGE_HEIGHT = 841.8898
FRAME_RIGHT = MARGIN_LEFT + FRAME_WIDTH
OFFICIAL_LETTER = {
    "number": "20/BTCD-TD",
    "title": "",
    "subtitle": "",
    "summary_line": "V/v hướng dẫn gửi đơn khiếu nại đến cơ quan có thẩm quyền",
}
SEVERAL = ("Ủy ban nhân dân xã Mỹ Hòa Hưng", "- Sở Nông nghiệp và Môi trường tỉnh An Giang;", "Ông Đặng Văn Được")
LONG_SENTENCE = (
    "Ban Tiếp công dân tỉnh đã phân loại, xử lý đơn theo đúng quy trình tại Thông tư số 05/2021/TT-TTCP; "
    "nội dung đơn liên quan đến việc bồi thường, hỗ trợ khi Nhà nước thu hồi đất, đề nghị cơ quan có thẩm "
    "quyền xem xét giải quyết theo quy định của pháp luật. "
)


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float  # from the top of the page, as poppler gives it
    x_max: float
    y_max: float


def words(pdf: PdfProbe, page: int = 1) -> list[Word]:
    """Every word of a page with its box (pdftotext -bbox)."""
    out = run("pdftotext", "-bbox", "-enc", "UTF-8", "-f", str(page), "-l", str(page), pdf.path, "-")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [
        Word(html.unescape(text), float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, text in re.findall(pattern, out)
    ]


def word(found: list[Word], text: str, index: int = 0) -> Word:
    return [item for item in found if item.text == text][index]


def nfd(value: Any) -> Any:
    """A deep copy with every string decomposed, as some input methods send text."""
    if isinstance(value, str):
        return unicodedata.normalize("NFD", value)
    if isinstance(value, tuple):
        return tuple(nfd(item) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: nfd(getattr(value, f.name)) for f in fields(value)})
    return value


def long_paragraphs(count: int) -> tuple[str, ...]:
    return tuple(f"Đoạn {index}. " + LONG_SENTENCE * (1 + index % 3) for index in range(1, count + 1))


def test_letter_text_reads_back_exactly_with_pypdf_and_poppler(make_letter, probe):
    pdf = probe(render_letter(make_letter()))

    assert pdf.pdf.startswith(b"%PDF-")
    for text in (pdf.pypdf_text(), " ".join(pdf.poppler_text().split())):
        for expected in (
            "ỦY BAN NHÂN DÂN",
            "BAN TIẾP CÔNG DÂN TỈNH",
            NATIONAL_NAME,
            NATIONAL_MOTTO,
            "Số: 15/TB-BTCD",
            "An Giang, ngày 05 tháng 3 năm 2026",
            "THÔNG BÁO",
            "Về việc thụ lý giải quyết khiếu nại",
            "Kính gửi: Ông Đặng Văn Được",
            "Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;",
            "Ngày 02 tháng 3 năm 2026, Ban Tiếp công dân tỉnh nhận được đơn khiếu nại",
            "Thời hạn giải quyết là 30 ngày kể từ ngày thụ lý.",
            "Nơi nhận:",
            "- Như trên;",
            "- Lưu: VT, BTCD.",
            "KT. TRƯỞNG BAN",
            "PHÓ TRƯỞNG BAN",
            "Lê Hữu Đặng",
        ):
            assert expected in text, expected
        assert "V/v" not in text
        assert "MẬT" not in text


def test_letter_is_one_a4_page_without_a_page_number(make_letter, probe):
    pdf = probe(render_letter(make_letter()))

    assert pdf.page_count == 1
    assert tuple(round(side) for side in pdf.page_size()) == A4_POINTS
    assert pdf.poppler_text(page=1).split()[0] != "1"


def test_letter_title_block_sits_between_the_header_and_the_salutation(make_letter, probe):
    found = words(probe(render_letter(make_letter())))
    number, title, salutation = word(found, "Số:"), word(found, "THÔNG"), word(found, "Kính")

    assert number.y_min < title.y_min < word(found, "Về").y_min < salutation.y_min
    title_centre = (title.x_min + word(found, "BÁO").x_max) / 2
    assert title_centre == pytest.approx(MARGIN_LEFT + FRAME_WIDTH / 2, abs=1)


def test_body_is_justified_with_a_1cm_first_line_indent_and_legal_bases_are_italic(make_letter, probe):
    pdf = probe(render_letter(make_letter()))
    found = words(pdf)
    first = word(found, "Ngày")
    first_line = [item for item in found if abs(item.y_min - first.y_min) < 0.5]

    assert first.x_min == pytest.approx(MARGIN_LEFT + 1 * cm, abs=0.5)
    assert max(item.x_max for item in first_line) == pytest.approx(FRAME_RIGHT, abs=1)
    assert word(found, "Căn").x_min == pytest.approx(MARGIN_LEFT + 1 * cm, abs=0.5)
    names = {row["name"].split("+")[-1] for row in pdf.fonts()}
    assert names == {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }
    assert stylesheet()["LegalBasis"].fontName == "TimesVN-Italic"
    assert stylesheet()["Body"].spaceAfter >= 6


def test_recipients_block_and_signer_start_level_at_the_left_margin_and_right(make_letter, probe):
    found = words(probe(render_letter(make_letter())))
    label, authority, name = word(found, "Nơi"), word(found, "KT."), word(found, "Hữu")

    assert label.x_min == pytest.approx(MARGIN_LEFT, abs=0.5)
    assert authority.x_min > MARGIN_LEFT + FRAME_WIDTH / 2
    assert label.y_min == pytest.approx(authority.y_min, abs=3)  # "level with the authority line"
    assert name.y_min - authority.y_min > 25 * mm  # room for the signature and seal


def test_official_letter_prints_the_summary_under_the_number_and_no_title(make_letter, probe):
    pdf = probe(render_letter(make_letter(**OFFICIAL_LETTER)))
    found = words(pdf)

    for text in (pdf.pypdf_text(), " ".join(pdf.poppler_text().split())):
        assert "Số: 20/BTCD-TD" in text
        assert "V/v hướng dẫn gửi đơn" in text
        assert "THÔNG BÁO" not in text
        assert "Về việc" not in text
    summary, number = word(found, "V/v"), word(found, "Số:")
    assert summary.y_min > number.y_max  # under the number ...
    assert summary.x_max < MARGIN_LEFT + 72 * mm  # ... in the agency column (ô 5b)
    assert summary.y_max < word(found, "Kính").y_min
    assert pdf.qr_codes() == ["KN-2026-000123"]


def test_summary_line_wins_over_a_title(make_letter, probe):
    text = probe(render_letter(make_letter(summary_line="V/v trả lời đơn", title="THÔNG BÁO"))).pypdf_text()

    assert "V/v trả lời đơn" in text
    assert "THÔNG BÁO" not in text


def test_several_recipients_one_a_line_with_dashes_under_the_colon(make_letter, probe):
    pdf = probe(render_letter(make_letter(recipients=SEVERAL)))
    lines = [line.strip() for line in pdf.poppler_text().splitlines()]

    assert "Kính gửi:" in lines
    for expected in (
        "- Ủy ban nhân dân xã Mỹ Hòa Hưng;",
        "- Sở Nông nghiệp và Môi trường tỉnh An Giang;",
        "- Ông Đặng Văn Được.",
    ):
        assert expected in lines
    found = words(pdf)
    colon = word(found, "gửi:")
    dashes = [item for item in found if item.text == "-" and colon.y_min < item.y_min < word(found, "Căn").y_min]
    assert len(dashes) == 3
    assert {round(item.x_min) for item in dashes} == {round(dashes[0].x_min)}
    assert dashes[0].x_min >= colon.x_max
    assert all(item.y_min > colon.y_max - 1 for item in dashes)
    assert colon.x_min > MARGIN_LEFT + 10 * mm  # the block is centred, not flush left


def test_a_long_single_recipient_wraps_hanging_after_the_label(make_letter, probe):
    recipient = "Bà Nguyễn Thị Ánh Tuyết, trú tại ấp Mỹ Hòa, xã Mỹ Hòa Hưng, tỉnh An Giang, số điện thoại 0912345678"
    pdf = probe(render_letter(make_letter(recipients=(recipient,))))
    found = words(pdf)

    assert f"Kính gửi: {recipient}" in " ".join(pdf.poppler_text().split())
    first, second = word(found, "Bà"), word(found, "Hưng,")
    assert word(found, "Kính").x_min == pytest.approx(MARGIN_LEFT, abs=0.5)
    assert second.y_min > first.y_max  # on the second line ...
    assert min(item.x_min for item in found if abs(item.y_min - second.y_min) < 0.5) == pytest.approx(first.x_min)


def test_salutation_lines_add_dashes_and_punctuation_only_when_missing():
    assert salutation_lines(("Ông Đặng Văn Được",)) == ["Ông Đặng Văn Được"]
    assert salutation_lines(SEVERAL) == [
        "- Ủy ban nhân dân xã Mỹ Hòa Hưng;",
        "- Sở Nông nghiệp và Môi trường tỉnh An Giang;",
        "- Ông Đặng Văn Được.",
    ]


def test_letter_without_recipients_bases_or_authority_leaves_them_out(make_letter, probe):
    doc = make_letter(recipients=(), legal_bases=(), signer=Signer("", "TRƯỞNG BAN", "Lê Hữu Đặng"))

    text = probe(render_letter(doc)).pypdf_text()

    assert "Kính gửi" not in text
    assert "Căn cứ" not in text
    assert "KT." not in text
    assert "TRƯỞNG BAN" in text


def test_long_letter_flows_onto_numbered_pages_with_the_closing_block_together(make_letter, probe):
    pdf = probe(render_letter(make_letter(paragraphs=long_paragraphs(30))))

    assert pdf.page_count >= 2
    assert pdf.poppler_text(page=1).split()[0] != "1"
    for page in range(2, pdf.page_count + 1):
        assert pdf.poppler_text(page=page).split()[0] == str(page)
    last = " ".join(pdf.poppler_text(page=pdf.page_count).split())
    for expected in ("Nơi nhận:", "- Lưu: VT, BTCD.", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Lê Hữu Đặng"):
        assert expected in last
    assert "quy định của pháp luật." in last.split("Nơi nhận:")[0]  # body text on the signer's page
    earlier = " ".join(pdf.poppler_text(page=page) for page in range(1, pdf.page_count))
    assert "Nơi nhận" not in earlier
    assert "Lê Hữu Đặng" not in earlier
    # The pages' text without their page numbers, so sentences cut by a page break join up again.
    pages = [page.extract_text().split() for page in pdf.reader.pages]
    text = " ".join(" ".join(tokens[1:] if index else tokens) for index, tokens in enumerate(pages))
    positions = [text.index(f"Đoạn {index}. ") for index in range(1, 31)]
    assert positions == sorted(positions)
    assert text.count(LONG_SENTENCE.strip()) == sum(1 + index % 3 for index in range(1, 31))


def test_long_letter_stays_inside_the_margins(make_letter, probe):
    pdf = probe(render_letter(make_letter(paragraphs=long_paragraphs(30))))

    for page in range(1, pdf.page_count + 1):
        found = words(pdf, page)
        body = found[1:] if page > 1 else found  # the page number sits in the top margin
        assert max(item.y_max for item in found) <= PAGE_HEIGHT - MARGIN_BOTTOM + 1
        assert min(item.y_min for item in body) >= MARGIN_TOP - 1
        assert min(item.x_min for item in found) >= MARGIN_LEFT - 0.5
        assert max(item.x_max for item in found) <= FRAME_RIGHT + 0.5


def test_a_paragraph_longer_than_a_page_splits_instead_of_failing(make_letter, probe):
    pdf = probe(render_letter(make_letter(paragraphs=(LONG_SENTENCE * 40,))))

    assert pdf.page_count >= 2
    assert pdf.pypdf_text().count(LONG_SENTENCE.strip()) == 40


def test_flowing_text_splits_at_lines_and_keeps_two_lines_on_each_side():
    style = stylesheet()["Body"]
    paragraph = FlowingText(LONG_SENTENCE * 3, style)
    _, height = paragraph.wrap(FRAME_WIDTH, 10_000)
    count = len(paragraph.lines)

    assert paragraph.split(FRAME_WIDTH, style.leading * 1.5) == []  # one line would be an orphan
    head, tail = paragraph.split(FRAME_WIDTH, style.leading * 3.2)
    assert len(head.lines) == 3
    assert head.justify_last
    assert not tail.indent_first
    assert tail.wrap(FRAME_WIDTH, 10_000)[1] + 3 * style.leading == pytest.approx(height)
    assert [line for line, _ in head.lines + tail.lines] == [line for line, _ in paragraph.lines]
    assert len(paragraph.split(FRAME_WIDTH, 10_000)) == 2  # at most count - 2 lines go first
    assert len(paragraph.split(FRAME_WIDTH, 10_000)[1].lines) == 2
    assert count >= 5


@pytest.mark.parametrize("confidential", [False, True], ids=["normal", "confidential"])
def test_confidential_mark_only_when_set_and_under_the_number(make_letter, probe, confidential):
    pdf = probe(render_letter(make_letter(confidential=confidential)))

    for text in (pdf.pypdf_text(), pdf.poppler_text()):
        assert ("MẬT" in text) is confidential
    if confidential:
        found = words(pdf)
        mark = word(found, "MẬT")
        assert word(found, "Số:").y_max < mark.y_min < word(found, "THÔNG").y_min
        assert mark.x_max < MARGIN_LEFT + 72 * mm


def test_confidential_official_letter_puts_the_mark_under_the_summary(make_letter, probe):
    found = words(probe(render_letter(make_letter(confidential=True, **OFFICIAL_LETTER))))

    assert word(found, "V/v").y_max < word(found, "MẬT").y_min < word(found, "Kính").y_min


def test_letter_from_nfd_input_prints_nfc(make_letter, probe):
    doc = nfd(make_letter(recipients=SEVERAL))
    assert isinstance(doc, LetterDocument)
    assert unicodedata.normalize("NFD", "Đặng") in doc.signer.full_name + doc.recipients[2]

    pdf = probe(render_letter(doc))

    for text in (pdf.pypdf_text(), " ".join(pdf.poppler_text().split())):
        assert unicodedata.is_normalized("NFC", text)
        for expected in ("- Ông Đặng Văn Được.", "Lê Hữu Đặng", "Về việc thụ lý giải quyết khiếu nại", "Nơi nhận:"):
            assert expected in text
    assert unicodedata.is_normalized("NFC", pdf.reader.metadata.title)


def test_letter_embeds_every_font_and_never_helvetica(make_letter, probe):
    for doc in (make_letter(), make_letter(confidential=True, **OFFICIAL_LETTER)):
        pdf = probe(render_letter(doc))
        fonts = pdf.fonts()

        assert fonts
        assert all(row["emb"] == "yes" for row in fonts), fonts
        assert all("LiberationSerif" in row["name"] for row in fonts), fonts
        assert b"Helvetica" not in pdf.pdf


def test_letter_qr_decodes_to_the_payload_with_or_without_a_title_and_is_left_out_without_one(make_letter, probe):
    assert probe(render_letter(make_letter())).qr_codes() == ["KN-2026-000123"]
    assert probe(render_letter(make_letter(qr_payload=""))).qr_codes() == []
    untitled = make_letter(title="", subtitle="", qr_payload="KN-2026-000999")
    assert probe(render_letter(untitled)).qr_codes() == ["KN-2026-000999"]


def test_letter_prints_markup_typed_by_users_as_text(make_letter, probe):
    doc = make_letter(recipients=("Bà <i>Lan</i> & Con",), paragraphs=("Nội dung <b>đậm</b> & ký tự <br/>",))

    text = probe(render_letter(doc)).pypdf_text()

    assert "Kính gửi: Bà <i>Lan</i> & Con" in text
    assert "Nội dung <b>đậm</b> & ký tự <br/>" in text
