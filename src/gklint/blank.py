"""`gklint init`: a blank annual report in the current national format (国办公开办函〔2021〕30号).

The report is built once as plain data — paragraphs and tables as grids with
merged cells — and then written as text (.txt, tab-separated table rows),
Markdown (.md, pipe tables) or Word (.docx, real tables with the template's
merged cells, see `gklint.docx_write`). Table labels come from
`rules/template.toml`, the same data the checks use, so the blank report and
the linter cannot drift apart; they are printed in the template's full-width
punctuation.

Everything the clerk must write is a placeholder "【请填写：…】"; rule GK008
(placeholder-left) flags any that are still there. Every number cell is 0,
which satisfies every 勾稽关系.
"""

from __future__ import annotations

from typing import NamedTuple

from gklint.ruledata import TableSchema, template

PLACEHOLDER_OPEN = "【请填写："
PLACEHOLDER_CLOSE = "】"


def placeholder(what: str) -> str:
    return f"{PLACEHOLDER_OPEN}{what}{PLACEHOLDER_CLOSE}"


class Cell(NamedTuple):
    """A cell of a table grid; `rows`/`cols` > 1 is the top-left cell of a merged area."""

    text: str
    rows: int = 1
    cols: int = 1
    header: bool = False


class Table(NamedTuple):
    """A grid: each row lists its cells left to right, skipping positions covered by a merge above or left."""

    rows: tuple[tuple[Cell, ...], ...]
    width: int


class Paragraph(NamedTuple):
    text: str
    kind: str = "body"  # "title", "heading" (一、…), "subheading" ((一)…) or "body"


Block = Paragraph | Table


def official(label: str) -> str:
    """Template data is stored folded (half-width); the printed template uses full-width punctuation."""
    out = label.replace("(", "（").replace(")", "）").replace(":", "：").replace(",", "，")
    while '"' in out:
        out = out.replace('"', "“", 1).replace('"', "”", 1)
    return out


def _schema(name: str) -> TableSchema:
    return template().schema(name)


# --- the three tables ----------------------------------------------------------------------------


def table_two() -> Table:
    """二、主动公开政府信息情况: four sub-tables, each a caption row, a header row and data rows."""
    schema = _schema("s2-2021")
    rows: list[tuple[Cell, ...]] = []
    for block in schema.blocks:
        rows.append((Cell(official(block.caption), cols=4, header=True),))
        if len(block.columns) == 3:
            rows.append(
                (
                    Cell("信息内容", header=True),
                    *(Cell(official(c.label), header=True) for c in block.columns),
                )
            )
            rows += [(Cell(official(r.label)), Cell("0"), Cell("0"), Cell("0")) for r in block.rows]
        else:  # one value column, merged across the three value positions as in the template
            (column,) = block.columns
            rows.append((Cell("信息内容", header=True), Cell(official(column.label), cols=3, header=True)))
            rows += [(Cell(official(r.label)), Cell("0", cols=3)) for r in block.rows]
    return Table(tuple(rows), 4)


_SUB_GROUPS = ("g3_3", "g3_4", "g3_5", "g3_6")


def table_three() -> Table:
    """三、收到和处理政府信息公开申请情况: 3 label columns + 7 value columns, merged as in the template."""
    schema = _schema("s3-2021")
    zeros = tuple(Cell("0") for _ in schema.columns)
    labels = {c.id: official(c.label) for c in schema.columns}
    rows: list[tuple[Cell, ...]] = [
        (
            Cell(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                rows=3,
                cols=3,
                header=True,
            ),
            Cell("申请人情况", cols=7, header=True),
        ),
        (
            Cell(labels["C1"], rows=2, header=True),
            Cell("法人或其他组织", cols=5, header=True),
            Cell(labels["C7"], rows=2, header=True),
        ),
        tuple(Cell(labels[c], header=True) for c in ("C2", "C3", "C4", "C5", "C6")),
    ]
    spec = list(schema.rows)
    index = {row.id: i for i, row in enumerate(spec)}
    under_three = [r for r in spec[index["g3"] + 1 : index["r25"]] if not r.group]
    groups: dict[str, list[str]] = {}
    current = ""
    for row in spec[index["g3"] + 1 : index["r25"]]:
        if row.id in _SUB_GROUPS:
            current = row.id
            groups[current] = []
        elif row.id in ("r03", "r04", "r24"):
            current = ""
        elif current:
            groups[current].append(row.id)
    first_of_group = {ids[0]: gid for gid, ids in groups.items()}
    in_group = {rid for ids in groups.values() for rid in ids}
    for row in spec:
        if row.group:
            continue
        label = official(row.label)
        if row.id in ("r01", "r02", "r25"):
            rows.append((Cell(label, cols=3), *zeros))
            continue
        lead: tuple[Cell, ...] = ()
        if row is under_three[0]:
            lead = (Cell(official(spec[index["g3"]].label), rows=len(under_three)),)
        if row.id in in_group:
            if row.id in first_of_group:
                gid = first_of_group[row.id]
                lead += (Cell(official(spec[index[gid]].label), rows=len(groups[gid])),)
            rows.append((*lead, Cell(label), *zeros))
        else:
            rows.append((*lead, Cell(label, cols=2), *zeros))
    return Table(tuple(rows), 10)


def table_four() -> Table:
    """四、行政复议、行政诉讼: 15 value columns under a three-level header."""
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    return Table(
        (
            (Cell("行政复议", cols=5, header=True), Cell("行政诉讼", cols=10, header=True)),
            (
                *(Cell(r, rows=2, header=True) for r in results),
                Cell("未经复议直接起诉", cols=5, header=True),
                Cell("复议后起诉", cols=5, header=True),
            ),
            tuple(Cell(r, header=True) for r in results * 2),
            tuple(Cell("0") for _ in range(15)),
        ),
        15,
    )


# --- the report ----------------------------------------------------------------------------------


def blank_report(org: str, year: int) -> list[Block]:
    sections = [
        f"{numeral}、{official(template().section(n).title)}" for n, numeral in enumerate("一二三四五六", 1)
    ]
    title = f"{org}{year}年政府信息公开工作年度报告"
    preamble = (
        "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
        f"（国办公开办函〔2021〕30号）要求编制。本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"本报告电子版可在{placeholder('网站名称及网址')}查阅或下载。"
        f"如对本报告有疑问，请与{placeholder('联系机构')}联系（地址：{placeholder('地址')}；"
        f"邮编：{placeholder('邮编')}；电话：{placeholder('电话')}）。"
    )
    overview = [
        ("（一）主动公开", "主动公开政府信息的数量、渠道和政策解读等情况"),
        ("（二）依申请公开", "收到和办理政府信息公开申请的情况"),
        ("（三）政府信息管理", "政府信息公开审查、公开属性认定、动态更新等管理情况"),
        ("（四）政府信息公开平台建设", "政府网站、政务新媒体、政务公开专区等平台建设情况"),
        ("（五）监督保障", "工作机构、人员培训、考核评议和责任追究等情况"),
    ]
    blocks: list[Block] = [Paragraph(title, "title"), Paragraph(preamble), Paragraph(sections[0], "heading")]
    for heading, what in overview:
        blocks += [Paragraph(heading, "subheading"), Paragraph(placeholder(what))]
    blocks += [
        Paragraph(sections[1], "heading"),
        table_two(),
        Paragraph(sections[2], "heading"),
        table_three(),
        Paragraph(sections[3], "heading"),
        table_four(),
        Paragraph(sections[4], "heading"),
        Paragraph(placeholder("上一年度存在问题的整改情况、本年度存在的主要问题和改进措施")),
        Paragraph(sections[5], "heading"),
        Paragraph(
            placeholder(
                "收取信息处理费的情况（未收取的写明“本年度未收取信息处理费”），以及落实上级年度政务公开工作要点、"
                "人大代表建议和政协提案办理结果公开、政务公开工作创新等需要报告的事项"
            )
        ),
    ]
    return blocks


# --- writers -------------------------------------------------------------------------------------


def grid(table: Table) -> list[list[str]]:
    """The table as a full rectangle: merged text in its top-left position, covered positions empty."""
    height = len(table.rows)
    out = [[""] * table.width for _ in range(height)]
    covered = [[False] * table.width for _ in range(height)]
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while covered[r][c]:
                c += 1
            out[r][c] = cell.text
            for dr in range(cell.rows):
                for dc in range(cell.cols):
                    covered[r + dr][c + dc] = True
            c += cell.cols
    return out


def to_text(blocks: list[Block]) -> str:
    """Plain text: one paragraph per line, table rows tab-separated (as Word's "save as text" does)."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            lines += ["\t".join(row).rstrip("\t") for row in grid(block)]
        else:
            lines.append(block.text)
        lines.append("")
    return "\n".join(lines)


def to_markdown(blocks: list[Block]) -> str:
    """Markdown: headings with #, pipe tables (merged areas repeat nothing; covered cells are empty)."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = grid(block)
            lines.append("| " + " | ".join(rows[0]) + " |")
            lines.append("|" + "---|" * block.width)
            lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        elif block.kind == "title":
            lines.append(f"# {block.text}")
        elif block.kind == "heading":
            lines.append(f"## {block.text}")
        elif block.kind == "subheading":
            lines.append(f"### {block.text}")
        else:
            lines.append(block.text)
        lines.append("")
    return "\n".join(lines)
