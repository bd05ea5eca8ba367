"""The server's change log, pruned of what every desk has pulled (docs/sync.md#pruning).

Each desk reports its pull progress after a successful push; the server's
``tiepdan_prune_change_log()`` (migration 0009, run with the preparing account's rights) then drops
a bounded batch of the rows every joined desk has pulled that are older than the retention, and
the conflicts resolved longer ago than that. A desk whose cursor is below what was pruned (a desk
joining later) takes a snapshot of the server's tables instead of replaying the log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.dialects import postgresql

from db.models import LocalSetting, PullProgress
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.settings_keys import Setting

DEFAULT_RETENTION_DAYS = 90
MAX_RETENTION_DAYS = 36500
BATCH = 5000  # rows per call: a sync round stays quick; `tiepdan server prune` calls until done


@dataclass(frozen=True)
class Pruned:
    changes: int  # change-log rows dropped
    retention_days: int


def server_setting(connection: Connection, key: Setting) -> str:
    return connection.execute(select(LocalSetting.value).where(LocalSetting.key == key.value)).scalar() or ""


def retention_days(connection: Connection) -> int:
    value = server_setting(connection, Setting.RETENTION_DAYS)
    return int(value) if value.isdigit() else DEFAULT_RETENTION_DAYS


def check_retention(days: int) -> int:
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise ValidationError(
            {"retention_days": _("The retention is from 1 to {high} days.").format(high=MAX_RETENTION_DAYS)}
        )
    return days


def set_retention(engine: Engine, days: int) -> None:
    """The office's retention of the change log, kept on the server (the preparing account sets it)."""
    days = check_retention(days)
    statement = postgresql.insert(LocalSetting).values(key=Setting.RETENTION_DAYS.value, value=str(days))
    with engine.begin() as connection:
        connection.execute(statement.on_conflict_do_update(index_elements=["key"], set_={"value": str(days)}))


def pruned_through(connection: Connection) -> int:
    value = server_setting(connection, Setting.PRUNED_THROUGH)
    return int(value) if value.isdigit() else 0


def report_progress(connection: Connection, desk_code: str, pulled: int) -> None:
    """This desk has pulled up to ``pulled`` and pushed what it did about it: rows up to it may go."""
    statement = postgresql.insert(PullProgress).values(
        desk_code=desk_code, pulled_seq=pulled, reported_at=dt.datetime.now(dt.UTC)
    )
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["desk_code"],
            set_={"pulled_seq": statement.excluded.pulled_seq, "reported_at": statement.excluded.reported_at},
        )
    )


def prune_batch(connection: Connection, *, retention: int | None = None, batch: int = BATCH) -> Pruned:
    """One bounded batch, in the caller's transaction."""
    days = check_retention(retention) if retention is not None else retention_days(connection)
    removed = connection.execute(
        text("SELECT tiepdan_prune_change_log(:days, :batch)"), {"days": days, "batch": batch}
    ).scalar_one()
    return Pruned(changes=int(removed), retention_days=days)


def prune(engine: Engine, *, retention: int | None = None) -> Pruned:
    """Prune until nothing more may go (`tiepdan server prune`), a batch per transaction."""
    total, days = 0, retention
    while True:
        with engine.begin() as connection:
            done = prune_batch(connection, retention=retention)
        total += done.changes
        days = done.retention_days
        if done.changes < BATCH:
            return Pruned(changes=total, retention_days=days)
