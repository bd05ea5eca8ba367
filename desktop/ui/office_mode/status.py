"""The sync status in the status bar: online or offline since when, changes waiting, last sync, conflicts,
and the changes the server refused."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.core.formatting import local, today_local
from desktop.core.i18n import _, ngettext

if TYPE_CHECKING:
    from desktop.core.office_mode.sync import SyncStatus

ONLINE_COLOUR = "#2e7d32"
OFFLINE_COLOUR = "#c62828"
SINGLE_COLOUR = "#78909c"
CONFLICT_COLOUR = "#c62828"
REFUSED_COLOUR = "#c62828"
LINK_WARNING_COLOUR = "#e65100"
SEPARATOR = " · "


def clock(moment: dt.datetime) -> str:
    """HH:MM in Viet Nam time; with the date when it was not today."""
    moment = local(moment)
    if moment.date() == today_local():
        return moment.strftime("%H:%M")
    return moment.strftime("%d/%m/%Y %H:%M")


def _short_warning(warning: str) -> str:
    """The first sentence of the link's warning (the whole one is the label's tooltip)."""
    return warning.split(":", 1)[0] if warning else ""


class SyncStatusPanel(QWidget):
    """A row of short labels; the conflicts and refused counts are links that ask for their views."""

    conflicts_requested = Signal()
    rejections_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dot_label = QLabel("●")
        self.state_label = QLabel()
        self.pending_label = QLabel()
        self.last_sync_label = QLabel()
        self.conflicts_label = QLabel()
        self.conflicts_label.setTextFormat(Qt.TextFormat.RichText)
        self.conflicts_label.linkActivated.connect(self.conflicts_requested)
        self.rejected_label = QLabel()
        self.rejected_label.setTextFormat(Qt.TextFormat.RichText)
        self.rejected_label.linkActivated.connect(self.rejections_requested)
        self.link_label = QLabel()  # a plain-text or unverified server link, chosen in Settings
        self.link_label.setStyleSheet(f"color: {LINK_WARNING_COLOUR}; font-weight: bold;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(4)
        layout.addStretch(1)  # spare width goes to the left: the parts stay together when a text gets shorter
        self._separators: list[QLabel] = []
        for index, part in enumerate(self._parts()):
            if index > 1:
                separator = QLabel(SEPARATOR.strip())
                separator.setStyleSheet(f"color: {SINGLE_COLOUR};")
                self._separators.append(separator)
                layout.addWidget(separator)
            layout.addWidget(part)
        self._problem = ""
        self._busy = False
        self.show_single_desk()

    def _parts(self) -> tuple[QLabel, ...]:
        return (
            self.dot_label,
            self.state_label,
            self.pending_label,
            self.last_sync_label,
            self.conflicts_label,
            self.rejected_label,
            self.link_label,
        )

    def show_single_desk(self) -> None:
        self._set_dot(SINGLE_COLOUR)
        self.state_label.setText(_("Single desk"))
        for label in (
            self.pending_label,
            self.last_sync_label,
            self.conflicts_label,
            self.rejected_label,
            self.link_label,
        ):
            label.clear()
        self._problem = ""
        self._refresh()

    def show_status(self, state: SyncStatus) -> None:
        """The state as the core reports it (sync.status), after each sync and each local save."""
        if state.online:
            self._set_dot(ONLINE_COLOUR)
            self.state_label.setText(_("Online"))
            self._problem = ""
        else:
            self._set_dot(OFFLINE_COLOUR)
            since = clock(state.offline_since) if state.offline_since else ""
            self.state_label.setText(_("Offline since {time}").format(time=since))
        self.pending_label.setText(
            ngettext("{n} change waiting", "{n} changes waiting", state.pending).format(n=state.pending)
        )
        self.last_sync_label.setText(
            _("Last sync {time}").format(time=clock(state.last_sync_at)) if state.last_sync_at else _("Never synced")
        )
        if state.open_conflicts:
            text = ngettext("{n} conflict", "{n} conflicts", state.open_conflicts).format(n=state.open_conflicts)
            self.conflicts_label.setText(f'<a href="conflicts" style="color: {CONFLICT_COLOUR};">{text}</a>')
        else:
            self.conflicts_label.clear()
        if state.rejected:
            text = ngettext(
                "{n} change refused by the server", "{n} changes refused by the server", state.rejected
            ).format(n=state.rejected)
            self.rejected_label.setText(f'<a href="rejections" style="color: {REFUSED_COLOUR};">{text}</a>')
        else:
            self.rejected_label.clear()
        self.link_label.setText(_short_warning(state.link_warning))
        self.link_label.setToolTip(state.link_warning)
        self._refresh()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._refresh()

    def set_problem(self, message: str) -> None:
        """Why the last sync failed (shown as the tooltip until a sync succeeds)."""
        self._problem = message
        self._refresh()

    def text(self) -> str:
        """What the panel says, as one line (the conflicts link as plain text)."""
        parts = [self.state_label.text(), self.pending_label.text(), self.last_sync_label.text()]
        for link in (self.conflicts_label, self.rejected_label):
            if link.text():
                parts.append(link.text().split(">", 1)[1].split("<", 1)[0])
        if self.link_label.text():
            parts.append(self.link_label.text())
        return SEPARATOR.join(part for part in parts if part)

    def _set_dot(self, colour: str) -> None:
        self.dot_label.setStyleSheet(f"color: {colour};")

    def _refresh(self) -> None:
        labels = self._parts()[1:]
        for separator, label in zip(self._separators, labels[1:], strict=True):
            separator.setVisible(bool(label.text()))
        for label in labels:
            label.setVisible(bool(label.text()))
        tips = [self.text()]
        if self._busy:
            tips.append(_("Syncing with the office server..."))
        if self._problem:
            tips.append(self._problem)
        self.setToolTip("\n".join(tips))
        self.dot_label.setText("◌" if self._busy else "●")
