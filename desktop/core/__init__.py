"""Use cases and rules of the reception desk. Never imports Qt; returns frozen dataclasses."""
