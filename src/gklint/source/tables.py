"""The tables a structured reader (Word, HTML, PDF) wrote, as plain data: rows of cells.

`layout.TextBuilder.add_table` writes a table's logical grid into the text and records
it here at the same time, so the model can map a table by its real rows and columns
(`gklint.model.grid_tables`) instead of re-splitting the text lines. Every cell keeps the
span its text occupies in `SourceDocument.text`, so findings on the structured path
point at the same characters, and through `origin` at the same place in the file.
"""

from __future__ import annotations

from typing import NamedTuple

from gklint.diagnostics import Span
from gklint.source.origin import Origin


class SourceCell(NamedTuple):
    """One cell of a table, merged cells once (at their top-left grid position)."""

    text: str  # as written into the document text: one line, stripped
    span: Span  # of `text` in SourceDocument.text; a blank cell is an empty span where its text would be
    row: int  # 0-based logical grid row where the cell starts
    column: int  # 0-based logical grid column where it starts
    row_span: int  # grid rows it covers (rowspan / vMerge), at least 1
    column_span: int  # grid columns it covers (colspan / gridSpan), at least 1
    origin: Origin


class SourceRow(NamedTuple):
    """One grid row: the cells that START in it, left to right (cells merged from above are not repeated)."""

    span: Span  # the row's line in the document text
    cells: tuple[SourceCell, ...]


class SourceTable(NamedTuple):
    """A table as its logical grid: `width` columns, one `SourceRow` per grid row."""

    number: int  # 1-based, in document order (as in the cell origins: 第N个表格)
    span: Span  # from the first row's line to the end of the last
    width: int
    rows: tuple[SourceRow, ...]
