"""`tiepdan case-result NUMBER --outcome decided|withdrawn|suspended --date DATE [--verdict V] [--due DATE]
[--executed DATE] [--note TEXT] [--figure CODE=AMOUNT ...] [--show] [--json]`: the result of a case.

The same use case as the GUI's case-result dialog (desktop/core/reports/results.py): a field it
refuses is named with its message and nothing is saved. `--show` prints the recorded result.
"""

from __future__ import annotations

import argparse
from typing import Any

from db.enums import ResultOutcome, Verdict
from desktop.cli.common import add_json_flag, cli_actor, opened
from desktop.cli.console import Console
from desktop.core.errors import ValidationError
from desktop.core.formatting import parse_date, short_date
from desktop.core.i18n import _
from desktop.core.reports.definitions import figures
from desktop.core.reports.results import ResultDraft, ResultView, read_result, record_result


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("case-result", help=_("record the result of a case, as the report tables count it"))
    parser.add_argument("number", metavar="NUMBER", help=_("the case number"))
    parser.add_argument("--outcome", choices=[o.value for o in ResultOutcome], help=_("how the case ended"))
    parser.add_argument("--date", metavar="DATE", help=_("the date of the decision, conclusion or withdrawal"))
    parser.add_argument("--verdict", choices=[v.value for v in Verdict], default="", help=_("what it found"))
    parser.add_argument("--due", metavar="DATE", help=_("the legal due date (default: the case's)"))
    parser.add_argument("--executed", metavar="DATE", help=_("the day it was carried out in full"))
    parser.add_argument("--note", default="", help=_("a note"))
    parser.add_argument(
        "--figure",
        action="append",
        default=[],
        metavar="CODE=AMOUNT",
        help=_("a figure of the result (money in million đồng, land in m²): {codes}").format(
            codes=", ".join(f.code for f in figures())
        ),
    )
    parser.add_argument("--show", action="store_true", help=_("print the recorded result, change nothing"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def _day(text: str | None, option: str) -> Any:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise ValidationError({option: _("Not a date: {text}").format(text=text)}) from exc


def _data(view: ResultView) -> dict[str, object]:
    return {
        "case": view.case_number,
        "outcome": view.outcome,
        "verdict": view.verdict,
        "decided_on": view.decided_on.isoformat(),
        "due_on": view.due_on.isoformat() if view.due_on else None,
        "executed_on": view.executed_on.isoformat() if view.executed_on else None,
        "on_time": view.on_time,
        "note": view.note,
        "figures": dict(view.figures),
    }


def run(args: argparse.Namespace, console: Console) -> int:
    if args.show:
        with opened(args, read_only=True) as database, database.sessions() as session:
            view = read_result(session, args.number)
        if view is None:
            console.emit({"case": args.number, "result": None}, _("No result is recorded for this case yet."))
            return 0
        console.emit(_data(view), _text(view))
        return 0
    pairs: dict[str, str] = {}
    for item in args.figure:
        code, sep, amount = item.partition("=")
        if not sep:
            raise ValidationError({"--figure": _("Give a figure as CODE=AMOUNT: {text}").format(text=item)})
        pairs[code.strip()] = amount
    draft = ResultDraft(
        outcome=args.outcome or "",
        decided_on=_day(args.date, "--date"),
        verdict=args.verdict,
        due_on=_day(args.due, "--due"),
        executed_on=_day(args.executed, "--executed"),
        note=args.note,
        figures=pairs,
    )
    with opened(args) as database, database.sessions.begin() as session:
        view = record_result(session, args.number, draft, actor=cli_actor(args))
    console.emit(_data(view), _text(view))
    return 0


def _text(view: ResultView) -> str:
    lines = [
        _("Result of {case}: {outcome} {verdict} on {day}").format(
            case=view.case_number, outcome=view.outcome, verdict=view.verdict, day=short_date(view.decided_on)
        ),
        _("On time") if view.on_time else _("Late against the due date {day}").format(day=short_date(view.due_on)),
    ]
    lines += [f"  {code} = {amount:g}" for code, amount in view.figures.items()]
    return "\n".join(lines)
