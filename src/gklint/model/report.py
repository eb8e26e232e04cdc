"""The report model: plain dataclasses, every fact carrying its source span.

Parsing fills these in (`gklint.model.build.parse_report`); checks only read
them. Nothing here knows about diagnostics or output formats.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from gklint.diagnostics import Span


class HeadingKind(enum.Enum):
    CANONICAL = "canonical"  # exactly the template wording
    ALIAS = "alias"  # an accepted alternative (e.g. the 条例's own wording)
    VARIANT = "variant"  # recognisably this section, but reworded
    STALE = "stale"  # a heading from the pre-2019 (2008 条例) reports


@dataclass(frozen=True)
class Heading:
    numeral: int  # the number written in front ("三、" → 3); 0 when none
    section: int  # which template section it is (1..6); 0 = none of the six
    kind: HeadingKind
    text: str  # the heading words as written
    span: Span  # the whole heading, numeral included
    text_span: Span  # just the words after "一、"
    expected: str  # the template wording for `section` ("" when section == 0)
    top_level: bool = True


@dataclass(frozen=True)
class Section:
    heading: Heading
    body: Span  # from the end of the heading to the next top-level heading


@dataclass(frozen=True)
class DateRef:
    year: int | None
    month: int
    day: int
    span: Span
    year_span: Span | None


@dataclass(frozen=True)
class StatisticsWindow:
    start: DateRef
    end: DateRef
    span: Span  # the whole sentence fragment "统计期限自…至…"


@dataclass(frozen=True)
class Title:
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


@dataclass(frozen=True)
class Cell:
    """A value cell of a mapped table."""

    text: str
    span: Span
    kind: CellKind
    value: Decimal | None = None
    unit: str = ""


@dataclass(frozen=True)
class LabelRef:
    """A row label, column header or caption as written, with its template text."""

    text: str
    span: Span
    expected: str
    exact: bool


class TableStatus(enum.Enum):
    MAPPED = "mapped"  # every expected value cell found
    PARTIAL = "partial"  # some rows could not be mapped; relations over them are skipped
    UNMAPPED = "unmapped"  # found something, but it does not fit the template
    ABSENT = "absent"  # no table where the template has one


@dataclass(frozen=True)
class TableProblem:
    """Why (part of) a table could not be mapped; turned into GK4xx diagnostics."""

    kind: str  # "value-count", "unknown-row", "missing-row", "no-table", "unmappable"
    span: Span
    detail: str
    row: str = ""


@dataclass
class Table:
    """A table mapped cell by cell onto a template schema (see rules/template.toml)."""

    key: str  # "s2", "s3", "s4"
    schema: str  # "s3-2021", "s3-2019", ...
    status: TableStatus
    region: Span
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (row id, column id) → cell
    labels: dict[str, LabelRef] = field(default_factory=dict)  # row id → label as written
    problems: list[TableProblem] = field(default_factory=list)

    def value(self, row: str, column: str) -> Decimal | None:
        cell = self.cells.get((row, column))
        return cell.value if cell is not None else None


@dataclass
class Report:
    title: Title | None
    year: int | None
    year_source: str  # "title", "window", "override" or "" when unknown
    template: str  # "2019", "2021" or "" when no table tells
    template_markers: dict[str, list[Span]]  # version → where its markers were seen
    headings: list[Heading]
    sections: dict[int, Section]  # first occurrence of each template section
    windows: list[StatisticsWindow]
    window_mentions: list[Span]  # "统计期限" written without a readable date range
    tables: dict[str, Table]
    text_length: int

    def section_text_span(self, number: int) -> Span | None:
        section = self.sections.get(number)
        return section.body if section else None
