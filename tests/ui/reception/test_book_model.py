"""The reception book's table model: declared columns, roles, sorting, and Qt's model tester."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QSortFilterProxyModel, Qt

from db.enums import Classification, Outcome
from desktop.core.i18n import _
from desktop.core.labels import label
from desktop.core.reception.book import VisitSummary
from desktop.ui.reception.book_model import COLUMNS, SERIAL_ROLE, SORT_ROLE, VisitTableModel


def summary(seq: int, name: str, hour: int, *, people: int = 1) -> VisitSummary:
    return VisitSummary(
        id=uuid.uuid4(),
        serial=f"D01-2026-{seq:06d}",
        received_at=dt.datetime(2026, 3, 5, hour - 7, 30, tzinfo=dt.UTC),
        citizen_name=name,
        citizen_address="Ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang",
        id_number="089185000123",
        classification=Classification.DENUNCIATION,
        content_summary="Tố cáo\nviệc lấn chiếm đất",
        head_count=people,
        outcome=Outcome.APPOINTMENT,
    )


VISITS = [summary(1, "Đặng Văn Được", 9), summary(2, "Nguyễn Thị Ánh Tuyết", 8, people=12), summary(3, "Ân", 10)]


def test_model_passes_the_model_tester_filled_and_after_a_reset(qtmodeltester: object) -> None:
    model = VisitTableModel()
    model.set_rows(VISITS)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_rows([])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_rows(VISITS[:1])
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_rows_show_formatted_values_in_declared_columns() -> None:
    model = VisitTableModel()
    model.set_rows(VISITS)
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles == [
        _(title)
        for title in (
            "Number",
            "Time",
            "Full name",
            "Address",
            "ID number",
            "Classification",
            "Content",
            "People",
            "Outcome",
        )
    ]
    assert len(titles) == len(COLUMNS)
    row = [model.index(1, c).data() for c in range(model.columnCount())]
    assert row[:3] == ["D01-2026-000002", "08:30", "Nguyễn Thị Ánh Tuyết"]  # Viet Nam time
    assert row[5] == label(Classification.DENUNCIATION)
    assert row[6] == "Tố cáo việc lấn chiếm đất"
    assert row[7] == "12"
    assert model.index(1, 6).data(Qt.ItemDataRole.ToolTipRole) == "Tố cáo\nviệc lấn chiếm đất"
    assert model.index(1, 7).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight.value
    assert model.index(1, 0).data(SERIAL_ROLE) == "D01-2026-000002"


def test_sort_role_orders_time_numerically_and_names_without_diacritics() -> None:
    model = VisitTableModel()
    model.set_rows(VISITS)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(1)
    assert [proxy.index(r, 1).data() for r in range(3)] == ["08:30", "09:30", "10:30"]
    proxy.sort(2)
    assert [proxy.index(r, 2).data() for r in range(3)] == ["Ân", "Đặng Văn Được", "Nguyễn Thị Ánh Tuyết"]
    proxy.sort(7, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 7).data() == "12"
