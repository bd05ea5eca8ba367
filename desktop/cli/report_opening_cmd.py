"""`tiepdan report-opening TABLE --year YEAR [--as-of DATE --value COLUMN=AMOUNT ...] [--json]`: the figures a
table carries over from before the office used TiepDan (this desk's; none given prints them)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import add_json_flag, cli_actor, opened
from desktop.cli.console import Console
from desktop.core.errors import ValidationError
from desktop.core.formatting import parse_date, short_date
from desktop.core.i18n import _
from desktop.core.reports.definitions import load_table
from desktop.core.reports.openings import Openings, read_openings, save_openings


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report-opening", help=_("the figures a report table carries over from before the office used TiepDan")
    )
    parser.add_argument("table", metavar="TABLE", help=_("01/TCD ... 04/KQGQ"))
    parser.add_argument(
        "--value",
        dest="values",
        action="append",
        default=[],
        metavar="COLUMN=AMOUNT",
        help=_("a column's number in the MS row and its figure"),
    )
    parser.add_argument("--year", type=int, required=True, metavar="YEAR", help=_("the report year"))
    parser.add_argument("--as-of", metavar="DATE", help=_("the figures count up to this day"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def _data(openings: Openings) -> dict[str, object]:
    return {
        "table": openings.table_id,
        "year": openings.year,
        "as_of": openings.as_of.isoformat() if openings.as_of else None,
        "values": dict(openings.values),
    }


def run(args: argparse.Namespace, console: Console) -> int:
    table_id = load_table(args.table.upper()).id
    if not args.values:
        with opened(args, read_only=True) as database, database.sessions() as session:
            openings = read_openings(session, table_id, args.year)
    else:
        if not args.as_of:
            raise ValidationError({"--as-of": _("Give the day the figures count up to: --as-of DATE.")})
        try:
            as_of = parse_date(args.as_of)
        except ValueError as exc:
            raise ValidationError({"--as-of": _("Not a date: {text}").format(text=args.as_of)}) from exc
        values: dict[str, str] = {}
        for item in args.values:
            column, sep, amount = item.partition("=")
            if not sep:
                raise ValidationError({"--value": _("Give a figure as CODE=AMOUNT: {text}").format(text=item)})
            values[column.strip()] = amount
        with opened(args) as database, database.sessions.begin() as session:
            openings = save_openings(session, table_id, args.year, as_of, values, actor=cli_actor(args))
    text = ", ".join(f"{column}: {amount:g}" for column, amount in openings.values.items()) or _("none")
    day = short_date(openings.as_of) if openings.as_of else "-"
    console.emit(_data(openings), f"{openings.table_id} {openings.year} ({day}): {text}")
    return 0
