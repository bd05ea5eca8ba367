"""`tiepdan deadline RULE START`: the due date of a legal time limit and how it was counted."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from desktop.cli.console import Console
from desktop.core.deadlines.calendar import WorkCalendar, load_overrides
from desktop.core.deadlines.rules import Deadline, Period, deadline_for
from desktop.core.errors import ValidationError
from desktop.core.i18n import _


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "deadline",
        help=_("compute a legal deadline"),
        description=_("Print the due date (ISO) of a legal time limit and how it was counted."),
    )
    parser.add_argument("rule", metavar="RULE", help=_("rule id, e.g. complaint.resolve.first"))
    parser.add_argument("start", metavar="START", help=_("date of the event the period runs from (YYYY-MM-DD)"))
    parser.add_argument("--complex", action="store_true", help=_("complex case"))
    parser.add_argument("--remote", action="store_true", help=_("remote or hard-to-reach area"))
    parser.add_argument(
        "--extensions", type=int, default=0, metavar="N", help=_("number of extensions granted (denunciation.resolve)")
    )
    parser.add_argument(
        "--suspend",
        action="append",
        default=[],
        metavar="FROM:TO",
        help=_("a suspension period that does not count, both days included (repeatable)"),
    )
    parser.add_argument(
        "--calendar", metavar="FILE", help=_("office holiday overrides, in the layout of resources/holidays/vn.json")
    )
    parser.add_argument("--json", action="store_true", help=_("print one JSON document"))
    parser.set_defaults(func=run)
    return parser


def parse_day(text: str, field: str) -> date:
    """An ISO date from the command line; a ValidationError (exit 1) otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError({field: _('Invalid date "{text}": expected YYYY-MM-DD').format(text=text)}) from None


def parse_period(text: str) -> Period:
    first, sep, last = text.partition(":")
    if not sep:
        raise ValidationError({"suspend": _('Invalid period "{text}": expected FROM:TO').format(text=text)})
    return parse_day(first, "suspend"), parse_day(last, "suspend")


def as_json(deadline: Deadline) -> dict[str, Any]:
    return {
        "rule": deadline.rule_id,
        "version": deadline.rule_version,
        "start": deadline.start.isoformat(),
        "due": deadline.due.isoformat(),
        "unit": deadline.unit.value,
        "explanation": deadline.explanation,
    }


def run(args: argparse.Namespace, console: Console) -> int:
    start = parse_day(args.start, "start")
    office = load_overrides(Path(args.calendar)) if args.calendar else None
    deadline = deadline_for(
        args.rule,
        start,
        calendar=WorkCalendar.default(office),
        is_complex=args.complex,
        is_remote=args.remote,
        extensions=args.extensions,
        suspensions=[parse_period(text) for text in args.suspend],
    )
    console.emit(as_json(deadline), f"{deadline.due.isoformat()}\n{deadline.explanation}")
    return 0
