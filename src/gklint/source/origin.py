"""Where a piece of the linted text came from in the original file.

Word, web-page and PDF readers turn a file into text for the one parser; the
text's line and column mean nothing to a clerk who drafted the report in Word.
Each reader registers, for every paragraph and table cell it emits, the span of
text it produced and an `Origin` naming the place in the original file, so an
offset in a diagnostic can be said as "第12段" or "第3个表格第5行第2列".
"""

from __future__ import annotations

import bisect
from typing import Any, NamedTuple

_LABEL_CHARS = 24  # long labels ("二、上年结转政府信息公开申请数量") are cut for the one-line description


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"


class Origin(NamedTuple):
    """A place in the original file; which fields are set depends on `kind`.

    kind: "paragraph" (docx body paragraph), "cell" (a table cell: docx, html or
    pdf table), "source-line" (html source), "page-line" (pdf page text). All
    numbers are 1-based. `section` is the report part ("三") whose heading came
    before a table (set by `layout.TextBuilder` from the paragraphs it wrote). `row_label`/`column_label` are the table's own words
    for the cell's row and column, when the reader could tell them.
    """

    kind: str
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    row_label: str | None = None
    column_label: str | None = None
    page: int | None = None
    line: int | None = None
    col: int | None = None
    section: str | None = (
        None  # the report part a table is in ("三" for 第三部分), when the reader saw its heading
    )

    def describe(self) -> str:
        """Chinese words a clerk understands: "第12段", "第3个表格第5行第2列（“商业企业”列）"."""
        if self.kind == "cell":
            if self.section:
                # "第三部分表格（第2个表格）": the clerk finds a table by the part it is in.
                aside = "，".join(
                    part
                    for part in (
                        f"第{self.page}页" if self.page is not None else "",
                        f"第{self.table}个表格" if self.table is not None else "",
                    )
                    if part
                )
                where = f"第{self.section}部分表格" + (f"（{aside}）" if aside else "")
            else:
                where = f"第{self.page}页" if self.page is not None else ""
                where += f"第{self.table}个表格" if self.table is not None else "表格"
            where += f"第{self.row}行" if self.row is not None else ""
            where += f"第{self.column}列" if self.column is not None else ""
            labels = []
            if self.row_label:
                labels.append(f"“{_short(self.row_label)}”行")
            if self.column_label:
                labels.append(f"“{_short(self.column_label)}”列")
            return where + (f"（{'，'.join(labels)}）" if labels else "")
        if self.kind == "paragraph":
            return f"第{self.paragraph}段" if self.paragraph is not None else "正文"
        if self.kind == "page-line":
            return f"第{self.page}页" + (f"第{self.line}行" if self.line is not None else "")
        if self.kind == "source-line":
            return f"网页源文件第{self.line}行" + (f"第{self.col}列" if self.col is not None else "")
        return self.kind

    def to_json(self) -> dict[str, Any]:
        """The JSON `origin` object: `kind`, a `description`, and only the fields that are set."""
        out: dict[str, Any] = {k: v for k, v in zip(self._fields, self, strict=True) if v is not None}
        out["description"] = self.describe()
        return out


class OriginMap:
    """Text spans → origins, appended in text order; lookups by bisect.

    Segments may be empty (a blank table cell has no text but is still a place:
    its segment is registered at the offset where its text would be, which is
    where the parser points a blank cell). An offset between segments (the "\\t"
    or "\\n" a reader put between cells or paragraphs) belongs to the segment
    before it.
    """

    __slots__ = ("_ends", "_linear", "_origins", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._origins: list[Origin] = []
        # Segments whose characters stand one to one in the source line from `origin.col` on (a web page's
        # text node written without entities or collapsed whitespace): an offset inside gets its own column.
        self._linear: set[int] = set()

    def add(self, start: int, end: int, origin: Origin, *, linear: bool = False) -> None:
        if self._starts and start < self._starts[-1]:
            raise ValueError("origin segments must be added in text order")
        if linear and origin.col is not None:
            self._linear.add(len(self._origins))
        self._starts.append(start)
        self._ends.append(end)
        self._origins.append(origin)

    def __len__(self) -> int:
        return len(self._origins)

    def at(self, offset: int) -> Origin | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        origin = self._origins[i]
        if i in self._linear and origin.col is not None:
            return origin._replace(col=origin.col + min(offset, self._ends[i]) - self._starts[i])
        return origin

    def range(self, start: int, end: int) -> Origin | None:
        """The origin of a span is where it starts (a finding is shown at its first character)."""
        return self.at(min(start, end))

    def segments(self) -> list[tuple[int, int, Origin]]:
        return list(zip(self._starts, self._ends, self._origins, strict=True))
