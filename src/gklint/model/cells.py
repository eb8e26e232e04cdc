"""Cut a table region into row candidates: label fragments followed by value cells.

Real reports arrive in many text layouts (domain spec §6): one cell per line
with " |" fillers, tab-separated rows with merged cells, one cell per line with
blank lines between, PDF rows joined by " | " with page footers, markdown pipe
tables, space-separated number rows. They all reduce to a sequence of cells;
what differs is whether a line is a table row (row layout) or a single cell
(cell layout), which decides what an empty cell means.
"""

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from gklint.diagnostics import Span
from gklint.model.lines import iter_lines
from gklint.model.report import CellKind

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_WITH_UNIT = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*(万元|亿元|元|件|条|个|项|次|份|宗|人次)")
_APPROX = re.compile(r"(?:约|共|计|合计|近|超过?|不足|大约)\s*\d")
_PLACEHOLDERS = frozenset({"/", "-", "--", "---", "\\", "无", "空", "…", "...", "/ ", "×", "x", "X", "*"})
_NUMBER_ROW = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[ \t]+[+-]?\d+(?:\.\d+)?)+")
_PAGE_FOOTER = re.compile(r"\s*(?:-\s*\d+\s*-|第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*")
_MARKDOWN_RULE = re.compile(r"\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*")


class RawCell(NamedTuple):
    text: str  # stripped, width-folded
    span: Span  # of the stripped text; a blank cell spans its whitespace or the next "|"
    line: int

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

    @property
    def line(self) -> int:
        first = self.labels[0] if self.labels else self.values[0]
        return first.line


def _split_line(folded: str, start: int, end: int, number: int) -> list[RawCell]:
    """Cells of one line; `folded` is the width-folded line text starting at offset `start`."""
    if _NUMBER_ROW.fullmatch(folded.strip()):
        return [
            RawCell(m.group(), Span(start + m.start(), start + m.end()), number)
            for m in _NUMBER.finditer(folded)
        ]
    sep = "|" if "|" in folded else "\t" if "\t" in folded else ""
    if not sep:
        stripped = folded.strip()
        lead = len(folded) - len(folded.lstrip())
        return [RawCell(stripped, Span(start + lead, start + lead + len(stripped)), number)]
    cells: list[RawCell] = []
    pos = 0
    for part in folded.split(sep):
        part_start, part_end = start + pos, start + pos + len(part)
        stripped = part.strip()
        if stripped:
            lead = len(part) - len(part.lstrip())
            span = Span(part_start + lead, part_start + lead + len(stripped))
        elif part_end > part_start:
            span = Span(part_start, part_end)
        else:  # "||": point at the separator so the cell stays visible in an editor
            span = Span(part_end, min(part_end + 1, end))
        cells.append(RawCell(stripped, span, number))
        pos += len(part) + 1
    if sep == "|" and folded.lstrip().startswith("|") and cells and cells[0].empty:
        cells.pop(0)  # markdown: "| a | b |" has no cell before the first pipe
    return cells


def _lines(text: str, folded_text: str, region: Span) -> list[list[RawCell]]:
    rows = []
    for line in iter_lines(text, region.start, region.end):
        folded = folded_text[line.start : line.end]
        if not folded.strip() or _PAGE_FOOTER.fullmatch(folded) or _MARKDOWN_RULE.fullmatch(folded):
            continue
        rows.append(_split_line(folded, line.start, line.end, line.number))
    return rows


def _is_row_layout(lines: list[list[RawCell]]) -> bool:
    """Row layout: many lines carry two or more filled cells (a label and values)."""
    if not lines:
        return False
    multi = sum(1 for cells in lines if sum(1 for c in cells if not c.empty) >= 2)
    return multi >= max(2, len(lines) * 0.3)


def _cell_layout_tokens(lines: list[list[RawCell]]) -> list[RawCell]:
    """One token per line: the first cell; trailing "|" are merged-cell fillers."""
    tokens = []
    for cells in lines:
        filled = [c for c in cells if not c.empty]
        if len(filled) > 1:  # a number row ("0 0 0") or an odd line inside a cell layout
            tokens.extend(filled)
        else:
            tokens.append(filled[0] if filled else cells[0])
    return tokens


def row_candidates(text: str, folded: str, region: Span) -> list[RowCandidate]:
    """`folded` is `fold_chars(text)` (computed once per document by the caller)."""
    lines = _lines(text, folded, region)
    candidates: list[RowCandidate] = []
    if _is_row_layout(lines):
        for cells in lines:
            last_label = max(
                (i for i, c in enumerate(cells) if not c.empty and not is_value_like(c)), default=-1
            )
            candidates.append(
                RowCandidate(
                    labels=[c for c in cells[: last_label + 1] if not c.empty],
                    values=list(cells[last_label + 1 :]),
                )
            )
        return candidates
    current: RowCandidate | None = None
    for token in _cell_layout_tokens(lines):
        if is_value_like(token):
            if current is None:
                current = RowCandidate([], [])
                candidates.append(current)
            current.values.append(token)
        elif current is None or current.values:
            current = RowCandidate([token], [])
            candidates.append(current)
        else:
            current.labels.append(token)
    return candidates


def fit_values(values: list[RawCell], expected: int) -> list[RawCell]:
    """Drop merged-cell padding: leading blanks first, then trailing ones."""
    cells = list(values)
    while len(cells) > expected and cells[0].empty:
        cells.pop(0)
    while len(cells) > expected and cells[-1].empty:
        cells.pop()
    return cells
