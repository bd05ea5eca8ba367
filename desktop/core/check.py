"""Health checks of a desk: database integrity, schema version, profile, pending changes."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import text

from db import migrations
from desktop.core.database import Database
from desktop.core.i18n import _
from desktop.core.office import current_desk_code, get_office
from desktop.core.stats import pending_changes


@dataclass(frozen=True)
class CheckItem:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class CheckReport:
    items: tuple[CheckItem, ...]
    schema: str | None
    head: str
    pending_changes: int

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items)


def run_checks(database: Database) -> CheckReport:
    items = [_integrity(database)]
    schema = migrations.current_revision(database.engine)
    head = migrations.head_revision()
    items.append(
        CheckItem("schema", schema == head, _("Schema {current}, expected {head}.").format(current=schema, head=head))
    )
    with database.sessions() as session:
        office = get_office(session)
        desk = current_desk_code(session)
        pending = pending_changes(session)
    items.append(CheckItem("office", office is not None, office.agency_name if office else _("No office profile.")))
    items.append(CheckItem("desk", bool(desk), desk or _("No desk code.")))
    writable = os.access(database.data_dir, os.W_OK)
    items.append(
        CheckItem(
            "data_dir",
            writable,
            str(database.data_dir)
            if writable
            else _("The data folder {path} is not writable.").format(path=database.data_dir),
        )
    )
    return CheckReport(items=tuple(items), schema=schema, head=head, pending_changes=pending)


def _integrity(database: Database) -> CheckItem:
    with database.engine.connect() as connection:
        if not database.is_sqlite:
            connection.execute(text("SELECT 1"))
            return CheckItem("integrity", True, "ok")
        result = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        broken_keys = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    ok = result == ["ok"] and not broken_keys
    detail = (
        "ok"
        if ok
        else "; ".join(result[:5]) + (_(" ({n} broken references)").format(n=len(broken_keys)) if broken_keys else "")
    )
    return CheckItem("integrity", ok, detail)
