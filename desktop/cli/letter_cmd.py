"""`tiepdan letter cancel NUMBER --reason TEXT`: a letter issued is cancelled by a recorded step.

Its official number stays used; the letters list shows it cancelled with the reason, and it is
never printed again (desktop/core/cases/corrections.py). Needs "letter.cancel" (a leader).
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import add_json_flag, cli_actor, opened
from desktop.cli.console import Console
from desktop.core.access import acting
from desktop.core.cases.corrections import cancel_letter
from desktop.core.i18n import _


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("letter", help=_("letters already issued"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    cancel = actions.add_parser("cancel", help=_("cancel a letter: its number stays used, it is not printed again"))
    cancel.add_argument("number", metavar="NUMBER", help=_("the letter's official number, e.g. 15/TB-BTCD"))
    cancel.add_argument("--reason", required=True, metavar="TEXT", help=_("why (required, kept with the step)"))
    add_json_flag(cancel)
    cancel.set_defaults(func=run_cancel)


def run_cancel(args: argparse.Namespace, console: Console) -> int:
    with opened(args) as database:
        actor = cli_actor(args)
        with database.sessions.begin() as session:
            number = cancel_letter(acting(session, actor), args.number, reason=args.reason, actor=actor)
    console.emit(
        {"number": number, "cancelled": True},
        _("Letter {number} cancelled: its number stays used.").format(number=number),
    )
    return 0
