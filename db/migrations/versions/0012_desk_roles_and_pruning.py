"""Each desk its own server role, and a change log pruned of what every desk has pulled.

``pull_progress`` records how far each desk has pulled the server's change log. On PostgreSQL,
``tiepdan_prune_change_log(retention_days, batch)`` drops a bounded batch of change-log rows that
every joined desk has pulled and that are older than the retention, and conflicts resolved longer
ago than that. It runs with the rights of the preparing account (SECURITY DEFINER): a desk's own
role may call it but may not delete from the change log itself (docs/security.md).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# The horizon is the lowest progress of the desks that joined (install_id set); a joined desk that
# has not reported yet counts as 0, so it keeps everything. ``change_log_pruned_through`` in the
# server's local_setting tells a desk whose cursor is below it that it needs a snapshot.
PRUNE_FUNCTION = """
CREATE OR REPLACE FUNCTION tiepdan_prune_change_log(retention_days integer, batch integer)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  horizon bigint;
  cutoff timestamptz := now() - make_interval(days => retention_days);
  last_pruned bigint;
  removed integer;
BEGIN
  SELECT COALESCE(MIN(COALESCE(p.pulled_seq, 0)), 0) INTO horizon
    FROM desk d LEFT JOIN pull_progress p ON p.desk_code = d.code
   WHERE d.install_id <> '';
  WITH doomed AS (
    SELECT seq FROM server_change WHERE seq <= horizon AND changed_at < cutoff ORDER BY seq LIMIT batch
  ), gone AS (
    DELETE FROM server_change s USING doomed WHERE s.seq = doomed.seq RETURNING s.seq
  )
  SELECT COUNT(*), MAX(seq) INTO removed, last_pruned FROM gone;
  IF removed > 0 THEN
    INSERT INTO local_setting (key, value) VALUES ('change_log_pruned_through', last_pruned::text)
      ON CONFLICT (key) DO UPDATE
      SET value = GREATEST(local_setting.value::bigint, EXCLUDED.value::bigint)::text;
  END IF;
  DELETE FROM sync_conflict WHERE id IN (
    SELECT id FROM sync_conflict WHERE resolved_at IS NOT NULL AND resolved_at < cutoff LIMIT batch
  );
  RETURN removed;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "pull_progress",
        sa.Column("desk_code", sa.String(length=8), nullable=False),
        sa.Column("pulled_seq", sa.BigInteger(), nullable=False),
        sa.Column("reported_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("desk_code", name=op.f("pk_pull_progress")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PRUNE_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS tiepdan_prune_change_log(integer, integer)")
    op.drop_table("pull_progress")
