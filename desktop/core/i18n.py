"""gettext for our own strings: ``_``, ``N_``, ``ngettext`` and ``set_language``.

Source strings are English; Vietnamese is the default language. The catalogue lives in
resources/translations/<lang>/LC_MESSAGES/tiepdan.po. A compiled .mo beside it is used when it
is up to date (``make`` compiles it); otherwise the .po is read directly, so a fresh checkout
never shows English by accident.
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path

from desktop.core.resources import translations_dir

DOMAIN = "tiepdan"
DEFAULT_LANGUAGE = "vi"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

_translations: _gettext.NullTranslations = _gettext.NullTranslations()


def _load(language: str) -> _gettext.NullTranslations:
    if language == "en":
        return _gettext.NullTranslations()
    folder = translations_dir() / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if not po.exists():
        return _gettext.NullTranslations()
    return _from_po(po)


def _from_po(po_path: Path) -> _gettext.NullTranslations:
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` ("vi" or "en")."""
    global _translations
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    _translations = _load(language)


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string for extraction without translating it now."""
    return message


set_language(DEFAULT_LANGUAGE)
