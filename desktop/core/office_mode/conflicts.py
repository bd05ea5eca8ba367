"""Sync conflicts on this desk: what the two versions differ in, and a person's choice between them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from typing import Any, Literal, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Mapper, Session

from db.base import Base
from db.models import SyncConflict
from db.sync import decode
from desktop.core.access import Actor
from desktop.core.confidentiality import MASKED_NAME, MASKED_TEXT, withheld_ids
from desktop.core.database import Database
from desktop.core.deadlines.office_days import calendar_changed, calendar_state
from desktop.core.errors import ConflictError, NotFoundError
from desktop.core.formatting import short_date, short_datetime
from desktop.core.i18n import N_, _

Choice = Literal["desk", "server"]
CHOICES: tuple[Choice, ...] = ("desk", "server")
NOT_COPIED = frozenset({"id", "version"})  # the row keeps its identity and the server's version number
NOT_SHOWN = NOT_COPIED | {"created_at", "updated_at"}  # bookkeeping that always differs
RECORD_NAME_KEYS = ("serial", "number", "agency_name", "full_name", "name", "code")

ENTITY_LABELS = {
    "office": N_("Office profile"),
    "signer": N_("Signer"),
    "citizen": N_("Citizen"),
    "visit": N_("Visit"),
    "petition": N_("Petition"),
    "case_file": N_("Case file"),
    "field_of_law": N_("Field of law"),
    "calendar_day": N_("Office calendar day"),
}
FIELD_LABELS = {
    "agency_name": N_("Agency name"),
    "parent_agency": N_("Parent agency"),
    "place_name": N_("Place on the date line"),
    "number_symbol": N_("Number symbol"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "reception_place": N_("Reception place"),
    "full_name": N_("Full name"),
    "position": N_("Position"),
    "authority": N_("Signs on behalf of"),
    "content_summary": N_("Content"),
    "is_active": N_("Active"),
    "is_day_off": N_("Day off"),
}


@dataclass(frozen=True)
class FieldDifference:
    field: str  # the column name, e.g. "phone"
    label: str  # for people: "Phone"
    desk_value: str
    server_value: str


@dataclass(frozen=True)
class ConflictView:
    id: uuid.UUID
    entity: str  # table name, e.g. "office"
    entity_label: str  # "Office profile"
    entity_id: uuid.UUID
    record: str  # what the record is called: "Ban Tiếp công dân tỉnh An Giang", "D01-2026-000012"
    desk_code: str
    detected_at: dt.datetime
    differences: tuple[FieldDifference, ...]
    # Another desk deleted the record: the delete wins, so only "server" can close the conflict
    # (the differences are this desk's edits of the row as it was deleted).
    deleted_on_server: bool = False


def list_conflicts(session: Session, *, actor: Actor) -> list[ConflictView]:
    """The conflicts of this desk that wait for a person, oldest first, as ``actor`` may see them.

    A conflict on a denouncer's record (their citizen row, the visit or petition that protects them)
    names the fields that differ, with the values and the record's name withheld from a reader not
    assigned to the denunciation.
    """
    rows = session.scalars(
        select(SyncConflict).where(SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.detected_at)
    ).all()
    withheld = withheld_ids(session, actor) if rows else frozenset()
    return [_masked(_view(row)) if row.entity_id in withheld else _view(row) for row in rows]


def _masked(view: ConflictView) -> ConflictView:
    def hide(value: str) -> str:
        return MASKED_TEXT if value else value

    return replace(
        view,
        record=MASKED_NAME,
        differences=tuple(
            replace(d, desk_value=hide(d.desk_value), server_value=hide(d.server_value)) for d in view.differences
        ),
    )


def resolve_conflict(database: Database, conflict_id: uuid.UUID, choice: Choice, resolved_by: str) -> None:
    """Keep the server's version or this desk's for one conflict, and mark it resolved.

    "server": the desk already shows the server's version, so only the conflict is closed.
    "desk": the desk's values are written onto the local row in an ordinary session, so the
    change goes out through the outbox as a new version on top of the server's.
    Raises NotFoundError (no such conflict or record) and ConflictError (already resolved).
    """
    if choice not in CHOICES:
        raise ValueError(f"choice must be one of {CHOICES}, not {choice!r}")
    with database.sessions.begin() as session:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None:
            raise NotFoundError(_("This conflict no longer exists."))
        if conflict.resolved_at is not None:
            raise ConflictError(_("This conflict was already resolved by {name}.").format(name=conflict.resolved_by))
        if choice == "desk":
            before = calendar_state(session)
            _write_desk_version(session, conflict)
            if calendar_state(session) != before:  # as if declared here: every stored due date follows
                calendar_changed(session, None)
        conflict.resolved_at = dt.datetime.now(dt.UTC)
        conflict.resolution = choice
        conflict.resolved_by = resolved_by.strip()


def _write_desk_version(session: Session, conflict: SyncConflict) -> None:
    mapper = _mapper(conflict.entity)
    row = session.get(mapper.class_, conflict.entity_id)
    if row is None:
        raise NotFoundError(_("The record of this conflict was deleted on the server."))
    values = decode(cast(Table, mapper.local_table), conflict.desk_payload)
    for prop in mapper.column_attrs:
        name = prop.columns[0].name
        if name in values and name not in NOT_COPIED:
            setattr(row, prop.key, values[name])
    session.flush()


def _mapper(entity: str) -> Mapper[Any]:
    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == entity:
            return mapper
    raise NotFoundError(_("TiepDan does not know records of the kind {entity}.").format(entity=entity))


def _view(row: SyncConflict) -> ConflictView:
    desk, server = row.desk_payload, row.server_payload
    differences = tuple(
        FieldDifference(
            field=key,
            label=_(FIELD_LABELS[key]) if key in FIELD_LABELS else key.replace("_", " ").capitalize(),
            desk_value=shown(key, desk.get(key)),
            server_value=shown(key, server.get(key)),
        )
        for key in sorted(set(desk) | set(server), key=_field_order(desk, server))
        if key not in NOT_SHOWN and desk.get(key) != server.get(key)
    )
    return ConflictView(
        id=row.id,
        entity=row.entity,
        entity_label=_(ENTITY_LABELS[row.entity]) if row.entity in ENTITY_LABELS else row.entity,
        entity_id=row.entity_id,
        record=_record_name(server) or _record_name(desk) or str(row.entity_id)[:8],
        desk_code=row.desk_code,
        detected_at=row.detected_at,
        differences=differences,
        deleted_on_server=row.server_version == 0,
    )


def _field_order(desk: dict[str, object], server: dict[str, object]) -> Any:
    """Fields in the order of the record's columns (the payloads keep it), unknown ones last."""
    order = {key: index for index, key in enumerate(dict.fromkeys([*server, *desk]))}
    return lambda key: order.get(key, len(order))


def _record_name(payload: dict[str, object]) -> str:
    for key in RECORD_NAME_KEYS:
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def shown(key: str, value: object) -> str:
    """A payload value (JSON) as a person reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str) and key.endswith(("_at", "_on")):
        return _moment(key, value)
    return str(value)


def _moment(key: str, value: str) -> str:
    try:
        if key.endswith("_at"):
            return short_datetime(dt.datetime.fromisoformat(value))
        return short_date(dt.date.fromisoformat(value[:10]))
    except ValueError:
        return value
