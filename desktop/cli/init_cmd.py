"""`tiepdan init`: create or migrate the database and, if given, the office profile and desk."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from desktop.cli.common import add_json_flag, cli_actor, opened
from desktop.cli.console import Console
from desktop.cli.signing_in import PASSWORD_VARIABLE, password_from
from desktop.core.desk_setup import DeskSetup
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.office_mode.joining import Initialised, initialise
from desktop.core.office_mode.server import parse_address, stored_password
from desktop.core.text import clean
from desktop.core.users import check_password, check_username, create_first_admin, normal_username

_PROFILE_OPTIONS = {
    "office_name": "agency_name",
    "parent_agency": "parent_agency",
    "place": "place_name",
    "symbol": "number_symbol",
    "address": "address",
    "head_position": "head_position",
}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("init", help=_("create or migrate the database and the office profile"))
    parser.add_argument("--office-name", help=_('agency name, e.g. "Ban Tiếp công dân tỉnh An Giang"'))
    parser.add_argument("--parent-agency", help=_('parent agency, e.g. "Ủy ban nhân dân tỉnh An Giang"'))
    parser.add_argument("--place", help=_('place name of the date line, e.g. "An Giang"'))
    parser.add_argument("--symbol", help=_("abbreviation in document numbers, e.g. BTCD"))
    parser.add_argument("--address", help=_("address of the office"))
    parser.add_argument("--head-position", help=_('position of the head of the board, e.g. "Trưởng ban"'))
    parser.add_argument(
        "--authority",
        action="append",
        metavar="NAME|HEAD|LINE|SYMBOL|INSPECTORATE",
        help=_(
            'a competent authority the board serves (repeatable), e.g. "Ủy ban nhân dân tỉnh An Giang|Chủ tịch|'
            'TM. Ủy ban nhân dân|UBND|Thanh tra tỉnh An Giang"'
        ),
    )
    parser.add_argument(
        "--signer",
        action="append",
        metavar="NAME|POSITION|LINE[|AUTHORITY]",
        help=_(
            'a person who signs letters (repeatable), e.g. "Nguyễn Văn Bình|Phó Trưởng ban|KT."; a fourth part '
            "names the competent authority the person signs for"
        ),
    )
    parser.add_argument("--desk", help=_("this desk's code, e.g. D01"))
    parser.add_argument("--receptionist", help=_("name of the receptionist at this desk"))
    parser.add_argument(
        "--admin",
        metavar="NAME",
        help=_("create the first administrator NAME (the password from TIEPDAN_PASSWORD or a prompt)"),
    )
    parser.add_argument(
        "--server", metavar="URL", help=_("make this desk an office-mode desk of that PostgreSQL server (needs --desk)")
    )
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    if args.server and not args.desk:
        console.error(_("--server needs --desk CODE."))
        return 2
    setup = DeskSetup(
        profile={
            field: getattr(args, option)
            for option, field in _PROFILE_OPTIONS.items()
            if getattr(args, option) is not None
        },
        desk_code=args.desk,
        receptionist=args.receptionist,
        signers=tuple(args.signer) if args.signer else None,
        authorities=tuple(args.authority) if args.authority else None,
    )
    admin_password = _admin_password(args.admin) if args.admin else None
    password = _asked_password(args.server) if args.server else None
    with opened(args) as database:
        done = initialise(database, setup, server_url=args.server, password=password, actor=cli_actor(args))
        if args.admin and admin_password is not None:
            with database.sessions.begin() as session:
                create_first_admin(session, args.admin, admin_password)
    admin = normal_username(args.admin) if args.admin else None
    lines = _lines(done) + ([_("Administrator: {user}.").format(user=admin)] if admin else [])
    console.emit({**_as_json(done), "admin": admin}, "\n".join(lines))
    return 0


def _admin_password(name: str) -> str:
    """Asked and checked before anything is written: a bad name or password leaves the desk as it was."""
    errors = check_username(name)
    if errors:
        raise ValidationError(errors)
    password = password_from(
        PASSWORD_VARIABLE, _("Password of the administrator {user}: ").format(user=name), confirm=True
    )
    errors = check_password(password)
    if errors:
        raise ValidationError(errors)
    return password


def _asked_password(url: str) -> str | None:
    """The server's password typed at a terminal, when neither TIEPDAN_SERVER_PASSWORD nor the keyring holds it."""
    if not sys.stdin.isatty():
        return None
    address, _password = parse_address(url)
    if stored_password(address):
        return None
    return getpass.getpass(_("Password of {server}: ").format(server=address.display())) or None


def _as_json(done: Initialised) -> dict[str, Any]:
    return {
        "database": done.desk.location,
        "schema": done.desk.schema,
        "office": clean(done.desk.office.agency_name) if done.desk.office else None,
        "desk": done.desk.desk_code,
        "server": done.joined.server if done.joined else None,
    }


def _lines(done: Initialised) -> list[str]:
    desk, joined = done.desk, done.joined
    lines = [_("Database ready: {location} (schema {schema}).").format(location=desk.location, schema=desk.schema)]
    lines.append(
        _("Office: {name}.").format(name=clean(desk.office.agency_name))
        if desk.office
        else _("No office profile yet: give --office-name, --parent-agency, --place and --symbol, or start the GUI.")
    )
    if desk.desk_code:
        lines.append(_("Desk: {code}.").format(code=desk.desk_code))
    if joined:
        lines.append(
            _("Office-mode desk of {server}; {n} local records queued for the server.").format(
                server=joined.server, n=joined.queued
            )
        )
    return lines
