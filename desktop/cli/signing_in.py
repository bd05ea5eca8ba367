"""Who runs a command: the global ``--user NAME``, its password from TIEPDAN_PASSWORD or a prompt.

Without ``--user`` a command runs as nobody: it may read what is not protected, and the core
refuses what needs a right. A password is never an argument (other accounts read the process
list); without TIEPDAN_PASSWORD it is asked on the terminal, and refused when there is none.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desktop.core.access import NOBODY, Actor
from desktop.core.database import Database
from desktop.core.errors import AppError
from desktop.core.i18n import _
from desktop.core.users import authenticate

PASSWORD_VARIABLE = "TIEPDAN_PASSWORD"
NEW_PASSWORD_VARIABLE = "TIEPDAN_NEW_PASSWORD"


def actor_of(args: argparse.Namespace, database: Database) -> Actor:
    """The actor of ``--user`` (signed in now, a failed attempt counted), else nobody.

    Called once per command, by desktop.cli.common.opened; commands read the result with cli_actor.
    """
    if not getattr(args, "user", None):
        return NOBODY
    password = password_from(PASSWORD_VARIABLE, _("Password of {user}: ").format(user=args.user))
    return authenticate(database.sessions, args.user, password)


def password_from(variable: str, prompt: str, *, confirm: bool = False) -> str:
    """The password in ``variable``, else typed on the terminal (twice with ``confirm``); AppError otherwise."""
    given = os.environ.get(variable)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise AppError(
            _("No password: set {variable} or run the command on a terminal to be asked.").format(variable=variable)
        )
    typed = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("The same password again: ")) != typed:
        raise AppError(_("The two passwords differ: nothing was changed."))
    return typed
