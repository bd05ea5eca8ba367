"""`tiepdan transfer-reply NUMBER --date DATE | --none [--json]`: the day the competent body's reply came in
to a petition the office sent on (the "văn bản phúc đáp" columns of 02/TCD and the XLD tables)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import add_json_flag, cli_actor, opened
from desktop.cli.console import Console
from desktop.core.errors import ValidationError
from desktop.core.formatting import parse_date, short_date
from desktop.core.i18n import _
from desktop.core.reports.results import record_reply_received


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("transfer-reply", help=_("record the reply received to a petition sent on"))
    parser.add_argument("number", metavar="NUMBER", help=_("the petition number"))
    parser.add_argument("--date", metavar="DATE", help=_("the day the reply came in"))
    parser.add_argument("--none", action="store_true", help=_("no reply came in after all (clears the date)"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    if bool(args.date) == bool(args.none):
        raise ValidationError({"--date": _("Give the day the reply came in (--date DATE) or --none.")})
    try:
        day = parse_date(args.date) if args.date else None
    except ValueError as exc:
        raise ValidationError({"--date": _("Not a date: {text}").format(text=args.date)}) from exc
    with opened(args) as database, database.sessions.begin() as session:
        kept = record_reply_received(session, args.number, day, actor=cli_actor(args))
    console.emit(
        {"petition": args.number, "reply_on": kept.isoformat() if kept else None},
        _("Reply received on {day}.").format(day=short_date(kept)) if kept else _("No reply recorded."),
    )
    return 0
