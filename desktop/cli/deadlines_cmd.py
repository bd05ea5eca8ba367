"""`tiepdan deadlines [--due-within DAYS] [--overdue] [--officer NAME] [--field CODE] [--kind KIND] [--state STATE]
[--prolonged-after DAYS] [-o FILE.pdf|FILE.xlsx] [--json]`: the deadline board, filtered, printed or exported."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from db.enums import PetitionKind
from desktop.cli.common import add_json_flag, cli_actor, in_range, opened
from desktop.cli.console import Console
from desktop.core.cases.board import (
    BOARD_STATE_LABELS,
    DUE_SOON,
    MAX_PROLONGED_AFTER,
    BoardFilter,
    BoardRow,
    board_query,
    board_rows,
)
from desktop.core.cases.board_export import describe_board, write_board_pdf, write_board_xlsx
from desktop.core.cases.petitions import field_code
from desktop.core.errors import ValidationError
from desktop.core.formatting import short_date
from desktop.core.i18n import _
from desktop.core.text import clean

MAX_DUE_WITHIN = 2500  # working days, about ten years: far beyond any legal time limit


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("deadlines", help=_("open petitions and cases by due date"))
    parser.add_argument("--due-within", type=int, metavar="DAYS", help=_("only those due within DAYS working days"))
    parser.add_argument("--overdue", action="store_true", help=_("only those past their due date"))
    parser.add_argument("--officer", metavar="NAME", help=_("only those handled by this officer"))
    parser.add_argument("--field", metavar="CODE", help=_("only those of this field of law (its code)"))
    parser.add_argument("--kind", choices=[kind.value for kind in PetitionKind], help=_("only petitions of this kind"))
    parser.add_argument("--state", choices=sorted(BOARD_STATE_LABELS), help=_("only those in this state"))
    parser.add_argument(
        "--prolonged-after",
        type=int,
        metavar="DAYS",
        help=_("prolonged when open more than DAYS past the time limit (default: the desk's setting, else 30)"),
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help=_("also write the list to FILE.pdf or FILE.xlsx")
    )
    add_json_flag(parser)
    parser.set_defaults(func=run)


def _filter(args: argparse.Namespace) -> BoardFilter:
    return BoardFilter(
        officer=clean(args.officer) if args.officer else None,
        field_code=field_code(args.field) if args.field else None,
        petition_kind=PetitionKind(args.kind) if args.kind else None,
        state_key=args.state,
    )


def run(args: argparse.Namespace, console: Console) -> int:
    in_range(args.due_within, "--due-within", 0, MAX_DUE_WITHIN)
    in_range(args.prolonged_after, "--prolonged-after", 1, MAX_PROLONGED_AFTER)
    output: Path | None = args.output
    if output is not None and output.suffix.lower() not in {".pdf", ".xlsx"}:
        raise ValidationError({"--output": _("The list is written as .pdf or .xlsx: {path}").format(path=output)})
    only = _filter(args)
    view = "overdue" if args.overdue else "due" if args.due_within is not None else "all"
    soon = args.due_within if args.due_within is not None else DUE_SOON
    seen = _Seen(soon, keep=console.json_mode)
    with opened(args, read_only=True) as database, database.sessions() as session:
        actor = cli_actor(args)
        query = board_query(
            session, actor=actor, within=soon, view=view, only=only, prolonged_days=args.prolonged_after
        )
        # One pass over the streamed board: counted, the first lines kept for the terminal, every row
        # kept only for --json, and written to the file as it is read (never the board held twice).
        rows = seen.counted(board_rows(session, query, actor=actor))
        if output is not None:
            text = describe_board(session, view, args.due_within or 0, only)
            write = write_board_xlsx if output.suffix.lower() == ".xlsx" else write_board_pdf
            write(session, rows, text, output)
        else:
            for _row in rows:
                pass
    data: dict[str, Any] = {
        "counts": {
            "rows": seen.rows,
            "overdue": seen.overdue,
            "due_soon": seen.due_soon,
            "owes_report": seen.owes_report,
            "prolonged": seen.prolonged,
        },
        "rows": seen.kept,
    }
    if output is not None:
        data["output"] = str(output)
    lines = [
        f"{r.number:<18} {short_date(r.due_on):<10} {r.days_left:>5}  {r.state:<28} {r.citizen_name}"
        for r in seen.first
    ]
    lines.append(
        _("{rows} open, {overdue} overdue, {owes} owing a report back, {prolonged} prolonged.").format(
            rows=seen.rows, overdue=seen.overdue, owes=seen.owes_report, prolonged=seen.prolonged
        )
    )
    if output is not None:
        lines.append(_("Written: {path}").format(path=output))
    console.emit(data, "\n".join(lines))
    return 0


SHOWN = 200  # rows printed on the terminal; --json and the file have them all


class _Seen:
    """What the command says of the board, gathered as its rows stream by."""

    def __init__(self, soon: int, *, keep: bool) -> None:
        self._soon, self._keep = soon, keep
        self.rows = self.overdue = self.due_soon = self.owes_report = self.prolonged = 0
        self.first: list[BoardRow] = []
        self.kept: list[dict[str, Any]] = []

    def counted(self, rows: Iterator[BoardRow]) -> Iterator[BoardRow]:
        for row in rows:
            self.rows += 1
            self.overdue += row.is_overdue
            self.due_soon += 0 <= row.days_left <= self._soon
            self.owes_report += row.owes_report
            self.prolonged += row.is_prolonged
            if len(self.first) < SHOWN:
                self.first.append(row)
            if self._keep:
                self.kept.append(_as_json(row))
            yield row


def _as_json(r: BoardRow) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "number": r.number,
        "citizen": r.citizen_name,
        "state": r.state,
        "state_key": r.state_key,
        "petition_kind": r.petition_kind,
        "field": r.field_code,
        "officer": r.officer,
        "due": r.due_on.isoformat(),
        "days_left": r.days_left,
        "days_late": r.days_late,
        "owes_report": r.owes_report,
        "prolonged": r.is_prolonged,
        "summary": r.summary,
    }
