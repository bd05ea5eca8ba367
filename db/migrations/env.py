"""Alembic environment: runs on the connection handed in by db.migrations."""

from __future__ import annotations

from alembic import context

import db.models  # noqa: F401 - registers the tables
from db.base import Base
from db.migrations import include_name

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
