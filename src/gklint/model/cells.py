"""Cut a table region into row candidates: label fragments followed by value cells.

Real reports arrive in many text layouts (domain spec §6): one cell per line
with " |" fillers, tab-separated rows with merged cells, one cell per line with
blank lines between, PDF rows joined by " | " with page footers, markdown pipe
tables, space-separated number rows. They all reduce to a sequence of cells;
what differs is whether a line is a table row (row layout) or a single cell
(cell layout), which decides what an empty cell means.

Only the lines of a region are kept; its candidates and their cells are built as a
consumer iterates over them (`RowCandidates`), so a mapper keeps only what it maps.
"""

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from gklint.diagnostics import Span
from gklint.model.report import CellKind
from gklint.regexcache import compile_re

_NUMBER = compile_re(r"[+-]?\d+(?:\.\d+)?")
_THOUSANDS = compile_re(r"(?<=\d),(?=\d{3}\b)")
_WITH_UNIT = compile_re(r"([+-]?\d+(?:\.\d+)?)\s*(万元|亿元|元|件|条|个|项|次|份|宗|人次)")
_APPROX = compile_re(r"(?:约|共|计|合计|近|超过?|不足|大约)\s*\d")
_PLACEHOLDERS = frozenset({"/", "-", "--", "---", "\\", "无", "空", "…", "...", "/ ", "×", "x", "X", "*"})
# The trailing run of space-separated numbers, matched on the *reversed* line: anchored at
# the line end, one left-to-right pass. (A forward "label, then numbers to the end" regex
# retries every label end and is quadratic on a long line of numbers followed by text.)
_TRAILING_NUMBERS_REVERSED = compile_re(r"(?:\d+(?:\.\d+)?[+-]?\s+)+")
_NUMBER_ROW = compile_re(r"[+-]?\d+(?:\.\d+)?(?:[ \t]+[+-]?\d+(?:\.\d+)?)+")
_PAGE_FOOTER = compile_re(r"\s*(?:-\s*\d+\s*-|第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*")
_FOOTER_STARTS = frozenset("-第0123456789")
_MARKDOWN_RULE = compile_re(r"\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*")


class RawCell(NamedTuple):
    text: str  # stripped, width-folded
    span: Span  # of the stripped text; a blank cell spans its whitespace or the next "|"

    @property
    def empty(self) -> bool:
        return not self.text


class Value(NamedTuple):
    """What a value cell holds once classified."""

    kind: CellKind
    value: Decimal | None
    unit: str = ""


@lru_cache(maxsize=4096)
def classify(text: str) -> Value:
    """What a value cell holds; `text` is already stripped and width-folded."""
    if not text:
        return Value(CellKind.BLANK, None)
    compact = _THOUSANDS.sub("", text.replace(" ", ""))
    if compact in _PLACEHOLDERS or set(compact) <= {"-", "/"}:
        return Value(CellKind.PLACEHOLDER, None)
    if _NUMBER.fullmatch(compact):
        try:
            return Value(CellKind.NUMBER, Decimal(compact))
        except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
            return Value(CellKind.TEXT, None)
    unit = _WITH_UNIT.fullmatch(compact)
    if unit:
        return Value(CellKind.UNIT, Decimal(unit.group(1)), unit.group(2))
    return Value(CellKind.TEXT, None)


def is_value_like(cell: RawCell) -> bool:
    kind = classify(cell.text).kind
    if kind is CellKind.TEXT:
        return bool(_APPROX.match(cell.text))
    return True


class RowCandidate(NamedTuple):
    """Label fragments followed by the value cells that came after them."""

    labels: list[RawCell]
    values: list[RawCell]


class _Line(NamedTuple):
    """A non-blank table line before it is cut into cells (atoms only: one small object per line)."""

    folded: str
    start: int
    end: int
    sep: str  # "|", "\t", " " (a label then space-separated numbers) or "" (one cell, or only numbers)
    filled: int  # 0, 1, or 2+ filled cells (the exact count only for number rows); <= 1: `_single_cell`
    label_end: int = 0  # sep " ": the label is stripped[:label_end] (stripped = folded.strip(" \t|"))
    numbers_at: int = 0  # sep " ": where the first number starts in stripped


def _lines(folded_text: str, region: Span) -> list[_Line]:
    lines = []
    pos = region.start
    for raw in folded_text[region.start : region.end].split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        if raw.endswith("\r"):
            raw, end = raw[:-1], end - 1
        if not raw or raw.isspace():
            continue
        if "--" in raw and _MARKDOWN_RULE.fullmatch(raw):
            continue
        sep = "|" if "|" in raw else "\t" if "\t" in raw else ""
        core = raw.strip(" \t|")
        labelled: _LabelledNumbers | None = None
        if not core:  # only pipes: one blank cell
            filled = 0
        elif "|" in core or "\t" in core:
            filled = 2
        else:  # by far the most common line: one cell, maybe with "|" fillers around it
            # Cheap tests first: the footer regex runs only on short lines that could be one.
            if len(core) <= 16 and core[0] in _FOOTER_STARTS and _PAGE_FOOTER.fullmatch(core):
                continue
            filled = 1
            if " " in core and _NUMBER_ROW.fullmatch(core):
                filled = core.count(" ") + 1  # "0 0 0": a row of numbers in one cell
            elif " " in core and not sep:
                labelled = _labelled_numbers(core)
                if labelled is not None:
                    sep, filled = " ", 2  # PDF text: "（一）予以公开 6 1 0 0 0 0 7"
        if labelled is None:
            lines.append(_Line(raw, start, end, sep, filled))
        else:
            lines.append(_Line(raw, start, end, sep, filled, len(labelled.label), labelled.numbers_start))
    return lines


def _single_cell(line: _Line) -> RawCell:
    """The one cell of a line with `filled` <= 1: its text without "|" fillers, or a blank cell."""
    raw, start = line.folded, line.start
    core = raw.strip(" \t|")
    if not core:  # only pipes: point at the first one
        lead = len(raw) - len(raw.lstrip(" \t"))
        return RawCell("", Span(start + lead, start + lead + 1))
    lead = len(raw) - len(raw.lstrip(" \t|"))
    return RawCell(core, Span(start + lead, start + lead + len(core)))


class _LabelledNumbers(NamedTuple):
    label: str  # core[:len(label)]
    numbers_start: int  # where the first number starts in core


def _labelled_numbers(core: str) -> _LabelledNumbers | None:
    """A label followed by space-separated numbers; one number only after a short label.

    Prose that happens to end in a number ("…行政复议 351") is long and has no
    second number, so it stays one cell. `core` is stripped.
    """
    if not core or not core[-1].isdigit():
        return None
    match = _TRAILING_NUMBERS_REVERSED.match(core[::-1])
    if match is None:
        return None
    label = core[: len(core) - match.end()]
    if not label or _NUMBER.fullmatch(label):
        return None
    numbers_start = len(core) - len(core[len(label) :].lstrip())
    if " " not in core[numbers_start:] and (len(label) > 12 or "，" in core or "," in core):
        return None
    return _LabelledNumbers(label, numbers_start)


def _cells(line: _Line) -> list[RawCell]:
    """Every cell of a line, empty ones included (they are blank values in a row layout)."""
    folded, start = line.folded, line.start
    if line.sep == " ":
        core = folded.strip(" \t|")
        base = start + len(folded) - len(folded.lstrip(" \t|"))
        label = RawCell(core[: line.label_end], Span(base, base + line.label_end))
        return [label] + [
            RawCell(m.group(), Span(base + m.start(), base + m.end()))
            for m in _NUMBER.finditer(core, line.numbers_at)
        ]
    if not line.sep:
        if line.filled > 1:
            return [
                RawCell(m.group(), Span(start + m.start(), start + m.end())) for m in _NUMBER.finditer(folded)
            ]
        lead = len(folded) - len(folded.lstrip())
        stripped = folded.strip()
        return [RawCell(stripped, Span(start + lead, start + lead + len(stripped)))]
    cells: list[RawCell] = []
    pos = start
    for part in folded.split(line.sep):
        part_end = pos + len(part)
        stripped = part.strip()
        if stripped:
            lead = len(part) - len(part.lstrip())
            span = Span(pos + lead, pos + lead + len(stripped))
        elif part_end > pos:
            span = Span(pos, part_end)
        else:  # "||": point at the separator so the cell stays visible in an editor
            span = Span(part_end, min(part_end + 1, line.end))
        cells.append(RawCell(stripped, span))
        pos = part_end + 1
    if line.sep == "|" and folded.lstrip().startswith("|") and cells and not cells[0].text:
        cells.pop(0)  # markdown: "| a | b |" has no cell before the first pipe
    return cells


def _is_row_layout(lines: list[_Line]) -> bool:
    """Row layout: many lines carry two or more filled cells (a label and values)."""
    if not lines:
        return False
    multi = sum(1 for line in lines if line.filled >= 2)
    return multi >= max(2, len(lines) * 0.3)


def _cell_layout_tokens(lines: list[_Line]) -> Iterator[RawCell]:
    for line in lines:
        if line.filled <= 1:
            yield _single_cell(line)
        else:  # a number row ("0 0 0") or an odd multi-cell line inside a cell layout
            yield from (c for c in _cells(line) if c.text)


def _row_layout_candidates(lines: list[_Line]) -> Iterator[RowCandidate]:
    """One candidate per line: the labels up to its last label cell, then the values after it."""
    for line in lines:
        cells = _cells(line)
        last_label = len(cells) - 1
        while last_label >= 0 and (not cells[last_label].text or is_value_like(cells[last_label])):
            last_label -= 1
        yield RowCandidate([c for c in cells[: last_label + 1] if c.text], cells[last_label + 1 :])


def _cell_layout_candidates(lines: list[_Line]) -> Iterator[RowCandidate]:
    """Label cells, then the value cells after them, across lines; a candidate ends at the next label."""
    current: RowCandidate | None = None
    for token in _cell_layout_tokens(lines):
        if is_value_like(token):
            if current is None:
                current = RowCandidate([], [])
            current.values.append(token)
        elif current is None or current.values:
            if current is not None:
                yield current
            current = RowCandidate([token], [])
        else:
            current.labels.append(token)
    if current is not None:
        yield current


class RowCandidates:
    """The row candidates of a table region, cut from its lines again on each pass.

    Candidates and their cells are built only as a pass reaches them, so a consumer keeps
    only those it maps. Building them all up front kept ~30 small objects per line alive (3
    million for a 10 MB table glued into one line): Python's cyclic garbage collector walks
    every live object on each full collection, which took 40% of that run and grew faster
    than the input (bench/linear_time.py, "one-line table").
    """

    __slots__ = ("_lines", "_row_layout")

    def __init__(self, folded: str, region: Span) -> None:
        self._lines = _lines(folded, region)
        self._row_layout = _is_row_layout(self._lines)

    def __iter__(self) -> Iterator[RowCandidate]:
        if self._row_layout:
            return _row_layout_candidates(self._lines)
        return _cell_layout_candidates(self._lines)


def row_candidates(folded: str, region: Span) -> RowCandidates:
    """`folded` is `fold_chars(text)` (computed once per document by the caller)."""
    return RowCandidates(folded, region)


def fit_values(values: list[RawCell], expected: int) -> list[RawCell]:
    """Drop merged-cell padding: leading blanks first, then trailing ones.

    Indices, then one slice: popping from the front of the list moved the rest each time,
    quadratic on a line of 100,000 "|"s.
    """
    start, end = 0, len(values)
    while end - start > expected and values[start].empty:
        start += 1
    while end - start > expected and values[end - 1].empty:
        end -= 1
    return values[start:end]
