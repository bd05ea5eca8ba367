"""The one module that knows where resources/ is: fonts, rules, holidays, translations."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """Absolute path of a file under resources/."""
    return ROOT.joinpath(*parts)


def translations_dir() -> Path:
    return resource_path("translations")


def rules_dir() -> Path:
    return resource_path("rules")


def holidays_dir() -> Path:
    return resource_path("holidays")
