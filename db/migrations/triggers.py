"""PostgreSQL change-log triggers: every write to a shared table is numbered in commit order."""

from __future__ import annotations

from alembic import op

# Tables whose rows travel between desks. Later migrations that add a shared table call
# ``install(table)`` for it: the triggered tables must be db.sync.shared_tables() exactly
# (tests/db/test_change_log.py checks the migrated server schema).
SHARED_TABLES_0002 = (
    "office",
    "signer",
    "desk",
    "app_user",
    "citizen",
    "visit",
    "visit_participant",
    "received_document",
    "issued_document",
)

# The advisory lock serialises writers until they commit, so that change numbers follow commit
# order and a desk that pulled up to N can never later miss a change numbered below N.
_BODY = """
CREATE OR REPLACE FUNCTION tiepdan_log_change() RETURNS trigger AS $$
DECLARE
  row_data jsonb;
  change text;
BEGIN
  PERFORM pg_advisory_xact_lock(7226150);
  IF TG_OP = 'DELETE' THEN
    row_data := to_jsonb(OLD); change := 'delete';
  ELSE
    row_data := to_jsonb(NEW); change := lower(TG_OP);
  END IF;
  INSERT INTO server_change (entity, entity_id, op, version, origin, origin_seq, payload, changed_at)
  VALUES (TG_TABLE_NAME, (row_data->>'id')::uuid, change,
          COALESCE((row_data->>'version')::int, 1),
          COALESCE(NULLIF(current_setting('tiepdan.origin', true), ''), ''),
          COALESCE(NULLIF(current_setting('tiepdan.origin_seq', true), '')::bigint, 0),
          row_data::json, now()){on_conflict};
  RETURN NULL;
END
$$ LANGUAGE plpgsql
"""

# Migration 0002's function skipped a write whose (table, id, version, operation) was logged
# before. That folded away the second update of a table without a version, and a row created
# again after a delete (ids derived from a natural key): migration 0007 logs every write.
FUNCTION_0002 = _BODY.format(on_conflict="\n  ON CONFLICT ON CONSTRAINT uq_server_change_row_version DO NOTHING")
FUNCTION = _BODY.format(on_conflict="")


def install_function(function: str = FUNCTION_0002) -> None:
    """Create (or replace) the trigger function; a migration passes the text of its time."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(function)


def install(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER tiepdan_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION tiepdan_log_change()"
        )


def remove(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS tiepdan_change ON {table}")


def remove_function() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS tiepdan_log_change()")
