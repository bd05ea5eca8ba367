"""QR codes: segno matrix cached per payload, drawn at the asked size."""

from __future__ import annotations

import segno
from reportlab.lib.units import mm

from desktop.documents.qr import QUIET_MODULES, QrCode, qr_matrix


def test_qr_matrix_is_cached_per_payload():
    assert qr_matrix("D01-2026-000777") is qr_matrix("D01-2026-000777")
    assert qr_matrix("D01-2026-000777") is not qr_matrix("D01-2026-000778")


def test_qr_runs_rebuild_the_segno_matrix():
    payload = "15/PH-BTCD"
    matrix = qr_matrix(payload)
    rebuilt = [[0] * matrix.modules for _ in range(matrix.modules)]
    for row, start, length in matrix.runs:
        rebuilt[row][start : start + length] = [1] * length

    expected = [list(row) for row in segno.make_qr(payload, error="m").matrix]
    assert rebuilt == expected


def test_qr_path_is_one_fill_of_integer_rectangles():
    operators = qr_matrix("D01-2026-000123").path_operators

    assert operators.endswith(" f")
    assert operators.count(" re") == len(qr_matrix("D01-2026-000123").runs)
    assert "." not in operators


def test_qr_flowable_reserves_a_quiet_zone_around_the_symbol():
    code = QrCode("D01-2026-000123", 20 * mm)
    width, height = code.wrap(100 * mm, 100 * mm)

    assert width == height
    assert width == 20 * mm + 2 * QUIET_MODULES * code.module
