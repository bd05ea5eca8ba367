"""`tiepdan --db SERVER server add-desk CODE | prune`: the office server's administration.

Run with the preparing account's address in --db (its password from TIEPDAN_SERVER_PASSWORD,
PGPASSWORD or ~/.pgpass, never in the address).
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import add_json_flag, opened
from desktop.cli.console import Console
from desktop.core.errors import AppError
from desktop.core.i18n import _
from desktop.core.office_mode import desk_roles, pruning


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("server", help=_("administer the office server (with --db SERVER)"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add-desk", help=_("create the server account of a desk, with its own password"))
    add.add_argument("code", metavar="CODE", help=_("the desk's code, e.g. D02"))
    add_json_flag(add)
    add.set_defaults(func=run_add_desk)
    remove = actions.add_parser("remove-desk", help=_("remove the server account of a desk (a retired desk)"))
    remove.add_argument("code", metavar="CODE", help=_("the desk's code, e.g. D02"))
    remove.set_defaults(func=run_remove_desk)
    prune = actions.add_parser("prune", help=_("drop change-log rows every desk has pulled, older than the retention"))
    prune.add_argument(
        "--retention-days", type=int, metavar="DAYS", help=_("set the office's retention (default 90 days)")
    )
    add_json_flag(prune)
    prune.set_defaults(func=run_prune)


def _server(args: argparse.Namespace) -> None:
    if not args.db or not str(args.db).startswith("postgresql"):
        raise AppError(_("Give the office server with --db postgresql+psycopg://USER@HOST/DATABASE."))


def run_add_desk(args: argparse.Namespace, console: Console) -> int:
    _server(args)
    with opened(args) as database:
        role = desk_roles.add_desk_role(database.engine, args.code)
    text = "\n".join(
        [
            _("Server account of desk {code}: {role}").format(code=role.code, role=role.role),
            _("Password (shown only now; type it in Settings, Office server on that desk): {password}").format(
                password=role.password
            ),
        ]
    )
    console.emit({"desk": role.code, "role": role.role, "password": role.password}, text)
    return 0


def run_remove_desk(args: argparse.Namespace, console: Console) -> int:
    _server(args)
    with opened(args) as database:
        removed = desk_roles.drop_desk_role(database.engine, args.code)
    if not removed:
        console.error(_("Desk {code} has no server account.").format(code=args.code))
        return 1
    console.emit({"removed": args.code}, _("The server account of desk {code} is removed.").format(code=args.code))
    return 0


def run_prune(args: argparse.Namespace, console: Console) -> int:
    _server(args)
    with opened(args) as database:
        if args.retention_days is not None:
            pruning.set_retention(database.engine, args.retention_days)
        done = pruning.prune(database.engine)
    console.emit(
        {"pruned": done.changes, "retention_days": done.retention_days},
        _("Dropped {n} change-log rows that every desk has pulled (retention {days} days).").format(
            n=done.changes, days=done.retention_days
        ),
    )
    return 0
