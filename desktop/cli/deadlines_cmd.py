"""`tiepdan deadlines [--due-within DAYS] [--overdue] [--json]`: the deadline board."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import add_json_flag, in_range, opened
from desktop.cli.console import Console
from desktop.cli.signing_in import actor_of
from desktop.core.cases.board import counts, deadline_board
from desktop.core.formatting import short_date
from desktop.core.i18n import _

MAX_DUE_WITHIN = 2500  # working days, about ten years: far beyond any legal time limit


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("deadlines", help=_("open petitions and cases by due date"))
    parser.add_argument("--due-within", type=int, metavar="DAYS", help=_("only those due within DAYS working days"))
    parser.add_argument("--overdue", action="store_true", help=_("only those past their due date"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    in_range(args.due_within, "--due-within", 0, MAX_DUE_WITHIN)
    with opened(args, read_only=True) as database:
        actor = actor_of(args, database)  # a handler sees the cases assigned to them
        with database.sessions() as session:
            board = deadline_board(session, due_within=args.due_within, overdue=args.overdue, actor=actor)
    total = counts(board)
    data = {
        "counts": {
            "rows": len(board),
            "overdue": total.overdue,
            "due_soon": total.due_soon,
            "owes_report": total.owes_report,
            "prolonged": total.prolonged,
        },
        "rows": [
            {
                "kind": r.kind,
                "number": r.number,
                "citizen": r.citizen_name,
                "state": r.state,
                "due": r.due_on.isoformat(),
                "days_left": r.days_left,
                "owes_report": r.owes_report,
                "prolonged": r.is_prolonged,
                "summary": r.summary,
            }
            for r in board
        ],
    }
    lines = [
        f"{r.number:<18} {short_date(r.due_on):<10} {r.days_left:>5}  {r.state:<28} {r.citizen_name}"
        for r in board[:200]
    ]
    lines.append(
        _("{rows} open, {overdue} overdue, {owes} owing a report back, {prolonged} prolonged.").format(
            rows=len(board), overdue=total.overdue, owes=total.owes_report, prolonged=total.prolonged
        )
    )
    console.emit(data, "\n".join(lines))
    return 0
