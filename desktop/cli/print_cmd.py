"""`tiepdan print KIND NUMBER -o FILE.pdf [--thermal]`: render a slip and keep it as issued."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from db.enums import DocumentKind
from desktop.cli.common import add_json_flag, open_from_args
from desktop.cli.console import Console
from desktop.core.errors import StorageError
from desktop.core.i18n import _
from desktop.core.slips import issue_slip

KINDS = {"receipt": DocumentKind.RECEIPT, "appointment": DocumentKind.APPOINTMENT}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("print", help=_("print a slip or letter to a PDF file"))
    parser.add_argument("kind", choices=sorted(KINDS), help=_("what to print"))
    parser.add_argument("number", help=_("the visit number, e.g. D01-2026-000123"))
    parser.add_argument("-o", "--output", required=True, type=Path, help=_("the PDF file to write"))
    parser.add_argument("--thermal", action="store_true", help=_("80 mm receipt-printer layout"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    database = open_from_args(args)
    try:
        with database.sessions.begin() as session:
            slip = issue_slip(session, KINDS[args.kind], args.number, data_dir=database.data_dir, thermal=args.thermal)
    finally:
        database.dispose()
    output: Path = args.output
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(slip.pdf)
    except OSError as exc:
        raise StorageError(_("Cannot write {path}: {reason}").format(path=output, reason=exc.strerror)) from exc
    console.emit(
        {
            "kind": args.kind,
            "number": slip.number,
            "output": str(output),
            "kept": str(slip.path),
            "sha256": slip.sha256,
        },
        _("Printed {number} to {path} (kept in {kept}).").format(number=slip.number, path=output, kept=slip.path),
    )
    return 0
