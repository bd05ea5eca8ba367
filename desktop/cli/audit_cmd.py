"""`tiepdan audit verify [--json]` and `tiepdan audit list [--user U] [--record R] [--from D] [--to D] [--json]`.

``verify`` walks every desk's chain of audit events and reports the first broken link of each:
exit 0 when every chain is intact, 1 when one is broken. ``list`` prints the events that match,
newest first; as text it names the changed fields only, ``--json`` carries before/after too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from desktop.cli.common import add_json_flag, cli_actor, opened
from desktop.cli.console import Console
from desktop.core.audit import AuditFilter, AuditRow, describe, list_events, verify_chain
from desktop.core.errors import ValidationError
from desktop.core.formatting import local, parse_date
from desktop.core.i18n import _


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("audit", help=_("check and list the audit trail"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help=_("check that no audit event was changed, deleted or added"))
    add_json_flag(verify)
    verify.set_defaults(func=run_verify)
    listing = actions.add_parser("list", help=_("list audit events, newest first"))
    listing.add_argument(
        "--by", metavar="NAME", help=_('only the events of this user ("" for nobody signed in)')
    )  # not --user: that global option signs the command in
    listing.add_argument("--record", metavar="ID", help=_("only the events of this record id, table or desk code"))
    listing.add_argument("--from", dest="since", metavar="DATE", help=_("from this day (dd/mm/yyyy), included"))
    listing.add_argument("--to", dest="until", metavar="DATE", help=_("up to this day (dd/mm/yyyy), included"))
    add_json_flag(listing)
    listing.set_defaults(func=run_list)


def run_verify(args: argparse.Namespace, console: Console) -> int:
    with opened(args, read_only=True) as database, database.sessions() as session:
        report = verify_chain(session)
    data = {
        "intact": report.intact,
        "events": report.events,
        "chains": [
            {
                "chain": str(chain.chain_id),
                "desk": chain.desk_code,
                "events": chain.events,
                "last_seq": chain.last_seq,
                "broken": None
                if chain.broken is None
                else {
                    "problem": chain.broken.problem,
                    "seq": chain.broken.seq,
                    "count": chain.broken.count,
                    "event_id": str(chain.broken.event_id) if chain.broken.event_id else None,
                    "text": describe(chain.broken),
                },
            }
            for chain in report.chains
        ],
    }
    lines = []
    for chain in report.chains:
        desk = chain.desk_code or "-"
        if chain.broken is None:
            lines.append(_("Desk {desk}: {n} events, intact.").format(desk=desk, n=chain.events))
        else:
            lines.append(_("Desk {desk}: BROKEN: {what}.").format(desk=desk, what=describe(chain.broken)))
    if report.intact:
        lines.append(_("The audit trail is intact ({n} events).").format(n=report.events))
    else:
        lines.append(_("The audit trail has been tampered with."))
    console.emit(data, "\n".join(lines))
    return 0 if report.intact else 1


def run_list(args: argparse.Namespace, console: Console) -> int:
    wanted = AuditFilter(
        user=args.by, record=args.record, since=_day(args.since, "--from"), until=_day(args.until, "--to")
    )
    with opened(args, read_only=True) as database, database.sessions() as session:
        rows = list_events(session, wanted, actor=cli_actor(args))
    data = [
        {
            "id": str(row.id),
            "at": row.occurred_at.isoformat(),
            "desk": row.desk_code,
            "seq": row.seq,
            "user": row.username or None,
            "action": row.action,
            "table": row.entity,
            "record": str(row.record_id) if row.record_id else None,
            "before": _loaded(row.before),
            "after": _loaded(row.after),
        }
        for row in rows
    ]
    lines = [_line(row) for row in rows]
    lines.append(_("{n} events.").format(n=len(rows)))
    console.emit(data, "\n".join(lines))
    return 0


def _day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise ValidationError({option: _("{option} takes a date such as 05/03/2026.").format(option=option)}) from exc


def _loaded(text: str) -> object:
    return json.loads(text) if text else None


def _line(row: AuditRow) -> str:
    """One event for a terminal: the fields changed or read are named, their values are not shown."""
    fields = sorted(set(_keys(row.before)) | set(_keys(row.after)))
    when = local(row.occurred_at).strftime("%d/%m/%Y %H:%M:%S")
    user = row.username or "-"
    record = str(row.record_id)[:8] if row.record_id else "-"
    where = f"{row.desk_code or '-'}#{row.seq}"
    return f"{when}  {where:<12} {user:<16} {row.action:<7} {row.entity or '-':<18} {record}  {', '.join(fields)}"


def _keys(text: str) -> list[str]:
    value = _loaded(text)
    if isinstance(value, dict):
        return [str(key) for key in value if key != "what"] + (
            [str(item) for item in value["what"]] if isinstance(value.get("what"), list) else []
        )
    return []
