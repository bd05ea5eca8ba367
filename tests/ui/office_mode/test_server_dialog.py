"""The office server dialog against the real PostgreSQL: test, prepare, join, and the password store."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from db import migrations
from db.session import make_engine
from desktop.core.database import Database
from desktop.core.i18n import _
from desktop.core.office import current_desk_code
from desktop.core.office_mode import sync
from desktop.core.office_mode.server import KEYRING_SERVICE, PASSWORD_ENV, parse_address
from desktop.ui.office_mode.server_dialog import ServerDialog
from tests.helpers.tcpproxy import TcpProxy
from tests.helpers.waiting import WAIT_MS
from tests.ui.conftest import Questions

pytestmark = pytest.mark.postgres


class MemoryKeyring(KeyringBackend):
    """A password store in a dict, standing in for the OS keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[service, username] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture(autouse=True)
def _no_password_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)


@pytest.fixture
def use_keyring() -> Iterator[Callable[[KeyringBackend], None]]:
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


@pytest.fixture
def open_dialog(qtbot: QtBot, database: Database) -> Callable[[str], ServerDialog]:
    def make(url: str) -> ServerDialog:
        dialog = ServerDialog(database)
        qtbot.addWidget(dialog)
        dialog.set_address(parse_address(url)[0])
        dialog.show()
        return dialog

    return make


def finish(qtbot: QtBot, dialog: ServerDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=WAIT_MS)


def test_connection_to_the_prepared_server_works(
    qtbot: QtBot, open_dialog: Callable[[str], ServerDialog], fresh_pg_url: str
) -> None:
    dialog = open_dialog(fresh_pg_url)
    dialog.test_button.click()
    assert dialog.is_busy
    finish(qtbot, dialog)
    assert dialog.message() == _("Connection works: the server is ready for TiepDan.")
    assert not any(box.has_message for box in dialog.boxes.values())


def test_unreachable_server_is_explained_next_to_the_host(
    qtbot: QtBot, open_dialog: Callable[[str], ServerDialog], fresh_pg_url: str, proxy: TcpProxy
) -> None:
    proxy.cut()
    dialog = open_dialog(proxy.url(fresh_pg_url))
    dialog.test_button.click()
    finish(qtbot, dialog)
    host = dialog.boxes["host"]
    assert host.has_error
    assert f"127.0.0.1:{proxy.port}" in host.message()
    assert host.message_label.isVisibleTo(dialog)
    assert dialog.message() == ""


def test_empty_host_is_asked_for_before_connecting(
    open_dialog: Callable[[str], ServerDialog], fresh_pg_url: str
) -> None:
    dialog = open_dialog(fresh_pg_url)
    dialog.host_edit.clear()
    dialog.test_button.click()
    assert not dialog.is_busy
    assert dialog.boxes["host"].message() == _("Enter the server's name or IP address.")


def test_prepare_server_creates_the_schema_of_a_fresh_server(
    qtbot: QtBot, open_dialog: Callable[[str], ServerDialog], empty_pg_url: str, questions: Questions
) -> None:
    dialog = open_dialog(empty_pg_url)
    dialog.test_button.click()
    finish(qtbot, dialog)
    not_prepared = _("The server has not been prepared for TiepDan yet (Settings, Prepare server).")
    assert dialog.message() == _("The server answers, but: {problem}").format(problem=not_prepared)

    questions.replies.append(QMessageBox.StandardButton.Yes)
    dialog.prepare_button.click()
    finish(qtbot, dialog)
    assert len(questions.asked) == 1
    head = migrations.head_revision()
    assert dialog.message() == _("The server is prepared for TiepDan (database schema {revision}).").format(
        revision=head
    )
    engine = make_engine(empty_pg_url)
    assert migrations.current_revision(engine) == head
    engine.dispose()


def test_join_office_makes_this_desk_an_office_desk(
    qtbot: QtBot,
    open_dialog: Callable[[str], ServerDialog],
    database: Database,
    fresh_pg_url: str,
    proxy: TcpProxy,
) -> None:
    dialog = open_dialog(proxy.url(fresh_pg_url))
    dialog.desk_edit.setText("d07")
    dialog.join_button.click()
    finish(qtbot, dialog)
    assert dialog.joined is not None
    assert dialog.joined.desk_code == "D07"
    assert "D07" in dialog.message()
    with database.sessions() as session:
        assert current_desk_code(session) == "D07"
    assert sync.status(database).server.startswith("postgresql+psycopg://postgres@127.0.0.1:")


def test_desk_code_of_another_desk_is_refused_next_to_the_desk_code(
    qtbot: QtBot,
    open_dialog: Callable[[str], ServerDialog],
    make_desk: Callable[[str], Database],
    database: Database,
    proxied_url: str,
) -> None:
    make_desk("D05")
    dialog = open_dialog(proxied_url)
    dialog.desk_edit.setText("D05")
    dialog.join_button.click()
    finish(qtbot, dialog)
    assert dialog.joined is None
    desk = dialog.boxes["desk_code"]
    assert desk.has_error
    assert "D05" in desk.message()
    assert not sync.status(database).server


def test_password_typed_at_join_is_kept_in_the_keyring(
    qtbot: QtBot,
    open_dialog: Callable[[str], ServerDialog],
    fresh_pg_url: str,
    proxy: TcpProxy,
    use_keyring: Callable[[KeyringBackend], None],
) -> None:
    store = MemoryKeyring()
    use_keyring(store)
    dialog = open_dialog(proxy.url(fresh_pg_url))
    dialog.password_edit.setText("s3cret-Mật-khẩu")
    dialog.desk_edit.setText("D08")
    dialog.join_button.click()
    finish(qtbot, dialog)
    assert dialog.joined is not None
    assert store.passwords == {(KEYRING_SERVICE, dialog.address().keyring_user): "s3cret-Mật-khẩu"}
    assert dialog.password_edit.text() == ""


def test_without_a_keyring_the_password_field_explains_the_environment_variable(
    open_dialog: Callable[[str], ServerDialog],
    qtbot: QtBot,
    database: Database,
    fresh_pg_url: str,
    use_keyring: Callable[[KeyringBackend], None],
) -> None:
    use_keyring(fail.Keyring())
    dialog = open_dialog(fresh_pg_url)
    dialog.password_edit.setText("s3cret")
    dialog.desk_edit.setText("D09")
    dialog.join_button.click()
    finish(qtbot, dialog)
    assert dialog.joined is None
    assert PASSWORD_ENV in dialog.boxes["password"].message()
    assert not sync.status(database).server  # nothing was joined with a password it cannot keep


def test_password_from_the_environment_disables_the_field(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "from-env")
    dialog = ServerDialog(database)
    qtbot.addWidget(dialog)
    assert not dialog.password_edit.isEnabled()
    assert PASSWORD_ENV in dialog.password_edit.placeholderText()
