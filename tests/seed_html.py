"""Render a plain-text report as the web page a government site would publish for it.

The prose becomes <p> paragraphs, and the three statistics tables become HTML
tables laid out like the national template as CMSs publish it (compare
tests/fixtures/html/pingtan_2023.html): merged header cells, the
"三、本年度办理结果" label spanning every result row, the "（三）不予公开"-style
group labels spanning their sub-rows, blank cells as &nbsp;. The cells are
the ones the model read from the text (as written, units and all), so the page
says exactly what the text says — any difference in findings between the two is
a reader bug. Page chrome (navigation, breadcrumb, share bar, footer) and a
发布时间 line are put around the article, as on a real page.
"""

from __future__ import annotations

from html import escape

from gklint.engine import lint_text
from gklint.model.report import Table, TableStatus
from gklint.ruledata import BlockSpec, RowSpec, TableSchema, template

_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", '"': "“"})


def _td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    body = escape(text) if text else "&nbsp;"
    return f'<td{attrs} valign="center"><p style="text-indent: 0em;">{body}</p></td>'


def _label(table: Table, row: RowSpec) -> str:
    ref = table.labels.get(row.id)
    return ref.text if ref is not None else row.label.translate(_FULL_WIDTH)


def _present(table: Table, row: RowSpec) -> bool:
    return row.id in table.labels or any(key[0] == row.id for key in table.cells)


def _values(table: Table, row_id: str, column_ids: list[str]) -> list[str]:
    out = []
    for col in column_ids:
        cell = table.cells.get((row_id, col))
        out.append(cell.text if cell is not None else "")
    return out


def _s2(table: Table, schema: TableSchema) -> str:
    rows = []
    for block in schema.blocks:
        rows.append(f"<tr>{_td(block.caption.translate(_FULL_WIDTH), colspan=4)}</tr>")
        rows.append("<tr>" + _td("信息内容") + _spread(block, [c.label for c in block.columns]) + "</tr>")
        for row in block.rows:
            if _present(table, row):
                values = _values(table, row.id, [c.id for c in block.columns])
                rows.append("<tr>" + _td(_label(table, row)) + _spread(block, values) + "</tr>")
    return '<table border="1"><tbody>' + "".join(rows) + "</tbody></table>"


def _spread(block: BlockSpec, texts: list[str]) -> str:
    """Three value columns wide: the last cell spans what the block's columns leave."""
    cells = [_td(t) for t in texts[:-1]]
    cells.append(_td(texts[-1], colspan=4 - len(texts)))
    return "".join(cells)


S3_HEADER = (
    '<tr><td colspan="3" rowspan="3"><p>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</p></td>'
    '<td colspan="7"><p>申请人情况</p></td></tr>'
    '<tr><td rowspan="2"><p>自然人</p></td><td colspan="5"><p>法人或其他组织</p></td>'
    '<td rowspan="2"><p>总计</p></td></tr>'
    "<tr><td><p>商业</p><p>企业</p></td><td><p>科研</p><p>机构</p></td><td><p>社会公益组织</p></td>"
    "<td><p>法律服务机构</p></td><td><p>其他</p></td></tr>"
)


def _s3(table: Table, schema: TableSchema) -> str:
    """Rows of the template with their label cells merged the way the template merges them."""
    columns = [c.id for c in schema.columns]
    # Who each value row belongs to: the "三、" group and, inside it, a "（三）…" sub-group.
    entries: list[tuple[RowSpec, RowSpec | None, RowSpec | None]] = []
    top: RowSpec | None = None
    sub: RowSpec | None = None
    for row in schema.rows:
        if row.group:
            if row.label.startswith("三、"):
                top, sub = row, None
            else:
                sub = row
            continue
        if row.label[:2] in ("一、", "二、", "四、"):
            top = sub = None
        elif row.label.startswith("("):
            sub = None
        if _present(table, row):
            entries.append((row, top, sub))
    spans: dict[str, int] = {}
    for _row, group, subgroup in entries:
        for parent in (group, subgroup):
            if parent is not None:
                spans[parent.id] = spans.get(parent.id, 0) + 1
    out = [S3_HEADER]
    seen: set[str] = set()
    for row, group, subgroup in entries:
        cells = []
        for parent in (group, subgroup):
            if parent is not None and parent.id not in seen:
                seen.add(parent.id)
                cells.append(_td(_label(table, parent), rowspan=spans[parent.id]))
        width = 3 - (group is not None) - (subgroup is not None)
        cells.append(_td(_label(table, row), colspan=width))
        cells.extend(_td(v) for v in _values(table, row.id, columns))
        out.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1"><tbody>' + "".join(out) + "</tbody></table>"


S4_HEADER = (
    '<tr><td colspan="5"><p>行政复议</p></td><td colspan="10"><p>行政诉讼</p></td></tr>'
    '<tr><td rowspan="2"><p>结果维持</p></td><td rowspan="2"><p>结果<br/>纠正</p></td>'
    '<td rowspan="2"><p>其他<br/>结果</p></td><td rowspan="2"><p>尚未<br/>审结</p></td>'
    '<td rowspan="2"><p>总计</p></td><td colspan="5"><p>未经复议直接起诉</p></td>'
    '<td colspan="5"><p>复议后起诉</p></td></tr>'
    "<tr>" + "<td><p>结果<br/>维持</p></td><td><p>结果<br/>纠正</p></td><td><p>其他<br/>结果</p></td>"
    "<td><p>尚未<br/>审结</p></td><td><p>总计</p></td>" * 2 + "</tr>"
)


def _s4(table: Table, schema: TableSchema) -> str:
    values = _values(table, schema.rows[0].id if schema.rows else "row", [c.id for c in schema.columns])
    return (
        '<table border="1"><tbody>'
        + S4_HEADER
        + "<tr>"
        + "".join(_td(v) for v in values)
        + "</tr></tbody></table>"
    )


def _is_prose(line: str) -> bool:
    """A sentence inside a table's region (a note under the table) stays a paragraph."""
    return "。" in line or len(line.strip()) > 50


_RENDER = {"s2": _s2, "s3": _s3, "s4": _s4}


def render_html(text: str, published: str = "2025年01月20日") -> str:
    """The web page for a text report (UTF-8, with the usual page chrome around the article)."""
    report = lint_text(text).report
    schemas = {s.schema: s for s in template().tables}
    tables: list[tuple[int, int, str]] = []
    for key, table in report.tables.items():
        if table.status in (TableStatus.MAPPED, TableStatus.PARTIAL) and table.schema in schemas:
            tables.append((table.region.start, table.region.end, _RENDER[key](table, schemas[table.schema])))
    tables.sort()
    heading_starts = {h.span.start for h in report.headings}
    article: list[str] = []
    pos = 0
    pending = list(tables)
    emitted = False  # whether pending[0] has been written
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        while pending and pending[0][1] <= start:
            if not emitted:
                article.append(pending[0][2])
            pending.pop(0)
            emitted = False
        in_table = bool(pending) and pending[0][0] < end and start < pending[0][1]
        if in_table and not any(start <= h < end for h in heading_starts) and not _is_prose(line):
            # A line of the table's text layout: the HTML table stands for it, where it starts.
            if not emitted and line.strip():
                article.append(pending[0][2])
                emitted = True
            continue
        if line.strip():
            article.append(f'<p style="text-indent: 2em;">{escape(line.strip())}</p>')
    if pending and not emitted:
        article.append(pending[0][2])
    article.extend(t[2] for t in pending[1:])
    title = report.title.text if report.title is not None else "政府信息公开工作年度报告"
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{escape(title)}_政府信息公开年报</title></head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 年度报告</div>
<div class="article">
<div class="info">发布时间：{published} 来源：办公室</div>
<div class="TRS_Editor">
{chr(10).join(article)}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="print">【打印本页】【关闭窗口】</div>
</div>
<div class="footer">版权所有：某人民政府网站 备案号：某ICP备00000000号</div>
</body></html>
"""
