"""GK401–GK407: tables that are missing, unmappable, or hold non-numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from gklint.checks.context import CheckContext
from gklint.checks.scope import display_label, template_applies
from gklint.diagnostics import Applicability, Diagnostic, Edit, Fix, Span
from gklint.exact import brief, is_whole
from gklint.model.normalize import label_key
from gklint.model.report import Cell, CellKind, Table, TableStatus
from gklint.regexcache import compile_re
from gklint.ruledata import TableSchema, Template

_TABLE_NAMES = {
    "s2": "第二部分（主动公开政府信息情况）表格",
    "s3": "第三部分（收到和处理政府信息公开申请情况）表格",
    "s4": "第四部分（政府信息公开行政复议、行政诉讼情况）表格",
}
_PROBLEM_CODES = {"value-count": "GK406"}


def _visible(ctx: CheckContext, span: Span, key: str) -> Span:
    """A zero-width anchor is invisible in an editor: fall back to the section heading."""
    if span.end > span.start:
        return span
    number = {"s2": 2, "s3": 3, "s4": 4}[key]
    section = ctx.report.sections.get(number)
    if section is not None:
        return section.heading.span
    title = ctx.report.title
    return title.span if title is not None else span


def _problems(ctx: CheckContext, table: Table) -> Iterator[Diagnostic]:
    name = _TABLE_NAMES[table.key]
    if table.status is TableStatus.ABSENT:
        return  # the whole section is missing: GK101 already says so
    if table.status is TableStatus.UNMAPPED:
        detail = table.problems[0].detail if table.problems else ""
        span = table.problems[0].span if table.problems else table.region
        blank = bool(table.problems) and table.problems[0].kind == "blank"
        yield ctx.diagnostic(
            "GK401",
            f"{name}没有填写任何数字（空白表格），未检查勾稽关系：请填入各项数字，没有发生的事项填 0。"
            if blank
            else f"{name}无法对应到模板，未检查勾稽关系：{detail}",
            _visible(ctx, span, table.key),
            data={"table": table.key},
        )
        return
    for problem in table.problems:
        code = _PROBLEM_CODES.get(problem.kind, "GK401")
        prefix = "" if code == "GK406" else f"{name}部分内容未能检查："
        yield ctx.diagnostic(code, prefix + problem.detail, _visible(ctx, problem.span, table.key))


def _column_kind(schema: TableSchema, column: str) -> str:
    return schema.column(column).kind


def _number_problem(cell: Cell, kind: str) -> str | None:
    value = cell.value
    assert value is not None
    if kind == "count" and (value < 0 or not is_whole(value)):
        return "件数应为非负整数"
    if kind == "signed" and not is_whole(value):
        return "应为整数"
    if kind == "amount" and value < 0:
        return "金额不能为负数"
    return None


def _row_name(schema: TableSchema, row: str) -> str:
    return "第四部分表格数据行" if schema.key == "s4" else f"“{display_label(schema.row_label(row))}”"


def _cells(ctx: CheckContext, table: Table, schema: TableSchema) -> Iterator[Diagnostic]:
    blanks: dict[str, list[tuple[str, Cell]]] = {}
    for (row, column), cell in table.cells.items():
        if cell.kind is CellKind.NUMBER and cell.text.isdigit():
            continue  # a plain non-negative integer is valid in every column kind
        col_label = schema.column(column).label
        if cell.kind in (CellKind.BLANK, CellKind.PLACEHOLDER):
            blanks.setdefault(row, []).append((col_label, cell))
        elif cell.kind is CellKind.TEXT:
            yield ctx.diagnostic(
                "GK403",
                f"{_row_name(schema, row)}“{col_label}”一格写的是“{brief(cell.text)}”，应填写数字。",
                cell.span,
            )
        elif cell.kind is CellKind.UNIT:
            number = cell.text[: len(cell.text) - len(cell.unit)].strip()
            yield ctx.diagnostic(
                "GK404",
                f"{_row_name(schema, row)}“{col_label}”一格带有单位“{cell.unit}”，表格单元格只填数字，单位见列标题。",
                cell.span,
                fix=Fix(f"删除单位，改为“{brief(number)}”", (Edit(cell.span, number),), Applicability.UNSAFE),
            )
        if cell.value is not None and cell.kind in (CellKind.NUMBER, CellKind.UNIT):
            problem = _number_problem(cell, _column_kind(schema, column))
            if problem:
                yield ctx.diagnostic(
                    "GK405",
                    f"{_row_name(schema, row)}“{col_label}”一格为 {brief(cell.text)}：{problem}。",
                    cell.span,
                )
    for row, cells in blanks.items():
        cells.sort(key=lambda item: item[1].span.start)
        columns = "、".join(label for label, _ in cells)
        edits = tuple(Edit(c.span, _zero(ctx.snippet(c.span))) for _, c in cells if c.span.end > c.span.start)
        first, last = cells[0][1].span, cells[-1][1].span
        span = first if len(cells) == 1 else Span(first.start, max(first.end, last.end))
        fill = (
            Fix("空白处填入 0", edits, Applicability.UNSAFE)
            if edits
            and all(c.kind is CellKind.PLACEHOLDER or ctx.snippet(c.span).strip() == "" for _, c in cells)
            else None
        )
        yield ctx.diagnostic(
            "GK402",
            f"{_row_name(schema, row)}有 {len(cells)} 个单元格为空或为占位符（{columns}）：没有发生的事项应填 0；含空白单元格的勾稽关系未检查。",
            span,
            fix=fill,
            data={"columns": [label for label, _ in cells]},
        )


def _zero(written: str) -> str:
    """Keep the padding of a blank "|  |" cell so the table stays aligned."""
    if written.strip() or len(written) < 2:
        return "0"
    return written[0] + "0" + written[2:]


@cache
def _outdated_patterns(template: Template) -> tuple[re.Pattern[str], ...]:
    return tuple(compile_re(o.pattern) for o in template.outdated)


def _labels(ctx: CheckContext, table: Table) -> Iterator[Diagnostic]:
    outdated = _outdated_patterns(ctx.template)
    for ref in table.labels.values():
        if ref.exact:
            continue
        key = label_key(ref.text)
        if any(p.search(key) for p in outdated):
            continue  # an old-format label: GK501 reports it with the right explanation
        expected = display_label(ref.expected)
        yield ctx.diagnostic(
            "GK407",
            f"行标签“{ref.text}”与模板不一致，应为“{expected}”。",
            ref.span,
            fix=Fix(f"改为“{expected}”", (Edit(ref.span, expected),), Applicability.SAFE),
            data={"expected": expected, "actual": ref.text},
        )


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    if not template_applies(ctx):
        return
    for key in ("s2", "s3", "s4"):
        table = ctx.report.tables.get(key)
        if table is None:
            continue
        yield from _problems(ctx, table)
        if table.schema:
            schema = ctx.template.schema(table.schema)
            yield from _cells(ctx, table, schema)
            yield from _labels(ctx, table)
