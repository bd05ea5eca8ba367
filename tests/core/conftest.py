"""Fixtures of the core tests: office-mode desks joined to the real PostgreSQL through a proxy."""

from tests.helpers.office_desks import make_desk, proxy  # noqa: F401 - fixtures
