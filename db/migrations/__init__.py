"""Alembic, configured in code: ``upgrade(engine)`` brings any database to the head revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

HERE = Path(__file__).resolve().parent

# What migration 0014 builds for search outside the models (docs/search.md): the FTS5 table, its shadow
# tables and its key map on SQLite, the full-text index on PostgreSQL. Autogenerate leaves them alone.
SEARCH_TABLES = frozenset(
    {"citizen_search", "citizen_fts"}
    | {f"citizen_fts_{part}" for part in ("data", "idx", "content", "docsize", "config")}
)
SEARCH_INDEXES = frozenset({"ix_citizen_name_search"})


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Autogenerate's filter: the search index is the migrations' own, not the models'."""
    if type_ == "table":
        return name not in SEARCH_TABLES
    if type_ == "index":
        return name not in SEARCH_INDEXES
    return True


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def known_revisions() -> set[str]:
    """Every revision this code base knows (a server at another one runs newer code)."""
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
