"""The dashboard tab: the office head's charts, drawn with matplotlib, each exportable as PNG.

Why matplotlib and not QtCharts (docs/platform.md#charts): QtCharts ships only in PySide6-Addons
(a 59 MB wheel on top of the Essentials this application installs) and is deprecated since Qt 6.10
in favour of Qt Graphs; matplotlib is a 10 MB wheel, draws to PNG without a window, and is imported
only when the dashboard is first shown, so the start of the application does not pay for it.

The figures come from ``desktop.core.cases.dashboard`` (counts in SQL); this module only draws
them. The page redraws when the hub says visits or petitions changed, at once when it is on screen
and otherwise the next time it is shown.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.cases.dashboard import Chart, Dashboard, dashboard
from desktop.core.errors import ValidationError
from desktop.core.formatting import short_date, today_local
from desktop.core.i18n import N_, _, ngettext
from desktop.ui.errors import reporting_errors
from desktop.ui.viewer import viewer_of
from desktop.ui.widgets.date_field import DateField, DateMode

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from desktop.core.database import Database

log = logging.getLogger(__name__)

# The period presets the chooser offers, the reports' periods by the calendar.
PRESETS = (
    ("quarter", N_("This quarter")),
    ("half", N_("These 6 months")),
    ("nine", N_("These 9 months")),
    ("year", N_("This year")),
    ("weeks", N_("The last 12 weeks")),
    ("custom", N_("Custom range")),
)
COLUMNS = 2
_COLOURS = ("#1f5fa8", "#c0392b", "#2e8b57", "#d98c00", "#7d3c98", "#5d6d7e", "#17a2b8")


def preset_range(key: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period a preset names: this quarter, half or year so far, the first nine months, the last 12 weeks."""
    if key == "weeks":
        return today - dt.timedelta(weeks=12) + dt.timedelta(days=1), today
    if key == "nine":
        return today.replace(month=1, day=1), min(today, today.replace(month=9, day=30))
    months = {"quarter": 3, "half": 6, "year": 12}[key]
    first_month = months * ((today.month - 1) // months) + 1
    return today.replace(month=first_month, day=1), today


class ChartBox(QWidget):
    """One chart: its canvas and a button that saves it as PNG."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.key = key
        self.chart: Chart | None = None
        self.figure: Figure = Figure(figsize=(5.2, 3.2), dpi=96, layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(260)
        self.export_button = QPushButton(_("Save as PNG…"))
        self.export_button.clicked.connect(self._on_export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.canvas)
        layout.addWidget(self.export_button)

    def draw(self, chart: Chart) -> None:
        self.chart = chart
        self.figure.clear()
        draw_chart(self.figure, chart)
        self.canvas.draw_idle()

    def save_png(self, path: Path) -> None:
        self.figure.savefig(path, format="png", dpi=150)

    def _on_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the chart"), f"{self.key}.png", _("Image (*.png)"))
        if name:
            with reporting_errors(self):
                self.save_png(Path(name))


def draw_chart(figure: Figure, chart: Chart) -> None:
    """Bars (stacked when the chart says so, horizontal for long category names), with a legend for series."""
    axes: Any = figure.add_subplot()
    axes.set_title(chart.title, fontsize=10)
    positions = list(range(len(chart.categories)))
    bottom = [0] * len(positions)
    width = 0.8 / (1 if chart.stacked or len(chart.series) == 1 else len(chart.series))
    bar = axes.barh if chart.horizontal else axes.bar
    for number, series in enumerate(chart.series):
        colour = _COLOURS[number % len(_COLOURS)]
        if chart.stacked or len(chart.series) == 1:
            offsets, base = positions, bottom
        else:
            offsets, base = (
                [p + (number - (len(chart.series) - 1) / 2) * width for p in positions],
                [0] * len(positions),
            )
        extra = {"left": base} if chart.horizontal else {"bottom": base}
        bar(offsets, series.values, width, label=series.name, color=colour, **extra)
        if chart.stacked:
            bottom = [b + v for b, v in zip(bottom, series.values, strict=True)]
    ticks = axes.set_yticks if chart.horizontal else axes.set_xticks
    ticks(positions, chart.categories, fontsize=8)
    if chart.horizontal:
        axes.invert_yaxis()
    elif len(chart.categories) > 8:
        for tick in axes.get_xticklabels():
            tick.set_rotation(60)
    if len(chart.series) > 1:
        axes.legend(fontsize=7)
    (axes.xaxis if chart.horizontal else axes.yaxis).get_major_locator().set_params(integer=True)
    if chart.total == 0:
        axes.text(0.5, 0.5, _("Nothing recorded"), transform=axes.transAxes, ha="center", va="center", color="grey")


class DashboardPage(QWidget):
    """The period chooser above a grid of charts; the charts are made the first time the page is shown."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._stale = True
        self.data: Dashboard | None = None
        self.boxes: dict[str, ChartBox] = {}
        self.preset_combo = QComboBox()
        for key, text in PRESETS:
            self.preset_combo.addItem(_(text), key)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData("quarter"))
        self.start_field = DateField(DateMode.DATE)
        self.end_field = DateField(DateMode.DATE)
        self.apply_button = QPushButton(_("Show"))
        self.export_button = QPushButton(_("Save all as PNG…"))
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.summary_label = QLabel()
        self._grid = QGridLayout()
        self._build_layout()
        self._on_preset_changed()
        self.preset_combo.currentIndexChanged.connect(self._on_preset_changed)
        self.apply_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self._on_export_all)

    def _build_layout(self) -> None:
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(_("Period:")))
        chooser.addWidget(self.preset_combo)
        chooser.addWidget(QLabel(_("From")))
        chooser.addWidget(self.start_field)
        chooser.addWidget(QLabel(_("to")))
        chooser.addWidget(self.end_field)
        chooser.addWidget(self.apply_button)
        chooser.addStretch(1)
        chooser.addWidget(self.export_button)
        charts = QWidget()
        charts.setLayout(self._grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addWidget(self.error_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(scroll, 1)

    def period(self) -> tuple[dt.date, dt.date] | None:
        start, end = self.start_field.value(), self.end_field.value()
        if not isinstance(start, dt.date) or not isinstance(end, dt.date):
            return None
        return start, end

    def _on_preset_changed(self) -> None:
        key = str(self.preset_combo.currentData())
        custom = key == "custom"
        self.start_field.setReadOnly(not custom)
        self.end_field.setReadOnly(not custom)
        if not custom:
            start, end = preset_range(key, today_local())
            self.start_field.set_value(start)
            self.end_field.set_value(end)
            if not self._stale or self.isVisible():
                self.refresh()

    def mark_stale(self) -> None:
        """The data changed: redraw now if the page is on screen, else when it is next shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        period = self.period()
        if period is None:
            self.error_label.setText(_("Enter both dates of the period as dd/mm/yyyy."))
            return
        with reporting_errors(self), self._database.sessions() as session:
            try:
                data = dashboard(session, actor=viewer_of(self), start=period[0], end=period[1])
            except ValidationError as error:
                self.error_label.setText(" ".join(error.errors.values()))
                return
            self.error_label.setText("")
            self.show_data(data)

    def show_data(self, data: Dashboard) -> None:
        self._stale = False
        self.data = data
        for number, chart in enumerate(data.charts):
            box = self.boxes.get(chart.key)
            if box is None:
                box = self.boxes[chart.key] = ChartBox(chart.key)
                self._grid.addWidget(box, number // COLUMNS, number % COLUMNS)
            box.draw(chart)
        visits = data.chart("visits_by_reception_kind").total
        self.summary_label.setText(
            ngettext("{count} visit from {start} to {end}", "{count} visits from {start} to {end}", visits).format(
                count=visits, start=short_date(data.start), end=short_date(data.end)
            )
        )
        log.info("Dashboard drawn: %d charts", len(data.charts))

    def save_all(self, folder: Path) -> list[Path]:
        """Every chart as ``<key>.png`` in ``folder``; the paths written."""
        written = []
        for key, box in self.boxes.items():
            path = folder / f"{key}.png"
            box.save_png(path)
            written.append(path)
        return written

    def _on_export_all(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Save the charts in"))
        if folder:
            with reporting_errors(self):
                self.save_all(Path(folder))
