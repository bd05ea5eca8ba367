"""The dashboard tab: drawn when first shown, redrawn when the data change, every chart saved as PNG."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from desktop.core.database import Database
from desktop.core.demo.generator import generate
from desktop.core.formatting import today_local
from desktop.core.i18n import _
from desktop.core.reports.periods import standard
from desktop.ui.dashboard import DashboardPage
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import UiSettings
from tests.helpers.waiting import WAIT_MS


@pytest.fixture
def window(qtbot: QtBot, database: Database, ui_settings: UiSettings) -> MainWindow:
    with database.sessions.begin() as session:
        now = dt.datetime.combine(today_local(), dt.time(3), dt.UTC)
        generate(session, visits=120, desk_code="D01", seed=5, now=now, postal_petitions=10)
    main = MainWindow(database, ui_settings)
    qtbot.addWidget(main)
    main.resize(1366, 900)
    main.show()
    return main


def _page(window: MainWindow) -> DashboardPage:
    assert window.dashboard is not None
    return window.dashboard


def test_charts_are_made_only_when_the_tab_is_shown(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = _page(window)
    assert page.boxes == {}  # nothing drawn (and matplotlib's figures not made) before the tab is opened
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: len(page.boxes) == 6, timeout=WAIT_MS)
    assert page.data is not None
    assert "visits_by_week" in page.boxes
    assert page.boxes["visits_by_week"].chart is not None
    written = page.save_all(tmp_path)
    assert sorted(path.name for path in written) == sorted(f"{key}.png" for key in page.boxes)
    for path in written:
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert image.width > 400
            assert image.height > 250
    window.grab().save(str(tmp_path / "window.png"))


def test_the_page_redraws_when_a_visit_is_saved(qtbot: QtBot, window: MainWindow, database: Database) -> None:
    page = _page(window)
    window.tabs.setCurrentWidget(page)
    page.period.combo.setCurrentIndex(page.period.combo.findData("q1"))
    year = standard("q1", today_local().year)
    qtbot.waitUntil(lambda: page.data is not None and page.data.start == year.start, timeout=WAIT_MS)
    page.period.combo.setCurrentIndex(page.period.combo.findData("year"))
    year = standard("year", today_local().year)
    qtbot.waitUntil(lambda: page.data is not None and page.data.start == year.start, timeout=WAIT_MS)
    assert page.data is not None
    before = page.data.chart("visits_by_reception_kind").total
    with database.sessions.begin() as session:
        generate(session, visits=3, desk_code="D01", seed=9, now=dt.datetime.combine(today_local(), dt.time(3), dt.UTC))
    window.hub.visits_changed.emit()
    qtbot.waitUntil(
        lambda: page.data is not None and page.data.chart("visits_by_reception_kind").total > before, timeout=WAIT_MS
    )


def test_a_change_while_hidden_waits_for_the_tab(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(window)
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.data is not None, timeout=WAIT_MS)
    window.tabs.setCurrentIndex(0)
    drawn = page.data
    window.hub.visits_changed.emit()
    assert page.data is drawn  # not redrawn off screen
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.data is not drawn, timeout=WAIT_MS)


def test_a_custom_range_is_checked_next_to_the_fields(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(window)
    window.tabs.setCurrentWidget(page)
    page.period.combo.setCurrentIndex(page.period.combo.findData("custom"))
    assert page.period.from_edit.isVisible()
    page.period.from_edit.setText("31/12/2026")
    page.period.to_edit.setText("01/01/2026")
    page.apply_button.click()
    assert page.error_label.text() == _("The period ends before it starts.")
    page.period.from_edit.setText("")
    page.apply_button.click()
    assert page.error_label.text() == _("Type both dates, such as 15/12/2025 and 14/03/2026.")
    page.period.from_edit.setText("01/01/2026")
    page.period.to_edit.setText("31/03/2026")
    page.apply_button.click()
    assert page.error_label.text() == ""
    assert page.data is not None
    assert (page.data.start, page.data.end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def test_the_dashboard_and_the_reports_count_the_same_year(qtbot: QtBot, window: MainWindow) -> None:
    """One period chooser: "the year" runs from the office's cut-off day (15/12 to 14/12 by default)."""
    page = _page(window)
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.data is not None, timeout=WAIT_MS)
    assert page.data is not None
    year = standard("year", today_local().year)
    assert (page.data.start, page.data.end) == (year.start, year.end)


def test_matplotlib_waits_for_the_dashboard(database: Database, ui_settings: UiSettings, qtbot: QtBot) -> None:
    """Opening the main window does not import matplotlib (the start stays fast): checked in a child process."""
    import subprocess

    code = "import sys; from desktop.ui import main_window, dashboard; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
