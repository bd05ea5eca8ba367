"""The audit trail on a desk's SQLite: events per change and read, the chain and its tampering."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import func, select, text

from db.models import AuditEvent, Citizen, Counter, Visit
from desktop.core import audit
from desktop.core.access import NOBODY, Actor, acting
from desktop.core.database import Database
from desktop.core.office import set_current_desk
from desktop.core.permissions import PermissionDeniedError
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, NAME, make_draft

LAN = Actor(user_id=uuid.UUID(int=7), username="lan", role="receptionist")
HUNG = Actor(user_id=uuid.UUID(int=8), username="hung", role="leader")


def _save_visit(database: Database, actor: Actor = LAN) -> uuid.UUID:
    with database.sessions.begin() as session:
        acting(session, actor)
        return register_visit(session, make_draft(), desk_code="D01", actor=ADMIN).visit.id


def _events(database: Database) -> list[AuditEvent]:
    with database.sessions() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def _verify(database: Database) -> audit.VerifyReport:
    with database.sessions() as session:
        return audit.verify_chain(session)


def test_saving_a_visit_records_each_row_created_by_its_actor(database: Database) -> None:
    before = len(_events(database))
    visit_id = _save_visit(database)
    events = _events(database)[before:]
    created = {event.entity for event in events}
    assert {"visit", "citizen", "visit_participant", "received_document"} <= created
    assert {event.action for event in events} == {"create"}
    assert {(event.actor_username, event.actor_id) for event in events} == {("lan", LAN.user_id)}
    [visit_event] = [event for event in events if event.entity == "visit"]
    assert visit_event.record_id == visit_id
    assert json.loads(visit_event.after)["content_summary"].startswith("Khiếu nại")
    [citizen_event] = [event for event in events if event.entity == "citizen"]
    assert json.loads(citizen_event.after)["full_name"] == NAME
    assert _verify(database).intact


def test_an_update_records_the_changed_columns_only_and_a_delete_the_row(database: Database) -> None:
    _save_visit(database)
    with database.sessions.begin() as session:
        acting(session, HUNG)
        citizen = session.scalars(select(Citizen)).one()
        citizen.phone = "0987654321"
        citizen_id = citizen.id
    [update] = [event for event in _events(database) if event.action == "update"]
    assert (update.entity, update.record_id, update.actor_username) == ("citizen", citizen_id, "hung")
    assert json.loads(update.before) == {"phone": "0912345678"}
    assert set(json.loads(update.after)) <= {"phone", "updated_at"}
    assert json.loads(update.after)["phone"] == "0987654321"

    with database.sessions.begin() as session:
        acting(session, HUNG)
        document = session.scalars(select(Visit)).one().documents[0]
        session.delete(document)
    [deleted] = [event for event in _events(database) if event.action == "delete"]
    assert deleted.entity == "received_document"
    assert json.loads(deleted.before)["name"] in {"Đơn khiếu nại", "Quyết định thu hồi đất"}
    assert deleted.after == ""
    assert _verify(database).intact


def test_a_read_is_an_event_of_its_reader_and_nobody_is_named_as_nobody(database: Database) -> None:
    _save_visit(database, NOBODY)
    with database.sessions.begin() as session:
        citizen_id = session.scalars(select(Citizen.id)).one()
        audit.record_read(session, HUNG, table="citizen", record_id=citizen_id, what=["full_name", "id_number"])
    events = _events(database)
    assert {event.actor_username for event in events if event.action == "create"} == {None}
    read = events[-1]
    assert (read.action, read.entity, read.record_id, read.actor_username) == ("read", "citizen", citizen_id, "hung")
    assert json.loads(read.after) == {"what": ["full_name", "id_number"]}
    assert _verify(database).intact


def test_each_event_points_at_the_one_before_it_without_gaps(database: Database) -> None:
    _save_visit(database)
    _save_visit(database)
    events = _events(database)
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == audit.GENESIS
    assert [event.prev_hash for event in events[1:]] == [event.hash for event in events[:-1]]
    assert len({event.chain_id for event in events}) == 1


def test_a_rolled_back_save_leaves_no_event_and_no_gap(database: Database) -> None:
    _save_visit(database)
    count = len(_events(database))
    with database.sessions() as session:
        acting(session, LAN)
        register_visit(session, make_draft(), desk_code="D01", actor=ADMIN)
        session.flush()
        session.flush()  # the events are written too
        assert len(list(session.scalars(select(AuditEvent)))) > count
        session.rollback()
    assert len(_events(database)) == count
    _save_visit(database)
    assert _verify(database).intact


def test_audit_events_cannot_be_changed_or_deleted_through_the_app(database: Database) -> None:
    _save_visit(database)
    with pytest.raises(audit.AppendOnlyError), database.sessions.begin() as session:
        session.scalars(select(AuditEvent).limit(1)).one().after = "{}"
    with pytest.raises(audit.AppendOnlyError), database.sessions.begin() as session:
        session.delete(session.scalars(select(AuditEvent).limit(1)).one())
    assert _verify(database).intact


def test_a_secret_column_is_recorded_as_changed_never_with_its_value() -> None:
    assert audit._shown("password_hash", "$argon2id$...") == audit.HIDDEN
    assert audit._shown("totp_secret", "JBSWY3DP") == audit.HIDDEN
    assert audit._shown("phone", "0912345678") == "0912345678"


def test_another_desk_code_starts_another_chain(database: Database) -> None:
    _save_visit(database)
    with database.sessions.begin() as session:
        set_current_desk(session, "D07")
    _save_visit(database)
    events = _events(database)
    chains = {event.chain_id: event.desk_code for event in events}
    assert sorted(chains.values()) == ["D01", "D07"]
    report = _verify(database)
    assert report.intact
    assert {(chain.desk_code, chain.events) for chain in report.chains} == {
        (code, sum(1 for event in events if event.desk_code == code)) for code in ("D01", "D07")
    }


# --- tampering by raw SQL ----------------------------------------------------------------------


def _tamper(database: Database, statement: str, **params: object) -> None:
    with database.engine.begin() as connection:
        connection.execute(text(statement), params)


def _broken(database: Database) -> audit.BrokenLink:
    [chain] = _verify(database).chains
    assert chain.broken is not None
    return chain.broken


def test_an_edited_event_is_detected_where_it_was_edited(database: Database) -> None:
    _save_visit(database)
    _tamper(database, "UPDATE audit_event SET actor_username = 'someone' WHERE seq = 3")
    broken = _broken(database)
    assert (broken.problem, broken.seq) == ("edited", 3)


def test_an_edited_event_with_its_hash_made_again_breaks_the_next_link(database: Database) -> None:
    _save_visit(database)
    events = _events(database)
    target = events[2]
    fields = {name: getattr(target, name) for name in audit.HASHED_FIELDS} | {"after": '{"title": "forged"}'}
    _tamper(
        database,
        "UPDATE audit_event SET after = :after, hash = :hash WHERE seq = 3",
        after=fields["after"],
        hash=audit.event_hash(fields),
    )
    broken = _broken(database)
    assert (broken.problem, broken.seq) == ("relinked", 4)


def test_a_deleted_event_is_detected_in_the_middle(database: Database) -> None:
    _save_visit(database)
    _tamper(database, "DELETE FROM audit_event WHERE seq = 2")
    broken = _broken(database)
    assert (broken.problem, broken.seq, broken.count) == ("missing", 2, 1)


def test_the_last_events_deleted_are_detected_against_the_desks_counter(database: Database) -> None:
    _save_visit(database)
    total = len(_events(database))
    _tamper(database, "DELETE FROM audit_event WHERE seq > :keep", keep=total - 2)
    broken = _broken(database)
    assert (broken.problem, broken.seq, broken.count) == ("missing", total - 1, 2)


def test_an_inserted_event_is_detected_even_with_a_right_hash(database: Database) -> None:
    _save_visit(database)
    last = _events(database)[-1]
    forged: dict[str, object] = {name: getattr(last, name) for name in audit.HASHED_FIELDS}
    forged |= {"id": uuid.uuid4(), "seq": last.seq + 1, "prev_hash": last.hash, "action": "read"}
    _insert(database, forged)
    broken = _broken(database)
    assert (broken.problem, broken.seq) == ("inserted", last.seq + 1)


def test_an_event_inserted_in_the_middle_is_detected(database: Database) -> None:
    _save_visit(database)
    events = _events(database)
    # Make room after event 2 (SQLite checks the unique key per row: move the tail out of the way first).
    _tamper(database, "UPDATE audit_event SET seq = seq + 1000 WHERE seq > 2")
    _tamper(database, "UPDATE audit_event SET seq = seq - 999 WHERE seq > 1000")
    forged: dict[str, object] = {name: getattr(events[1], name) for name in audit.HASHED_FIELDS}
    forged |= {"id": uuid.uuid4(), "seq": 3, "prev_hash": events[1].hash, "action": "read"}
    _insert(database, forged)
    _tamper(database, "UPDATE counter SET last_value = last_value + 1 WHERE scope LIKE 'audit:%'")
    broken = _broken(database)
    assert (broken.problem, broken.seq) == ("relinked", 4)  # event 4 (the real 3rd) points at the real 2nd
    assert broken.event_id == events[2].id


def _insert(database: Database, fields: dict[str, object]) -> None:
    with database.engine.begin() as connection:
        values = {**fields, "hash": audit.event_hash(fields), "version": 1}
        connection.execute(AuditEvent.__table__.insert().values(values))


def test_a_desks_counter_with_every_event_deleted_is_a_broken_chain(database: Database) -> None:
    _save_visit(database)
    _tamper(database, "DELETE FROM audit_event")
    [chain] = _verify(database).chains
    assert chain.broken is not None
    assert (chain.broken.problem, chain.broken.seq) == ("missing", 1)
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Counter).where(Counter.scope.like("audit:%"))) == 1


# --- the list --------------------------------------------------------------------------------


def test_the_list_filters_by_user_record_and_period(database: Database) -> None:
    _save_visit(database, LAN)
    with database.sessions.begin() as session:
        citizen_id = session.scalars(select(Citizen.id)).one()
        audit.record_read(session, HUNG, table="citizen", record_id=citizen_id, what="hồ sơ")
    with database.sessions() as session:
        everything = audit.list_events(session, actor=ADMIN)
        by_hung = audit.list_events(session, audit.AuditFilter(user="hung"), actor=ADMIN)
        by_record = audit.list_events(session, audit.AuditFilter(record=str(citizen_id)), actor=ADMIN)
        by_table = audit.list_events(session, audit.AuditFilter(record="visit"), actor=ADMIN)
        today = everything[0].occurred_at.astimezone(dt.timezone(dt.timedelta(hours=7))).date()
        in_period = audit.list_events(session, audit.AuditFilter(since=today, until=today), actor=ADMIN)
        before = audit.list_events(session, audit.AuditFilter(until=today - dt.timedelta(days=1)), actor=ADMIN)
    assert [(row.username, row.action) for row in by_hung] == [("hung", "read")]
    assert {(row.entity, row.action) for row in by_record} == {("citizen", "create"), ("citizen", "read")}
    assert {row.entity for row in by_table} == {"visit"}
    assert len(in_period) == len(everything) > 2
    assert before == []
    assert everything[0].action == "read"  # newest first


@pytest.mark.parametrize("who", [NOBODY, Actor(user_id=uuid.uuid4(), username="tiepnhan", role="receptionist")])
def test_only_leaders_and_administrators_list_the_trail(database: Database, who: Actor) -> None:
    """Events carry the changed values, a denouncer's identity among them."""
    with database.sessions() as session, pytest.raises(PermissionDeniedError):
        audit.list_events(session, actor=who)
