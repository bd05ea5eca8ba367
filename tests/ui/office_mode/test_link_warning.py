"""A server link left plain or unverified is said in the status bar and under the TLS choice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.core.database import Database
from desktop.core.office_mode.server import ServerAddress
from desktop.core.office_mode.sync import SyncStatus
from desktop.ui.office_mode.server_dialog import ServerDialog
from desktop.ui.office_mode.status import SyncStatusPanel

PLAIN = ServerAddress(host="192.168.1.10", tls="disable")


def status(link_warning: str) -> SyncStatus:
    return SyncStatus(
        server=PLAIN.url().render_as_string(),
        online=True,
        offline_since=None,
        pending=0,
        last_sync_at=dt.datetime.now(dt.UTC),
        cursor=1,
        open_conflicts=0,
        link_warning=link_warning,
    )


def test_the_status_bar_warns_of_a_plain_link(qtbot: QtBot, tmp_path: Path) -> None:
    panel = SyncStatusPanel()
    qtbot.addWidget(panel)
    panel.show_status(status(PLAIN.link_warning()))
    assert "Kết nối máy chủ không mã hoá" in panel.text()
    assert panel.link_label.isVisibleTo(panel)
    assert panel.link_label.toolTip() == PLAIN.link_warning()
    panel.resize(900, 30)
    panel.grab().save(str(tmp_path / "status.png"))
    panel.show_status(status(ServerAddress(host="192.168.1.10").link_warning()))
    assert "Kết nối máy chủ" not in panel.text()
    assert not panel.link_label.isVisibleTo(panel)


def test_the_dialog_names_the_choice_and_keeps_the_ca_file(qtbot: QtBot, database: Database, tmp_path: Path) -> None:
    dialog = ServerDialog(database)
    qtbot.addWidget(dialog)
    dialog.set_address(ServerAddress(host="192.168.1.10", ca_file="/etc/tiepdan/ca.crt"))
    dialog.show()
    assert dialog.address().tls == "verify-full"
    assert dialog.address().ca_file == "/etc/tiepdan/ca.crt"
    assert not dialog.boxes["tls"].message()
    assert dialog.ca_row.isEnabled()
    dialog.tls_combo.setCurrentIndex(dialog.tls_combo.findData("disable"))
    assert "không mã hoá" in dialog.boxes["tls"].message()
    assert not dialog.ca_row.isEnabled()
    dialog.grab().save(str(tmp_path / "dialog.png"))
    dialog.host_edit.setText("127.0.0.1")  # this computer: plain is fine
    assert not dialog.boxes["tls"].message()
