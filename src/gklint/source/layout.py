"""The text layout every structured reader (Word, HTML, PDF) produces, with its origin map.

The one parser (`gklint.model`) reads text. A reader that knows paragraphs and
table cells writes them here in the layout that parser maps exactly:

- a paragraph → one line;
- a table → an empty line, one line per row of the table's LOGICAL GRID with one
  "\\t"-separated field per grid column, an empty line. A merged cell (gridSpan /
  vMerge, colspan / rowspan) gives its text ONCE, at its top-left position; the
  other positions it covers are empty fields. This is how a Word table reads when
  copied as text (tests/fixtures/002_*.txt), and the row-layout parser takes a
  leading empty field as a merged label and drops merged padding (`fit_values`),
  so the template cells come out exactly — where repeating the text would turn
  one label into two rows or a number into two cells.

Every paragraph and every grid position is registered in an `OriginMap`; a
blank field as a zero-length segment where its text would be (where the parser
points a blank cell), a covered position with the origin of the cell covering it.

The same table is also recorded as structured rows of cells (`SourceTable`, with each
cell's span in the text, logical row/column, spans and origin): the model maps those
rows directly and re-parses the text layout only for tables it was not given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from gklint.diagnostics import Span
from gklint.regexcache import compile_re
from gklint.source.origin import Origin, OriginMap
from gklint.source.tables import SourceCell, SourceRow, SourceTable

_NUMBER = compile_re(r"[+-]?\d+(?:\.\d+)?")
_PLACEHOLDERS = frozenset({"/", "／", "-", "—", "--", "——", "无", "\\"})
# A number as written in a value cell, perhaps with its unit ("5", "1,200", "59572.0308万元"). A row label
# may hold digits too ("2.重复申请"): it is a label because it has words besides.
_VALUE_TEXT = compile_re(r"[+-]?\d[\d.,，\s]*(?:万元|亿元|元|件|条|个|项|次|份|宗|人次)?")
_LINE_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\v": " ", "\f": " ", "\u2028": " "})


class GridCell(NamedTuple):
    """One position of a table's logical grid: the text of the cell that starts at (top, left).

    A position covered by a merged cell starting elsewhere has that cell's (top, left)
    and text; it is written as an empty field.
    """

    text: str
    top: int  # 0-based grid row where the (merged) cell starts
    left: int  # 0-based grid column where it starts


@lru_cache(maxsize=4096)  # table cells repeat ("0"); a page has hundreds
def clean_cell_text(text: str) -> str:
    """One line: a cell's own line breaks and tabs would break the row layout."""
    return text.translate(_LINE_BREAKS).strip()


@lru_cache(maxsize=4096)
def _is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text.replace(",", "").replace(" ", "")))


# A top-level heading of the report: its numeral and one of that part's words, on a short line. Body text
# numbered "一、…" inside a part (a list of measures) lacks the part's words or is long, so it does not count.
_PART_HEADING = compile_re(r"\s*([一二三四五六])\s*[、.．]")
_PART_WORDS = {
    "一": ("总体情况",),
    "二": ("主动公开",),
    "三": ("申请",),
    "四": ("复议", "诉讼"),
    "五": ("问题", "改进"),
    "六": ("其他",),
}


def part_of_heading(text: str) -> str | None:
    """ "三" for "三、收到和处理政府信息公开申请情况"; None for anything that is not a part heading."""
    match = _PART_HEADING.match(text)
    if match is None or len(text) > 40:
        return None
    numeral = match.group(1)
    return numeral if any(word in text for word in _PART_WORDS[numeral]) else None


class TextBuilder:
    """Accumulates the reader's text and its origin map, in document order."""

    __slots__ = ("_headers", "_offset", "_parts", "origins", "section", "source_tables", "tables")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._offset = 0
        self.origins = OriginMap()
        self.tables = 0  # tables written so far (their 1-based number is this after `add_table`)
        self.section: str | None = None  # the report part the text has reached ("三"), for table origins
        self.source_tables: list[SourceTable] = []  # every table written, as rows of cells
        # grid width → the column words of the last table of that width with a header: a PDF table
        # cut by a page break continues without one, and its cells still have those columns.
        self._headers: dict[int, list[str | None]] = {}

    def _write(self, text: str) -> None:
        self._parts.append(text)
        self._offset += len(text)

    @property
    def offset(self) -> int:
        return self._offset

    def add_paragraph(self, text: str, origin: Origin) -> None:
        """One paragraph: one line, or several when it holds manual line breaks ("\n")."""
        self.section = part_of_heading(text) or self.section
        start = self._offset
        self._write(text)
        self.origins.add(start, self._offset, origin)
        self._write("\n")

    def add_blank_line(self) -> None:
        """An empty paragraph: kept as an empty line (blank lines separate blocks for the parser)."""
        self._write("\n")

    def add_runs(self, text: str, runs: Sequence[tuple[int, Origin]], linear: Sequence[bool] = ()) -> None:
        """One line whose pieces come from different places (a web page's text nodes).

        `runs` are (offset in `text`, origin) in increasing offset order; the first should be 0.
        `linear[i]` says run i's characters stand one to one in the source from its origin's column on.
        """
        self.section = part_of_heading(text) or self.section
        start = self._offset
        self._write(text)
        bounds = [offset for offset, _ in runs[1:]] + [len(text)]
        for i, ((offset, origin), end) in enumerate(zip(runs, bounds, strict=True)):
            self.origins.add(start + offset, start + end, origin, linear=i < len(linear) and linear[i])
        self._write("\n")

    def add_table(
        self,
        grid: list[list[GridCell]],
        page: int | None = None,
        places: Mapping[tuple[int, int], tuple[int | None, int | None]] | None = None,
    ) -> int:
        """Write a table's logical grid; returns its 1-based table number.

        `places` maps a cell's (top, left) to its (line, col) in the source (web pages), so the
        JSON origin can name the source position too.
        """
        self.tables += 1
        number = self.tables
        if not grid:
            return number
        numbered_rows = [_has_number(r, row) for r, row in enumerate(grid)]
        extents = _extents(grid)
        width = max(map(len, grid))
        carried = self._headers.get(width) if numbered_rows[0] else None  # no header row of its own
        rows: list[SourceRow] = []
        self._write("\n")
        for r, row in enumerate(grid):
            row_start = self._offset
            cells: list[SourceCell] = []
            for c, cell in enumerate(row):
                if c:
                    self._write("\t")
                own = (cell.top, cell.left) == (r, c)
                text = clean_cell_text(cell.text) if own else ""
                start = self._offset
                self._write(text)
                row_label = column_label = None
                if numbered_rows[r] and _is_value(clean_cell_text(cell.text)):
                    row_label = _row_label(row, c)
                    column_label = _column_label(grid, numbered_rows, r, c)
                    if column_label is None and carried is not None:
                        column_label = carried[c]
                line, col = places.get((cell.top, cell.left), (None, None)) if places else (None, None)
                origin = Origin(
                    "cell",
                    table=number,
                    row=cell.top + 1,
                    column=cell.left + 1,
                    row_label=row_label,
                    column_label=column_label,
                    page=page,
                    line=line,
                    col=col,
                    section=self.section,
                )
                self.origins.add(start, self._offset, origin)
                if own:
                    bottom, right = extents[(r, c)]
                    cells.append(
                        SourceCell(
                            text, Span(start, self._offset), r, c, bottom - r + 1, right - c + 1, origin
                        )
                    )
            rows.append(SourceRow(Span(row_start, self._offset), tuple(cells)))
            self._write("\n")
        self._write("\n")
        self.source_tables.append(
            SourceTable(number, Span(rows[0].span.start, rows[-1].span.end), width, tuple(rows))
        )
        if not numbered_rows[0] and any(numbered_rows):
            below = numbered_rows.index(True)  # the first data row, under the header
            self._headers[width] = [_column_label(grid, numbered_rows, below, c) for c in range(width)]
        return number

    def text(self) -> str:
        return "".join(self._parts)


def _extents(grid: list[list[GridCell]]) -> dict[tuple[int, int], tuple[int, int]]:
    """(top, left) of every merged cell → the last grid (row, column) it covers."""
    extents: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            key = (cell.top, cell.left)
            bottom, right = extents.get(key, (r, c))
            extents[key] = (max(bottom, r), max(right, c))
    return extents


def _has_number(r: int, row: list[GridCell]) -> bool:
    """A data row: some cell of its own holds a number (header rows hold only words)."""
    return any(
        (cell.top, cell.left) == (r, c) and _is_number(clean_cell_text(cell.text))
        for c, cell in enumerate(row)
    )


# A numbered row label: "2.其他法律行政法规禁止公开", "3、补正后…" (a digit, a list mark, then words; "1.5" is a value).
_NUMBERED_LABEL = compile_re(r"\d{1,2}[.．、]\s*[^\d\s]")


@lru_cache(maxsize=4096)  # called for every cell left of every value; the texts repeat
def _is_value(text: str) -> bool:
    """What stands in a value cell: blank, a placeholder, or something with a digit ("5", "59572万元"),
    except a numbered row label, which is described as a label, not as a value of some column."""
    if not text or text in _PLACEHOLDERS:
        return True
    return any(ch.isdigit() for ch in text) and not _NUMBERED_LABEL.match(text)


def _row_label(row: list[GridCell], column: int) -> str | None:
    """The nearest words left of a value: "2.重复申请", not the group label "（五）不予处理" further left."""
    for cell in reversed(row[:column]):
        text = clean_cell_text(cell.text)
        if _is_row_label(text):
            return text
    return None


@lru_cache(maxsize=4096)  # called for every cell left of every value; the texts repeat
def _is_row_label(text: str) -> bool:
    return bool(text) and text not in _PLACEHOLDERS and not _VALUE_TEXT.fullmatch(text)


def _column_label(grid: list[list[GridCell]], numbered_rows: list[bool], row: int, column: int) -> str | None:
    """The nearest header word above, skipping data rows (a table may repeat its header per block)."""
    for r in range(row - 1, -1, -1):
        if numbered_rows[r] or column >= len(grid[r]):
            continue
        text = clean_cell_text(grid[r][column].text)
        if text and not _is_value(text):
            return text
    return None
