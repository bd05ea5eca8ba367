"""From the desk's own Settings: the administrator makes the desk's server account, and joining keeps it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from db.session import make_engine
from desktop.core.database import PASSWORD_ENV, Database
from desktop.core.office import get_setting
from desktop.core.office_mode import desk_roles
from desktop.core.office_mode.server import KEYRING_SERVICE, parse_address
from desktop.core.settings_keys import Setting
from desktop.ui.office_mode.server_dialog import ServerDialog
from tests.helpers.memory_keyring import MemoryKeyring, memory_keyring  # noqa: F401 - fixture
from tests.helpers.waiting import WAIT_MS

pytestmark = pytest.mark.postgres


@pytest.fixture
def dropped_afterwards(fresh_pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)  # the password typed is the one used
    yield
    engine = make_engine(fresh_pg_url)
    try:
        desk_roles.drop_desk_role(engine, "D02")
    finally:
        engine.dispose()


@pytest.mark.usefixtures("dropped_afterwards")
def test_the_desk_account_is_made_then_kept_by_joining(
    qtbot: QtBot,
    database: Database,
    fresh_pg_url: str,
    memory_keyring: MemoryKeyring,  # noqa: F811 - the fixture
) -> None:
    dialog = ServerDialog(database)
    qtbot.addWidget(dialog)
    dialog.set_address(parse_address(fresh_pg_url)[0])
    dialog.desk_edit.setText("D02")
    dialog.show()
    dialog.account_button.click()
    qtbot.waitUntil(lambda: not dialog.is_busy and dialog.user_edit.text().endswith("_desk_d02"), timeout=WAIT_MS)
    role, password = dialog.user_edit.text(), dialog.password_edit.text()
    assert len(password) >= 24
    assert role in dialog.message()
    assert password not in dialog.message()
    dialog.join_button.click()
    qtbot.waitUntil(lambda: dialog.joined is not None, timeout=WAIT_MS)
    with database.sessions() as session:
        stored = get_setting(session, Setting.SERVER)
    assert make_url(stored).username == role
    assert password not in stored
    assert password in memory_keyring.passwords.values()
    assert all(service == KEYRING_SERVICE for service, _user in memory_keyring.passwords)
