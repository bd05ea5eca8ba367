"""Persistence: SQLAlchemy 2 models, engines, migrations and sync plumbing. Never imports desktop."""
