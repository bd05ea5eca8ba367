"""`tiepdan print KIND NUMBER -o FILE.pdf [--thermal]`: a slip, an official letter or the year's book."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from db.enums import DocumentKind
from desktop.cli.common import add_json_flag, cli_actor, opened
from desktop.cli.console import Console
from desktop.core.cases.letters import LETTER_KINDS, print_letter
from desktop.core.errors import AppError, StorageError, os_reason, read_only_storage
from desktop.core.files import keep
from desktop.core.i18n import _, ngettext
from desktop.core.reception.book_print import PrintedBook, print_book
from desktop.core.reception.slips import issue_slip

SLIPS = {"receipt": DocumentKind.RECEIPT, "appointment": DocumentKind.APPOINTMENT}
LETTERS = {kind.value: kind for kind in LETTER_KINDS}
BOOK = "book"
YEAR = re.compile(r"\d{4}")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("print", help=_("print a slip, a letter or the reception book to a PDF file"))
    parser.add_argument("kind", choices=[*SLIPS, *LETTERS, BOOK], help=_("what to print"))
    parser.add_argument(
        "number",
        help=_("The visit number for a slip, the petition, case or letter number for a letter, the year for the book."),
    )
    parser.add_argument("-o", "--output", required=True, type=Path, help=_("the PDF file to write"))
    parser.add_argument("--thermal", action="store_true", help=_("80 mm receipt-printer layout"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    if args.kind == BOOK:
        return _run_book(args, console)
    # Read-only media: a letter already issued is re-read and printed; issuing a new paper is refused there.
    with opened(args, read_only=True) as database, database.sessions.begin() as session:
        if args.kind in SLIPS and database.read_only:
            raise read_only_storage()  # every slip printed is recorded as issued
        if args.kind in SLIPS:
            slip = issue_slip(
                session,
                SLIPS[args.kind],
                args.number,
                data_dir=database.data_dir,
                actor=cli_actor(args),
                thermal=args.thermal,
            )
            number, pdf, kept, digest = slip.number, slip.pdf, slip.path, slip.sha256
        else:
            letter = print_letter(
                session, LETTERS[args.kind], args.number, data_dir=database.data_dir, viewer=cli_actor(args)
            )
            number, pdf, kept, digest = letter.number, letter.pdf, letter.path, letter.sha256
    _write(args.output, pdf)
    console.emit(
        {"kind": args.kind, "number": number, "output": str(args.output), "kept": str(kept), "sha256": digest},
        _("Printed {number} to {path} (kept in {kept}).").format(number=number, path=args.output, kept=kept),
    )
    return 0


def _run_book(args: argparse.Namespace, console: Console) -> int:
    if not YEAR.fullmatch(args.number.strip()):
        raise AppError(
            _('"{value}" is not a year: give the year of the book in four digits, such as 2026.').format(
                value=args.number
            )
        )
    if args.thermal:
        raise AppError(_("The reception book is printed on A4 paper only, so leave out --thermal."))
    year = int(args.number)
    with opened(args, read_only=True) as database, database.sessions() as session:
        # On read-only media the book is printed but no copy can be kept in the data folder.
        book = print_book(session, year, actor=cli_actor(args), data_dir=database.data_dir, keep=not database.read_only)
    _write(args.output, book.pdf)
    console.emit(
        {
            "kind": BOOK,
            "number": str(year),
            "visits": book.visits,
            "output": str(args.output),
            "kept": str(book.path) if book.path else None,
            "sha256": book.sha256,
        },
        _book_line(book, args.output),
    )
    return 0


def _book_line(book: PrintedBook, output: Path) -> str:
    if book.path is None:
        return ngettext(
            "Printed the reception book of {year} ({count} visit) to {path}; no copy kept (read-only data folder).",
            "Printed the reception book of {year} ({count} visits) to {path}; no copy kept (read-only data folder).",
            book.visits,
        ).format(year=book.year, count=book.visits, path=output)
    return ngettext(
        "Printed the reception book of {year} ({count} visit) to {path} (kept in {kept}).",
        "Printed the reception book of {year} ({count} visits) to {path} (kept in {kept}).",
        book.visits,
    ).format(year=book.year, count=book.visits, path=output, kept=book.path)


def _write(output: Path, pdf: bytes) -> None:
    """The PDF at ``output``, whole or not at all (see files.keep); a device or pipe (/dev/stdout) is written as is."""
    target = output.resolve() if output.is_symlink() else output
    if not target.exists() or target.is_file() or target.is_dir():
        keep(target, pdf)
        return
    try:
        target.write_bytes(pdf)
    except OSError as exc:
        raise StorageError(_("Cannot write {path}: {reason}").format(path=output, reason=os_reason(exc))) from exc
