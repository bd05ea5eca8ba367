"""`tiepdan print KIND NUMBER -o FILE.pdf [--thermal]`: a slip or an official letter, kept as issued."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from db.enums import DocumentKind
from desktop.cli.common import add_json_flag, opened
from desktop.cli.console import Console
from desktop.core.errors import StorageError
from desktop.core.i18n import _
from desktop.core.letters import LETTER_KINDS, print_letter
from desktop.core.slips import issue_slip

SLIPS = {"receipt": DocumentKind.RECEIPT, "appointment": DocumentKind.APPOINTMENT}
LETTERS = {kind.value: kind for kind in LETTER_KINDS}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("print", help=_("print a slip or letter to a PDF file"))
    parser.add_argument("kind", choices=[*SLIPS, *LETTERS], help=_("what to print"))
    parser.add_argument(
        "number", help=_("the visit number for a slip; the petition, case or letter number for a letter")
    )
    parser.add_argument("-o", "--output", required=True, type=Path, help=_("the PDF file to write"))
    parser.add_argument("--thermal", action="store_true", help=_("80 mm receipt-printer layout"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    with opened(args) as database, database.sessions.begin() as session:
        if args.kind in SLIPS:
            slip = issue_slip(session, SLIPS[args.kind], args.number, data_dir=database.data_dir, thermal=args.thermal)
            number, pdf, kept, digest = slip.number, slip.pdf, slip.path, slip.sha256
        else:
            letter = print_letter(session, LETTERS[args.kind], args.number, data_dir=database.data_dir)
            number, pdf, kept, digest = letter.number, letter.pdf, letter.path, letter.sha256
    output: Path = args.output
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(pdf)
    except OSError as exc:
        raise StorageError(_("Cannot write {path}: {reason}").format(path=output, reason=exc.strerror)) from exc
    console.emit(
        {"kind": args.kind, "number": number, "output": str(output), "kept": str(kept), "sha256": digest},
        _("Printed {number} to {path} (kept in {kept}).").format(number=number, path=output, kept=kept),
    )
    return 0
