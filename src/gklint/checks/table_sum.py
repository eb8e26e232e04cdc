"""GK301–GK304: the arithmetic relations (勾稽关系) of tables 三 and 四.

Relations are data (rules/template.toml `[[table.relation]]`). A relation is
checked only when every cell in it holds a number: a blank or text cell makes
it uncheckable (GK402/GK403 report that cell), never an invented sum error.

When two failing equations share exactly one cell and changing that one cell
would repair both, that cell is the likely culprit and the diagnostics point
at it instead of at the total.
"""

from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from gklint.checks.context import CheckContext
from gklint.checks.scope import display_label, template_applies
from gklint.diagnostics import Applicability, Diagnostic, Edit, Fix, Related
from gklint.exact import EXACT, brief, difference, plain, show, total
from gklint.model.report import Cell, Table, TableStatus
from gklint.ruledata import Relation, TableSchema

CellId = tuple[str, str]


class _Failure(NamedTuple):
    """One instance of a relation that does not hold, with its residual."""

    relation: Relation
    along: str  # the column (over="column") or row (over="row") the equation ran along
    left: tuple[CellId, ...]
    right: tuple[CellId, ...]
    residual: Decimal  # sum(left) - sum(right)

    def coefficient(self, cell: CellId) -> int:
        # -1, 0 or 1: no relation lists a cell twice (tests/test_hostile_input.py checks the template).
        return (1 if cell in self.left else 0) - (1 if cell in self.right else 0)

    @property
    def cells(self) -> tuple[CellId, ...]:
        return self.left + self.right

    @property
    def target(self) -> CellId:
        rel = self.relation
        return (rel.target, self.along) if rel.over == "column" else (self.along, rel.target)


def _value_rows(schema: TableSchema) -> list[str]:
    return [r.id for r in schema.rows if not r.group]


def _instances(
    table: Table, schema: TableSchema, relation: Relation
) -> Iterator[tuple[str, tuple[CellId, ...], tuple[CellId, ...]]]:
    if relation.over == "column":
        for column in schema.columns:
            yield (
                column.id,
                tuple((r, column.id) for r in relation.left),
                tuple((r, column.id) for r in relation.right),
            )
    else:
        for row in _value_rows(schema):
            yield row, tuple((row, c) for c in relation.left), tuple((row, c) for c in relation.right)


def _failures(table: Table, schema: TableSchema) -> list[_Failure]:
    # Only numeric cells: a relation touching a missing, blank or text cell cannot be checked.
    values = {key: cell.value for key, cell in table.cells.items() if cell.value is not None}
    failures = []
    for relation in schema.relations:
        for along, left, right in _instances(table, schema, relation):
            try:
                residual = difference(total([values[c] for c in left]), total([values[c] for c in right]))
            except KeyError:
                continue
            if residual != 0:
                failures.append(_Failure(relation, along, left, right, residual))
    return failures


def _suspects(failures: list[_Failure]) -> dict[int, tuple[CellId, Decimal]]:
    """failure index → (cell, corrected value) when one cell explains two failures."""
    found: dict[int, tuple[CellId, Decimal]] = {}
    for i, a in enumerate(failures):
        for j in range(i + 1, len(failures)):
            b = failures[j]
            shared = set(a.cells) & set(b.cells)
            if len(shared) != 1:
                continue
            cell = next(iter(shared))
            ca, cb = a.coefficient(cell), b.coefficient(cell)
            if ca == 0 or cb == 0:
                continue
            # coefficients are ±1, so -residual / c is -residual * c: exact, no division
            delta_a, delta_b = EXACT.multiply(-a.residual, ca), EXACT.multiply(-b.residual, cb)
            if delta_a == delta_b:
                found.setdefault(i, (cell, delta_a))
                found.setdefault(j, (cell, delta_a))
    return found


def _name(schema: TableSchema, cell: CellId) -> str:
    row, column = cell
    col = schema.column(column).label
    if schema.key == "s4":
        return col
    return f"“{display_label(schema.row_label(row))}”行“{col}”列"


def _terms(table: Table, schema: TableSchema, cells: tuple[CellId, ...], by_row: bool) -> str:
    parts = []
    for cell in cells:
        value = table.cells[cell].value
        assert value is not None
        label = display_label(schema.row_label(cell[0])) if by_row else schema.column(cell[1]).label
        parts.append(f"{label} {show(value)}")
    return "、".join(parts)


def _message(table: Table, schema: TableSchema, failure: _Failure) -> str:
    rel = failure.relation
    left_sum = total(table.cells[c].value or Decimal(0) for c in failure.left)
    right_sum = difference(left_sum, failure.residual)
    by_row = rel.over == "column"
    if schema.key == "s4":
        total_cell = table.cells[failure.left[0]]
        return (
            f"第四部分表格：{schema.column(failure.left[0][1]).label}为 {brief(total_cell.text)}，"
            f"但{_terms(table, schema, failure.right, by_row=False)}之和为 {show(right_sum)}（{rel.statement}）。"
        )
    where = (
        f"“{schema.column(failure.along).label}”列"
        if by_row
        else f"“{display_label(schema.row_label(failure.along))}”行"
    )
    if len(failure.left) == 1:
        total_label = (
            display_label(schema.row_label(failure.left[0][0]))
            if by_row
            else schema.column(failure.left[0][1]).label
        )
        return (
            f"第三部分表格{where}：{total_label}为 {show(left_sum)}，但各项之和为 {show(right_sum)}"
            f"（相差 {show(abs(failure.residual))}；{rel.statement}）。"
        )
    return (
        f"第三部分表格{where}：{_terms(table, schema, failure.left, by_row)}，合计 {show(left_sum)}；"
        f"但{_terms(table, schema, failure.right, by_row)}，合计 {show(right_sum)}（相差 {show(abs(failure.residual))}；{rel.statement}）。"
    )


def _fix(table: Table, cell: CellId, value: Decimal, what: str) -> Fix | None:
    current = table.cells[cell]
    if value < 0:
        return None
    return Fix(f"把{what}改为 {show(value)}", (Edit(current.span, plain(value)),), Applicability.UNSAFE)


class _Blame(NamedTuple):
    """The cell a failure is reported on, and the value that would repair it."""

    cell: CellId
    expected: Decimal
    suspect: bool  # one cell explains this failure and another one


def _blame(table: Table, failure: _Failure, suspect: tuple[CellId, Decimal] | None) -> _Blame:
    if suspect is not None:
        cell, delta = suspect
        return _Blame(cell, EXACT.add(table.cells[cell].value or Decimal(0), delta), True)
    target = failure.target
    current = table.cells[target].value
    assert current is not None  # a failure involves numeric cells only
    return _Blame(
        target, difference(current, EXACT.multiply(failure.residual, failure.coefficient(target))), False
    )


def _specificity(failure: _Failure, cell: CellId) -> tuple[bool, int, str]:
    """Sort key: the relation that names the cell most directly is the one reported.

    A relation whose total is the cell itself comes first ("（七）总计" → GK302), then the
    shortest equation (a result cell's row sum, GK303, before its 20-term column sum).
    """
    return (failure.target != cell, len(failure.cells), failure.relation.code)


def _where(schema: TableSchema, failure: _Failure) -> str:
    if schema.key == "s4":
        return schema.column(failure.left[0][1]).label
    if failure.relation.over == "column":
        return f"“{schema.column(failure.along).label}”列"
    return f"“{display_label(schema.row_label(failure.along))}”行"


def _diagnostics(ctx: CheckContext, table: Table, schema: TableSchema) -> Iterator[Diagnostic]:
    """One diagnostic per wrong cell: every relation the cell breaks is folded into it."""
    failures = _failures(table, schema)
    suspects = _suspects(failures)
    groups: dict[CellId, list[tuple[_Failure, _Blame]]] = {}
    for i, failure in enumerate(failures):
        blame = _blame(table, failure, suspects.get(i))
        groups.setdefault(blame.cell, []).append((failure, blame))
    for cell, group in groups.items():
        group.sort(key=lambda fb: _specificity(fb[0], cell))
        failure, blame = group[0]
        others = [f for f, _ in group[1:]]
        current: Cell = table.cells[cell]
        message = _message(table, schema, failure)
        if others:
            broken = "；".join(
                f"{_where(schema, o)}（{o.relation.code}：{o.relation.statement}）" for o in others
            )
            message += f"同一格还使{broken}不成立"
            message += f"，疑为此格有误（应为 {show(blame.expected)}）。" if blame.suspect else "。"
        elif blame.suspect:
            message += f"该格同时使另一处合计不符，疑为此格有误（应为 {show(blame.expected)}）。"
        # The other broken relations first (a terminal shows only the first few), then the
        # cells of the reported one.
        related = [
            Related(
                table.cells[
                    other.target if other.target != cell else next(c for c in other.cells if c != cell)
                ].span,
                f"{other.relation.code}：{_message(table, schema, other)}",
            )
            for other in others
        ]
        related += [
            Related(table.cells[c].span, f"{_name(schema, c)}：{brief(table.cells[c].text)}")
            for c in failure.cells
            if c != cell
        ]
        fix = None
        if blame.suspect or failure.relation.fixable:
            fix = _fix(table, cell, blame.expected, _name(schema, cell))
        data: dict[str, object] = {
            "relation": failure.relation.id,
            "residual": plain(failure.residual),
            "cell": list(cell),
            "expected": plain(blame.expected),
            "actual": current.text,
            "relations": [
                {
                    "relation": f.relation.id,
                    "code": f.relation.code,
                    "along": f.along,
                    "residual": plain(f.residual),
                    "statement": f.relation.statement,
                }
                for f, _ in group
            ],
        }
        yield ctx.diagnostic(
            failure.relation.code, message, current.span, fix=fix, related=tuple(related), data=data
        )


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    if not template_applies(ctx):
        return
    for key in ("s3", "s4"):
        table = ctx.report.tables.get(key)
        if table is None or not table.schema or table.status not in (TableStatus.MAPPED, TableStatus.PARTIAL):
            continue
        yield from _diagnostics(ctx, table, ctx.template.schema(table.schema))
