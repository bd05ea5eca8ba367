"""`tiepdan init`: create or migrate the database and, if given, the office profile and desk."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from db.migrations import current_revision
from desktop.cli.common import add_json_flag, open_from_args
from desktop.cli.console import Console
from desktop.core import office
from desktop.core.i18n import _
from desktop.core.office_mode import sync
from desktop.core.office_mode.joining import join_office
from desktop.core.settings_keys import Setting

_PROFILE_OPTIONS = {
    "office_name": "agency_name",
    "parent_agency": "parent_agency",
    "place": "place_name",
    "symbol": "number_symbol",
    "address": "address",
}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("init", help=_("create or migrate the database and the office profile"))
    parser.add_argument("--office-name", help=_('agency name, e.g. "Ban Tiếp công dân tỉnh An Giang"'))
    parser.add_argument("--parent-agency", help=_('parent agency, e.g. "Ủy ban nhân dân tỉnh An Giang"'))
    parser.add_argument("--place", help=_('place name of the date line, e.g. "An Giang"'))
    parser.add_argument("--symbol", help=_("abbreviation in document numbers, e.g. BTCD"))
    parser.add_argument("--address", help=_("address of the office"))
    parser.add_argument("--desk", help=_("this desk's code, e.g. D01"))
    parser.add_argument("--receptionist", help=_("name of the receptionist at this desk"))
    parser.add_argument(
        "--server", metavar="URL", help=_("make this desk an office-mode desk of that PostgreSQL server (needs --desk)")
    )
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    if args.server and not args.desk:
        console.error(_("--server needs --desk CODE."))
        return 2
    database = open_from_args(args)
    try:
        with database.sessions.begin() as session:
            profile = _apply_profile(session, args)
            if args.desk:
                office.set_current_desk(session, args.desk)
            if args.receptionist:
                office.set_setting(session, Setting.RECEPTIONIST, args.receptionist)
            desk = office.current_desk_code(session)
        joined = None
        if args.server:
            joined = join_office(database, args.server, args.desk)
            database.dispose()
            database = open_from_args(args)  # reopened as an office-mode desk: changes go to the outbox
            sync.sync_once(database, joined.desk_code)  # brings the office profile and the other desks' work
            with database.sessions() as session:
                profile = office.get_office(session)
        result = {
            "database": database.location(),
            "schema": current_revision(database.engine),
            "office": profile.agency_name if profile else None,
            "desk": desk,
            "server": joined.server if joined else None,
        }
    finally:
        database.dispose()
    lines = [
        _("Database ready: {location} (schema {schema}).").format(location=result["database"], schema=result["schema"])
    ]
    lines.append(
        _("Office: {name}.").format(name=result["office"])
        if profile
        else _("No office profile yet: give --office-name, --parent-agency, --place and --symbol, or start the GUI.")
    )
    if desk:
        lines.append(_("Desk: {code}.").format(code=desk))
    if joined:
        lines.append(
            _("Office-mode desk of {server}; {n} local records queued for the server.").format(
                server=joined.server, n=joined.queued
            )
        )
    console.emit(result, "\n".join(lines))
    return 0


def _apply_profile(session: Any, args: argparse.Namespace) -> office.OfficeProfile | None:
    existing = office.get_office(session)
    given = {
        field: getattr(args, option) for option, field in _PROFILE_OPTIONS.items() if getattr(args, option) is not None
    }
    if not given:
        return existing
    base = existing or office.OfficeProfile(agency_name="", parent_agency="", place_name="", number_symbol="")
    return office.save_office(session, replace(base, **given))
