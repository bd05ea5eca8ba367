"""The board and timeline models: declared columns, roles, sorting, and Qt's model tester."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSortFilterProxyModel, Qt

from db.enums import CaseEventKind
from desktop.core.cases.board import BoardRow
from desktop.core.cases.case_files import EventView
from desktop.core.i18n import _
from desktop.core.labels import label
from desktop.ui.cases.board_model import KIND_ROLE, OVERDUE_BACKGROUND, SOON_BACKGROUND, BoardModel
from desktop.ui.cases.timeline_model import TimelineModel
from desktop.ui.widgets.record_model import SORT_ROLE


def _row(number: str, due: dt.date, days_left: int, *, owes: bool = False, kind: str = "case") -> BoardRow:
    return BoardRow(
        kind=kind,
        number=number,
        citizen_name="Nguyễn Thị Ánh Tuyết",
        summary="Khiếu nại\nquyết định thu hồi đất",
        state="Đang xác minh",
        due_on=due,
        days_left=days_left,
        owes_report=owes,
        is_prolonged=days_left < 0,
    )


ROWS = [
    _row("D01-2026-V00002", dt.date(2026, 3, 23), 1, owes=True),
    _row("D01-2026-V00001", dt.date(2026, 3, 16), -4),
    _row("D01-2026-D00001", dt.date(2026, 4, 20), 21, kind="petition"),
]
EVENTS = [
    EventView(CaseEventKind.ACCEPTED, dt.date(2026, 3, 9), "", "", ""),
    EventView(CaseEventKind.DECIDED, dt.date(2026, 3, 12), "Trần Văn Hùng", "Quyết định\nsố 45/QĐ-UBND", ""),
    EventView(CaseEventKind.REPORTED_BACK, dt.date(2026, 3, 20), "", "01/BTCD", "01/BTCD"),
]


def test_models_pass_the_model_tester_filled_and_after_a_reset(qtmodeltester: object) -> None:
    for model, rows in ((BoardModel(), ROWS), (TimelineModel(), EVENTS)):
        model.set_rows(rows)
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        model.set_rows([])
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        model.set_rows(rows[:1])
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_board_rows_show_formatted_values_and_colours() -> None:
    model = BoardModel()
    model.set_rows(ROWS)
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles == [
        _(t) for t in ("Number", "Citizen", "State", "Due", "Working days left", "Flags", "Content", "Field", "Officer")
    ]
    assert [model.index(1, c).data() for c in range(5)] == [
        "D01-2026-V00001",
        "Nguyễn Thị Ánh Tuyết",
        "Đang xác minh",
        "16/03/2026",
        "-4",
    ]
    assert model.index(0, 5).data() == _("Owes a report")
    assert model.index(1, 5).data() == _("Prolonged")
    assert model.index(0, 6).data() == "Khiếu nại quyết định thu hồi đất"
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == SOON_BACKGROUND
    assert model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(2, 0).data(KIND_ROLE) == "petition"
    assert model.index(1, 4).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight.value


def test_sorting_by_due_date_and_days_left_is_by_value() -> None:
    model = BoardModel()
    model.set_rows(ROWS)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(3)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["D01-2026-V00001", "D01-2026-V00002", "D01-2026-D00001"]
    proxy.sort(4, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 4).data() for r in range(3)] == ["21", "1", "-4"]


def test_timeline_rows() -> None:
    model = TimelineModel()
    model.set_rows(EVENTS)
    assert [model.index(1, c).data() for c in range(5)] == [
        "12/03/2026",
        label(CaseEventKind.DECIDED),
        "Trần Văn Hùng",
        "Quyết định số 45/QĐ-UBND",
        "",
    ]
    assert model.index(1, 3).data(Qt.ItemDataRole.ToolTipRole) == "Quyết định\nsố 45/QĐ-UBND"
    assert model.index(2, 4).data() == "01/BTCD"
