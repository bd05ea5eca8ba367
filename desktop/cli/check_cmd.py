"""`tiepdan check [--json]`: database integrity, schema version, pending changes."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from desktop.cli.common import add_json_flag, opened
from desktop.cli.console import Console
from desktop.core.check import run_checks
from desktop.core.i18n import _


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("check", help=_("check database integrity and schema version"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    with opened(args, read_only=True) as database:
        report = run_checks(database)
    data = {
        "ok": report.ok,
        "schema": report.schema,
        "head": report.head,
        "pending_changes": report.pending_changes,
        "checks": [asdict(item) for item in report.items],
    }
    lines = [f"{'OK ' if item.ok else _('ERR')} {item.name:<10} {item.detail}" for item in report.items]
    lines.append(_("Changes waiting to be sent: {n}").format(n=report.pending_changes))
    console.emit(data, "\n".join(lines))
    return 0 if report.ok else 1
