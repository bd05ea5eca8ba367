"""Search: citizens found by name through an index, never a scan of the table.

SQLite: an FTS5 table over the folded names (``citizen.name_key``, desktop.core.text.search_key),
keyed by ``citizen_search``, a map from a stable integer to the citizen's UUID: FTS5 needs an
integer rowid, and a table with a UUID key may see its implicit rowids renumbered by VACUUM, so
an external-content table over ``citizen`` itself could point at the wrong people. Triggers keep
both in the same transaction as the citizen row, whoever writes it (the ORM, a sync pull, a
restore).

PostgreSQL: a GIN full-text index on ``to_tsvector('simple', name_key)``. The key is already
folded (no diacritics, đ -> d, lower case), so no ``unaccent`` (STABLE, needs a wrapper) and no
extension at all: the desks' server roles (NOSUPERUSER, no CREATE) use it as it is, and the
token-prefix matching is the same as FTS5's, so both backends find the same records
(docs/search.md).

Existing databases are indexed here, with progress in the log.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 16:00:00.000000
"""

from __future__ import annotations

import logging

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

log = logging.getLogger("db.migrations.search")

BATCH = 50_000

_SQLITE_SCHEMA = (
    "CREATE TABLE citizen_search (rowid INTEGER PRIMARY KEY, citizen_id CHAR(32) NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE citizen_fts USING fts5(name_key, tokenize = 'unicode61 remove_diacritics 2')",
    """CREATE TRIGGER citizen_search_insert AFTER INSERT ON citizen BEGIN
        INSERT INTO citizen_search (citizen_id) VALUES (NEW.id);
        INSERT INTO citizen_fts (rowid, name_key)
            VALUES ((SELECT rowid FROM citizen_search WHERE citizen_id = NEW.id), NEW.name_key);
    END""",
    """CREATE TRIGGER citizen_search_update AFTER UPDATE OF name_key ON citizen BEGIN
        UPDATE citizen_fts SET name_key = NEW.name_key
            WHERE rowid = (SELECT rowid FROM citizen_search WHERE citizen_id = NEW.id);
    END""",
    """CREATE TRIGGER citizen_search_delete AFTER DELETE ON citizen BEGIN
        DELETE FROM citizen_fts WHERE rowid = (SELECT rowid FROM citizen_search WHERE citizen_id = OLD.id);
        DELETE FROM citizen_search WHERE citizen_id = OLD.id;
    END""",
)

PG_INDEX = "ix_citizen_name_search"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE_SCHEMA:
            op.execute(statement)
        _index_existing_sqlite()
    else:
        total = bind.exec_driver_sql("SELECT count(*) FROM citizen").scalar_one()
        log.info("search index: indexing %d citizens", total)
        # fastupdate off: a desk adds citizens one by one, and a pending list would be read by every query.
        op.execute(
            f"CREATE INDEX {PG_INDEX} ON citizen USING gin (to_tsvector('simple'::regconfig, name_key)) "
            "WITH (fastupdate = off)"
        )
        log.info("search index: %d citizens indexed", total)


def _index_existing_sqlite() -> None:
    """The citizens already recorded, in batches of ``BATCH``, each batch logged."""
    bind = op.get_bind()
    total = bind.exec_driver_sql("SELECT count(*) FROM citizen").scalar_one()
    if not total:
        return
    log.info("search index: indexing %d citizens", total)
    bind.exec_driver_sql("INSERT INTO citizen_search (citizen_id) SELECT id FROM citizen ORDER BY created_at, id")
    done = 0
    while done < total:
        bind.exec_driver_sql(
            "INSERT INTO citizen_fts (rowid, name_key) SELECT s.rowid, c.name_key FROM citizen_search s "
            "JOIN citizen c ON c.id = s.citizen_id WHERE s.rowid > ? AND s.rowid <= ?",
            (done, done + BATCH),
        )
        done = min(done + BATCH, total)
        log.info("search index: %d of %d citizens indexed", done, total)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("citizen_search_insert", "citizen_search_update", "citizen_search_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS citizen_fts")
        op.execute("DROP TABLE IF EXISTS citizen_search")
    else:
        op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
