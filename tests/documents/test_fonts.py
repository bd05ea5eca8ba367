"""The bundled Liberation Serif family: files, licence, registration and Vietnamese coverage."""

from __future__ import annotations

from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics

from desktop.documents import fonts

# Every letter of the Vietnamese alphabet with every tone mark, lower case (89 of them).
VIETNAMESE_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"


def test_font_files_and_licence_are_bundled():
    for file_name in fonts.FONT_FILES.values():
        assert (fonts.FONT_DIR / file_name).stat().st_size > 100_000
    licence = (fonts.FONT_DIR / "LICENSE-LiberationSerif.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Copyright (c) 2012 Red Hat, Inc. with Reserved Font Name Liberation." in licence


def test_register_fonts_is_idempotent():
    assert fonts.register_fonts() == fonts.FAMILY
    first = pdfmetrics.getFont(fonts.REGULAR)
    assert fonts.register_fonts() == fonts.FAMILY
    assert pdfmetrics.getFont(fonts.REGULAR) is first


def test_family_maps_bold_and_italic_faces():
    fonts.register_fonts()
    assert tt2ps(fonts.FAMILY, 0, 0) == fonts.REGULAR
    assert tt2ps(fonts.FAMILY, 1, 0) == fonts.BOLD
    assert tt2ps(fonts.FAMILY, 0, 1) == fonts.ITALIC
    assert tt2ps(fonts.FAMILY, 1, 1) == fonts.BOLD_ITALIC


def test_every_face_has_every_vietnamese_letter():
    fonts.register_fonts()
    letters = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()
    assert len(set(letters)) == 2 * 89
    for face in fonts.FONT_FILES:
        char_to_glyph = pdfmetrics.getFont(face).face.charToGlyph
        missing = [ch for ch in letters if ord(ch) not in char_to_glyph]
        assert not missing, (face, missing)
