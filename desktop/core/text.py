"""Vietnamese text normalisation: NFC for storage, folded keys for search, what text may hold at all.

Where each rule lives: ``clean`` does what is always right and silent (NFC, format characters
removed, white space collapsed); ``storable`` tells text that cannot be kept at all (a lone
surrogate, a control character) so that validation can refuse it with a message
(``desktop.core.bounds``); the case mappings (``title_name``, ``upper``) end in NFC.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_FOLD_D = str.maketrans({"đ": "d", "Đ": "d"})
# C0 and C1 control characters (category Cc), and lone surrogates (Cs: UTF-8 cannot encode them).
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # keeps \t \n \r
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # no tab, no line break


# The format characters (category Cf). Every one of them lies in planes 0 and 1 or in the tags block
# of plane 14 (tests/core/test_text.py checks the whole code space): a table of those ranges is built
# in milliseconds, and str.translate with it is many times quicker than a test of each character.
FORMAT_CHARACTERS = {
    code: None
    for block in (range(0x20000), range(0xE0000, 0xE0100))
    for code in block
    if unicodedata.category(chr(code)) == "Cf"
}


def _without_format_characters(value: str) -> str:
    """Zero-width spaces and joiners, direction marks, the BOM, soft hyphens (Unicode category Cf) taken out."""
    if value.isascii():
        return value
    return value.translate(FORMAT_CHARACTERS)


def clean(value: str | None) -> str:
    """NFC, without format characters, trimmed, inner runs of white space collapsed to one space.

    Vietnamese input methods may send decomposed text (NFD); ReportLab cannot shape it, and
    two spellings of one name must compare equal, so every stored text goes through here.
    Invisible format characters (a zero-width space, a right-to-left mark) are taken out first:
    a "name" of only a zero-width space is empty. NFC comes last, so the result is NFC.
    """
    if not value:
        return ""
    text = _SPACES.sub(" ", _without_format_characters(value)).strip()
    return unicodedata.normalize("NFC", text)


def clean_lines(value: str | None) -> str:
    """``clean`` on each line of a multi-line text, kept one line per line (blank lines at both ends dropped)."""
    lines = [clean(line) for line in (value or "").splitlines()]
    return "\n".join(lines).strip("\n")


def storable(value: str, *, multiline: bool = False) -> bool:
    """False when ``value`` holds a lone surrogate or a control character (tab and line breaks too,
    unless ``multiline``): text no database should be handed (PostgreSQL refuses NUL bytes,
    neither driver can encode a lone surrogate)."""
    if _SURROGATE.search(value):
        return False
    return not (_CONTROL_MULTILINE if multiline else _CONTROL_ONE_LINE).search(value)


def has_surrogates(value: str) -> bool:
    return bool(_SURROGATE.search(value))


def search_key(value: str | None) -> str:
    """Case-folded text without diacritics, with đ folded to d: "Nguyễn Văn Đạt" -> "nguyen van dat"."""
    text = clean(value).casefold().translate(_FOLD_D)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def ascii_digits(value: str) -> str:
    """Every decimal digit as its ASCII digit: full-width ０-９, Arabic-Indic ٠-٩, Devanagari ०-९ ... -> 0-9."""
    if value.isascii():
        return value
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in value)


def digits(value: str | None) -> str:
    """Only the digits of a value, in ASCII (ID and phone numbers are typed with spaces and dots)."""
    return "".join(ch for ch in ascii_digits(clean(value)) if "0" <= ch <= "9")


def upper(value: str) -> str:
    """Upper case, in NFC (a case mapping may leave text decomposed)."""
    return unicodedata.normalize("NFC", value.upper())


def title_name(value: str | None) -> str:
    """A person's name in the usual capitalisation: "nguyễn văn  ân" -> "Nguyễn Văn Ân" (NFC)."""
    words = (word[:1].upper() + word[1:].lower() for word in clean(value).split(" ") if word)
    return unicodedata.normalize("NFC", " ".join(words))


def number_key(value: str | None) -> str:
    """A record number as typed (D01-2026-000123), ready to look up: cleaned, upper case.

    "" - which numbers nothing - when it holds what no database takes (a NUL byte, a lone
    surrogate): the look-up then finds nothing instead of failing in the driver.
    """
    text = upper(clean(value))
    return text if storable(text) else ""
