"""`tiepdan import FILE [--dry-run] [--map date=B,name=C,...] [--json]`: an old reception book into the book.

The file may be .xlsx, BIFF .xls, CSV or an HTML table saved as .xls or .doc (told by its content).
Its header is recognised (the official books and the exports of docs/importing.md), or --map names
the columns by letter. Everything is imported in one transaction; a row already imported from the
same file is skipped; --dry-run writes nothing. Exit 0 when no row was refused, else 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import add_json_flag, cli_actor, desk_code_of, opened
from desktop.cli.console import Console
from desktop.core.errors import AppError, environment_error
from desktop.core.i18n import _
from desktop.core.reception.importing.books import ImportReport, import_book
from desktop.core.reception.importing.layout import parse_mapping
from desktop.core.reception.importing.sources import MAX_BYTES, UnreadableFileError


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("import", help=_("import an old reception book (xlsx, xls, csv, html)"))
    parser.add_argument("file", type=Path, metavar="FILE", help=_("the book: .xlsx, .xls, .csv, or a saved web page"))
    parser.add_argument("--dry-run", action="store_true", help=_("read and check the book, write nothing"))
    parser.add_argument(
        "--map",
        metavar="FIELD=COLUMN,...",
        help=_("the columns by letter when the header is not recognised, e.g. date=B,name=C,content=D"),
    )
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    mapping = parse_mapping(args.map) if args.map else None
    data = _read(args.file)
    with opened(args) as database:
        actor = cli_actor(args)
        desk = desk_code_of(database)
        with database.sessions.begin() as session:
            report = import_book(
                session,
                data,
                file_name=args.file.name,
                actor=actor,
                desk_code=desk,
                dry_run=args.dry_run,
                mapping=mapping,
            )
    console.emit(report.as_json(), _text(report, dry_run=args.dry_run))
    return 0 if not report.rejected else 1


def _read(path: Path) -> bytes:
    try:
        if path.exists() and not path.is_file():  # /dev/zero, a pipe: never-ending, or a folder
            raise AppError(_("The file {path} cannot be read.").format(path=path))
        if path.stat().st_size > MAX_BYTES:  # refused before it is read into memory
            raise UnreadableFileError(
                _("This file is larger than {megabytes} MB: it is not a reception book that can be imported.").format(
                    megabytes=MAX_BYTES // 1_000_000
                )
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise AppError(_("There is no file {path}.").format(path=path)) from exc
    except OSError as exc:
        raise environment_error(exc) or AppError(_("The file {path} cannot be read.").format(path=path)) from exc


def _text(report: ImportReport, *, dry_run: bool) -> str:
    lines = [
        _("Row {row} of {sheet}: {reason}").format(row=reject.row, sheet=reject.sheet, reason=reject.reason)
        for reject in report.rejected
    ]
    if dry_run:
        lines.append(
            _("Dry run: {entries} entries ({people} people) would be imported; nothing was written.").format(
                entries=report.entries, people=report.people
            )
        )
    else:
        lines.append(
            _("Imported {imported} entries ({people} people).").format(imported=report.imported, people=report.people)
        )
    if report.already_imported:
        lines.append(_("{count} entries were imported before and were skipped.").format(count=report.already_imported))
    if report.rejected:
        lines.append(_("{count} rows were refused.").format(count=len(report.rejected)))
    return "\n".join(lines)
