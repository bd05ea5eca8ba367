"""One PDF out of the pages of several, written as each part comes: a long book in bounded memory.

ReportLab keeps every page of a canvas until ``save()``; a book of 40,000 pages is therefore drawn
in parts of a few hundred pages, and each part's pages are copied here to the output as soon as
the part is saved. Only the byte offset of each object and the number of each page are kept,
never the pages themselves (docs/platform.md#book-memory).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, Protocol

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    create_string_object,
)

HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
CATALOG, PAGES, INFO = 1, 2, 3  # written last, numbered first: every page names PAGES as its parent


class Sink(Protocol):
    """Where a PDF is written: a file, a pipe, a hashing wrapper; only ``write`` is used."""

    def write(self, data: bytes, /) -> object: ...


class PdfJoiner:
    """Appends the pages of whole PDFs (``add``) to ``target``, then ``close`` writes the page tree and the xref.

    ``target`` needs only ``write``: a pipe or a hashing wrapper will do.
    """

    def __init__(self, target: Sink, *, info: dict[str, str] | None = None) -> None:
        self._target = target
        self._position = 0
        self._offsets: list[int] = [0, 0, 0, 0]  # by object number; 0 is the free head of the xref
        self._kids: list[int] = []
        self._info = info or {}
        self._write(HEADER)

    @property
    def pages(self) -> int:
        return len(self._kids)

    def add(self, pdf: bytes) -> None:
        """Copy every page of ``pdf`` (and what its pages use: fonts, contents) to the output, in order."""
        reader = PdfReader(io.BytesIO(pdf))
        numbers: dict[int, int] = {}  # this part's object number -> the output's
        pending: list[int] = []

        def number_of(old: int) -> int:
            found = numbers.get(old)
            if found is None:
                found = numbers[old] = len(self._offsets)
                self._offsets.append(0)
                pending.append(old)
            return found

        for page in reader.pages:
            reference = page.indirect_reference
            if reference is None:  # a page written inline: not what ReportLab writes
                raise ValueError("a page without its own object")
            self._kids.append(number_of(reference.idnum))
        while pending:
            old = pending.pop()
            self._write_object(numbers[old], reader.get_object(old), number_of)

    def close(self) -> None:
        """The page tree, the catalogue, the document information, the xref and the trailer."""
        kids = " ".join(f"{kid} 0 R" for kid in self._kids)
        self._object(PAGES, f"<< /Type /Pages /Count {len(self._kids)} /Kids [{kids}] >>".encode("ascii"))
        self._object(CATALOG, f"<< /Type /Catalog /Pages {PAGES} 0 R /PageMode /UseNone >>".encode("ascii"))
        info = DictionaryObject(
            {NameObject(f"/{key}"): create_string_object(value) for key, value in self._info.items()}
        )
        self._object(INFO, _serialised(info))
        xref = self._position
        lines = [f"xref\n0 {len(self._offsets)}\n", "0000000000 65535 f \n"]
        lines += [f"{offset:010d} 00000 n \n" for offset in self._offsets[1:]]
        lines.append(f"trailer\n<< /Size {len(self._offsets)} /Root {CATALOG} 0 R /Info {INFO} 0 R >>\n")
        lines.append(f"startxref\n{xref}\n%%EOF\n")
        self._write("".join(lines).encode("ascii"))

    # -- objects -----------------------------------------------------------------------------

    def _write_object(self, number: int, obj: PdfObject | None, number_of: Callable[[int], int]) -> None:
        if isinstance(obj, StreamObject):
            data: bytes = obj._data  # as stored in the part (still compressed); pypdf names no public getter
            header = _renumbered(DictionaryObject(obj.items()), number_of)
            header[NameObject("/Length")] = NumberObject(len(data))
            self._object(number, _serialised(header) + b"\nstream\n" + data + b"\nendstream")
            return
        self._object(number, _serialised(_renumbered(obj, number_of)))

    def _object(self, number: int, body: bytes) -> None:
        self._offsets[number] = self._position
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def _write(self, data: bytes) -> None:
        self._target.write(data)
        self._position += len(data)


def _renumbered(value: Any, number_of: Callable[[int], int]) -> Any:
    """``value`` with every reference to an object of the part turned into one to the output's copy.

    A page's /Parent points to the output's page tree instead: the part's tree is not copied.
    """
    if isinstance(value, IndirectObject):
        return IndirectObject(number_of(value.idnum), 0, None)  # written, never resolved
    if isinstance(value, DictionaryObject):
        copy = DictionaryObject()
        for key, item in value.items():
            if key == "/Parent":
                copy[NameObject(key)] = IndirectObject(PAGES, 0, None)
            else:
                copy[NameObject(key)] = _renumbered(item, number_of)
        return copy
    if isinstance(value, ArrayObject):
        return ArrayObject(_renumbered(item, number_of) for item in value)
    return value


def _serialised(value: PdfObject) -> bytes:
    buffer = io.BytesIO()
    value.write_to_stream(buffer)
    return buffer.getvalue()
