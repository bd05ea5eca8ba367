"""One search over citizens, visits, petitions, cases and letters, page by page (docs/search.md).

A query is read two ways at once. As a number: an ID number (the one in force or the old CMND a
card names: the person and their visits, petitions, cases and letters), a visit serial
(D01-2026-000123), a petition or case number, a letter's official number ("15/TB-BTCD", "Số:
15/TB-BTCD"), each looked up exactly through its index; a record number also as typed without its
leading zeros, case or diacritics ("d01-2026-123", "5/tb-hdnd" for "05/TB-HĐND"). As a name:
folded like the stored keys (``search_key``: NFC, case-folded, no diacritics, đ -> d, spaces
collapsed), every word a word of the citizen's name, the last one a prefix (the user may still be
typing), answered by the index migration 0018 keeps: FTS5 on SQLite, a GIN full-text index on
PostgreSQL. Visits, petitions, cases and letters are found through their people's citizen records,
by indexed keys.

Results come grouped by kind; in a kind, the exact number first, then name matches newest first.
A protected record (a denunciation: desktop.core.confidentiality) found by its number is shown
masked to a user who may not see its people; found by a name, or a citizen and their records by
their identity number, it is left out for them: a masked row under the name or number typed would
tell that this person denounced someone (so would the records of a person with no row of their
own: found by the number of a denouncer, every record is left out as the denunciation is). Each
protected identity shown unmasked is audited as read ("list").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from sqlalchemy import (
    Column,
    ColumnElement,
    Integer,
    MetaData,
    Row,
    Select,
    Table,
    Uuid,
    any_,
    bindparam,
    cast,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from db.enums import DocumentKind
from db.models import CaseFile, Citizen, IssuedDocument, Petition, PetitionSender, Visit, VisitParticipant
from desktop.core.access import Actor
from desktop.core.cases.letters import LETTER_KINDS
from desktop.core.confidentiality import (
    PROTECTED_KINDS,
    Mask,
    Viewer,
    identity_read,
    is_protected_visit,
    masked,
    protected_visit_condition,
)
from desktop.core.formatting import local
from desktop.core.i18n import N_
from desktop.core.text import clean, digits, number_key, search_key, upper

Kind = Literal["citizen", "visit", "petition", "case", "letter"]
KINDS: tuple[Kind, ...] = ("citizen", "visit", "petition", "case", "letter")
# The heading of each group of results (translated where shown: _(KIND_LABELS[kind])).
KIND_LABELS: dict[Kind, str] = {
    "citizen": N_("Citizens"),
    "visit": N_("Visits"),
    "petition": N_("Petitions received"),
    "case": N_("Cases"),
    "letter": N_("Letters"),
}
PAGE = 50
MAX_WORDS = 8  # more words add nothing to a name and only cost the index
MAX_QUERY = 200  # characters: a name or a number is far shorter

EXACT_SCORE = 1.0
NAME_SCORE = 0.5

_WORD = re.compile(r"[a-z0-9]+")
_TOKEN = re.compile(r"[^\W_]+")  # a word of a stored key: a run of letters and digits
# "Số: 15/TB-BTCD" as printed on the letter: the word "Số" is not part of the number.
_NUMBER_WORD = re.compile(r"^s[oóòỏõọôốồổỗộ]\s*:?\s*(?=\d)", re.IGNORECASE)
_LETTERS = (*LETTER_KINDS, DocumentKind.CONCLUSION)
# The numbers this application gives, read from a query folded to ASCII upper case without spaces:
# a visit serial D01-2026-000123 (numbering.visit_serial), a petition's D01-2026-D00045 and a case's
# D01-2026-V00012 (five digits or more), an official number 05/TB-HĐND (two digits or more,
# official_numbers.format_number), each as the application writes it.
_SERIAL = re.compile(r"([A-Z][A-Z0-9]{1,5})-([0-9]{4})-([A-Z]?)([0-9]{1,9})")
_OFFICIAL = re.compile(r"([0-9]{1,9})/([A-Z0-9]+(?:-[A-Z0-9]+)*)")
_IDENTITY = re.compile(r"[0-9 .-]+")  # an ID number as typed: digits, spaces, dots, dashes
# Official numbers' symbols are upper-case abbreviations ("TB-HĐND", "PĐX-BTCD", "QĐ-UBND"): the one
# letter with a mark they keep is Đ, so a folded D may stand for Đ. A symbol with more Ds than this
# is looked up as typed and folded only (2 ** 6 spellings at most).
MAX_FOLDED_DS = 6

# What migration 0018 made outside the models: the FTS5 table and its map to citizen ids (SQLite).
_fts_metadata = MetaData()
_citizen_search = Table(
    "citizen_search", _fts_metadata, Column("rowid", Integer, primary_key=True), Column("citizen_id", Uuid)
)
_citizen_fts = Table("citizen_fts", _fts_metadata, Column("rowid", Integer, primary_key=True))


@dataclass(frozen=True)
class Terms:
    """A query read as a number and as the words of a name.

    ``citizen_ids``: the citizens the words match, when ``resolve`` found few enough to read them once
    for every kind (None: each kind asks the index itself). ``common``: more than ``common_matches()``
    match (a lone family name: "nguyen" is 40 % of the people); each kind then walks its own records
    newest first through its date index and checks each one's people against the index, which stops
    after a page instead of reading and sorting every match.
    """

    number: str
    id_digits: str
    words: tuple[str, ...]
    citizen_ids: tuple[uuid.UUID, ...] | None = None
    common: bool = False  # so many people match that walking a kind's records newest first finds a page soonest
    numbers: tuple[str, ...] = ()  # the record numbers it may be, as stored (number_forms)
    identities: tuple[str, ...] = ()  # the identity numbers it may be (a record number is none)
    # PostgreSQL: the visits and the petitions whose people are of ``citizen_ids``, read once for every
    # kind that needs them (cases and letters go through their petitions), keyed by the link column.
    owners: dict[str, tuple[uuid.UUID, ...]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def fts_query(self) -> str:
        """FTS5: every word, the last as a prefix ("nguyen" "van" "an"*); the words are [a-z0-9] only."""
        quoted = [f'"{word}"' for word in self.words]
        return " ".join([*quoted[:-1], quoted[-1] + "*"])

    @property
    def ts_query(self) -> str:
        """PostgreSQL to_tsquery('simple', ...): the same words, the same prefix (nguyen & van & an:*)."""
        return " & ".join([*self.words[:-1], self.words[-1] + ":*"])


def parse(query: str) -> Terms:
    text = clean(query)[:MAX_QUERY]
    # Every number searched for holds a digit (an ID number, a serial, "15/TB-BTCD"): a name is never one.
    number = number_key(_NUMBER_WORD.sub("", text)) if any(ch.isdigit() for ch in text) else ""
    # A word with a digit is part of a number, never of a name: "D01-2026-000123" is no name search.
    words = tuple(word for word in _WORD.findall(search_key(text)) if not any(ch.isdigit() for ch in word))
    forms = number_forms(number)
    id_digits = digits(text)
    identities: tuple[str, ...] = ()
    if number and not _record_number(number):  # no serial, record or official number: perhaps an identity paper's
        identities = (
            (id_digits,) if _IDENTITY.fullmatch(text) else tuple(dict.fromkeys(n for n in (number, id_digits) if n))
        )
    return Terms(number=number, id_digits=id_digits, words=words[:MAX_WORDS], numbers=forms, identities=identities)


def number_forms(number: str) -> tuple[str, ...]:
    """``number`` (a ``number_key``) and the numbers as stored it may be typed for: "d01-2026-5" is
    D01-2026-000005, "5/tb-hdnd" is 05/TB-HDND or 05/TB-HĐND (or -HDNĐ, -HĐNĐ). () for no number."""
    if not number:
        return ()
    folded = _folded(number)
    forms = [number, folded]
    if serial := _SERIAL.fullmatch(folded):
        code, year, letter, seq = serial.groups()
        forms.append(f"{code}-{year}-{letter}{int(seq):0{5 if letter else 6}d}")
    elif official := _OFFICIAL.fullmatch(folded):
        count, symbol = official.groups()
        forms += [f"{int(count):02d}/{spelling}" for spelling in _spellings(symbol)]
    return tuple(dict.fromkeys(forms))


def _folded(number: str) -> str:
    return upper(search_key(number)).replace(" ", "")


def _record_number(number: str) -> bool:
    """``number`` has the shape of a serial, a petition's or case's number or an official number."""
    folded = _folded(number)
    return bool(_SERIAL.fullmatch(folded) or _OFFICIAL.fullmatch(folded))


def _spellings(symbol: str) -> list[str]:
    """A folded symbol with each D as D or Đ ("HDND" -> HDND, HDNĐ, HĐND, HĐNĐ); as folded when too many."""
    pieces = symbol.split("D")
    if len(pieces) - 1 > MAX_FOLDED_DS:
        return [symbol]
    spellings = [pieces[0]]
    for piece in pieces[1:]:
        spellings = [start + letter + piece for start in spellings for letter in ("D", "Đ")]
    return spellings


@dataclass(frozen=True)
class Hit:
    """One result: what it is, its number, its title (a person's name: masked when protected), its date.

    ``opens`` is the record the GUI opens for it: ("visit", serial), ("petition", number), ("case",
    number), or ("", "") when there is none (a citizen never seen at a visit or in a petition).
    """

    PROTECTED: ClassVar[dict[str, Mask]] = {"title": "name", "masked": "flag"}

    kind: Kind
    number: str
    title: str
    date: dt.date | None
    score: float
    opens: tuple[str, str] = ("", "")
    masked: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "score": self.score,
        }


@dataclass(frozen=True)
class Page:
    hits: tuple[Hit, ...]
    next_offset: int | None  # None: nothing more of this kind


@dataclass
class _Found:
    record_id: uuid.UUID
    number: str
    title: str
    date: dt.date | None
    protected: bool = False
    owner_id: uuid.UUID | None = None  # the petition or visit whose people the row shows
    owner_is_visit: bool = False
    opens: tuple[str, str] = ("", "")
    score: float = NAME_SCORE
    extra: dict[str, Any] = field(default_factory=dict)
    by_identity: bool = False  # found by its person's identity number: protected, it is left out, never masked


SHARED_MATCHES = 5000  # up to this many citizens matched, every kind reuses their ids (one index scan)
# PostgreSQL: up to this many, the ids are read once whenever the words are not common (they go to the
# server as one array parameter; SQLite's IN lists bind one parameter each).
ARRAY_MATCHES = 50_000
SMALL_MATCHES = 200  # up to this many citizens matched, a kind's page is one query (their records are few)
# Driving from the matched citizens costs about their number, M; walking a kind's records newest first
# costs about a page times N / M (N: the citizens), each record dearer than a driven one. The walk is
# the cheaper past M = sqrt(WALK_RATIO * N): about 14,000 of 1,000,000 people, 4,600 of 100,000
# (measured on a 100,000-visit desk: bench/search.py, docs/search.md).
WALK_RATIO = 200


def common_matches(session: Session) -> int:
    """More citizens matched than this, the words are common: each kind walks its records (Terms.common)."""
    if session.get_bind().dialect.name == "sqlite":
        people = session.scalar(select(func.max(_citizen_search.c.rowid))) or 0
    else:  # the planner's estimate: counting a million rows would cost more than the search
        estimate = session.scalar(text("SELECT reltuples FROM pg_class WHERE oid = to_regclass('citizen')"))
        people = int(estimate) if estimate and estimate > 0 else 0
    return max(SMALL_MATCHES, math.isqrt(WALK_RATIO * people))


def resolve(session: Session, terms: Terms) -> Terms:
    """``terms`` with what the index says about its words: their citizens' ids, or that they are common.

    Reads at most ``common_matches() + 1`` entries of the index: never counts or sorts every match.
    PostgreSQL: one read of the matches' ids with their dates, fenced and capped, gives both at once;
    the ids come newest first (the citizens' order), so the citizens' page is cut from them and no
    kind asks the GIN index again (each ask of it rereads the posting lists of every word).
    """
    if not terms.words:
        return terms
    cap = common_matches(session)
    if session.get_bind().dialect.name != "sqlite":
        return _resolve_postgresql(session, terms, cap)
    if cap > SHARED_MATCHES:  # few enough are read once, for every kind (an FTS5 prefix costs ms at 1M)
        ids = tuple(session.scalars(name_matches(session, terms).limit(SHARED_MATCHES + 1)))
        if len(ids) <= SHARED_MATCHES:
            return dataclasses.replace(terms, citizen_ids=ids)
    matches = count_matches(session, terms, cap + 1)  # FTS5: rowids alone, no row of citizen is read
    if matches <= min(cap, SHARED_MATCHES):
        return dataclasses.replace(terms, citizen_ids=tuple(session.scalars(name_matches(session, terms))))
    return dataclasses.replace(terms, common=matches > cap)


def _resolve_postgresql(session: Session, terms: Terms, cap: int) -> Terms:
    shared = min(cap, ARRAY_MATCHES)
    ids = _ordered_matches(session, terms, shared + 1)
    if len(ids) <= shared:
        return dataclasses.replace(terms, citizen_ids=ids)
    if cap <= ARRAY_MATCHES:
        return dataclasses.replace(terms, common=True)
    return dataclasses.replace(terms, common=count_matches(session, terms, cap + 1) > cap)


def _ordered_matches(session: Session, terms: Terms, cap: int) -> tuple[uuid.UUID, ...]:
    """PostgreSQL: up to ``cap`` ids of the citizens the words match, newest recorded first (created_at, id).

    The GIN index's matches are fenced in a materialized CTE before they are sorted: given an ORDER BY
    and a LIMIT the planner would walk ix_citizen_created_at and check row after row.
    """
    matched = (
        select(Citizen.id, Citizen.created_at)
        .where(_ts_match(Citizen.name_key, terms))
        .limit(cap)
        .cte("matched")
        .prefix_with("MATERIALIZED")
    )
    return tuple(session.scalars(select(matched.c.id).order_by(matched.c.created_at.desc(), matched.c.id.desc())))


def count_matches(session: Session, terms: Terms, cap: int) -> int:
    """How many citizens the words match, counted up to ``cap`` (a lone family name matches a third of them)."""
    if session.get_bind().dialect.name == "sqlite":
        matches = (
            select(_citizen_fts.c.rowid)
            .where(literal_column("citizen_fts").op("MATCH")(terms.fts_query))
            .limit(cap)
            .subquery()
        )
    else:
        matches = select(Citizen.id).where(_ts_match(Citizen.name_key, terms)).limit(cap).subquery()
    return session.scalar(select(func.count()).select_from(matches)) or 0


def search(
    session: Session, actor: Actor, query: str, *, kinds: Sequence[Kind] = KINDS, limit: int = PAGE
) -> list[Hit]:
    """At most ``limit`` results of each kind, grouped by kind (in ``KINDS`` order), ranked in each."""
    viewer = Viewer(session, actor)
    terms = resolve(session, parse(query)) if _resolves(session, kinds) else parse(query)
    hits: list[Hit] = []
    for kind in KINDS:
        if kind in kinds:
            hits.extend(_page(session, viewer, terms, kind, offset=0, limit=limit).hits)
    return hits


def search_page(
    session: Session,
    actor: Actor,
    query: str,
    kind: Kind,
    *,
    offset: int = 0,
    limit: int = PAGE,
    viewer: Viewer | None = None,
) -> Page:
    """The results of one kind from ``offset`` on: the exact number match on the first page, then
    name matches newest first. ``next_offset`` continues the name matches (the lazy list's next page)."""
    terms = resolve(session, parse(query)) if _resolves(session, (kind,)) else parse(query)
    return _page(session, viewer or Viewer(session, actor), terms, kind, offset=offset, limit=limit)


def _resolves(session: Session, kinds: Sequence[Kind]) -> bool:
    """Whether the kinds' searches depend on how many match (SQLite's citizens come from FTS5 alone)."""
    return bool(set(kinds) - {"citizen"}) or session.get_bind().dialect.name != "sqlite"


def _page(session: Session, viewer: Viewer, terms: Terms, kind: Kind, *, offset: int, limit: int) -> Page:
    kind_search = _KIND_SEARCHES[kind]
    exact = kind_search.exact(session, terms) if offset == 0 else []
    for found in exact:
        found.score = EXACT_SCORE
    named: list[_Found] = []
    next_offset = None
    if terms.words:
        named, next_offset = kind_search.named(session, terms, offset, limit)
    seen = {found.record_id for found in exact}
    # An identity number names a citizen as surely as their name does: a masked row under it would tell
    # that this person denounced someone. Serials and record numbers name no one.
    hits = [_hit(session, viewer, kind, found, by_number=not found.by_identity) for found in exact]
    for found in named:
        if found.record_id not in seen and (hit := _hit(session, viewer, kind, found, by_number=False)) is not None:
            hits.append(hit)
    return Page(hits=tuple(hit for hit in hits if hit is not None), next_offset=next_offset)


def _hit(session: Session, viewer: Viewer, kind: Kind, found: _Found, *, by_number: bool) -> Hit | None:
    hit = Hit(kind=kind, number=found.number, title=found.title, date=found.date, score=found.score, opens=found.opens)
    if not found.protected or found.owner_id is None:
        return hit
    sees = (
        viewer.sees_visit(found.owner_id, True) if found.owner_is_visit else viewer.sees_petition(found.owner_id, True)
    )
    if sees:
        identity_read(session, viewer.actor, found.owner_id, "list")
        return hit
    return masked(hit) if by_number else None


def _fts_match(terms: Terms) -> ColumnElement[bool]:
    return literal_column("citizen_fts").op("MATCH")(terms.fts_query)


def _ts_match(name_key: Any, terms: Terms) -> ColumnElement[bool]:
    """PostgreSQL: the folded name holds the words (the expression of the GIN index, so the index answers)."""
    simple: ColumnElement[Any] = literal_column("'simple'::regconfig")
    return func.to_tsvector(simple, name_key).op("@@")(func.to_tsquery(simple, terms.ts_query))


def name_matches(session: Session, terms: Terms) -> Select[uuid.UUID]:
    """The ids of the citizens whose folded name holds every word of ``terms``, through the index."""
    if session.get_bind().dialect.name == "sqlite":
        return (
            select(_citizen_search.c.citizen_id)
            .select_from(_citizen_fts)
            .join(_citizen_search, _citizen_search.c.rowid == _citizen_fts.c.rowid)
            .where(_fts_match(terms))
        )
    return select(Citizen.id).where(_ts_match(Citizen.name_key, terms))


def _named_citizen(column: Any, session: Session, terms: Terms) -> ColumnElement[bool]:
    """``column`` (a citizen id) is one of the citizens the words match: of the ids read once, or the index's."""
    if terms.citizen_ids is not None:
        if session.get_bind().dialect.name == "sqlite":
            return column.in_(terms.citizen_ids)  # type: ignore[no-any-return]
        return column == any_(_id_array(terms.citizen_ids))  # type: ignore[no-any-return]
    return column.in_(name_matches(session, terms))  # type: ignore[no-any-return]


_SET_LOCAL = text(
    "SELECT set_config('plan_cache_mode', :plan_cache_mode, true), set_config('enable_seqscan', :enable_seqscan, true)"
)


def _id_array(ids: Sequence[uuid.UUID]) -> Any:
    """PostgreSQL: ``ids`` as one uuid[] parameter (an IN list of 10,000 ids would bind 10,000 of them)."""
    array = postgresql.ARRAY(Uuid())
    return cast(bindparam("citizen_ids", list(ids), type_=array, unique=True), array)  # cast: EXPLAIN's literals


def names_match(name_key: str, terms: Terms) -> bool:
    """The folded name holds every word, the last as a prefix: the index's rule, for a walk's records.

    The words of a stored key are its runs of letters and digits, as FTS5's unicode61 tokenizer and
    PostgreSQL's parser read them ("nguyen-van" is "nguyen" and "van"); the query's words are a-z only.
    """
    tokens = _TOKEN.findall(name_key)
    present = set(tokens)
    *whole, last = terms.words
    return all(word in present for word in whole) and any(token.startswith(last) for token in tokens)


def name_statement(session: Session, query: str, kind: Kind, *, common: bool = False) -> Select[*tuple[Any, ...]]:
    """The query a name search of ``kind`` runs (for EXPLAIN in the tests and the benchmark).

    ``common``: as for words that match more people than ``common_matches`` (a lone family name): the
    kind's records newest first, whose people a walk checks (``names_match``) as it reads them.
    """
    kind_search = _KIND_SEARCHES[kind]
    terms = dataclasses.replace(parse(query), common=common)
    if common and isinstance(kind_search, _PeopleSearch):
        return kind_search.ordered()
    return kind_search.statement(session, terms)


def _identified(session: Session, identities: tuple[str, ...]) -> tuple[list[uuid.UUID], tuple[uuid.UUID, bool] | None]:
    """The citizens an identity number names, and one denunciation of theirs if they denounced someone.

    A denouncer's other records name them as their citizen row does: each is guarded by the
    denunciation, so that a user who may not see it finds nothing under the number. Read once for
    every kind a search in the same transaction asks about (kept in ``session.info``, for the last
    query only).
    """
    key = (identities, session.get_transaction())
    cached = session.info.get("identified")
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    people = list(session.scalars(select(Citizen.id).where(_identity_is(identities)).limit(PAGE)))
    denounced = _Citizens()._protected_owners(session, people) if people else {}
    found = people, next(iter(denounced.values()), None)
    session.info["identified"] = (key, found)
    return found


def _identity_is(numbers: Sequence[str]) -> ColumnElement[bool]:
    """The citizen's identity number, or the old one a card names, is one of ``numbers`` (both indexed)."""
    return or_(Citizen.id_number.in_(numbers), Citizen.old_id_number.in_(numbers))


def _day(moment: dt.datetime | dt.date | None) -> dt.date | None:
    if isinstance(moment, dt.datetime):
        return local(moment).date()
    return moment


class _KindSearch:
    def exact(self, session: Session, terms: Terms) -> list[_Found]:
        raise NotImplementedError

    def statement(self, session: Session, terms: Terms) -> Select[*tuple[Any, ...]]:
        """The name matches of this kind, in their order (``named`` pages through it)."""
        raise NotImplementedError

    def named(self, session: Session, terms: Terms, offset: int, limit: int) -> tuple[list[_Found], int | None]:
        """A page of the name matches, and the offset of the next page (None: no more)."""
        rows = session.execute(self.statement(session, terms).offset(offset).limit(limit + 1)).all()
        more = len(rows) > limit
        return self._found(session, rows[:limit]), offset + limit if more else None

    def _found(self, session: Session, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[_Found]:
        raise NotImplementedError


def _first_sender_name() -> Any:
    return (
        select(PetitionSender.full_name)
        .where(PetitionSender.petition_id == Petition.id)
        .order_by(PetitionSender.position)
        .limit(1)
        .scalar_subquery()
    )


def _people_named(session: Session, terms: Terms, owner: Any, linked: Any, citizen: Any) -> ColumnElement[bool]:
    """A record (``owner``) one of whose people (``linked`` to it, a citizen ``citizen``) the words name."""
    return owner.in_(select(linked).where(_named_citizen(citizen, session, terms)))  # type: ignore[no-any-return]


WALK_BATCH = 200  # records read at a time by a walk (Terms.common); doubled up to WALK_BATCH_MAX
WALK_BATCH_MAX = 1600


class _PeopleSearch(_KindSearch):
    """A kind found through its people (visits: participants; petitions, cases, letters: the senders).

    A page is chosen on the record keys alone and only its rows are then read in full (names,
    protection), never the rows of every match. Few matches: driven from the matched citizens, their
    records sorted. Common words (``Terms.common``): ``named`` walks the records newest first through
    the kind's date index and keeps those one of whose people ``names_match``, stopping once the page
    is full.
    """

    def _select(self) -> Select[*tuple[Any, ...]]:
        raise NotImplementedError

    def _keys(self) -> tuple[Any, Any]:
        """The record's id column; the visit or petition whose people it has (None: nobody, never named)."""
        raise NotImplementedError

    def _dates(self) -> tuple[Any, ...]:
        """The columns of the order, newest first: the date, then the number."""
        raise NotImplementedError

    def exact(self, session: Session, terms: Terms) -> list[_Found]:
        """The record whose number (the last column of ``_dates``, indexed) was typed, then the records of
        the people whose identity number (in force or old) it is, newest first (at most a page)."""
        found: list[_Found] = []
        if terms.numbers:
            number = self._dates()[-1]
            found = self._found(session, session.execute(self._select().where(number.in_(terms.numbers))).all())
        if not terms.identities:
            return found
        people, guard = _identified(session, terms.identities)
        if not people:
            return found
        link, citizen, _position = self._people()
        owners = select(link).where(citizen.in_(people))
        rows = session.execute(self._select().where(self._keys()[1].in_(owners)).order_by(*self._order()).limit(PAGE))
        seen = {item.record_id for item in found}
        for item in self._found(session, rows.all()):
            if item.record_id in seen:
                continue
            item.by_identity = True
            if guard is not None and not item.protected:
                item.protected, (item.owner_id, item.owner_is_visit) = True, guard
            found.append(item)
        return found

    def _order(self) -> tuple[Any, ...]:
        return *(column.desc() for column in self._dates()), self._keys()[0].desc()

    def _people(self) -> tuple[Any, Any, Any]:
        """The people of a record: their table's link to the owner, its citizen and its position."""
        return PetitionSender.petition_id, PetitionSender.citizen_id, PetitionSender.position

    def _named(self, session: Session, terms: Terms) -> ColumnElement[bool]:
        raise NotImplementedError

    def ordered(self) -> Select[*tuple[Any, ...]]:
        """Every record of the kind, newest first: (key, owner, date, number), what a walk reads."""
        return self._select().with_only_columns(*self._keys(), *self._dates()).order_by(*self._order())

    def _walked(self, offset: int, batch: int) -> Select[*tuple[Any, ...]]:
        """``batch`` records of the walk from ``offset`` (read through the date index first), a row per
        person: (key, folded name or None), in the walk's order."""
        records = self.ordered().offset(offset).limit(batch).subquery("walked")
        key, owner, *dates = records.c
        link, citizen, position = self._people()
        return (  # outer joins: a record without people is read too (and never named), so offsets count it
            select(key, Citizen.name_key)
            .select_from(records)
            .outerjoin(link.class_, link == owner)
            .outerjoin(Citizen, Citizen.id == citizen)
            .order_by(*(date.desc() for date in dates), key.desc(), position)
        )

    def statement(self, session: Session, terms: Terms) -> Select[*tuple[Any, ...]]:
        return self._select().where(self._named(session, terms)).order_by(*self._order())

    def _rows(self, session: Session, keys: Sequence[uuid.UUID]) -> list[_Found]:
        if not keys:
            return []
        rows = session.execute(self._select().where(self._keys()[0].in_(keys)).order_by(*self._order())).all()
        return self._found(session, rows)

    def named(self, session: Session, terms: Terms, offset: int, limit: int) -> tuple[list[_Found], int | None]:
        if terms.citizen_ids is not None and len(terms.citizen_ids) <= SMALL_MATCHES:
            return super().named(session, terms, offset, limit)
        if terms.citizen_ids is not None and session.get_bind().dialect.name != "sqlite":
            return self._by_owners(session, terms, offset, limit)
        if not terms.common:
            return self._sorted(session, terms, offset, limit)
        return self._walk(session, terms, offset, limit)

    def _by_owners(self, session: Session, terms: Terms, offset: int, limit: int) -> tuple[list[_Found], int | None]:
        """PostgreSQL, the ids read: the visits or petitions of those people read once (``Terms.owners``),
        then the page picked among the kind's records by their owner, as one array: the planner, who
        knows how many there are, either looks each up and sorts them or walks the kind's date index
        newest first, checking each record's owner in the hashed array, until the page is full."""
        keys = list(session.scalars(self.owners_statement(self._owners(session, terms), offset, limit + 1)))
        return self._rows(session, keys[:limit]), offset + limit if len(keys) > limit else None

    def owners_statement(self, owners: Sequence[uuid.UUID], offset: int, limit: int) -> Select[uuid.UUID]:
        """The keys of ``limit`` records from ``offset``, newest first, of those ``owners`` own."""
        return (
            self._select()
            .with_only_columns(self._keys()[0])
            .where(self._keys()[1] == any_(_id_array(owners)))
            .order_by(*self._order())
            .offset(offset)
            .limit(limit)
        )

    def _owners(self, session: Session, terms: Terms) -> tuple[uuid.UUID, ...]:
        link, citizen, _position = self._people()
        key = str(link)
        if key not in terms.owners:
            assert terms.citizen_ids is not None
            linked = select(link).where(citizen == any_(_id_array(terms.citizen_ids))).distinct()
            # Through the citizen_id index, one probe a person: the planner, expecting several senders a
            # person where there are fewer, scanned all of petition_sender (22,410 pages at 1M, 239 ms).
            # And custom plans for the rest of the transaction (the pages by owners that follow): a
            # generic one (psycopg prepares a statement run five times) neither knows how many owners
            # there are nor hashes the array, and would compare each record with it one by one.
            session.execute(_SET_LOCAL, {"plan_cache_mode": "force_custom_plan", "enable_seqscan": "off"})
            terms.owners[key] = tuple(session.scalars(linked))
            session.execute(text("SELECT set_config('enable_seqscan', 'on', true)"))
        return terms.owners[key]

    def _sorted(self, session: Session, terms: Terms, offset: int, limit: int) -> tuple[list[_Found], int | None]:
        """Few records: their keys and dates first (a materialized CTE), then sorted. Without the fence
        PostgreSQL planned a walk of the date index for 1,879 matched people and found them late."""
        keyed = self.statement(session, terms).order_by(None).with_only_columns(self._keys()[0], *self._dates())
        matched = keyed.cte("matched").prefix_with("MATERIALIZED")
        key, *dates = matched.c
        page = select(key).order_by(*(date.desc() for date in dates), key.desc()).offset(offset).limit(limit + 1)
        keys = list(session.scalars(page))
        return self._rows(session, keys[:limit]), offset + limit if len(keys) > limit else None

    def _walk(self, session: Session, terms: Terms, offset: int, limit: int) -> tuple[list[_Found], int | None]:
        # A walk: ``offset`` counts the records read, named or not, so the next page goes on from there.
        kept: list[uuid.UUID] = []
        start, batch = offset, WALK_BATCH
        while True:
            walked: list[uuid.UUID] = []  # the batch's records, in order
            named: set[uuid.UUID] = set()
            for key, name_key in session.execute(self._walked(start, batch)):
                if not walked or walked[-1] != key:
                    walked.append(key)
                if name_key is not None and names_match(name_key, terms):
                    named.add(key)
            for index, key in enumerate(walked):
                if key in named:
                    if len(kept) == limit:
                        return self._rows(session, kept), start + index
                    kept.append(key)
            if len(walked) < batch:
                return self._rows(session, kept), None
            start, batch = start + batch, min(2 * batch, WALK_BATCH_MAX)


class _Citizens(_KindSearch):
    """Newest recorded first: on SQLite the order of the index's own integer keys (``citizen_search`` numbers
    them as recorded, an upgrade by ``created_at``), which FTS5 delivers without sorting; on PostgreSQL
    ``created_at`` through ``ix_citizen_created_at``, walked backwards while the words are common."""

    def _select(self) -> Select[uuid.UUID, str, str, dt.datetime]:
        return select(Citizen.id, Citizen.id_number, Citizen.full_name, Citizen.created_at)

    def exact(self, session: Session, terms: Terms) -> list[_Found]:
        """The people whose identity number, in force or old (``old_id_number``, the CMND a card names), was typed."""
        if not terms.identities:
            return []
        newest = (Citizen.created_at.desc(), Citizen.id.desc())  # the same order on both backends
        rows = session.execute(self._select().where(_identity_is(terms.identities)).order_by(*newest).limit(PAGE))
        found = self._found(session, rows.all())
        for item in found:
            item.by_identity = True
        return found

    def named(self, session: Session, terms: Terms, offset: int, limit: int) -> tuple[list[_Found], int | None]:
        if terms.citizen_ids is None or session.get_bind().dialect.name == "sqlite":
            return super().named(session, terms, offset, limit)
        # PostgreSQL: resolve read the matches' ids newest first; the page is cut from them.
        page = terms.citizen_ids[offset : offset + limit]
        rows = {row[0]: row for row in session.execute(self._select().where(Citizen.id == any_(_id_array(page))))}
        found = self._found(session, [rows[key] for key in page if key in rows])
        return found, offset + limit if len(terms.citizen_ids) > offset + limit else None

    def statement(self, session: Session, terms: Terms) -> Select[*tuple[Any, ...]]:
        if session.get_bind().dialect.name == "sqlite":
            return (
                self._select()
                .select_from(_citizen_fts)
                .join(_citizen_search, _citizen_search.c.rowid == _citizen_fts.c.rowid)
                .join(Citizen, Citizen.id == _citizen_search.c.citizen_id)
                .where(_fts_match(terms))
                .order_by(_citizen_fts.c.rowid.desc())
            )
        if terms.common:  # a backward scan of ix_citizen_created_at, each row checked, stops after a page
            return (
                self._select()
                .where(_ts_match(Citizen.name_key, terms))
                .order_by(Citizen.created_at.desc(), Citizen.id.desc())
            )
        # Fewer: the GIN index's matches first (a fence), then sorted. Left to itself the planner walked
        # the date index for 2,502 matches of a million and checked 16,000 rows (158 ms).
        matched = self._select().where(_ts_match(Citizen.name_key, terms)).cte("matched").prefix_with("MATERIALIZED")
        return select(*matched.c).order_by(matched.c.created_at.desc(), matched.c.id.desc())

    def _found(self, session: Session, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[_Found]:
        found = [_Found(record_id=row[0], number=row[1], title=row[2], date=_day(row[3])) for row in rows]
        if not found:
            return found
        ids = [item.record_id for item in found]
        owners = self._protected_owners(session, ids)
        opens = self._opens(session, ids)
        for item in found:
            item.opens = opens.get(item.record_id, ("", ""))
            if item.record_id in owners:
                item.protected = True
                item.owner_id, item.owner_is_visit = owners[item.record_id]
        return found

    def _protected_owners(self, session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[uuid.UUID, bool]]:
        """For each citizen of ``ids`` who is one of a denunciation's people: one such petition or visit."""
        owners: dict[uuid.UUID, tuple[uuid.UUID, bool]] = {}
        senders = (
            select(PetitionSender.citizen_id, PetitionSender.petition_id)
            .join(Petition, Petition.id == PetitionSender.petition_id)
            .where(PetitionSender.citizen_id.in_(ids), Petition.kind.in_(PROTECTED_KINDS))
        )
        for citizen_id, petition_id in session.execute(senders):
            owners.setdefault(citizen_id, (petition_id, False))
        participants = (
            select(VisitParticipant.citizen_id, VisitParticipant.visit_id)
            .join(Visit, Visit.id == VisitParticipant.visit_id)
            .where(VisitParticipant.citizen_id.in_(ids), protected_visit_condition())
        )
        for citizen_id, visit_id in session.execute(participants):
            owners.setdefault(citizen_id, (visit_id, True))
        return owners

    def _opens(self, session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
        """For each citizen of ``ids``: their latest visit, else their latest petition (one query each)."""
        opens: dict[uuid.UUID, tuple[str, str]] = {}
        latest: dict[uuid.UUID, tuple[Any, str]] = {}
        visits = (
            select(VisitParticipant.citizen_id, Visit.received_at, Visit.serial)
            .join(Visit, Visit.id == VisitParticipant.visit_id)
            .where(VisitParticipant.citizen_id.in_(ids))
        )
        for citizen_id, received_at, serial in session.execute(visits):
            if citizen_id not in latest or (received_at, serial) > latest[citizen_id]:
                latest[citizen_id] = (received_at, serial)
        opens.update({citizen_id: ("visit", serial) for citizen_id, (_at, serial) in latest.items()})
        rest = [citizen_id for citizen_id in ids if citizen_id not in opens]
        if rest:
            petitions: dict[uuid.UUID, tuple[Any, str]] = {}
            rows = (
                select(PetitionSender.citizen_id, Petition.received_on, Petition.number)
                .join(Petition, Petition.id == PetitionSender.petition_id)
                .where(PetitionSender.citizen_id.in_(rest))
            )
            for citizen_id, received_on, number in session.execute(rows):
                if citizen_id not in petitions or (received_on, number) > petitions[citizen_id]:
                    petitions[citizen_id] = (received_on, number)
            opens.update({citizen_id: ("petition", number) for citizen_id, (_on, number) in petitions.items()})
        return opens


class _Visits(_PeopleSearch):
    def _keys(self) -> tuple[Any, Any]:
        return Visit.id, Visit.id

    def _select(self) -> Select[*tuple[Any, ...]]:
        named = (
            select(VisitParticipant.full_name)
            .where(VisitParticipant.visit_id == Visit.id)
            .order_by(VisitParticipant.position)
            .limit(1)
            .scalar_subquery()
        )
        return select(Visit.id, Visit.serial, named, Visit.received_at, protected_visit_condition())

    def _dates(self) -> tuple[Any, ...]:
        return Visit.received_at, Visit.serial

    def _people(self) -> tuple[Any, Any, Any]:
        return VisitParticipant.visit_id, VisitParticipant.citizen_id, VisitParticipant.position

    def _named(self, session: Session, terms: Terms) -> ColumnElement[bool]:
        return _people_named(session, terms, Visit.id, VisitParticipant.visit_id, VisitParticipant.citizen_id)

    def _found(self, _session: Session, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[_Found]:
        return [
            _Found(
                record_id=row[0],
                number=row[1],
                title=row[2] or "",
                date=_day(row[3]),
                protected=bool(row[4]),
                owner_id=row[0],
                owner_is_visit=True,
                opens=("visit", row[1]),
            )
            for row in rows
        ]


def _sender_petitions(session: Session, terms: Terms, petition_id: Any) -> ColumnElement[bool]:
    """The petition ``petition_id`` has a sender the words name."""
    return _people_named(session, terms, petition_id, PetitionSender.petition_id, PetitionSender.citizen_id)


class _Petitions(_PeopleSearch):
    def _keys(self) -> tuple[Any, Any]:
        return Petition.id, Petition.id

    def _select(self) -> Select[*tuple[Any, ...]]:
        return select(Petition.id, Petition.number, _first_sender_name(), Petition.received_on, Petition.kind)

    def _dates(self) -> tuple[Any, ...]:
        return Petition.received_on, Petition.number

    def _named(self, session: Session, terms: Terms) -> ColumnElement[bool]:
        return _sender_petitions(session, terms, Petition.id)

    def _found(self, _session: Session, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[_Found]:
        return [
            _Found(
                record_id=row[0],
                number=row[1],
                title=row[2] or "",
                date=row[3],
                protected=row[4] in PROTECTED_KINDS,
                owner_id=row[0],
                opens=("petition", row[1]),
            )
            for row in rows
        ]


class _Cases(_PeopleSearch):
    def _keys(self) -> tuple[Any, Any]:
        return CaseFile.id, CaseFile.petition_id

    def _select(self) -> Select[*tuple[Any, ...]]:
        return (
            select(CaseFile.id, CaseFile.number, _first_sender_name(), CaseFile.accepted_on, Petition.kind, Petition.id)
            .select_from(CaseFile)
            .join(Petition, Petition.id == CaseFile.petition_id)
        )

    def _dates(self) -> tuple[Any, ...]:
        return CaseFile.accepted_on, CaseFile.number

    def _named(self, session: Session, terms: Terms) -> ColumnElement[bool]:
        return _sender_petitions(session, terms, CaseFile.petition_id)

    def _found(self, _session: Session, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[_Found]:
        return [
            _Found(
                record_id=row[0],
                number=row[1],
                title=row[2] or "",
                date=row[3],
                protected=row[4] in PROTECTED_KINDS,
                owner_id=row[5],
                opens=("case", row[1]),
            )
            for row in rows
        ]


class _Letters(_PeopleSearch):
    def _keys(self) -> tuple[Any, Any]:
        return IssuedDocument.id, IssuedDocument.petition_id

    def _select(self) -> Select[*tuple[Any, ...]]:
        case_number = select(CaseFile.number).where(CaseFile.id == IssuedDocument.case_id).scalar_subquery()
        petition = select(Petition.number, Petition.kind).where(Petition.id == IssuedDocument.petition_id)
        visit_serial = select(Visit.serial).where(Visit.id == IssuedDocument.visit_id).scalar_subquery()
        return select(
            IssuedDocument.id,
            IssuedDocument.number,
            IssuedDocument.title,
            IssuedDocument.issued_at,
            IssuedDocument.petition_id,
            IssuedDocument.visit_id,
            case_number,
            petition.with_only_columns(Petition.number).scalar_subquery(),
            petition.with_only_columns(Petition.kind).scalar_subquery(),
            visit_serial,
        ).where(IssuedDocument.kind.in_(_LETTERS))

    def _dates(self) -> tuple[Any, ...]:
        return IssuedDocument.issued_at, IssuedDocument.number

    def _named(self, session: Session, terms: Terms) -> ColumnElement[bool]:
        return _sender_petitions(session, terms, IssuedDocument.petition_id)

    def _found(self, session: Session, rows: Sequence[Row[*tuple[Any, ...]]]) -> list[_Found]:
        found = []
        for row in rows:
            record_id, number, title, issued_at, petition_id, visit_id, case_number, petition_number, kind, serial = row
            if case_number:
                opens = ("case", case_number)
            elif petition_number:
                opens = ("petition", petition_number)
            else:
                opens = ("visit", serial) if serial else ("", "")
            item = _Found(record_id=record_id, number=number, title=title, date=_day(issued_at), protected=False)
            item.opens = opens
            if petition_id is not None:
                item.protected, item.owner_id = kind in PROTECTED_KINDS, petition_id
            elif visit_id is not None:
                item.protected, item.owner_id, item.owner_is_visit = (
                    is_protected_visit(session, visit_id),
                    visit_id,
                    True,
                )
            found.append(item)
        return found


_KIND_SEARCHES: dict[Kind, _KindSearch] = {
    "citizen": _Citizens(),
    "visit": _Visits(),
    "petition": _Petitions(),
    "case": _Cases(),
    "letter": _Letters(),
}
