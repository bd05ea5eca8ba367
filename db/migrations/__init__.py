"""Alembic, configured in code: ``upgrade(engine)`` brings any database to the head revision.

Alembic is imported only when a database is not at the head already: importing it takes ~0.3 s
(its dialects, Mako, Pygments) at every start of the desk, whose database is at the head but once
after an update. ``at_head`` answers that from the version files' text and alembic_version.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent
_REVISION = re.compile(r'^revision\s*=\s*"([^"]+)"\s*$', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision\s*=\s*(?:None|"([^"]+)")\s*$', re.MULTILINE)

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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    from alembic import command

    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def known_revisions() -> set[str]:
    """Every revision this code base knows (a server at another one runs newer code)."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def script_head() -> str | None:
    """The head revision as the version files' text names it, without Alembic; None when that reading
    is unsure (a file written otherwise, a merge, several heads): Alembic then decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (HERE / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, parent = _REVISION.findall(source), _DOWN_REVISION.search(source)
        if len(revision) != 1 or parent is None:
            return None
        revisions.add(revision[0])
        if parent.group(1):
            parents.add(parent.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def at_head(engine: Engine) -> bool:
    """True when the database is at the head revision already (no migration to run)."""
    head = script_head()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no alembic_version yet: a new database
        return False
    return found == [head]
