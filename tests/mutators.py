"""Inject one known defect into a real report, and say where gklint must report it.

Shared by tests/test_mutations.py (every kind on every seed, UTF-8/LF) and bench/accuracy.py
(every kind on every corpus report, through every encoding and line ending), so recall is
measured with exactly the mutations the test suite checks.

Each mutation is found from the parsed model, not from line numbers, so it applies to any
report whose part it touches was recognised: a heading to drop, the window's years, a cell
of 表三, a 2021-format label of 表二.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import NamedTuple

from gklint.diagnostics import Diagnostic, Span
from gklint.engine import LintResult, lint_document
from gklint.model.report import CellKind, Report, TableStatus
from gklint.ruledata import template
from gklint.source.readers import read_bytes

KINDS = (
    "drop-section-1",
    "drop-section-2",
    "drop-section-3",
    "drop-section-4",
    "drop-section-5",
    "drop-section-6",
    "window-year",
    "table-cell",
    "row-total",
    "grand-total",
    "labels-2019",
    "normative-document-label",
)
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16")
LINE_ENDINGS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


class Mutation(NamedTuple):
    kind: str
    text: str  # the mutated report, LF line endings
    code: str  # the code (or code prefix: "GK3" is any table sum) that must report it
    at: int | None  # offset (in `text`) the finding must start at; None: anywhere
    section: int = 0  # for GK101: the section that must be reported missing

    def found_in(self, diagnostics: list[Diagnostic], offset: Callable[[int], int] = lambda p: p) -> bool:
        """Whether `diagnostics` (of this text, or of a variant whose offsets `offset` maps to) report it."""
        for diag in diagnostics:
            if not diag.code.startswith(self.code):
                continue
            if self.section and diag.data.get("section") != self.section:
                continue
            if self.at is None or diag.span.start == offset(self.at):
                return True
        return False


def _replace(text: str, span: Span, new: str) -> str:
    return text[: span.start] + new + text[span.end :]


def _drop_sections(text: str, report: Report) -> Iterator[Mutation]:
    for number, section in sorted(report.sections.items()):
        heading = section.heading
        yield Mutation(f"drop-section-{number}", _replace(text, heading.span, ""), "GK101", None, number)


def _window_year(text: str, report: Report) -> Iterator[Mutation]:
    if report.year is None or report.year_source not in ("title", "name") or not report.windows:
        return
    window = report.windows[0]
    spans = [d.year_span for d in (window.start, window.end) if d.year_span is not None]
    if not spans or window.start.year != report.year:
        return
    if (window.start.month, window.start.day, window.end.month, window.end.day) != (1, 1, 12, 31):
        return  # a window that is not a whole year is already GK202, which names the right range
    mutated = text
    for span in sorted(set(spans), key=lambda s: s.start, reverse=True):
        mutated = _replace(mutated, span, str(report.year - 1))
    primary = window.end if window.open_start else window.start
    anchor = primary.year_span or primary.span
    yield Mutation("window-year", mutated, "GK203", anchor.start)


def _cells(text: str, report: Report) -> Iterator[Mutation]:
    table = report.tables.get("s3")
    if table is None or table.status is not TableStatus.MAPPED or not table.schema:
        return
    if any(c.kind is not CellKind.NUMBER for c in table.cells.values()):
        return  # a blank or text cell makes relations uncheckable (GK402/GK403 say so)
    schema = template().schema(table.schema)
    total_row = next(r.target for r in schema.relations if r.code == "GK302")
    for kind, cell_id in (
        ("table-cell", ("r03", "C1")),
        ("row-total", ("r01", "C7")),
        ("grand-total", (total_row, "C7")),
    ):
        cell = table.cells.get(cell_id)
        if cell is None or cell.kind is not CellKind.NUMBER or cell.value is None:
            continue
        if cell.value != cell.value.to_integral():
            continue
        new = str(int(cell.value + Decimal(1)))
        yield Mutation(kind, _replace(text, cell.span, new), "GK3", cell.span.start)


def _labels(text: str, report: Report) -> Iterator[Mutation]:
    table = report.tables.get("s2")
    if report.year is None or report.year < 2021 or table is None or table.schema != "s2-2021":
        return
    region = table.region
    for kind, old, new in (
        ("labels-2019", "本年制发件数", "本年新制作数量"),
        ("normative-document-label", "行政规范性文件", "规范性文件"),
    ):
        at = text.find(old, region.start, region.end)
        if at != -1:
            yield Mutation(kind, _replace(text, Span(at, at + len(old)), new), "GK501", at)


def mutations(text: str, report: Report) -> list[Mutation]:
    """Every mutation that applies to this report (its clean parse is `report`).

    None for a report before 2019: gklint checks only its year (GK003).
    """
    if report.year is not None and report.year < template().first_supported_year:
        return []
    return [
        *_drop_sections(text, report),
        *_window_year(text, report),
        *_cells(text, report),
        *_labels(text, report),
    ]


def encode(text: str, encoding: str, line_ending: str) -> bytes:
    """The report as a clerk's editor might save it."""
    return text.replace("\r\n", "\n").replace("\n", LINE_ENDINGS[line_ending]).encode(encoding)


def offset_map(text: str, line_ending: str) -> Callable[[int], int]:
    """Offset in the LF text → offset in the text with `line_ending`."""
    if line_ending != "CRLF":
        return lambda p: p
    return lambda p: p + text.count("\n", 0, p)


def lint_bytes(data: bytes) -> LintResult:
    return lint_document(read_bytes(data, None))


def detected(mutation: Mutation, result: LintResult, line_ending: str = "LF") -> bool:
    return mutation.found_in(result.diagnostics, offset_map(mutation.text, line_ending))
