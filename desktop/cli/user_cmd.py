"""`tiepdan user add|disable|list`: the desk's accounts, for an administrator (`--user NAME`)."""

from __future__ import annotations

import argparse
from typing import Any

from db.enums import Role
from desktop.cli.common import add_json_flag, cli_actor, opened
from desktop.cli.console import Console
from desktop.cli.signing_in import NEW_PASSWORD_VARIABLE, password_from
from desktop.core.access import acting
from desktop.core.formatting import short_datetime
from desktop.core.i18n import _
from desktop.core.permissions import require, role_name
from desktop.core.users import UserView, add_user, disable_user, list_users


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("user", help=_("add, disable and list the users (an administrator's)"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=_("add a user (the password from TIEPDAN_NEW_PASSWORD or a prompt)"))
    add.add_argument("name", metavar="NAME", help=_("the user name to sign in with"))
    add.add_argument("--role", required=True, choices=[role.value for role in Role], help=_("what the user may do"))
    add.add_argument("--full-name", default="", help=_("the person's full name"))
    add_json_flag(add)
    add.set_defaults(func=run_add)
    disable = actions.add_parser("disable", help=_("stop a user signing in, on every desk after the next sync"))
    disable.add_argument("name", metavar="NAME")
    add_json_flag(disable)
    disable.set_defaults(func=run_disable)
    listing = actions.add_parser("list", help=_("list the users"))
    add_json_flag(listing)
    listing.set_defaults(func=run_list)


def run_add(args: argparse.Namespace, console: Console) -> int:
    with opened(args) as database:
        actor = cli_actor(args)  # signed in by opened()
        require(actor, "user.manage")  # before asking for a password nobody may set
        password = password_from(
            NEW_PASSWORD_VARIABLE, _("Password of the new user {user}: ").format(user=args.name), confirm=True
        )
        with database.sessions.begin() as session:
            view = add_user(
                acting(session, actor), actor, args.name, password, role=Role(args.role), full_name=args.full_name
            )
    console.emit(_as_json(view), _("User {user} added ({role}).").format(user=view.username, role=role_name(view.role)))
    return 0


def run_disable(args: argparse.Namespace, console: Console) -> int:
    with opened(args) as database:
        actor = cli_actor(args)  # signed in by opened()
        with database.sessions.begin() as session:
            view = disable_user(acting(session, actor), actor, args.name)
    console.emit(_as_json(view), _("User {user} can no longer sign in.").format(user=view.username))
    return 0


def run_list(args: argparse.Namespace, console: Console) -> int:
    with opened(args, read_only=True) as database:
        actor = cli_actor(args)  # signed in by opened()
        with database.sessions() as session:
            views = list_users(session, actor)
    console.emit([_as_json(view) for view in views], "\n".join(_line(view) for view in views))
    return 0


def _as_json(view: UserView) -> dict[str, Any]:
    return {
        "username": view.username,
        "full_name": view.full_name,
        "role": view.role.value,
        "active": view.is_active,
        "locked_until": view.locked_until.isoformat() if view.locked_until else None,
    }


def _line(view: UserView) -> str:
    state = _("active") if view.is_active else _("disabled")
    if view.locked_until:
        state += ", " + _("locked until {time}").format(time=short_datetime(view.locked_until))
    return f"{view.username}\t{role_name(view.role)}\t{view.full_name}\t{state}"
