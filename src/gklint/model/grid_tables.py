"""Row candidates straight from the tables a reader recorded, by logical row and column.

A Word, HTML or PDF reader knows each table's cells: it writes the table into the text
(`source/layout.py`) and records it as a `SourceTable`. For a table region that holds
such a table, the rows come from here instead of from splitting text lines
(`cells.row_candidates`): every row is its own cells, merged cells once, so merged
padding, a cell's own spaces or a word in a number cell cannot shift a value into the
wrong column. The candidates then go through the same label matching as the text path
(`model/tables.py`) — this module only replaces the row/cell splitting.

Columns are mapped by the table's header when it confirms them: the run of header rows
(rows without numbers) above the data rows is searched for the template's column labels
(自然人 … 总计; for 第四部分 the two-level "行政复议 / 结果维持" path). A data row under a
confirming header gives exactly the cells in those grid columns, in template order. Without
a confirming header (a PDF table cut at a page break, a reworded header) a row is split as
the text path splits a line — labels up to the last word cell, values after it — but over
the row's own cells, so positions covered by a merged cell are never taken for blank values.
A PDF table cut by page breaks arrives as one table per page: the header carries over to the
next part of the same grid, and a row the break cut inside its label is joined again.
Text in the region outside any recorded table is still read by `cells.row_candidates`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from gklint.diagnostics import Span
from gklint.model.cells import RawCell, RowCandidate, classify, is_value_like, row_candidates
from gklint.model.normalize import label_key
from gklint.model.report import CellKind
from gklint.regexcache import compile_re

if TYPE_CHECKING:
    from gklint.ruledata import ColumnSpec
    from gklint.source.tables import SourceCell, SourceRow, SourceTable

# What makes a row a data row rather than a header row: a cell holding a number (or a placeholder
# written where a number belongs). Header rows hold only words and blanks.
_DATA_KINDS = frozenset({CellKind.NUMBER, CellKind.UNIT, CellKind.PLACEHOLDER})

_Cells = list[tuple["SourceCell", RawCell]]

# How a row label starts (一、 (三) 1. 第二十条…); the rest of a label cut by a page break does not.
_LABEL_START = compile_re(
    r"\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、]|第)"
)


def table_rows(
    folded: str, region: Span, grids: Sequence[SourceTable], columns: tuple[ColumnSpec, ...]
) -> Iterable[RowCandidate]:
    """Row candidates for `region`: recorded tables by their cells, any other text line by line.

    `folded` is `fold_chars(text)`; `columns` are the template columns the rows will be mapped
    onto (used to read the header). The result may be iterated more than once; a region without
    a recorded table gives `cells.RowCandidates`, built as they are iterated.
    """
    inside = _overlapping(grids, region)
    if not any(_holds_data(t, folded, region) for t in inside):
        # No table here, or only blank ones (the template not filled in): nothing the rows could
        # check; the text path reports the region as one unmappable table (GK401), not every blank row.
        return row_candidates(folded, region)
    candidates: list[RowCandidate] = []
    at = region.start
    state = _State()
    for table in inside:
        if table.span.start > at:
            candidates += row_candidates(folded, Span(at, table.span.start))
        if table.width != state.width:  # a header carries over only to the same grid (a page break)
            state = _State(table.width)
        _rows_of(table, folded, region, columns, state, candidates)
        at = max(at, table.span.end)
    if at < region.end:
        candidates += row_candidates(folded, Span(at, region.end))
    return candidates


class _State:
    """What one table passes on to the next of the same grid in a region (a table cut by page breaks)."""

    __slots__ = ("last", "mapping", "width")

    def __init__(self, width: int = -1) -> None:
        self.width = width
        self.mapping: tuple[int, ...] | None = None  # grid columns of the template columns, from the header
        self.last: tuple[_Cells, RowCandidate] | None = None  # the last data row written, and its candidate


def _rows_of(
    table: SourceTable,
    folded: str,
    region: Span,
    columns: tuple[ColumnSpec, ...],
    state: _State,
    out: list[RowCandidate],
) -> None:
    """Append the candidates of `table`'s rows inside `region`, updating `state`."""
    header: list[SourceRow] = []
    first = True
    for row in _rows_in(table, region):
        cells = [
            (cell, _raw(cell, folded))
            for cell in row.cells
            if cell.span.start >= region.start and cell.span.end <= region.end
        ]
        if not any(raw.text for _, raw in cells):
            continue  # an empty row, as the text path skips a blank line
        continued, first = first and _continue_row(cells, state), False
        if continued:
            continue
        if not any(classify(raw.text).kind in _DATA_KINDS for _, raw in cells):
            header.append(row)
            out.append(_split(cells))
            state.last = None
            continue
        if header:
            state.mapping = _confirm(header, columns, table.width) or state.mapping
            header = []
        candidate = _mapped(cells, state.mapping) if state.mapping is not None else _split(cells)
        out.append(candidate)
        state.last = (cells, candidate)


def _continue_row(cells: _Cells, state: _State) -> bool:
    """Join the first row of a PDF page to the row the page break cut; whether it was joined.

    A row whose label wraps is cut by a page break: its values and the first line of its label end one
    page ("2.没有" 0 0 …), the rest of the label starts the next ("现成信息需要另行制作", value cells
    blank). Only rows can tell: the fragment is the whole first row of the next page's table, in the
    label column of the row above it. The label text is joined for matching; its span stays the first
    fragment's (a PDF is never written back, and the finding points where the row starts).
    """
    if state.last is None or state.mapping is None:
        return False
    last_cells, candidate = state.last
    page, last_page = cells[0][0].origin.page, last_cells[0][0].origin.page
    if page is None or last_page is None or page == last_page:
        return False
    leftmost = min(state.mapping)
    fragments = [(cell, raw) for cell, raw in cells if raw.text]
    if any(
        cell.column + cell.column_span > leftmost  # a caption or note across the table, a value
        or _LABEL_START.match(raw.text)  # "（五）不予处理", "第二十条第（五）项": a row of its own
        for cell, raw in fragments
    ):
        return False
    above = {cell.column: raw for cell, raw in last_cells if raw.text and raw in candidate.labels}
    if any(cell.column not in above for cell, _ in fragments):
        return False
    for cell, raw in fragments:
        start = above[cell.column]
        candidate.labels[candidate.labels.index(start)] = RawCell(start.text + raw.text, start.span)
    return True


def blank_table(folded: str, region: Span, grids: Sequence[SourceTable]) -> Span | None:
    """Where the table of `region` starts when the reader recorded it and not one of its cells, nor
    any line of the region's other text, holds a number or a placeholder: the template not filled in.

    None when the region has no recorded table or holds data. The span is the table's first written
    cell inside the region (a label the clerk can see), or an empty span at the table's start.
    """
    inside = _overlapping(grids, region)
    if not inside or any(_holds_data(t, folded, region) for t in inside):
        return None
    if any(not v.empty for c in row_candidates(folded, region) for v in c.values):
        return None  # numbers written beside the blank table (a pasted text grid): the text path reads them
    for table in inside:
        for row in _rows_in(table, region):
            for cell in row.cells:
                if cell.text and region.start <= cell.span.start and cell.span.end <= region.end:
                    return cell.span
    start = max(inside[0].span.start, region.start)
    return Span(start, start)


def _overlapping(grids: Sequence[SourceTable], region: Span) -> list[SourceTable]:
    return [t for t in grids if t.span.start < region.end and t.span.end > region.start]


def _holds_data(table: SourceTable, folded: str, region: Span) -> bool:
    """Whether a cell of `table` inside `region` holds a number or a placeholder."""
    return any(
        classify(_raw(cell, folded).text).kind in _DATA_KINDS
        for row in _rows_in(table, region)
        for cell in row.cells
        if cell.text and region.start <= cell.span.start and cell.span.end <= region.end
    )


def _rows_in(table: SourceTable, region: Span) -> tuple[SourceRow, ...]:
    """The rows of `table` that overlap `region`, found by bisection: mapping many small regions of one
    big table (the captions of section 二) stays linear."""
    first = bisect_right(table.rows, region.start, key=_row_end)
    return table.rows[first : bisect_left(table.rows, region.end, lo=first, key=_row_start)]


def _row_start(row: SourceRow) -> int:
    return row.span.start


def _row_end(row: SourceRow) -> int:
    return row.span.end


def _raw(cell: SourceCell, folded: str) -> RawCell:
    """The cell as the text path would cut it from its line (same text, same span)."""
    start, end = cell.span
    text = folded[start:end]
    if text and not (text[0].isspace() or text[-1].isspace()):
        return RawCell(text, cell.span)  # the usual case: the reader wrote the cell's text stripped
    stripped = text.strip()
    if stripped:
        lead = len(text) - len(text.lstrip())
        return RawCell(stripped, Span(start + lead, start + lead + len(stripped)))
    # A blank cell points at the "\t" after it, so an editor shows it (its origin is this cell's).
    end = start + 1 if folded[start : start + 1] == "\t" else start
    return RawCell("", Span(start, end))


def _split(cells: _Cells) -> RowCandidate:
    """Labels up to the last word cell, values after it — over the row's own cells only."""
    raws = [raw for _, raw in cells]
    last = max((i for i, raw in enumerate(raws) if raw.text and not is_value_like(raw)), default=-1)
    return RowCandidate(labels=[raw for raw in raws[: last + 1] if raw.text], values=raws[last + 1 :])


def _mapped(cells: _Cells, mapping: tuple[int, ...]) -> RowCandidate:
    """The cells in the header's grid columns, in template order; words left of them are labels.

    A template column covered by a merged cell has no cell of its own in this row: the row comes
    out short and the mapper reports it (value-count), never a value taken from a neighbour.
    """
    by_column = {cell.column: raw for cell, raw in cells}
    leftmost = min(mapping)
    labels = [raw for cell, raw in cells if cell.column < leftmost and raw.text]
    values = [by_column[c] for c in mapping if c in by_column]
    return RowCandidate(labels=labels, values=values)


@cache
def _label_words(columns: tuple[ColumnSpec, ...]) -> tuple[tuple[str, ...], ...]:
    """Each template column's header words: "行政复议 结果维持" → ("行政复议", "结果维持")."""
    return tuple(tuple(label_key(word) for word in column.label.split()) for column in columns)


def _confirm(header: list[SourceRow], columns: tuple[ColumnSpec, ...], width: int) -> tuple[int, ...] | None:
    """The grid column of every template column, read from the header rows; None unless all are found.

    A grid column's header is the set of header words covering it, merged cells included ("行政诉讼"
    over ten columns, then "未经复议直接起诉" over five, then "结果维持"): a template column is the
    first unused grid column whose header has all of its words.
    """
    covering: list[set[str]] = [set() for _ in range(width)]
    for row in header:
        for cell in row.cells:
            if cell.text:
                key = label_key(cell.text)
                for c in range(cell.column, min(cell.column + cell.column_span, width)):
                    covering[c].add(key)
    found: list[int] = []
    for words in _label_words(columns):
        column = next(
            (c for c in range(width) if c not in found and all(w in covering[c] for w in words)), None
        )
        if column is None:
            return None
        found.append(column)
    return tuple(found)
