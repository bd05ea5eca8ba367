"""`tiepdan print KIND NUMBER -o FILE.pdf [--thermal]`: a slip, an official letter or the reception book.

The book: `tiepdan print book YEAR -o FILE.pdf|FILE.xlsx` or `tiepdan print book --from DATE --to DATE -o FILE`;
the format follows the extension of FILE. The rows done are shown on stderr while the book is written when
stderr is a terminal, or with --progress (a line every 5 %).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from db.enums import DocumentKind, Sex
from desktop.cli.common import add_json_flag, cli_actor, opened
from desktop.cli.console import Console
from desktop.core.cases.letter_texts import Denounced
from desktop.core.cases.letters import LETTER_KINDS, print_letter
from desktop.core.errors import AppError, StorageError, os_reason, read_only_storage
from desktop.core.files import keep
from desktop.core.formatting import parse_date
from desktop.core.i18n import _, ngettext
from desktop.core.reception.book_print import (
    BookPeriod,
    PrintedBook,
    Progress,
    book_period,
    export_book_xlsx,
    print_book,
)
from desktop.core.reception.refusal_notice import DEFAULT_GROUND, GROUND_CODES, print_reception_refusal
from desktop.core.reception.slips import issue_slip

SLIPS = {"receipt": DocumentKind.RECEIPT, "appointment": DocumentKind.APPOINTMENT}
LETTERS = {kind.value: kind for kind in LETTER_KINDS}
# Papers of a visit numbered like letters: the notice refusing to receive the citizen (Mẫu 01/TCD).
VISIT_NOTICES = {DocumentKind.RECEPTION_REFUSAL.value: DocumentKind.RECEPTION_REFUSAL}
BOOK = "book"
YEAR = re.compile(r"\d{4}")
SPREADSHEET = ".xlsx"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("print", help=_("print a slip, a letter or the reception book to a PDF file"))
    parser.add_argument("kind", choices=[*SLIPS, *LETTERS, *VISIT_NOTICES, BOOK], help=_("what to print"))
    parser.add_argument(
        "number",
        nargs="?",
        default="",
        help=_("The visit number for a slip, the petition, case or letter number for a letter, the year for the book."),
    )
    parser.add_argument(
        "-o", "--output", required=True, type=Path, help=_("the file to write (the book also as .xlsx)")
    )
    parser.add_argument("--from", dest="first", default="", help=_("the book from this day (dd/mm/yyyy)"))
    parser.add_argument("--to", dest="last", default="", help=_("the book up to this day (dd/mm/yyyy)"))
    parser.add_argument("--thermal", action="store_true", help=_("80 mm receipt-printer layout"))
    parser.add_argument(
        "--progress",
        action="store_true",
        help=_("the book: show the visits written so far on stderr (shown anyway on a terminal)"),
    )
    parser.add_argument(
        "--ground",
        choices=GROUND_CODES,
        default=DEFAULT_GROUND,
        help=_("the refusal to receive: its ground in Article 9 of the Law on Citizen Reception"),
    )
    parser.add_argument(
        "--denounced", default="", help=_("the notice to the person denounced: their full name (when first issued)")
    )
    parser.add_argument("--denounced-position", default="", help=_("the position and agency of the person denounced"))
    parser.add_argument("--denounced-address", default="", help=_("the address of the person denounced"))
    parser.add_argument(
        "--denounced-sex",
        choices=[Sex.MALE.value, Sex.FEMALE.value],
        default=None,
        help=_("the sex of the person denounced"),
    )
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    if args.kind == BOOK:
        return _run_book(args, console)
    if not args.number.strip():
        raise AppError(_("Give the number of the visit, petition, case or letter to print."))
    if args.first or args.last:
        raise AppError(_("--from and --to are for the reception book only."))
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
        elif args.kind in VISIT_NOTICES:
            notice = print_reception_refusal(
                session, args.number, data_dir=database.data_dir, actor=cli_actor(args), ground_code=args.ground
            )
            number, pdf, kept, digest = notice.number, notice.pdf, notice.path, notice.sha256
        else:
            letter = print_letter(
                session,
                LETTERS[args.kind],
                args.number,
                data_dir=database.data_dir,
                viewer=cli_actor(args),
                denounced=_denounced(args),
            )
            number, pdf, kept, digest = letter.number, letter.pdf, letter.path, letter.sha256
    _write(args.output, pdf)
    console.emit(
        {"kind": args.kind, "number": number, "output": str(args.output), "kept": str(kept), "sha256": digest},
        _("Printed {number} to {path} (kept in {kept}).").format(number=number, path=args.output, kept=kept),
    )
    return 0


def _denounced(args: argparse.Namespace) -> Denounced | None:
    """The person denounced as given on the command line; None when not given."""
    if not (args.denounced or args.denounced_position or args.denounced_address):
        return None
    sex = Sex(args.denounced_sex) if args.denounced_sex else None
    return Denounced(args.denounced, sex, args.denounced_position, args.denounced_address)


def _book_period(args: argparse.Namespace) -> BookPeriod:
    """The year given, or the days from --from to --to (both needed, no year with them)."""
    if args.first or args.last:
        if args.number.strip():
            raise AppError(_("Give either the year of the book or --from and --to, not both."))
        if not (args.first and args.last):
            raise AppError(_("Give both --from and --to, such as --from 01/03/2026 --to 31/03/2026."))
        return book_period(_day(args.first, "--from"), _day(args.last, "--to"))
    if not YEAR.fullmatch(args.number.strip()):
        raise AppError(
            _('"{value}" is not a year: give the year of the book in four digits, such as 2026.').format(
                value=args.number
            )
        )
    return BookPeriod.of_year(int(args.number))


def _day(text: str, option: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError:
        raise AppError(
            _('{option} "{value}" is not a date: write it as dd/mm/yyyy, such as 01/03/2026.').format(
                option=option, value=text
            )
        ) from None


def _run_book(args: argparse.Namespace, console: Console) -> int:
    period = _book_period(args)
    if args.thermal:
        raise AppError(_("The reception book is printed on A4 paper only, so leave out --thermal."))
    if args.output.suffix.lower() == SPREADSHEET:
        return _export_book(args, console, period)
    output: Path = args.output
    # A device or a pipe (/dev/stdout: a link that stat follows, to a pipe that has no path of its own).
    device = output.exists() and not output.is_file() and not output.is_dir()
    target = output.resolve() if output.is_symlink() and not device else output
    progress = _book_progress(args)
    with opened(args, read_only=True) as database, database.sessions() as session:
        # On read-only media the book is printed but no copy can be kept in the data folder.
        def printed(output: Path) -> PrintedBook:
            return print_book(
                session,
                period,
                actor=cli_actor(args),
                data_dir=database.data_dir,
                keep=not database.read_only,
                output=output,
                progress=progress,
            )

        if not device:
            book = printed(target)
        else:  # the book is copied there once it is whole
            with tempfile.TemporaryDirectory(prefix="tiepdan-book-") as folder:
                book = printed(Path(folder) / "book.pdf")
                _copy_to(output, book.file)
    console.emit(
        {
            "kind": BOOK,
            "number": period.label,
            "visits": book.visits,
            "output": str(args.output),
            "kept": str(book.path) if book.path else None,
            "sha256": book.sha256,
        },
        _book_line(book, args.output),
    )
    return 0


def _export_book(args: argparse.Namespace, console: Console, period: BookPeriod) -> int:
    with opened(args, read_only=True) as database, database.sessions() as session:
        visits = export_book_xlsx(session, period, args.output, actor=cli_actor(args), progress=_book_progress(args))
    console.emit(
        {"kind": BOOK, "number": period.label, "visits": visits, "output": str(args.output), "kept": None},
        ngettext(
            "Wrote the reception book ({period}, {count} visit) to {path}.",
            "Wrote the reception book ({period}, {count} visits) to {path}.",
            visits,
        ).format(period=period.label, count=visits, path=args.output),
    )
    return 0


def _book_progress(args: argparse.Namespace) -> Progress | None:
    """The progress shown on stderr: on a terminal, or when asked for with --progress; else none."""
    terminal = sys.stderr.isatty()
    if not (terminal or args.progress):
        return None
    return _ProgressLine(sys.stderr, terminal=terminal)


class _ProgressLine:
    """The visits written so far: one line rewritten in place on a terminal, else a line every 5 %."""

    STEP = 5

    def __init__(self, stream: TextIO, *, terminal: bool) -> None:
        self.stream = stream
        self.terminal = terminal
        self.shown = -1  # the percentage last shown

    def __call__(self, done: int, total: int) -> None:
        percent = 100 if done >= total else done * 100 // max(total, 1)
        step = 1 if self.terminal else self.STEP
        if percent < 100 and percent < self.shown + step:
            return
        if percent == self.shown:
            return
        self.shown = percent
        text = _("Writing the reception book: {done} of {total} visits ({percent}%)").format(
            done=f"{done:,}".replace(",", "."), total=f"{total:,}".replace(",", "."), percent=percent
        )
        end = "\n" if percent == 100 or not self.terminal else ""
        self.stream.write(("\r" if self.terminal else "") + text + end)
        self.stream.flush()


def _copy_to(output: Path, source: Path) -> None:
    """Copy the finished file ``source`` to a device or a pipe, as it is."""
    try:
        with source.open("rb") as reading, output.open("wb") as writing:
            shutil.copyfileobj(reading, writing)
    except OSError as exc:
        raise StorageError(_("Cannot write {path}: {reason}").format(path=output, reason=os_reason(exc))) from exc


def _book_line(book: PrintedBook, output: Path) -> str:
    if book.path is None and book.period.whole_year is None:
        return ngettext(
            "Printed the reception book ({period}, {count} visit) to {path}.",
            "Printed the reception book ({period}, {count} visits) to {path}.",
            book.visits,
        ).format(period=book.period.label, count=book.visits, path=output)
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
