"""Named figures read from the mapped tables, for rules that compare them with prose or other years.

The 2019 and 2021 layouts of 表三 number their rows differently ((七)总计 is r22 in 2019 and
r24 in 2021); rules ask for a figure by meaning ("total") and get the cells that hold it.
A figure is None when any of its cells is missing or not a number: such a table is "cannot
check" (GK40x says so), never a mismatch.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from gklint.exact import show, total
from gklint.model.report import Cell, CellKind, Report, Table

S3_ROWS = {
    "s3-2021": {"received": "r01", "carried": "r02", "total": "r24", "forward": "r25", "fee_unpaid": "r22"},
    "s3-2019": {"received": "r01", "carried": "r02", "total": "r22", "forward": "r23"},
}
S3_NAMES = {
    "received": "一、本年新收政府信息公开申请数量",
    "carried": "二、上年结转政府信息公开申请数量",
    "total": "（七）总计",
    "forward": "四、结转下年度继续办理",
    "fee_unpaid": "2.申请人逾期未按收费通知要求缴纳费用",
}
S3_COLUMNS = ("C1", "C2", "C3", "C4", "C5", "C6", "C7")
S3_COLUMN_NAMES = {
    "C1": "自然人",
    "C2": "商业企业",
    "C3": "科研机构",
    "C4": "社会公益组织",
    "C5": "法律服务机构",
    "C6": "其他",
    "C7": "总计",
}
S4_FIGURES = {"appeals": ("v5",), "lawsuits": ("v10", "v15")}
S4_NAMES = {
    "appeals": "表四 行政复议“总计”",
    "lawsuits": "表四 行政诉讼“总计”（未经复议直接起诉＋复议后起诉）",
}
S2_FIGURES = {
    "normative": (("nrm", "made"),),
    "licence": (("lic", "decisions"),),
    "penalty": (("pen", "decisions"),),
    "coercion": (("coe", "decisions"),),
}
S2_NAMES = {
    "normative": "表二 行政规范性文件“本年制发件数”",
    "licence": "表二 行政许可“本年处理决定数量”",
    "penalty": "表二 行政处罚“本年处理决定数量”",
    "coercion": "表二 行政强制“本年处理决定数量”",
}


class Figure(NamedTuple):
    """A number read from one or more table cells (their sum), and those cells."""

    value: Decimal
    cells: tuple[Cell, ...]
    name: str


def _sum(table: Table, keys: tuple[tuple[str, str], ...], name: str) -> Figure | None:
    cells = []
    for key in keys:
        cell = table.cells.get(key)
        if cell is None or cell.kind is not CellKind.NUMBER or cell.value is None:
            return None
        cells.append(cell)
    return Figure(total(c.value for c in cells if c.value is not None), tuple(cells), name)


def s3_figure(report: Report, role: str, column: str = "C7") -> Figure | None:
    table = report.tables.get("s3")
    if table is None or table.schema not in S3_ROWS:
        return None
    row = S3_ROWS[table.schema].get(role)
    if row is None:
        return None
    return _sum(table, ((row, column),), f"表三“{S3_NAMES[role]}”{S3_COLUMN_NAMES[column]}")


def s4_figure(report: Report, role: str) -> Figure | None:
    table = report.tables.get("s4")
    if table is None or table.schema != "s4":
        return None
    return _sum(table, tuple(("row", v) for v in S4_FIGURES[role]), S4_NAMES[role])


def s2_figure(report: Report, role: str) -> Figure | None:
    table = report.tables.get("s2")
    if table is None or not table.schema:
        return None
    if role == "normative" and table.schema != "s2-2021":
        return None  # the 2019 table counts 新制作/新公开, not 制发
    return _sum(table, S2_FIGURES[role], S2_NAMES[role])


def figure(report: Report, table: str, role: str) -> Figure | None:
    if table == "s3":
        return s3_figure(report, role)
    if table == "s4":
        return s4_figure(report, role)
    return s2_figure(report, role)


def fmt(value: Decimal) -> str:
    """A figure as a message shows it (exact when short, abbreviated when absurdly long)."""
    return show(value)


def _cells_sum(table: Table, keys: list[tuple[str, str]]) -> Decimal | None:
    found = _sum(table, tuple(keys), "")
    return None if found is None else found.value


def totals_consistent(report: Report, key: str) -> bool:
    """Whether the table's own totals hold, so its total cells can be compared with other text.

    When they do not, GK301/GK304 already name the suspect cell; comparing prose with a
    total that is itself wrong would report the same mistake twice.
    """
    table = report.tables.get(key)
    if table is None:
        return False
    if key == "s3":
        rows = S3_ROWS.get(table.schema)
        if rows is None:
            return False
        left = _cells_sum(table, [(rows["received"], "C7"), (rows["carried"], "C7")])
        right = _cells_sum(table, [(rows["total"], "C7"), (rows["forward"], "C7")])
        return left is None or right is None or left == right
    if key == "s4":
        for total, parts in (("v5", "v1 v2 v3 v4"), ("v10", "v6 v7 v8 v9"), ("v15", "v11 v12 v13 v14")):
            whole = _cells_sum(table, [("row", total)])
            summed = _cells_sum(table, [("row", p) for p in parts.split()])
            if whole is not None and summed is not None and whole != summed:
                return False
    return True
