"""Fixtures of the office-mode GUI tests: desks joined through a cuttable proxy, an empty server schema."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL
from tests.helpers.office_desks import make_desk, proxied_url, proxy  # noqa: F401 - fixtures


@pytest.fixture
def empty_pg_url(postgres_url: str) -> Iterator[str]:
    """A schema of its own with nothing in it: a server nobody has prepared yet."""
    schema = f"t_{os.getpid()}_empty"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    yield (
        make_url(POSTGRES_URL)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()
