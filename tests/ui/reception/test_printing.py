"""Ctrl+P saves the visit, then issues and previews the right slips (kept, recorded, Vietnamese intact)."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db.enums import DocumentKind, Outcome
from desktop.core.database import Database
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.formatting import today_local
from desktop.ui.print_preview import PdfPreviewDialog
from desktop.ui.reception.form import ReceptionForm
from desktop.ui.reception.printing import slip_title
from tests.builders import ADMIN
from tests.helpers.waiting import WAIT_MS
from tests.ui.conftest import focused
from tests.ui.helpers import NAME, add_document, fill_minimal, issued


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every PDF the user would have seen in the preview dialog."""
    shown: list[dict[str, Any]] = []

    def record(parent: object, pdf: bytes, title: str, suggested_filename: str, *, kept_path: Path) -> None:
        shown.append({"pdf": pdf, "title": title, "filename": suggested_filename, "kept_path": kept_path})

    monkeypatch.setattr(PdfPreviewDialog, "show_pdf", record)
    return shown


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def test_ctrl_p_prints_the_receipt_of_the_saved_visit(
    qtbot: QtBot, form: ReceptionForm, database: Database, previews: list[dict[str, Any]]
) -> None:
    fill_minimal(form)
    add_document(form, "Đơn khiếu nại về bồi thường", pages=3)
    with qtbot.waitSignal(form.visit_saved, timeout=WAIT_MS):
        qtbot.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    serial = f"D01-{today_local().year}-000001"
    assert len(previews) == 1
    shown = previews[0]
    text = pdf_text(shown["pdf"])
    for expected in (
        NAME,
        serial,
        "BAN TIẾP CÔNG DÂN TỈNH AN GIANG",
        "Độc lập - Tự do - Hạnh phúc",
        "Đơn khiếu nại về bồi thường",
    ):
        assert expected in text
    kept = shown["kept_path"]
    assert kept.is_file()
    assert kept.is_relative_to(database.data_dir)
    assert kept.read_bytes() == shown["pdf"]
    [row] = issued(database)
    assert (row.kind, row.number, row.file_name) == (
        DocumentKind.RECEIPT,
        serial,
        kept.relative_to(database.data_dir).as_posix(),
    )


def test_appointment_with_documents_prints_both_slips(
    form: ReceptionForm, database: Database, previews: list[dict[str, Any]]
) -> None:
    fill_minimal(form)
    add_document(form, "Quyết định thu hồi đất")
    form.outcome.outcome_combo.set_value(Outcome.APPOINTMENT)
    day = WorkCalendar.default().next_working_day(today_local() + dt.timedelta(days=7), inclusive=True)
    when = dt.datetime.combine(day, dt.time(8, 30))  # a working day: no day-off question
    form.outcome.appointment_field.set_value(when)
    assert form.outcome.place_edit.text() == "Trụ sở Tiếp công dân tỉnh An Giang"  # the office's, filled in

    assert form.save_and_print() is not None
    serial = f"D01-{today_local().year}-000001"
    assert [p["title"] for p in previews] == [
        slip_title(DocumentKind.RECEIPT, serial),
        slip_title(DocumentKind.APPOINTMENT, serial),
    ]
    assert [row.kind for row in issued(database)] == [DocumentKind.RECEIPT, DocumentKind.APPOINTMENT]
    assert "08 giờ 30 phút" in pdf_text(previews[1]["pdf"])


def test_a_visit_without_documents_or_appointment_prints_nothing_and_says_why(
    form: ReceptionForm, database: Database, previews: list[dict[str, Any]]
) -> None:
    fill_minimal(form)
    assert form.save_and_print() is not None
    assert issued(database) == []
    assert previews == []
    assert "không có tài liệu nào được nộp" in form.banner.text()


def test_nothing_is_printed_when_the_visit_cannot_be_saved(
    form: ReceptionForm, database: Database, previews: list[dict[str, Any]]
) -> None:
    fill_minimal(form, name="")
    assert form.save_and_print() is None
    assert previews == []
    assert issued(database) == []


def test_a_desk_with_a_receipt_printer_prints_80_mm_slips(
    form: ReceptionForm, database: Database, previews: list[dict[str, Any]]
) -> None:
    from desktop.core.reception.slips import set_thermal

    with database.sessions.begin() as session:
        set_thermal(session, True, actor=ADMIN)
    fill_minimal(form)
    add_document(form, "Đơn khiếu nại", 2)
    assert form.save_and_print() is not None
    width = float(PdfReader(io.BytesIO(previews[0]["pdf"])).pages[0].mediabox.width)
    assert width == pytest.approx(80 / 25.4 * 72, abs=0.1)
    assert [row.layout for row in issued(database)] == ["thermal"]


def test_the_settings_menu_switches_the_slip_layout(qtbot: QtBot, database: Database, tmp_path: Path) -> None:
    from desktop.core.reception.slips import prints_thermal
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import UiSettings

    window = MainWindow(database, UiSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(window)
    assert window.thermal_action.isEnabled()
    assert not window.thermal_action.isChecked()
    window.thermal_action.trigger()
    with database.sessions() as session:
        assert prints_thermal(session)


def test_a_refused_visit_prints_its_refusal_notice_after_the_ground_is_chosen(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch, previews: list[dict[str, Any]]
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from desktop.core.reception.visits import register_visit
    from desktop.ui.reception.visit_dialog import VisitDialog
    from tests.builders import ADMIN, make_draft

    with database.sessions.begin() as session:
        refused = register_visit(
            session, make_draft(outcome=Outcome.REFUSE, documents=()), desk_code="D01", actor=ADMIN
        ).visit.serial
        received = register_visit(session, make_draft(), desk_code="D01", actor=ADMIN).visit.serial
    other = VisitDialog(database, received)
    qtbot.addWidget(other)
    assert other.refusal_button.isHidden()  # only a visit recorded as refused
    asked: list[list[str]] = []

    def choose(*args: object) -> tuple[str, bool]:
        items = args[3]  # (parent, title, label, items, current, editable)
        assert isinstance(items, list)
        asked.append(items)
        return items[1], True  # point 2: threats, insults, the rules broken

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    dialog = VisitDialog(database, refused)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.refusal_button.isVisible()
    dialog.refusal_button.click()
    [shown] = previews
    text = pdf_text(shown["pdf"])
    assert "THÔNG BÁO Về việc từ chối tiếp công dân" in text
    assert "Căn cứ khoản 2 Điều 9 Luật Tiếp công dân" in text
    assert f"Kính gửi: Bà {NAME}" in text
    assert shown["kept_path"].read_bytes() == shown["pdf"]
    dialog.refusal_button.click()  # a reprint asks nothing and shows the kept notice
    assert len(asked) == 1
    assert previews[1]["pdf"] == shown["pdf"]
