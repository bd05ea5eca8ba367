"""QR codes encoded once per payload with segno and drawn as vector modules (a Flowable)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import segno
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

QUIET_MODULES = 2  # white modules kept around the symbol inside the flowable's box


@dataclass(frozen=True)
class QrMatrix:
    """A QR symbol: its side in modules and its dark modules as a PDF path in module units."""

    modules: int
    runs: tuple[tuple[int, int, int], ...]  # (row, first column, length) of each dark run

    @property
    def path_operators(self) -> str:
        """One "x y w h re" per run and a single fill: no seams, and nothing to format per page."""
        return _path_operators(self)


@lru_cache(maxsize=512)
def qr_matrix(payload: str) -> QrMatrix:
    """Encode a payload (error correction M, no border); cached, so a reprint costs nothing."""
    code = segno.make_qr(payload, error="m")
    matrix = code.matrix  # rows of 0/1 (segno >= 1.6 gives bytearrays), border excluded
    runs: list[tuple[int, int, int]] = []
    for row_index, row in enumerate(matrix):
        runs.extend((row_index, start, length) for start, length in _dark_runs(row))
    return QrMatrix(modules=len(matrix), runs=tuple(runs))


@lru_cache(maxsize=512)
def _path_operators(matrix: QrMatrix) -> str:
    rects = " ".join(f"{start} {row} {length} 1 re" for row, start, length in matrix.runs)
    return f"{rects} f"


def _dark_runs(row: bytes | bytearray) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = -1
    for column, dark in enumerate(row):
        if dark and start < 0:
            start = column
        elif not dark and start >= 0:
            runs.append((start, column - start))
            start = -1
    if start >= 0:
        runs.append((start, len(row) - start))
    return runs


class QrCode(Flowable):
    """A QR symbol `size` wide (dark area), with a quiet zone of QUIET_MODULES around it."""

    def __init__(self, payload: str, size: float = 20 * mm) -> None:
        super().__init__()
        self.payload = payload
        self.matrix = qr_matrix(payload)
        self.module = size / self.matrix.modules
        self.box = size + 2 * QUIET_MODULES * self.module
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.box, self.box

    def draw(self) -> None:
        canv = self.canv
        offset = QUIET_MODULES * self.module
        canv.saveState()
        # Work in module units with the origin at the symbol's top-left corner, rows going down.
        canv.translate(offset, self.box - offset)
        canv.scale(self.module, -self.module)
        canv.setFillColorRGB(0, 0, 0)
        # The integer path is cached with the matrix; formatting ~150 rects per page was measurable.
        canv.addLiteral(self.matrix.path_operators)
        canv.restoreState()
