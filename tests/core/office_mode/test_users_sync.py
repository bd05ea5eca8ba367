"""Office mode: the accounts travel with the sync; a desk signs in offline; a disabling reaches every desk."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from db.enums import Role
from desktop.core import users
from desktop.core.database import Database
from desktop.core.office_mode import sync
from tests.helpers.tcpproxy import TcpProxy

PASSWORD = "mật khẩu đủ dài"


@pytest.mark.postgres
def test_users_reach_every_desk_sign_in_offline_and_a_disabling_spreads(
    make_desk: Callable[[str], Database], proxy: TcpProxy
) -> None:
    d01, d02 = make_desk("D01"), make_desk("D02")
    with d01.sessions.begin() as session:
        admin = users.create_first_admin(session, "quantri", PASSWORD)
        users.add_user(session, admin, "canbo1", PASSWORD, role=Role.HANDLER)
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    proxy.cut()  # D02 is offline now: it signs in with the hashes it last received
    assert users.authenticate(d02.sessions, "canbo1", PASSWORD).role == "handler"
    proxy.restore()
    with d02.sessions.begin() as session:
        users.disable_user(session, users.authenticate(d02.sessions, "quantri", PASSWORD), "canbo1")
    sync.sync_once(d02, "D02")
    sync.sync_once(d01, "D01")
    with pytest.raises(users.SignInError, match="vô hiệu"):
        users.authenticate(d01.sessions, "canbo1", PASSWORD)
