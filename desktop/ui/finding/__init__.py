"""The search field and its results (desktop/core/finding; docs/search.md)."""
