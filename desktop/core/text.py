"""Vietnamese text normalisation: NFC for storage, folded keys for search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_FOLD_D = str.maketrans({"đ": "d", "Đ": "d"})


def clean(value: str | None) -> str:
    """NFC, trimmed, inner runs of white space collapsed to one space.

    Vietnamese input methods may send decomposed text (NFD); ReportLab cannot shape it, and
    two spellings of one name must compare equal, so every stored text goes through here.
    """
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def search_key(value: str | None) -> str:
    """Case-folded text without diacritics, with đ folded to d: "Nguyễn Văn Đạt" -> "nguyen van dat"."""
    text = clean(value).casefold().translate(_FOLD_D)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def digits(value: str | None) -> str:
    """Only the digits of a value (ID and phone numbers are typed with spaces and dots)."""
    return "".join(ch for ch in clean(value) if ch.isdigit())


def title_name(value: str | None) -> str:
    """A person's name in the usual capitalisation: "nguyễn văn  ân" -> "Nguyễn Văn Ân"."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in clean(value).split(" ") if word)
