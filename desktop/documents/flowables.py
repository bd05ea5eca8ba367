"""Cheap layout flowables: plain wrapped text, side-by-side columns and a centred rule."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

RULE_WIDTH = 0.6
_MEASURE_HEIGHT = 1_000_000.0


class Rule(Flowable):
    """A short horizontal solid line, centred in the available width (under agency and motto)."""

    def __init__(self, width: float, space: float = 2.5) -> None:
        super().__init__()
        self.rule_width = width
        self.space = space
        self.avail = width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.avail = availWidth
        return availWidth, self.space + RULE_WIDTH

    def draw(self) -> None:
        x = (self.avail - self.rule_width) / 2
        self.canv.setLineWidth(RULE_WIDTH)
        self.canv.line(x, RULE_WIDTH / 2, x + self.rule_width, RULE_WIDTH / 2)


class FramedText(Flowable):
    """One short line centred in a drawn box (the "MẬT" mark, urgency and circulation marks)."""

    CAP_HEIGHT = 0.66  # of the font size, Times-like capitals: centres the capitals in the box

    def __init__(self, text: str, font: str, size: float, box: tuple[float, float], *, border: float = 1.0) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.size = size
        self.width, self.height = box
        self.border = border
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        inset = self.border / 2
        canv.setLineWidth(self.border)
        canv.rect(inset, inset, self.width - self.border, self.height - self.border)
        canv.setFont(self.font, self.size)
        canv.drawCentredString(self.width / 2, (self.height - self.CAP_HEIGHT * self.size) / 2, self.text)


class PlainText(Flowable):
    """Text without markup in one font, wrapped at spaces, aligned (or justified) as its style says.

    Several times cheaper than a Paragraph, which parses mini-HTML and draws fragment by
    fragment. Honours the style's font, size, leading, alignment, first-line indent and space
    before/after; text with inline bold stays a Paragraph. `lines` gives pre-broken lines.
    """

    def __init__(self, text: str, style: ParagraphStyle, *, lines: Sequence[str] | None = None) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.fixed_lines = list(lines) if lines is not None else None
        self.lines: list[tuple[str, float]] = []  # (text, natural width)
        self._wrapped_at = -1.0  # platypus wraps a flowable several times at the same width
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.indent_first = True  # False for the continuation of a split paragraph
        self.justify_last = False  # True for the first part of a split justified paragraph

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        style = self.style
        if availWidth != self._wrapped_at:
            font, size = style.fontName, style.fontSize
            if self.fixed_lines is not None:
                self.lines = [(line, stringWidth(line, font, size)) for line in self.fixed_lines]
            else:
                self.lines = break_lines(self.text, font, size, availWidth, style.firstLineIndent)
            self._wrapped_at = availWidth
        self.width = availWidth
        self.height = len(self.lines) * style.leading
        return self.width, self.height

    def draw(self) -> None:
        style = self.style
        text = self.canv.beginText()  # one text object for all lines: cheaper than drawString each
        text.setFont(style.fontName, style.fontSize, style.leading)
        text.setFillColor(style.textColor)
        y = self.height - style.fontSize  # first baseline where a Paragraph puts it
        last = len(self.lines) - 1
        for index, (line, line_width) in enumerate(self.lines):
            indent = style.firstLineIndent if index == 0 and self.indent_first else 0.0
            is_last = index == last and not self.justify_last
            x, word_space = self._placement(line, line_width, self.width - indent, is_last)
            text.setWordSpace(word_space)
            text.setTextOrigin(indent + x, y)
            text.textLine(line)
            y -= style.leading
        text.setWordSpace(0)
        self.canv.drawText(text)

    def _placement(self, line: str, line_width: float, width: float, is_last: bool) -> tuple[float, float]:
        """(x offset, extra space per word gap) of one line."""
        free = width - line_width
        alignment = self.style.alignment
        if alignment == TA_CENTER:
            return free / 2, 0.0
        if alignment == TA_RIGHT:
            return free, 0.0
        gaps = line.count(" ")
        if alignment == TA_JUSTIFY and not is_last and gaps and free > 0:
            # Tw acts on byte 32, which is the space in ReportLab's first TrueType subset.
            return 0.0, free / gaps
        return 0.0, 0.0


class FlowingText(PlainText):
    """PlainText that may split between pages at a line break (body text of long letters).

    Each part keeps at least MIN_PART_LINES lines (no widow or orphan line); the first part
    stays justified to its last line and the continuation has no first-line indent.
    """

    MIN_PART_LINES = 2

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        fitting = int((availHeight + 1e-6) // self.style.leading)
        at = min(fitting, len(self.lines) - self.MIN_PART_LINES)
        if at < self.MIN_PART_LINES:
            return []
        return list(self.split_at(at))

    def split_at(self, at: int) -> tuple[FlowingText, FlowingText]:
        """The first `at` lines and the rest, as two parts (wrap first: lines depend on the width)."""
        head = self._part(self.lines[:at])
        head.indent_first = self.indent_first
        head.justify_last = True
        head.spaceAfter = 0
        tail = self._part(self.lines[at:])
        tail.indent_first = False
        tail.justify_last = self.justify_last
        tail.spaceBefore = 0
        return head, tail

    def _part(self, lines: Sequence[tuple[str, float]]) -> FlowingText:
        part = FlowingText(self.text, self.style, lines=[line for line, _ in lines])
        part.lines, part._wrapped_at = list(lines), self._wrapped_at  # already measured at this width
        part.spaceBefore, part.spaceAfter = self.spaceBefore, self.spaceAfter
        return part


def break_lines(text: str, font: str, size: float, width: float, first_indent: float = 0.0) -> list[tuple[str, float]]:
    """Greedy line breaking at spaces: (line, natural width) pairs; the first line is indented."""
    words = text.split()
    if not words:
        return []
    widths = [stringWidth(word, font, size) for word in words]
    space = stringWidth(" ", font, size)
    starts = greedy_breaks(widths, space, width, first_limit=width - first_indent)
    ends = [*starts[1:], len(words)]
    return [
        (" ".join(words[start:end]), sum(widths[start:end]) + space * (end - start - 1))
        for start, end in zip(starts, ends, strict=True)
    ]


def greedy_breaks(
    widths: Sequence[float], space: float, limit: float, *, first_limit: float | None = None
) -> list[int]:
    """Indexes of the words that start a line when lines are filled up to `limit` points."""
    starts: list[int] = []
    used = 0.0
    current_limit = limit if first_limit is None else first_limit
    for index, word_width in enumerate(widths):
        if not starts or used + space + word_width > current_limit:
            if starts:
                current_limit = limit
            starts.append(index)  # a word wider than the limit still gets a line of its own
            used = word_width
        else:
            used += space + word_width
    return starts


class Columns(Flowable):
    """Stacks of flowables side by side, top-aligned (or centred vertically); never split.

    A borderless Table does the same at several times the cost; headers and signature
    blocks are small, so keeping each one whole is also what the layout wants.
    """

    def __init__(
        self,
        cells: Sequence[Iterable[Flowable]],
        widths: Sequence[float],
        *,
        middle: Iterable[int] = (),
    ) -> None:
        super().__init__()
        if len(cells) != len(widths):
            raise ValueError("one width per column")
        self.cells = [list(cell) for cell in cells]
        self.widths = list(widths)
        self.middle = frozenset(middle)
        self._placed: list[list[tuple[Flowable, float, float, float]]] | None = None
        self.width = sum(self.widths)
        self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._placed is None:  # the column widths are fixed, so one layout serves every call
            self._placed = [_stack(cell, width) for cell, width in zip(self.cells, self.widths, strict=True)]
            self.height = max((_stack_height(placed) for placed in self._placed), default=0.0)
        return self.width, self.height

    def draw(self) -> None:
        left = 0.0
        for index, (placed, width) in enumerate(zip(self._placed or [], self.widths, strict=True)):
            top = self.height
            if index in self.middle:
                top -= (self.height - _stack_height(placed)) / 2
            for flowable, x, y, _ in placed:
                flowable.drawOn(self.canv, left + x, top - y)
            left += width


def _stack(cell: list[Flowable], width: float) -> list[tuple[Flowable, float, float, float]]:
    """(flowable, x offset, distance from the top to its bottom, its height) for each flowable."""
    placed = []
    depth = 0.0
    for position, flowable in enumerate(cell):
        used_width, height = flowable.wrap(width, _MEASURE_HEIGHT)
        if position:
            depth += flowable.getSpaceBefore()
        depth += height
        placed.append((flowable, _x_offset(flowable, width, used_width), depth, height))
        if position < len(cell) - 1:
            depth += flowable.getSpaceAfter()
    return placed


def _x_offset(flowable: Flowable, width: float, used_width: float) -> float:
    align = str(getattr(flowable, "hAlign", "LEFT")).upper()
    if align in ("CENTER", "CENTRE"):
        return (width - used_width) / 2
    if align == "RIGHT":
        return width - used_width
    return 0.0


def _stack_height(placed: list[tuple[Flowable, float, float, float]]) -> float:
    return placed[-1][2] if placed else 0.0
