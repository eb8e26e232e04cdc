"""A decoded report plus the index that turns offsets into positions."""

import bisect
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from gklint.source.origin import OriginMap
    from gklint.source.tables import SourceTable


class Position(NamedTuple):
    """0-based line and column; `column` counts code points (the JSON contract)."""

    line: int
    column: int


def _line_starts(text: str) -> list[int]:
    """Offsets where lines start; a line ends at "\n", "\r\n" or a lone "\r" (old Mac files, and as LSP counts)."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        import re

        return [0, *(m.end() for m in re.finditer(r"\r\n?|\n", text))]
    # The common case, computed in C: cumulative (line length + 1).
    return list(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))[:-1]


class SourceDocument:
    """The text gklint lints, where it came from and how to write it back.

    `text` is exactly the decoded content (line endings kept), so an offset in
    it is also an offset for fixes applied to the original file.
    """

    __slots__ = (
        "_line_starts",
        "bom",
        "display_name",
        "dropped_tail",
        "encoding",
        "meta",
        "origin",
        "path",
        "source_format",
        "tables",
        "text",
    )

    def __init__(
        self,
        text: str,
        path: Path | None = None,
        encoding: str = "utf-8",
        bom: bytes = b"",
        display_name: str | None = None,
        *,
        origin: "OriginMap | None" = None,
        source_format: str = "text",
        meta: dict[str, str] | None = None,
        dropped_tail: bytes = b"",
        tables: "tuple[SourceTable, ...]" = (),
    ) -> None:
        self.text = text
        self.path = path
        self.encoding = encoding
        self.bom = bom
        self.display_name = (
            display_name if display_name is not None else (str(path) if path is not None else "-")
        )
        # Word/HTML/PDF: `text` is what the reader produced; `origin` maps its offsets back to places
        # in the original file, `meta` carries reader facts the engine reports (tracked changes, …).
        self.origin = origin
        self.source_format = source_format  # "text" | "docx" | "html" | "pdf"
        self.meta: dict[str, str] = meta if meta is not None else {}
        # The tables the reader wrote into `text`, as rows of cells with their spans in `text`: the model
        # maps these directly (model/grid_tables.py); plain text has none and is parsed line by line.
        self.tables = tables
        # Bytes of a character cut off at the end of the file, not in `text` (GK010); a writer
        # appends them back so a fix never loses data.
        self.dropped_tail = dropped_tail
        self._line_starts = _line_starts(text)

    def __repr__(self) -> str:
        return f"SourceDocument({self.display_name!r}, {len(self.text)} chars, {self.encoding})"

    def describe_origin(self, offset: int) -> str | None:
        """Where `offset` is in the original file, in Chinese ("第12段"); None for plain text."""
        if self.origin is None:
            return None
        found = self.origin.at(offset)
        return found.describe() if found is not None else None

    def line_start(self, line: int) -> int:
        return self._line_starts[line]

    def line_end(self, line: int) -> int:
        """Offset of the end of `line`, excluding its line terminator."""
        end = self._line_starts[line + 1] - 1 if line + 1 < len(self._line_starts) else len(self.text)
        if end > self._line_starts[line] and self.text[end - 1] == "\r":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        return self.text[self._line_starts[line] : self.line_end(line)]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset) - 1

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        return Position(line, offset - self._line_starts[line])

    def offset(self, line: int, column: int) -> int:
        """Inverse of `position`; clamps to the line's end."""
        if line >= len(self._line_starts):
            return len(self.text)
        return min(self._line_starts[line] + column, self.line_end(line))
