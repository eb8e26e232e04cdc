"""The report model: plain data (named tuples), every fact carrying its source span.

Parsing fills these in (`gklint.model.build.parse_report`); checks only read
them. Nothing here knows about diagnostics or output formats.
"""

import enum
from decimal import Decimal
from typing import NamedTuple

from gklint.diagnostics import Span


class HeadingKind(enum.Enum):
    CANONICAL = "canonical"  # exactly the template wording
    ALIAS = "alias"  # an accepted alternative (e.g. the 条例's own wording)
    VARIANT = "variant"  # recognisably this section, but reworded
    STALE = "stale"  # a heading from the pre-2019 (2008 条例) reports


class Heading(NamedTuple):
    """A top-level (一、…) or sub-heading, recognised against the template."""

    numeral: int  # the number written in front ("三、" → 3); 0 when none
    section: int  # which template section it is (1..6); 0 = none of the six
    kind: HeadingKind
    text: str  # the heading words as written
    span: Span  # the whole heading, numeral included
    text_span: Span  # just the words after "一、"
    expected: str  # the template wording for `section` ("" when section == 0)
    top_level: bool = True


class Section(NamedTuple):
    """A template section: its heading and the body up to the next heading."""

    heading: Heading
    body: Span  # from the end of the heading to the next top-level heading


class DateRef(NamedTuple):
    """A date written in the text; the year may be omitted ("至12月31日")."""

    year: int | None
    month: int
    day: int
    span: Span
    year_span: Span | None


class StatisticsWindow(NamedTuple):
    """The 统计期限 sentence: its start and end dates."""

    start: DateRef
    end: DateRef
    span: Span  # the whole sentence fragment "统计期限自…至…"
    open_start: bool = False  # only the end was written ("数据截至…"); `start` is implied, not text


class Title(NamedTuple):
    """The report title, the organisation and year read from it."""

    text: str
    span: Span
    org: str
    year: int | None
    year_span: Span | None
    phrase_ok: bool  # contains 政府信息公开工作年度报告


class CellKind(enum.Enum):
    NUMBER = "number"
    BLANK = "blank"  # nothing written
    PLACEHOLDER = "placeholder"  # "/", "—", "无", "-"
    UNIT = "unit"  # a number with a unit ("59572.0308万元")
    TEXT = "text"  # words where a number belongs


class Cell(NamedTuple):
    """A value cell of a mapped table."""

    text: str
    span: Span
    kind: CellKind
    value: Decimal | None = None
    unit: str = ""


class LabelRef(NamedTuple):
    """A row label, column header or caption as written, with its template text."""

    text: str
    span: Span
    expected: str
    exact: bool


class TableStatus(enum.Enum):
    MAPPED = "mapped"  # every expected value cell found
    PARTIAL = "partial"  # some rows could not be mapped; relations over them are skipped
    UNMAPPED = "unmapped"  # found something, but it does not fit the template
    ABSENT = "absent"  # the section that holds it is missing (GK101 reports that)


class TableProblem(NamedTuple):
    """Why (part of) a table could not be mapped; turned into GK4xx diagnostics."""

    kind: str  # "value-count", "unknown-row", "missing-row", "no-table", "unmappable"
    span: Span
    detail: str
    row: str = ""


class Table:
    """A table mapped cell by cell onto a template schema (see rules/template.toml).

    Mutable while `gklint.model.tables` fills it in; read-only afterwards.
    """

    __slots__ = ("cells", "key", "labels", "problems", "region", "schema", "status")

    def __init__(
        self,
        key: str,
        schema: str,
        status: TableStatus,
        region: Span,
        cells: dict[tuple[str, str], Cell] | None = None,
        labels: dict[str, LabelRef] | None = None,
        problems: list[TableProblem] | None = None,
    ) -> None:
        self.key = key  # "s2", "s3", "s4"
        self.schema = schema  # "s3-2021", "s3-2019", ... ("" when nothing could be mapped)
        self.status = status
        self.region = region
        self.cells = cells if cells is not None else {}  # (row id, column id) → cell
        self.labels = labels if labels is not None else {}  # row id → label as written
        self.problems = problems if problems is not None else []

    def __repr__(self) -> str:
        return f"Table({self.key!r}, {self.schema!r}, {self.status.value}, {len(self.cells)} cells)"


class Report(NamedTuple):
    """Everything gklint understood about one report, as plain data."""

    title: Title | None
    year: int | None
    year_source: str  # "title", "name" (another name of the report), "window", "override" or ""
    template: str  # "2019", "2021" or "" when no table tells
    template_markers: dict[str, list[Span]]  # version → where its markers were seen
    headings: list[Heading]
    sections: dict[int, Section]  # first occurrence of each template section
    windows: list[StatisticsWindow]
    window_mentions: list[Span]  # "统计期限" written without a readable date range
    tables: dict[str, Table]
    text_length: int
