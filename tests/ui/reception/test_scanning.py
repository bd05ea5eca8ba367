"""An ID card QR typed by a USB scanner at full speed into whichever field has the focus."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from db.enums import IdType, Sex
from desktop.ui.reception.citizen_section import KEY
from desktop.ui.reception.form import ReceptionForm
from tests.core.reception.test_cccd import BHYT, KHOA, PHUC, TRAM_2024

SCANNER_STEP_MS = 2  # a scanner's keys, by the events' own clock (no test waits on real time)
PERSON_STEP_MS = 180


def send_keys(text: str, *, step_ms: int, start_ms: int = 100_000, enter: bool = True) -> None:
    """Each character as a key press with its text (never keyClicks: docs/platform.md#typing-vietnamese-in-tests)."""
    at = start_ms
    for ch in text:
        _key(Qt.Key.Key_unknown, ch, at)
        at += step_ms
    if enter:
        _key(Qt.Key.Key_Return, "\r", at)


def _key(key: Qt.Key, text: str, at: int) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
        event.setTimestamp(at)
        QApplication.sendEvent(target, event)


def _focus(widget: QWidget) -> None:
    widget.setFocus()
    assert QApplication.focusWidget() is widget or QApplication.focusWidget() is widget.focusProxy()


def test_scan_into_the_name_fills_the_citizen(form: ReceptionForm) -> None:
    send_keys(PHUC, step_ms=SCANNER_STEP_MS)
    c = form.citizen
    assert c.name_edit.text() == "Trần Văn Phúc"
    assert c.id_type_combo.value() == IdType.CCCD
    assert c.id_number_edit.text() == "089068004217"
    assert c.old_id_edit.text() == "351234567"
    assert c.birth_field.value() == dt.date(1968, 3, 14)
    assert c.sex_combo.value() == Sex.MALE
    assert c.issue_date_field.value() == dt.date(2021, 8, 22)
    assert c.province_combo.code() == 91  # An Giang in force since 2025
    assert c.commune_combo.code() is not None
    assert c.address_edit.text() == "Tổ 3, ấp Mỹ Thạnh"
    assert "Đã quét thẻ căn cước" in form.banner.text()


# Cards printed before the 2025 merger name the old commune, district and province.
OLD_HCM = "079068004217||Nguyễn Văn Bến|14031968|Nam|Số 7 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|22082021"
OLD_SPLIT = "092068004217||Trần Văn Tân|14031968|Nam|Thôn 1, Xã Tân Thạnh, Huyện Thới Lai, Thành phố Cần Thơ|22082021"
OLD_UNKNOWN = "086068004217||Lê Văn Tư|14031968|Nam|Ấp 2, Xã Vĩnh Thạnh, Huyện Giồng Trôm, Tỉnh Bến Tre|22082021"


def test_a_card_with_an_old_address_fills_the_units_it_became(form: ReceptionForm) -> None:
    send_keys(OLD_HCM, step_ms=SCANNER_STEP_MS)
    c = form.citizen
    assert c.name_edit.text() == "Nguyễn Văn Bến"
    assert c.province_combo.code() == 79
    assert c.province_combo.currentText() == "Thành phố Hồ Chí Minh"
    assert c.commune_combo.code() == 26740
    assert c.commune_combo.currentText() == "Phường Sài Gòn"  # phường Bến Nghé of quận 1 became it
    assert c.address_edit.text() == "Số 7 Lê Lợi"
    assert form.message_for(KEY + "commune_code") == ""


def test_a_card_naming_a_split_commune_fills_the_province_only(form: ReceptionForm) -> None:
    send_keys(OLD_SPLIT, step_ms=SCANNER_STEP_MS)
    c = form.citizen
    assert c.province_combo.code() == 92  # Cần Thơ
    assert c.commune_combo.code() is None  # split between xã Tân Thạnh and xã Trường Thành: the receptionist chooses
    assert c.address_edit.text() == "Thôn 1, Xã Tân Thạnh, Huyện Thới Lai"
    note = form.message_for(KEY + "commune_code")  # the communes it became, to choose from
    assert "trước khi sắp xếp năm 2025" in note
    assert "Xã Tân Thạnh" in note
    assert "Xã Trường Thành" in note


def test_a_card_naming_an_unknown_old_commune_fills_the_province_it_went_into(form: ReceptionForm) -> None:
    send_keys(OLD_UNKNOWN, step_ms=SCANNER_STEP_MS)
    c = form.citizen
    assert c.province_combo.currentText() == "Vĩnh Long"  # Bến Tre was merged into it
    assert c.commune_combo.code() is None
    assert c.address_edit.text() == "Ấp 2, Xã Vĩnh Thạnh, Huyện Giồng Trôm, Tỉnh Bến Tre"
    assert "chọn xã, phường" in form.message_for(KEY + "commune_code")


# A card that stops at the district: xã Tân Phú of huyện Châu Thành was of Bến Tre, Đồng Tháp and An Giang.
NO_PROVINCE = "089068004217||Võ Văn Phú|14031968|Nam|Ấp 1, Xã Tân Phú, Huyện Châu Thành|22082021"


def test_a_card_without_its_province_is_read_in_the_offices_province(form: ReceptionForm) -> None:
    assert form.citizen._default_province == 91  # the office profile's place: An Giang
    send_keys(NO_PROVINCE, step_ms=SCANNER_STEP_MS)
    c = form.citizen
    assert c.province_combo.currentText() == "An Giang"
    assert c.commune_combo.currentText() == "Xã Vĩnh An"  # xã Tân Phú of An Giang's huyện Châu Thành became it
    assert c.address_edit.text() == "Ấp 1"


@pytest.mark.parametrize("field", ["phone_edit", "address_edit", "ethnicity_edit", "issue_place_edit"])
def test_the_field_with_the_focus_gets_its_text_back(form: ReceptionForm, field: str) -> None:
    edit = getattr(form.citizen, field)
    _focus(edit)
    edit.setText("giữ")
    send_keys(KHOA, step_ms=SCANNER_STEP_MS)
    assert form.citizen.name_edit.text() == "Nguyễn Hoàng Minh Khoa"
    assert form.citizen.old_id_edit.text() == ""
    assert KHOA[:12] not in edit.text()
    if field not in ("address_edit",):
        assert edit.text() == "giữ"


def test_scan_into_the_content_box(form: ReceptionForm) -> None:
    box = form.reception.content_edit
    _focus(box)
    box.setPlainText("Đề nghị")
    send_keys(PHUC, step_ms=SCANNER_STEP_MS)
    assert box.toPlainText() == "Đề nghị"
    assert form.citizen.id_number_edit.text() == "089068004217"


def test_sex_contradicting_the_number_is_warned(form: ReceptionForm) -> None:
    send_keys(PHUC.replace("|Nam|", "|Nữ|"), step_ms=SCANNER_STEP_MS)
    assert form.citizen.sex_combo.value() == Sex.FEMALE
    assert "nam" in form.message_for("participants.0.id_number")


@pytest.mark.parametrize(
    "payload",
    [
        "089068004217|Trần Văn Phúc|14031968|Nam|Tổ 3, An Giang|22082021",
        PHUC.replace("|", " | "),
        "089068004217" + BHYT[15:],
    ],
)
def test_malformed_scan_changes_nothing(form: ReceptionForm, payload: str) -> None:
    form.citizen.name_edit.setText("Lê Văn Tám")
    send_keys(payload, step_ms=SCANNER_STEP_MS)
    assert form.citizen.name_edit.text() == "Lê Văn Tám"
    assert form.citizen.id_number_edit.text() == ""
    assert "Không dùng được mã vừa quét" in form.banner.text()


def test_a_person_typing_the_same_text_is_left_alone(form: ReceptionForm) -> None:
    send_keys(PHUC, step_ms=PERSON_STEP_MS)
    assert form.citizen.name_edit.text() == PHUC[: form.citizen.name_edit.maxLength()]
    assert form.citizen.id_number_edit.text() == ""


def test_other_fast_text_is_left_alone(form: ReceptionForm) -> None:
    send_keys("Nguyễn Văn Bình", step_ms=SCANNER_STEP_MS)
    assert form.citizen.name_edit.text() == "Nguyễn Văn Bình"


def test_a_list_with_the_focus_keeps_its_choice(form: ReceptionForm) -> None:
    combo = form.reception.classification_combo
    _focus(combo)
    before = combo.currentIndex()
    send_keys(TRAM_2024, step_ms=SCANNER_STEP_MS)
    assert combo.currentIndex() == before
    assert form.citizen.name_edit.text() == "Phạm Ngọc Bảo Trâm"


def test_a_searchable_list_with_the_focus_keeps_its_choice(form: ReceptionForm) -> None:
    combo = form.citizen.commune_combo
    _focus(combo.lineEdit() if combo.lineEdit() is not None else combo)
    before = combo.currentIndex()
    send_keys(PHUC, step_ms=SCANNER_STEP_MS)
    assert form.citizen.name_edit.text() == "Trần Văn Phúc"
    assert combo.code() is not None  # the scan chose the commune it names
    assert PHUC[:12] not in combo.currentText()
    assert before is not None
