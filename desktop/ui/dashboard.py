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

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
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
from desktop.core.formatting import short_date
from desktop.core.i18n import _, ngettext
from desktop.ui.errors import reporting_errors
from desktop.ui.viewer import viewer_of
from desktop.ui.widgets.period_chooser import PeriodChooser

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from desktop.core.database import Database

log = logging.getLogger(__name__)

COLUMNS = 2
MAX_TICKS = 26  # labels under a chart of bars, at most
_COLOURS = ("#1f5fa8", "#c0392b", "#2e8b57", "#d98c00", "#7d3c98", "#5d6d7e", "#17a2b8")


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
    step = 1 if chart.horizontal else max(1, len(positions) // MAX_TICKS + (len(positions) % MAX_TICKS > 0))
    ticks(positions[::step], chart.categories[::step], fontsize=8)  # a year of weeks: every other label
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
        self.period = PeriodChooser()  # the reports' periods, with the office's cut-off day
        self.apply_button = QPushButton(_("Show"))
        self.export_button = QPushButton(_("Save all as PNG…"))
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.summary_label = QLabel()
        self._grid = QGridLayout()
        self._build_layout()
        self.period.changed.connect(self._on_period_changed)
        self.apply_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self._on_export_all)

    def _build_layout(self) -> None:
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(_("Period:")))
        chooser.addWidget(self.period)
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

    def _on_period_changed(self) -> None:
        """A standard period is drawn at once; a range waits for its two dates and Show."""
        if not self.period.is_custom() and self.isVisible():
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
        with reporting_errors(self):
            try:
                period = self.period.chosen(self._database)
                with self._database.sessions() as session:
                    data = dashboard(session, actor=viewer_of(self), start=period.start, end=period.end)
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
