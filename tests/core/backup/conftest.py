"""Backups in tests: a cheap scrypt (the real cost takes a second and 128 MiB each time), and table snapshots."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select

import db.models  # noqa: F401 - every table on the metadata
from db.base import Base
from desktop.core.backup import sealed
from tests.helpers.memory_keyring import memory_keyring, no_keyring

__all__ = ["memory_keyring", "no_keyring"]  # fixtures for the tests here

CHEAP = sealed.Cost(log2_n=10, r=8, p=1)
PASSPHRASE = "Mật khẩu sao lưu 2026"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sealed, "DEFAULT_COST", CHEAP)


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every TiepDan table, in primary-key order: equal snapshots, equal data."""
    with engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
            for table in Base.metadata.sorted_tables
        }
