"""Each desk connects to the office server with a PostgreSQL role of its own, allowed only what a desk does.

The preparing account (the one that ran `tiepdan --db ... init` or "Prepare server") creates the
schema and migrates it; it creates a desk's role with `tiepdan server add-desk CODE`. A desk's role:

- may read and write the records that change (SELECT, INSERT, UPDATE, DELETE);
- may add and correct, never delete, a visit's people (``CORRECTED_ONLY``: a corrective step updates
  the line in place, and nothing deletes one);
- may only read and add to the append-only tables (``db.sync.APPEND_ONLY_TABLES``: the records
  written once, the change log, the number blocks): no UPDATE, DELETE or TRUNCATE;
- may read and write the sync bookkeeping (conflicts, counters, its pull progress), read the
  server's settings and schema version, use the sequences and run the change-log trigger and the
  pruning function;
- owns nothing and may create nothing: no DDL.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from db.base import Base
from db.sync import APPEND_ONLY_TABLES, shared_tables
from desktop.core.errors import AppError, first_line
from desktop.core.i18n import _
from desktop.core.office import check_desk_code

ROLE_PREFIX = "tiepdan_desk_"
ALL = "SELECT, INSERT, UPDATE, DELETE"
ADD_ONLY = "SELECT, INSERT"
BOOKKEEPING = "SELECT, INSERT, UPDATE"
CORRECTED = "SELECT, INSERT, UPDATE"
# Shared records a corrective step updates in place (desktop/core/reception/corrections.py) and that
# nothing deletes: a visit is cancelled by a step, its people stay. The sync pushes only what the
# desk did, so it never needs DELETE here (migration 0021 took it back from the roles made before).
CORRECTED_ONLY = frozenset({"visit_participant"})
READ = "SELECT"
# The sync's own tables on the server, beside the shared records: what a desk does with each.
SERVER_TABLES = {
    "sync_conflict": BOOKKEEPING,
    "counter": BOOKKEEPING,
    "pull_progress": BOOKKEEPING,
    "local_setting": READ,
    "alembic_version": READ,
}
FUNCTIONS = ("tiepdan_log_change()", "tiepdan_prune_change_log(integer, integer)")


@dataclass(frozen=True)
class DeskRole:
    code: str
    role: str
    password: str  # shown once to the administrator, or kept in the joining desk's keyring


def desk_privileges() -> dict[str, str]:
    """Every table of the server schema and the rights a desk's role gets on it ("" for none)."""
    rights = {table.name: ALL for table in shared_tables()}
    rights.update(SERVER_TABLES)
    rights.update(dict.fromkeys(CORRECTED_ONLY, CORRECTED))
    for name in APPEND_ONLY_TABLES:
        rights[name] = ADD_ONLY
    for name in Base.metadata.tables:
        rights.setdefault(name, "")  # the outbox: a desk's own, unused on the server
    return rights


def role_name(code: str, schema: str = "public") -> str:
    """``tiepdan_desk_d01``; offices sharing one server (a schema each) get the schema in the name."""
    code = check_desk_code(code).lower()
    return f"{ROLE_PREFIX}{code}" if schema == "public" else f"tiepdan_{schema.lower()}_desk_{code}"


def add_desk_role(engine: Engine, code: str) -> DeskRole:
    """Create the role of desk ``code`` (or give it a new password), with the desk's rights only."""
    code = check_desk_code(code)
    password = secrets.token_urlsafe(24)  # letters, digits, - and _: safe inside the SQL literal
    with engine.begin() as connection:
        schema = _server_schema(connection)
        role = role_name(code, schema)
        quoted = connection.dialect.identifier_preparer.quote(role)
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}).first()
        verb = "ALTER" if exists else "CREATE"
        try:
            connection.exec_driver_sql(
                f"{verb} ROLE {quoted} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                f"PASSWORD '{password}'"
            )
        except DBAPIError as exc:  # its text would quote the statement, password included
            raise AppError(
                _("The server refused to create the desk's account: {reason}").format(
                    reason=first_line(exc).replace(password, "***")
                )
            ) from None
        _grant(connection, quoted, schema)
    return DeskRole(code=code, role=role, password=password)


def drop_desk_role(engine: Engine, code: str) -> bool:
    """Remove the role of desk ``code`` and its rights; False when it did not exist."""
    with engine.begin() as connection:
        role = role_name(code, _server_schema(connection))
        if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}).first() is None:
            return False
        quoted = connection.dialect.identifier_preparer.quote(role)
        connection.exec_driver_sql(f"DROP OWNED BY {quoted}")  # its rights in this database
        connection.exec_driver_sql(f"DROP ROLE {quoted}")
    return True


def _server_schema(connection: Connection) -> str:
    if connection.dialect.name != "postgresql":
        raise AppError(_("Desk accounts exist only on the office server (PostgreSQL): give it with --db."))
    return str(connection.execute(text("SELECT current_schema()")).scalar_one())


def _grant(connection: Connection, role: str, schema: str) -> None:
    preparer = connection.dialect.identifier_preparer
    where = preparer.quote(schema)
    run = connection.exec_driver_sql
    run(f"REVOKE ALL ON ALL TABLES IN SCHEMA {where} FROM {role}")
    run(f"REVOKE CREATE ON SCHEMA {where} FROM {role}")
    run(f"GRANT USAGE ON SCHEMA {where} TO {role}")
    run(f"ALTER ROLE {role} SET search_path = {where}")
    for table, rights in sorted(desk_privileges().items()):
        if rights:
            run(f"GRANT {rights} ON TABLE {where}.{preparer.quote(table)} TO {role}")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {role}")
    for function in FUNCTIONS:
        run(f"GRANT EXECUTE ON FUNCTION {where}.{function} TO {role}")
