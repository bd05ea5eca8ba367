"""A denouncer's identity: who may see it, the mask everyone else sees, and the hook every read goes through.

Law 25/2018 keeps a denouncer's name, address, handwriting and other personal data secret
(Art. 8(3), 9(1)(b), 47, 56; docs/legal-basis.md#confidentiality-of-denouncers). A record is
protected when it is a denunciation: a petition of kind denunciation (or of several contents, which
may hold one) and a visit classified as a denunciation or registered as such a petition. Its people
are visible only to the users assigned to it and the leader who decides it (``assigned_user_ids``,
the one place that knows who is assigned). Administrators manage accounts, not files: they see the
mask even when an assignment names them. Everyone else, and a command run without ``--user``
(``NOBODY``), sees the mask.

Each read model that shows people declares the fields that identify them in a ``PROTECTED`` class
attribute; ``masked`` is the one function that hides them. ``Viewer`` decides, row by row, which
views a given actor gets masked and reports each unmasked read of a protected record to
``identity_read``.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Collection, Mapping
from typing import Literal, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    Uuid,
    and_,
    case,
    event,
    exists,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, SessionTransaction

from db.enums import Classification, PetitionKind, Sex
from db.models import CaseFile, Petition, Visit
from desktop.core.access import ACTOR_KEY, Actor, standing
from desktop.core.errors import AppError
from desktop.core.i18n import _

log = logging.getLogger(__name__)

# The stable masks: a name becomes the role, every other identifying text three stars.
MASKED_NAME = "Người tố cáo (đã che)"
MASKED_TEXT = "***"

# What ``PROTECTED`` maps a field to: its mask, "nested" for views inside the view, "flag" for the
# view's own "this is masked" field (set True), "sex" for a person's sex (unknown: a slip's "ông/bà"
# would otherwise tell the denouncer's sex).
Mask = Literal["name", "names", "text", "none", "nested", "flag", "sex"]

# A petition with several contents may hold a denunciation: its senders are kept secret too.
PROTECTED_KINDS = frozenset({PetitionKind.DENUNCIATION, PetitionKind.MULTIPLE})

# Roles that never see a denouncer: an administrator keeps accounts, not denunciation files.
NEVER_SEES = frozenset({"admin"})

# How a protected identity was read (the audit's words).
How = Literal["open", "list", "print", "export"]

V = TypeVar("V")


class IdentityWithheldError(AppError):
    """A paper that names a denouncer, asked for by a user not assigned to the denunciation."""

    def __init__(self, number: str) -> None:
        super().__init__(
            _(
                "{number} names the denouncer. Only the users assigned to the denunciation and the leader "
                "who decides it may print it."
            ).format(number=number)
        )


def masked(view: V) -> V:
    """``view`` with every field its class declares in ``PROTECTED`` replaced by its mask.

    Empty fields stay empty (there is nothing to hide); nested views are masked the same way.
    A copy, never the view itself: the board masks tens of thousands of rows, so the copy takes the
    instance's fields as they are rather than running ``__init__`` again (``dataclasses.replace``).
    """
    spec: Mapping[str, Mask] = getattr(type(view), "PROTECTED", {})
    if not spec or not dataclasses.is_dataclass(view):
        raise TypeError(f"{type(view).__name__} declares no PROTECTED fields")
    fields = dict(vars(view))
    for name, mask in spec.items():
        value = fields[name]
        if mask == "nested":
            fields[name] = tuple(masked(item) for item in value) if isinstance(value, tuple) else masked(value)
        elif mask == "names":
            fields[name] = tuple(MASKED_NAME for _ in value)
        elif mask == "none":
            fields[name] = None
        elif mask == "flag":
            fields[name] = True
        elif mask == "sex":
            fields[name] = Sex.UNKNOWN
        elif value:
            fields[name] = MASKED_NAME if mask == "name" else MASKED_TEXT
    copy: V = object.__new__(type(view))
    vars(copy).update(fields)
    return copy


def is_protected_petition(kind: PetitionKind) -> bool:
    return kind in PROTECTED_KINDS


def protected_visit_condition() -> ColumnElement[bool]:
    """A visit whose people are protected: classified a denunciation, or registered as one."""
    return or_(
        Visit.classification == Classification.DENUNCIATION,
        exists().where(Petition.visit_id == Visit.id, Petition.kind.in_(PROTECTED_KINDS)),
    )


def is_protected_visit(session: Session, visit_id: uuid.UUID) -> bool:
    return bool(session.scalar(select(protected_visit_condition()).where(Visit.id == visit_id)))


def _assignments() -> Select[tuple[uuid.UUID, uuid.UUID | None]]:
    """(petition id, user id) for every user assigned to a petition: the only definition of "assigned".

    The leader who decides a case opened from the petition (``case_file.decider_id``), the handler a
    leader assigned to it (``case_file.handler_id``) and the receptionist who recorded the visit it
    came from (who met the denouncer and gives them their receipt; a receiver is bound to the same
    secrecy, Decree 156/2026); and who registered the petition and who decided how it is handled
    (``petition.registered_by_id``, ``decided_by_id``): a denunciation from the post has no visit
    and, when refused or transferred, never a case, yet its letter names the denouncer.
    """
    deciders = select(CaseFile.petition_id.label("record_id"), CaseFile.decider_id.label("user_id")).where(
        CaseFile.decider_id.isnot(None)
    )
    handlers = select(CaseFile.petition_id.label("record_id"), CaseFile.handler_id.label("user_id")).where(
        CaseFile.handler_id.isnot(None)
    )
    receptionists = (
        select(Petition.id.label("record_id"), Visit.receptionist_id.label("user_id"))
        .join(Visit, Visit.id == Petition.visit_id)
        .where(Visit.receptionist_id.isnot(None))
    )
    registrants = select(Petition.id.label("record_id"), Petition.registered_by_id.label("user_id")).where(
        Petition.registered_by_id.isnot(None)
    )
    petition_deciders = select(Petition.id.label("record_id"), Petition.decided_by_id.label("user_id")).where(
        Petition.decided_by_id.isnot(None)
    )
    combined = union(deciders, handlers, receptionists, registrants, petition_deciders).subquery()
    return select(combined.c.record_id, combined.c.user_id)


def _visit_assignments() -> Select[tuple[uuid.UUID, uuid.UUID | None]]:
    """(visit id, user id): the users of the petitions registered from a visit, and its receptionist."""
    petitions = _assignments().subquery()
    from_petitions = select(Petition.visit_id.label("record_id"), petitions.c.user_id).join(
        petitions, petitions.c.record_id == Petition.id
    )
    received = select(Visit.id.label("record_id"), Visit.receptionist_id.label("user_id")).where(
        Visit.receptionist_id.isnot(None)
    )
    combined = union(from_petitions, received).subquery()
    return select(combined.c.record_id, combined.c.user_id)


def assigned_user_ids(session: Session, petition: Petition | Visit) -> set[uuid.UUID]:
    """The users assigned to ``petition`` (or to a visit: its receptionist and its petitions' users).

    Built only on ``_assignments`` (decider, handler, receptionist, registrant, petition decider).
    """
    assigned = (_visit_assignments() if isinstance(petition, Visit) else _assignments()).subquery()
    rows = session.scalars(select(assigned.c.user_id).where(assigned.c.record_id == petition.id))
    return {user for user in rows if user is not None}


def may_see(session: Session, actor: Actor, record: Petition | Visit) -> bool:
    """Whether ``actor`` sees the people of ``record`` unmasked (anyone sees those of an unprotected one)."""
    if not _protected(session, record):
        return True
    return _may_see_any(actor) and actor.user_id in assigned_user_ids(session, record)


def _protected(session: Session, record: Petition | Visit) -> bool:
    if isinstance(record, Petition):
        return is_protected_petition(record.kind)
    return is_protected_visit(session, record.id)


def _may_see_any(actor: Actor) -> bool:
    return actor.signed_in and actor.role not in NEVER_SEES


def identity_read(session: Session, actor: Actor, record_id: uuid.UUID, how: How) -> None:
    """Every read of a protected identity comes here: an audit event once ``session``'s transaction ends.

    Reads happen in sessions that are never committed (a screen that only shows), and every write
    session holds the desk's write lock: so the event waits in ``session.info`` and is written in its
    own transaction right after the reading one ends: committed, rolled back or closed (``_write_reads``). The log line
    names the record by id, the way it was read and the user; never a person's data.
    """
    log.info("identity read: record=%s how=%s user=%s", record_id, how, actor.username or "-")
    session.info.setdefault(_PENDING_READS, []).append((actor, record_id, how))


_PENDING_READS = "identity_reads"
_ACTION: dict[str, str] = {"open": "read", "list": "read", "print": "print", "export": "export"}


@event.listens_for(Session, "after_transaction_end")
def _write_reads(session: Session, transaction: SessionTransaction) -> None:
    """The outermost transaction ended: committed, rolled back, or closed with the session (a read-only
    screen's session is closed, never committed: after_commit and after_rollback never fire for it).
    A savepoint's end (a counter's first number) is not one: the save still holds the write lock."""
    if transaction.parent is not None:
        return
    reads = session.info.pop(_PENDING_READS, None)
    if not reads:
        return
    from desktop.core import audit  # a kernel module; imported late: audit hooks into every session

    info = {key: value for key, value in session.info.items() if key != ACTOR_KEY}
    try:
        with Session(bind=session.get_bind(), info=info) as writer, writer.begin():
            for actor, record_id, how in reads:
                audit.record_action(writer, actor, _ACTION[how], table="protected_identity", record_id=record_id)
    except (SQLAlchemyError, OSError) as exc:  # read-only media, a locked file: showing must not fail
        log.warning("identity reads not audited (%d): %s", len(reads), type(exc).__name__)


class Viewer:
    """What one actor sees of many rows: masked views for protected rows they are not assigned to.

    The sets of petitions and visits the actor is assigned to are read once, on first need.
    """

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = standing(session, actor)  # a disabled account sees what nobody sees
        self._petitions: set[uuid.UUID] | None = None
        self._visits: set[uuid.UUID] | None = None

    def sees_petition(self, petition_id: uuid.UUID, protected: bool) -> bool:
        """Whether this actor sees the senders of the petition unmasked (``protected``: is_protected_petition)."""
        return not protected or (_may_see_any(self.actor) and petition_id in self._assigned_petitions())

    def sees_visit(self, visit_id: uuid.UUID, protected: bool) -> bool:
        """Whether this actor sees the people of the visit unmasked (``protected``: protected_visit_condition)."""
        return not protected or (_may_see_any(self.actor) and visit_id in self._assigned_visits())

    def petition(self, view: V, petition_id: uuid.UUID, protected: bool, how: How) -> V:
        """``view`` of a petition (or of a case opened from it) as this actor may see it."""
        if not protected:
            return view
        return self._shown(view, petition_id, self.sees_petition(petition_id, protected), how)

    def visit(self, view: V, visit_id: uuid.UUID, protected: bool, how: How) -> V:
        """``view`` of a visit as this actor may see it."""
        if not protected:
            return view
        return self._shown(view, visit_id, self.sees_visit(visit_id, protected), how)

    def petition_columns(
        self, petition_id: SQLColumnExpression[uuid.UUID], kind: SQLColumnExpression[PetitionKind]
    ) -> tuple[ColumnElement[bool], ColumnElement[uuid.UUID | None]]:
        """For a query over many petitions: (protected, the id when this actor sees it, else NULL).

        The database answers both, so a board of 100,000 rows reads no id it does not need.
        """
        protected = kind.in_(PROTECTED_KINDS)
        nothing: ColumnElement[uuid.UUID | None] = literal(None, type_=Uuid())
        if not _may_see_any(self.actor):
            return protected, nothing
        assigned = _assignments().subquery()
        mine = select(assigned.c.record_id).where(assigned.c.user_id == self.actor.user_id)
        return protected, case((and_(protected, petition_id.in_(mine)), petition_id), else_=nothing)

    def petition_row(self, view: V, protected: bool, seen_id: uuid.UUID | None, how: How) -> V:
        """``view`` of a row read with ``petition_columns``."""
        if not protected:
            return view
        if seen_id is None:
            return masked(view)
        identity_read(self.session, self.actor, seen_id, how)
        return view

    def _shown(self, view: V, record_id: uuid.UUID, sees: bool, how: How) -> V:
        if sees:
            identity_read(self.session, self.actor, record_id, how)
            return view
        return masked(view)

    def _assigned_petitions(self) -> set[uuid.UUID]:
        if self._petitions is None:
            self._petitions = self._mine(_assignments())
        return self._petitions

    def _assigned_visits(self) -> set[uuid.UUID]:
        if self._visits is None:
            self._visits = self._mine(_visit_assignments())
        return self._visits

    def _mine(self, assignments: Select[tuple[uuid.UUID, uuid.UUID | None]]) -> set[uuid.UUID]:
        assigned = assignments.subquery()
        return set(self.session.scalars(select(assigned.c.record_id).where(assigned.c.user_id == self.actor.user_id)))


def withheld_citizens(session: Session, actor: Actor, citizen_ids: Collection[uuid.UUID]) -> frozenset[uuid.UUID]:
    """Those of ``citizen_ids`` that ``withheld_ids`` withholds: the records of people of a protected
    visit or petition ``actor`` is not assigned to. Asked of these records only, through the people
    rows' citizen indexes: withheld_ids reads every protected record of the book (68,000 ids, 3 s on
    a desk of 100,000 visits), too much for a panel that answers while the receptionist types.
    """
    from db.models import PetitionSender, VisitParticipant  # the people rows: only this question needs them

    if not citizen_ids:
        return frozenset()
    viewer = Viewer(session, actor)
    seen_visits = viewer._assigned_visits() if _may_see_any(actor) else set()
    seen_petitions = viewer._assigned_petitions() if _may_see_any(actor) else set()
    ids = list(citizen_ids)
    in_visits = session.execute(
        select(VisitParticipant.citizen_id, Visit.id)
        .join(Visit, Visit.id == VisitParticipant.visit_id)
        .where(VisitParticipant.citizen_id.in_(ids), protected_visit_condition())
    )
    in_petitions = session.execute(
        select(PetitionSender.citizen_id, Petition.id)
        .join(Petition, Petition.id == PetitionSender.petition_id)
        .where(PetitionSender.citizen_id.in_(ids), Petition.kind.in_(PROTECTED_KINDS))
    )
    return frozenset(citizen for citizen, visit in in_visits if visit not in seen_visits) | frozenset(
        citizen for citizen, petition in in_petitions if petition not in seen_petitions
    )


def withheld_ids(session: Session, actor: Actor) -> frozenset[uuid.UUID]:
    """The ids of everything that names a denouncer ``actor`` may not see: the protected visits and
    petitions not assigned to them, their cases, their people (participant and sender rows) and those
    people's citizen records.

    The audit trail keeps the values of every row it records; an event about one of these ids (its
    record, or a visit, petition, case or citizen the event's values point at) is shown with its
    values withheld (``desktop.core.audit.list_events``).
    """
    from db.models import PetitionSender, VisitParticipant  # the people rows: only this question needs them

    viewer = Viewer(session, actor)
    seen_visits = viewer._assigned_visits() if _may_see_any(actor) else set()
    seen_petitions = viewer._assigned_petitions() if _may_see_any(actor) else set()
    visits = set(session.scalars(select(Visit.id).where(protected_visit_condition()))) - seen_visits
    petitions = set(session.scalars(select(Petition.id).where(Petition.kind.in_(PROTECTED_KINDS)))) - seen_petitions
    cases = set(session.scalars(select(CaseFile.id).where(CaseFile.petition_id.in_(petitions)))) if petitions else set()
    people: set[uuid.UUID] = set()
    citizens: set[uuid.UUID] = set()
    for table, owner, ids in (
        (VisitParticipant, VisitParticipant.visit_id, visits),
        (PetitionSender, PetitionSender.petition_id, petitions),
    ):
        if ids:
            for person_id, citizen_id in session.execute(select(table.id, table.citizen_id).where(owner.in_(ids))):
                people.add(person_id)
                citizens.add(citizen_id)
    return frozenset(visits | petitions | cases | people | citizens)
