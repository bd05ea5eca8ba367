"""`tiepdan report TABLE (--from DATE --to DATE | --period KIND --year YEAR) [--desk CODE]
[--format xlsx|pdf|json] [-o FILE] [--json]`: a statutory report table, or `all` of them;
`tiepdan report transferred-in|prolonged [-o FILE.pdf|FILE.xlsx]`: the two lists of the directive.

TABLE is 01/TCD ... 04/KQGQ or `all` (one workbook, a sheet per table; one PDF, a page per table).
On an office desk the figures are the office's, from the server (every desk); on a desk working
alone, its own. `--json` prints {table, period, columns: [{id, path}], rows: [{unit, cells}]}, the
office's total first (a list of them for `all`).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from desktop.cli.common import add_json_flag, cli_actor, opened
from desktop.cli.console import Console
from desktop.core import bounds
from desktop.core.errors import ValidationError
from desktop.core.formatting import parse_date, short_date
from desktop.core.i18n import _
from desktop.core.permissions import require
from desktop.core.reports.definitions import TABLE_IDS
from desktop.core.reports.export import FORMATS, format_of, report_pdf, report_sheet, report_xlsx, write_bytes
from desktop.core.reports.periods import KINDS, Period, custom, cutoff_day, save_cutoff_day, standard
from desktop.core.reports.scope import office_tables
from desktop.core.reports.tables import as_json, rule_breaks


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("report", help=_("the periodic report tables (01/TCD ... 04/KQGQ)"))
    parser.add_argument(
        "table",
        metavar="TABLE",
        help=_("01/TCD, 02/TCD, 01/XLD ... 04/XLD, 01/KQGQ ... 04/KQGQ, all, transferred-in or prolonged"),
    )
    parser.add_argument("--from", dest="start", metavar="DATE", help=_("the first day of the period"))
    parser.add_argument("--to", dest="end", metavar="DATE", help=_("the last day of the period"))
    parser.add_argument("--period", choices=KINDS, help=_("a standard period, with the office's cut-off day"))
    parser.add_argument("--year", type=int, metavar="YEAR", help=_("the year of --period (default: this year)"))
    parser.add_argument(
        "--cutoff-day",
        type=int,
        metavar="DAY",
        help=_("keep DAY (1-28) as the office's cut-off day of --period (1: calendar months)"),
    )
    parser.add_argument("--desk", metavar="CODE", help=_("only this desk's figures"))
    parser.add_argument("--format", choices=FORMATS, help=_("the format of -o (default: its suffix)"))
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help=_("write the table to FILE"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def _date(text: str, option: str) -> dt.date:
    try:
        day = parse_date(text)
    except ValueError as exc:
        raise ValidationError({option: _("Not a date: {text}").format(text=text)}) from exc
    if not bounds.FIRST_RECORD <= day <= bounds.LAST_DAY:  # 0001 or 9999 overflow the UTC bounds of a day
        raise ValidationError({option: _out_of_range()})
    return day


def _out_of_range() -> str:
    return _("A report covers the days records may have: from {first} to {last}.").format(
        first=short_date(bounds.FIRST_RECORD), last=short_date(bounds.LAST_DAY)
    )


def _period(args: argparse.Namespace, cutoff: int) -> Period:
    if args.period:
        if args.start or args.end:
            raise ValidationError({"--period": _("Give either --period or --from and --to, not both.")})
        year = dt.date.today().year if args.year is None else args.year  # --year 0 is no "this year"
        if not bounds.FIRST_RECORD.year <= year <= bounds.LAST_YEAR:
            raise ValidationError({"--year": _out_of_range()})
        return standard(args.period, year, cutoff)
    if not (args.start and args.end):
        raise ValidationError({"--from": _("Give the period: --from DATE --to DATE, or --period and --year.")})
    return custom(_date(args.start, "--from"), _date(args.end, "--to"))


def _list(args: argparse.Namespace, console: Console) -> int:
    """`tiepdan report transferred-in|prolonged [-o FILE.pdf|.xlsx] [--json]`."""
    from desktop.core.reports.lists import list_board, list_document, write_list

    name = args.table.lower()
    output: Path | None = args.output
    if output is not None and output.suffix.lower() not in (".pdf", ".xlsx"):
        raise ValidationError({"--output": _("The list is written as .pdf or .xlsx: {path}").format(path=output)})
    with opened(args, read_only=True) as database, database.sessions() as session:
        rows, origins = list_board(session, name, actor=cli_actor(args))
        document = list_document(session, name, rows, origins)
        if output is not None:
            write_list(document, output)
    data = {
        "list": name,
        "title": document.title,
        "rows": [
            {
                "number": row.number,
                "citizen": row.citizen_name,
                "state": row.state,
                "due": row.due_on.isoformat(),
                "days_left": row.days_left,
                "from": origins.get(row.number, ""),
                "summary": row.summary,
            }
            for row in rows
        ],
    }
    lines = [
        f"{row.number:<18} {row.due_on:%d/%m/%Y} {row.days_left:>5}  {row.state:<28} {row.citizen_name}" for row in rows
    ]
    lines.append(document.summary)
    if output is not None:
        lines.append(_("Written: {path}").format(path=output))
    console.emit(data, "\n".join(lines))
    return 0


def run(args: argparse.Namespace, console: Console) -> int:
    if args.table.lower() in ("transferred-in", "prolonged"):
        return _list(args, console)
    wanted = TABLE_IDS if args.table.lower() == "all" else (args.table.upper(),)
    for table_id in wanted:
        if table_id not in TABLE_IDS:
            raise ValidationError(
                {
                    "TABLE": _("Unknown report table {table}: one of {tables}.").format(
                        table=table_id, tables=", ".join(TABLE_IDS)
                    )
                }
            )
    output: Path | None = args.output
    kind = format_of(output, args.format) if output is not None else None
    with opened(args, read_only=args.cutoff_day is None) as database:
        actor = cli_actor(args)
        with database.sessions.begin() as session:  # a period refused keeps the cut-off day as it was
            if args.cutoff_day is not None:
                require(actor, "settings.office")
                save_cutoff_day(session, args.cutoff_day, actor=actor)
            period = _period(args, cutoff_day(session))
        result = office_tables(database, wanted, period, actor=actor, desk_code=args.desk)
        data: list[dict[str, object]] = [as_json(table) for table in result.tables]
        if output is not None and kind != "json":
            with database.sessions() as session:
                sheets = [report_sheet(session, table, actor=actor) for table in result.tables]
            write_bytes(output, report_xlsx(sheets) if kind == "xlsx" else report_pdf(sheets))
    document: object = data[0] if len(data) == 1 else data
    if output is not None and kind == "json":
        import json

        write_bytes(output, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
    lines = []
    for table in result.tables:
        total = table.total.cells
        shown = ", ".join(f"{key}: {value}" for key, value in list(total.items())[:8])
        lines.append(f"{table.definition.id}  {table.period.start:%d/%m/%Y}-{table.period.end:%d/%m/%Y}  {shown} ...")
        lines += [
            _("{table}, {unit}: the MS rule {rule} does not hold ({left} against {right}).").format(
                table=table.definition.id,
                unit=broken.unit,
                rule=broken.rule.text(),
                left=broken.left,
                right=broken.right,
            )
            for broken in rule_breaks(table)
        ]
    if result.source_note:
        lines.append(result.source_note)
    if output is not None:
        lines.append(_("Written: {path}").format(path=output))
    console.emit(document, "\n".join(lines))
    return 0
