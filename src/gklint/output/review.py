"""What a reviewer sees of a linted report, as plain JSON-ready data.

The HTML audit report (`--format html`) and the web service (`gklint serve`)
render the same facts: a per-report summary, each finding with its place in
the original file, the sentence around it, and, when it concerns a table,
the mapped table with the offending cell marked. Building those facts here,
once, keeps the two pages from drifting apart; they differ only in markup.

Strings are raw report text: every renderer must escape them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from gklint.diagnostics import Diagnostic, Severity, Span
from gklint.model.report import Report, Table
from gklint.ruledata import RuleInfo, TableSchema, template
from gklint.source.document import SourceDocument

CONTEXT_CHARS = 60  # characters of the sentence shown on each side of a finding
TABLE_TITLES = {
    "s2": "第二部分表格（主动公开）",
    "s3": "第三部分表格（依申请公开）",
    "s4": "第四部分表格（复议、诉讼）",
}
_SENTENCE_ENDS = "。；！？\n\r"


def location_text(doc: SourceDocument, offset: int) -> str:
    """Where a finding is, in words a clerk understands (the original file's place when known)."""
    described = doc.describe_origin(offset)
    if described is not None:
        return described
    pos = doc.position(offset)
    return f"第{pos.line + 1}行第{pos.column + 1}列"


def context_of(text: str, span: Span, width: int = CONTEXT_CHARS) -> dict[str, str]:
    """The sentence around `span`, cut at sentence ends and at most `width` characters each side."""
    start = max(0, span.start - width)
    for i in range(span.start - 1, start - 1, -1):
        if text[i] in _SENTENCE_ENDS:
            start = i + 1
            break
    end = min(len(text), span.end + width)
    for i in range(span.end, end):
        if text[i] in _SENTENCE_ENDS:
            end = i + 1 if text[i] not in "\r\n" else i
            break
    return {
        "before": ("…" if start > 0 and text[start - 1] not in _SENTENCE_ENDS else "")
        + text[start : span.start],
        "hit": text[span.start : span.end],
        "after": text[span.end : end]
        + ("…" if end < len(text) and text[end - 1] not in _SENTENCE_ENDS else ""),
    }


def _overlaps(a: Span, b: Span) -> bool:
    return (a.start < b.end and b.start < a.end) or a.start == b.start


def _table_of(report: Report, span: Span) -> Table | None:
    for table in report.tables.values():
        if table.cells and table.region.start <= span.start < table.region.end:
            return table
    return None


def _schema(table: Table) -> TableSchema | None:
    try:
        return template().schema(table.schema)
    except KeyError:
        return None


def _blocks(schema: TableSchema) -> list[tuple[str, Sequence[Any], Sequence[Any]]]:
    if schema.blocks:
        return [(b.caption, b.columns, b.rows) for b in schema.blocks]
    return [("", schema.columns, schema.rows)]


def table_view(table: Table, hit: Span, related: Iterable[Span]) -> dict[str, Any] | None:
    """The mapped table as rows of cells, the finding's cell marked "hit" and related cells "related"."""
    schema = _schema(table)
    if schema is None:
        return None
    related = list(related)
    blocks = []
    for caption, columns, rows in _blocks(schema):
        body = []
        for row in rows:
            if row.group:
                body.append({"label": row.label, "group": True, "cells": []})
                continue
            cells = []
            for column in columns:
                cell = table.cells.get((row.id, column.id))
                mark = ""
                if cell is not None and _overlaps(cell.span, hit):
                    mark = "hit"
                elif cell is not None and any(_overlaps(cell.span, r) for r in related):
                    mark = "related"
                cells.append({"text": cell.text if cell is not None else "", "mark": mark})
            label = table.labels.get(row.id)
            body.append(
                {"label": label.text if label is not None else row.label, "group": False, "cells": cells}
            )
        blocks.append({"caption": caption, "columns": [c.label for c in columns], "rows": body})
    return {"title": TABLE_TITLES.get(table.key, table.key), "blocks": blocks}


def finding_view(doc: SourceDocument, report: Report, diag: Diagnostic, index: int) -> dict[str, Any]:
    pos = doc.position(diag.span.start)
    table = _table_of(report, diag.span)
    return {
        "id": index,
        "code": diag.code,
        "name": diag.name,
        "severity": diag.severity.label,
        "severity_zh": diag.severity.chinese,
        "message": diag.message,
        "row": pos.line + 1,
        "column": pos.column + 1,
        "where": location_text(doc, diag.span.start),
        "context": context_of(doc.text, diag.span),
        "table": table_view(table, diag.span, (r.span for r in diag.related)) if table is not None else None,
        "fix": None
        if diag.fix is None
        else {"message": diag.fix.message, "applicability": diag.fix.applicability.value},
        "related": [{"message": r.message, "where": location_text(doc, r.span.start)} for r in diag.related],
    }


def file_view(
    doc: SourceDocument, report: Report, diagnostics: Sequence[Diagnostic], fail_on: Severity = Severity.ERROR
) -> dict[str, Any]:
    """Summary and findings of one report."""
    counts = {s.label: 0 for s in Severity}
    for diag in diagnostics:
        counts[diag.severity.label] += 1
    worst = max(diagnostics, key=lambda d: (d.severity, -d.span.start), default=None)
    return {
        "filename": doc.display_name,
        "org": report.title.org if report.title is not None else "",
        "year": report.year,
        "template": report.template,
        "passed": all(d.severity < fail_on for d in diagnostics),
        "counts": counts,
        "worst": None if worst is None else f"{worst.code} {worst.message}",
        "findings": [finding_view(doc, report, d, i) for i, d in enumerate(diagnostics)],
    }


def rule_counts(files: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Findings per rule across all reports, most frequent first."""
    counts: dict[str, dict[str, Any]] = {}
    for file in files:
        for finding in file["findings"]:
            entry = counts.setdefault(
                finding["code"],
                {
                    "code": finding["code"],
                    "name": finding["name"],
                    "severity": finding["severity"],
                    "count": 0,
                    "files": 0,
                    "_seen": set(),
                },
            )
            entry["count"] += 1
            if file["filename"] not in entry["_seen"]:
                entry["_seen"].add(file["filename"])
                entry["files"] += 1
    result = sorted(counts.values(), key=lambda e: (-e["count"], e["code"]))
    for entry in result:
        del entry["_seen"]
    return result


def highlight_segments(text: str, diagnostics: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    """The text cut at every finding boundary: [{"text", "ids"}], ids = the findings covering it.

    Lets a browser mark findings without any offset arithmetic (JavaScript strings
    count UTF-16 units, our spans count code points). Empty spans get one character.
    """
    bounds = {0, len(text)}
    spans = []
    for diag in diagnostics:
        start = min(diag.span.start, len(text))
        end = max(min(diag.span.end, len(text)), min(start + 1, len(text)))
        spans.append((start, end))
        bounds.update((start, end))
    points = sorted(bounds)
    # Sweep: which findings are open over each piece (findings are few; pieces are few).
    opens: dict[int, list[int]] = {}
    closes: dict[int, list[int]] = {}
    for i, (start, end) in enumerate(spans):
        opens.setdefault(start, []).append(i)
        closes.setdefault(end, []).append(i)
    active: set[int] = set()
    segments = []
    for a, b in itertools.pairwise(points):
        active.difference_update(closes.get(a, ()))
        active.update(opens.get(a, ()))
        if a < b:
            segments.append({"text": text[a:b], "ids": sorted(active)})
    return segments


def rule_summaries(rules: Mapping[str, RuleInfo], codes: Iterable[str]) -> dict[str, dict[str, str]]:
    return {
        code: {"name": rules[code].name, "summary": rules[code].summary, "doc": rules[code].doc}
        for code in sorted(set(codes))
        if code in rules
    }
