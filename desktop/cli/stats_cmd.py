"""`tiepdan stats [--json]`: how many citizens, visits and documents the desk holds."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.common import add_json_flag, opened
from desktop.cli.console import Console
from desktop.core.database import Database
from desktop.core.i18n import N_, _
from desktop.core.office import get_setting
from desktop.core.office_mode.server import ServerUnavailableError, connect
from desktop.core.office_mode.sync import server_address
from desktop.core.settings_keys import Setting
from desktop.core.stats import counts

_TITLES = {
    "citizens": N_("Citizens"),
    "visits": N_("Visits"),
    "received_documents": N_("Documents received"),
    "documents": N_("Documents issued"),
}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("stats", help=_("count citizens, visits and documents"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    with opened(args) as database:
        with database.sessions() as session:
            local = counts(session)
        server, problem = _server_counts(database)
    width = max(len(_(title)) for title in _TITLES.values())
    header = f"{'':<{width}}  {_('This desk'):>12}" + (f"  {_('Server'):>12}" if server else "")
    rows = [
        f"{_(_TITLES[name]):<{width}}  {value:>12,}" + (f"  {server[name]:>12,}" if server else "")
        for name, value in local.items()
    ]
    if problem:
        rows.append(problem)
    data: dict[str, object] = {"local": local}
    if server is not None or problem:
        data["server"] = server
    console.emit(data, "\n".join([header, *rows]))
    return 0


def _server_counts(database: Database) -> tuple[dict[str, int] | None, str]:
    """The server's counts on an office-mode desk; (None, why) when it cannot be reached."""
    with database.sessions() as session:
        if not get_setting(session, Setting.SERVER):
            return None, ""
    try:
        server = connect(server_address(database))
    except ServerUnavailableError as exc:
        return None, str(exc)
    try:
        with Session(server) as session:
            return counts(session), ""
    finally:
        server.dispose()
