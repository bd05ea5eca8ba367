"""What this desk holds and, on an office-mode desk, what the office server holds: `tiepdan stats`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.core.database import Database
from desktop.core.office import get_setting
from desktop.core.office_mode.server import ServerUnavailableError, connect
from desktop.core.office_mode.sync import server_address
from desktop.core.settings_keys import Setting
from desktop.core.stats import counts


@dataclass(frozen=True)
class DeskCounts:
    local: dict[str, int]  # rows per kind of record (desktop.core.stats.COUNTED) on this desk
    server: dict[str, int] | None  # the same on the office server; None without one, or when it is away
    problem: str = ""  # why an office-mode desk has no server counts ("" when it has them)

    @property
    def office_mode(self) -> bool:
        return self.server is not None or bool(self.problem)


def desk_counts(database: Database) -> DeskCounts:
    """This desk's counts and, on an office-mode desk, the server's (or why they are missing)."""
    with database.sessions() as session:
        local = counts(session)
        office_mode = bool(get_setting(session, Setting.SERVER))
    if not office_mode:
        return DeskCounts(local=local, server=None)
    try:
        server = connect(server_address(database))
    except ServerUnavailableError as exc:
        return DeskCounts(local=local, server=None, problem=str(exc))
    try:
        with Session(server) as session:
            return DeskCounts(local=local, server=counts(session))
    finally:
        server.dispose()
