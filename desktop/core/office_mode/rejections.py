"""Changes the office server refused: list them in words, send them again, or keep them on this desk.

A push sets a refused outbox entry aside with its reason, together with the entries that depend on
it (desktop.core.office_mode.refusal); nothing is deleted and everything else keeps flowing. Here a
person settles them, one refused change and its dependants (a *group*) at a time:

- ``retry_rejection``: the group goes back to pending, and the next sync sends it again. Each entry
  is sent with its record's values as they are now, so a record corrected since goes with the fix.
- ``keep_local``: the group stays on this desk only. It is never pushed and is still listed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ForeignKeyConstraint, UniqueConstraint, select, update
from sqlalchemy.orm import InstrumentedAttribute, Mapper, Session

from db.base import Base
from db.enums import ChangeOp
from db.models import CaseFile, OutboxEntry, Petition, Visit
from db.sync import payload
from desktop.core.access import Actor
from desktop.core.confidentiality import MASKED_NAME, withheld_ids
from desktop.core.database import Database
from desktop.core.errors import NotFoundError
from desktop.core.i18n import N_, _
from desktop.core.office_mode.conflicts import ENTITY_LABELS as CONFLICT_ENTITY_LABELS
from desktop.core.office_mode.conflicts import FIELD_LABELS as CONFLICT_FIELD_LABELS
from desktop.core.office_mode.refusal import DEPENDS, Reason
from desktop.core.stats import refused

RECORD_NAME_KEYS = ("serial", "number", "full_name", "name", "agency_name", "code", "title")
NAME_LENGTH = 60  # a record's name in a list: longer ones are cut (a refused one may be very long)

ENTITY_LABELS = {
    **CONFLICT_ENTITY_LABELS,
    "app_user": N_("User"),
    "calendar_day": N_("Calendar day"),
    "desk": N_("Desk"),
    "visit_participant": N_("Visit participant"),
    "received_document": N_("Received document"),
    "imported_entry": N_("Imported entry"),
    "petition_sender": N_("Petition sender"),
    "issued_document": N_("Issued document"),
    "case_event": N_("Case step"),
    "leader_conclusion": N_("Leader's conclusion"),
    "correction": N_("Correction"),
}
FIELD_LABELS = {
    **CONFLICT_FIELD_LABELS,
    "id_number": N_("ID number"),
    "id_issue_place": N_("Place of issue"),
    "address_detail": N_("House, street, hamlet"),
    "name_key": N_("Full name"),
    "address_key": N_("Address"),
    "ethnicity": N_("Ethnicity"),
    "nationality": N_("Nationality"),
    "name": N_("Name"),
    "code": N_("Code"),
    "serial": N_("Number"),
    "number": N_("Number"),
    "title": N_("Title"),
    "recipient": N_("Recipient"),
    "leader_name": N_("Leader's name"),
    "appointment_place": N_("Appointment place"),
    "appointment_with": N_("Appointment with"),
    "requests": N_("Requests"),
    "pages": N_("Pages"),
    "head_count": N_("Number of people"),
    "birth_year": N_("Year of birth"),
}
# A record that others hang from, and how a desk user names it: "visit D01-2026-000123".
# A referenced record's id column, its number column and how a desk user reads it.
PARENTS: dict[str, tuple[InstrumentedAttribute[uuid.UUID], InstrumentedAttribute[str], str]] = {
    "visit_id": (Visit.id, Visit.serial, N_("visit {number}")),
    "petition_id": (Petition.id, Petition.number, N_("petition {number}")),
    "case_id": (CaseFile.id, CaseFile.number, N_("case {number}")),
}


@dataclass(frozen=True)
class RejectionView:
    seq: int  # the outbox entry
    entity: str  # table name, e.g. "citizen"
    entity_label: str  # "Citizen"
    entity_id: uuid.UUID
    record: str  # what the record is called: "Nguyễn Văn An", "Received document Đơn khiếu nại (visit D01-...)"
    reason: str  # why, in words
    advice: str  # what to do
    group: int  # the seq of the refused change this entry goes with (its own seq when it is that change)
    kept_local: bool
    rejected_at: dt.datetime

    @property
    def is_culprit(self) -> bool:
        return self.group == self.seq


def list_rejections(session: Session, *, actor: Actor) -> list[RejectionView]:
    """Every change set aside on this desk (refused, or kept local), each group's refused change first.

    A record that names a denouncer ``actor`` may not see (withheld_ids) is called by the mask.
    """
    rows = _refused_rows(session)
    roots = _roots(rows)
    withheld = withheld_ids(session, actor) if rows else frozenset()
    names = {seq: MASKED_NAME if row.entity_id in withheld else _record(session, row) for seq, row in rows.items()}
    views = [_view(row, rows[roots[seq]], names) for seq, row in rows.items()]
    return sorted(views, key=lambda view: (view.group, not view.is_culprit, view.seq))


def retry_rejection(database: Database, seq: int) -> int:
    """Send the group of ``seq`` again at the next sync; returns the entries put back to pending.

    Each entry takes its record's values as they are now (its version number stays), so a record
    corrected since is sent corrected; a record deleted since keeps the values it was refused with.
    """
    with database.sessions.begin() as session:
        session.info["outbox"] = False
        rows = _group(session, seq)
        for row in rows:
            values = _current_values(session, row)
            changes: dict[str, Any] = {
                "rejected_at": None,
                "rejected_reason": "",
                "rejected_because": None,
                "kept_local_at": None,
            }
            if values is not None:
                changes["payload"] = values
            session.execute(update(OutboxEntry).where(OutboxEntry.seq == row.seq).values(**changes))
        return len(rows)


def keep_local(database: Database, seq: int) -> int:
    """Keep the group of ``seq`` on this desk only: never pushed, still listed; returns the entries kept."""
    now = dt.datetime.now(dt.UTC)
    with database.sessions.begin() as session:
        rows = _group(session, seq)
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq.in_([row.seq for row in rows]), OutboxEntry.kept_local_at.is_(None))
            .values(kept_local_at=now)
        )
        return len(rows)


# -- groups -----------------------------------------------------------------------------------------


def _refused_rows(session: Session) -> dict[int, Any]:
    query = (
        select(
            OutboxEntry.seq,
            OutboxEntry.entity,
            OutboxEntry.entity_id,
            OutboxEntry.op,
            OutboxEntry.version,
            OutboxEntry.payload,
            OutboxEntry.rejected_at,
            OutboxEntry.rejected_reason,
            OutboxEntry.rejected_because,
            OutboxEntry.kept_local_at,
        )
        .where(refused())
        .order_by(OutboxEntry.seq)
    )
    return {row.seq: row for row in session.execute(query)}


def _roots(rows: dict[int, Any]) -> dict[int, int]:
    """Each entry's refused change: follow ``rejected_because`` up to an entry that waits for none here."""
    roots: dict[int, int] = {}
    for seq in rows:
        chain: list[int] = []
        current = seq
        while current not in roots and len(chain) <= len(rows):
            chain.append(current)
            because = rows[current].rejected_because
            if because is None or because not in rows:
                roots[current] = current
                break
            current = because
        root = roots.get(current, current)
        for member in chain:
            roots[member] = root
    return roots


def _group(session: Session, seq: int) -> list[Any]:
    rows = _refused_rows(session)
    if seq not in rows:
        raise NotFoundError(_("This change is no longer set aside: it was sent or settled already."))
    roots = _roots(rows)
    return [row for member, row in rows.items() if roots[member] == roots[seq]]


def _current_values(session: Session, row: Any) -> dict[str, object] | None:
    """The record's values now, with the entry's own version; None for a delete or a record gone."""
    if row.op == ChangeOp.DELETE:
        return None
    mapper = _mapper(row.entity)
    record = session.get(mapper.class_, row.entity_id) if mapper is not None else None
    if record is None:
        return None
    values = payload(record)
    if "version" in values:
        values["version"] = row.version
    return values


def _mapper(entity: str) -> Mapper[Any] | None:
    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == entity:
            return mapper
    return None


# -- in words ---------------------------------------------------------------------------------------


def _view(row: Any, root: Any, names: dict[int, str]) -> RejectionView:
    kept = row.kept_local_at is not None
    culprit = root.seq == row.seq
    if culprit:
        reason = reason_text(row.rejected_reason)
        advice = (
            _("Kept on this desk only: it is never sent. Choose Retry to send it again.")
            if kept
            else _("Correct the record on this desk, then choose Retry; or keep the change on this desk only.")
        )
    else:
        reason = _("Held back with the refused change of {kind} {record}.").format(
            kind=entity_label(root.entity).lower(), record=names[root.seq]
        )
        advice = (
            _("Kept on this desk only: it is never sent. Choose Retry to send it again.")
            if kept
            else _("It goes with that change: Retry or keep it on this desk together with it.")
        )
    return RejectionView(
        seq=row.seq,
        entity=row.entity,
        entity_label=entity_label(row.entity),
        entity_id=row.entity_id,
        record=names[row.seq],
        reason=reason,
        advice=advice,
        group=root.seq,
        kept_local=kept,
        rejected_at=row.rejected_at,
    )


def entity_label(entity: str) -> str:
    if not entity:
        return _("record")
    return _(ENTITY_LABELS[entity]) if entity in ENTITY_LABELS else entity.replace("_", " ")


def field_label(column: str) -> str:
    if column in FIELD_LABELS:
        return _(FIELD_LABELS[column])
    return column.replace("_", " ").capitalize() if column else _("A field")


def reason_text(code: str) -> str:
    """A stored reason (refusal.Reason.code) as a sentence a receptionist can act on."""
    reason = Reason.parse(code)
    field = field_label(reason.subject)
    if reason.kind == "too_long":
        return _("{field} is too long for the server: at most {limit} characters.").format(
            field=field, limit=reason.detail or "?"
        )
    if reason.kind == "nul_character":
        return _("{field} contains an invisible control character (NUL) that the server does not accept.").format(
            field=field
        )
    if reason.kind == "bad_character":
        return _("{field} contains a character the server cannot store.").format(field=field)
    if reason.kind == "out_of_range":
        return _("{field} holds a number too large for the server.").format(field=field)
    if reason.kind == "missing_value":
        return _("{field} is empty, but the server requires it.").format(field=field)
    return _constraint_text(reason)


def _constraint_text(reason: Reason) -> str:
    if reason.kind == "duplicate":
        return _("The server already holds another record with the same {fields}.").format(
            fields=", ".join(field_label(column) for column in _constraint_columns(reason.subject)) or reason.subject
        )
    if reason.kind == "missing_reference":
        return _("It refers to a {kind} that the server does not have.").format(
            kind=entity_label(_referred_table(reason.subject)).lower()
        )
    if reason.kind == "still_referenced":
        return _("Other records on the server still refer to it, so it cannot be deleted there ({kind}).").format(
            kind=entity_label(_referring_table(reason.subject)).lower()
        )
    if reason.kind == "not_allowed":
        return _("A value breaks a rule of the server's database ({rule}).").format(rule=reason.subject)
    if reason.kind == DEPENDS:
        return _("It waits for another refused change.")
    return _("The server refused this change: {message}").format(
        message=reason.detail or reason.subject or _("no reason given")
    )


def _constraint_columns(name: str) -> list[str]:
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if constraint.name == name and isinstance(constraint, UniqueConstraint):
                return [column.name for column in constraint.columns]
        for index in table.indexes:
            if index.name == name and index.unique:
                return [column.name for column in index.columns if hasattr(column, "name")]
    return []


def _referring_table(name: str) -> str:
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if constraint.name == name and isinstance(constraint, ForeignKeyConstraint):
                return table.name
    return ""


def _referred_table(name: str) -> str:
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if constraint.name == name and isinstance(constraint, ForeignKeyConstraint):
                return constraint.referred_table.name
    return ""


def _record(session: Session, row: Any) -> str:
    """How a desk user names the record: its number or name, and the visit or petition it belongs to."""
    data = row.payload or {}
    name = next((shown_name(data[key]) for key in RECORD_NAME_KEYS if isinstance(data.get(key), str) and data[key]), "")
    parent = _parent(session, data)
    if name and parent:
        return f"{name} ({parent})"
    return name or parent or str(row.entity_id)[:8]


def _parent(session: Session, data: dict[str, object]) -> str:
    for column, (key, number, label) in PARENTS.items():
        value = data.get(column)
        if not value:
            continue
        try:
            found = session.scalar(select(number).where(key == uuid.UUID(str(value))))
        except ValueError:
            found = None
        if found:
            return _(label).format(number=found)
    return ""


def shown_name(text: str) -> str:
    """A value fit for one line of a list: control characters shown as such, cut when long."""
    cleaned = "".join(
        "␀" if char == "\x00" else " " if unicodedata.category(char) in ("Cc", "Cs") else char for char in text
    ).strip()
    return cleaned if len(cleaned) <= NAME_LENGTH else cleaned[: NAME_LENGTH - 1].rstrip() + "…"
