"""The HTML audit report (``--format html``): one self-contained page for reviewers.

One file, no external scripts, fonts or stylesheets, so it opens from a USB
stick on an office PC with no network. It lists every report with its
verdict and counts, the findings per rule across the folder, and per report
each finding with its place, the sentence or mapped table around it (the
offending cell marked) and the fix. A few lines of inline script filter by
severity, rule and organisation and sort the summary; without script the
page is complete and prints well.

Everything taken from reports is escaped here (`_e`): a report containing
``<script>`` renders as text.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from gklint import __version__

_VERDICT = {True: "通过", False: "不通过"}


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _context(ctx: Mapping[str, str]) -> str:
    return f'<div class="ctx">{_e(ctx["before"])}<mark>{_e(ctx["hit"] or "⌁")}</mark>{_e(ctx["after"])}</div>'


def table_html(table: Mapping[str, Any]) -> str:
    """A mapped template table with the finding's cell (class "hit") and related cells marked."""
    parts = [f'<div class="tbl"><div class="tbl-title">{_e(table["title"])}</div>']
    for block in table["blocks"]:
        parts.append("<table>")
        if block["caption"]:
            parts.append(f"<caption>{_e(block['caption'])}</caption>")
        parts.append(
            "<thead><tr><th></th>" + "".join(f"<th>{_e(c)}</th>" for c in block["columns"]) + "</tr></thead>"
        )
        parts.append("<tbody>")
        span = len(block["columns"])
        for row in block["rows"]:
            if row["group"]:
                parts.append(f'<tr class="grp"><th colspan="{span + 1}">{_e(row["label"])}</th></tr>')
                continue
            cells = "".join(
                f'<td class="{_e(c["mark"])}">{_e(c["text"])}</td>'
                if c["mark"]
                else f"<td>{_e(c['text'])}</td>"
                for c in row["cells"]
            )
            marked = " marked" if any(c["mark"] == "hit" for c in row["cells"]) else ""
            parts.append(f'<tr class="row{marked}"><th>{_e(row["label"])}</th>{cells}</tr>')
        parts.append("</tbody></table>")
    parts.append("</div>")
    return "".join(parts)


def _finding(file_index: int, finding: Mapping[str, Any], org: str) -> str:
    fix = finding["fix"]
    related = finding["related"]
    parts = [
        f'<li class="finding sev-{_e(finding["severity"])}" data-severity="{_e(finding["severity"])}" '
        f'data-code="{_e(finding["code"])}" data-org="{_e(org)}" id="f{file_index}-{finding["id"]}">',
        f'<div class="head"><span class="badge {_e(finding["severity"])}">{_e(finding["severity_zh"])}</span>'
        f' <b>{_e(finding["code"])}</b> <span class="name">{_e(finding["name"])}</span>'
        f' <span class="where">{_e(finding["where"])}</span></div>',
        f'<div class="msg">{_e(finding["message"])}</div>',
        _context(finding["context"]),
    ]
    if finding["table"] is not None:
        parts.append(table_html(finding["table"]))
    if fix is not None:
        safety = "安全" if fix["applicability"] == "safe" else "需人工确认"
        parts.append(f'<div class="fix">修改建议（{safety}）：{_e(fix["message"])}</div>')
    if related:
        items = "".join(f"<li>{_e(r['where'])}：{_e(r['message'])}</li>" for r in related)
        parts.append(
            f'<details class="related"><summary>相关位置（{len(related)}）</summary><ul>{items}</ul></details>'
        )
    parts.append("</li>")
    return "".join(parts)


def _summary_rows(files: Sequence[Mapping[str, Any]]) -> str:
    rows = []
    for i, f in enumerate(files):
        c = f["counts"]
        rows.append(
            f'<tr data-org="{_e(f["org"])}" data-codes="{_e(" ".join(sorted({x["code"] for x in f["findings"]})))}">'
            f'<td><a href="#r{i}">{_e(f["filename"])}</a></td><td>{_e(f["org"] or "（未识别）")}</td>'
            f'<td data-sort="{_e(f["year"] or 0)}">{_e(f["year"] or "未知")}</td><td>{_e(f["template"] or "—")}</td>'
            f'<td class="{"pass" if f["passed"] else "fail"}">{_VERDICT[f["passed"]]}</td>'
            f'<td data-sort="{c["error"]}">{c["error"]}</td><td data-sort="{c["warning"]}">{c["warning"]}</td>'
            f'<td data-sort="{c["info"]}">{c["info"]}</td><td>{_e(f["worst"] or "")}</td></tr>'
        )
    return "".join(rows)


def _report_section(i: int, f: Mapping[str, Any]) -> str:
    title = (
        " ".join(str(x) for x in (f["org"], f"{f['year']}年度" if f["year"] else "") if x) or f["filename"]
    )
    findings = "".join(_finding(i, x, f["org"]) for x in f["findings"])
    body = f'<ol class="findings">{findings}</ol>' if findings else '<p class="clean">未发现问题。</p>'
    return (
        f'<section class="report" id="r{i}" data-org="{_e(f["org"])}"><h2>{_e(title)}'
        f' <span class="{"pass" if f["passed"] else "fail"}">{_VERDICT[f["passed"]]}</span></h2>'
        f'<div class="file">{_e(f["filename"])} · 模板 {_e(f["template"] or "未识别")}</div>{body}</section>'
    )


def render_page(
    files: Sequence[Mapping[str, Any]],
    rule_counts: Sequence[Mapping[str, Any]],
    generated: datetime | None = None,
) -> str:
    """The whole audit page from `review.file_view` dicts and `review.rule_counts`."""
    generated = generated or datetime.now()
    failed = sum(1 for f in files if not f["passed"])
    orgs = sorted({f["org"] for f in files if f["org"]})
    rule_rows = "".join(
        f'<tr><td><a href="#" class="pick-rule" data-code="{_e(r["code"])}">{_e(r["code"])}</a></td>'
        f'<td>{_e(r["name"])}</td><td>{_e(r["severity"])}</td><td data-sort="{r["count"]}">{r["count"]}</td>'
        f'<td data-sort="{r["files"]}">{r["files"]}</td></tr>'
        for r in rule_counts
    )
    rule_options = "".join(
        f'<option value="{_e(r["code"])}">{_e(r["code"])} {_e(r["name"])}</option>' for r in rule_counts
    )
    org_options = "".join(f'<option value="{_e(o)}">{_e(o)}</option>' for o in orgs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gklint {_e(__version__)}">
<title>政府信息公开工作年度报告审核结果</title>
<style>{_CSS}</style></head>
<body>
<header><h1>政府信息公开工作年度报告审核结果</h1>
<p class="meta">共 {len(files)} 份报告，{failed} 份不通过 · 由 gklint {_e(__version__)} 生成于 {_e(generated.strftime("%Y-%m-%d %H:%M"))}</p></header>
<form class="filters" id="filters">
<label>级别 <select id="f-sev"><option value="">全部</option><option value="error">错误</option><option value="warning">警告</option><option value="info">提示</option></select></label>
<label>规则 <select id="f-rule"><option value="">全部</option>{rule_options}</select></label>
<label>机关 <select id="f-org"><option value="">全部</option>{org_options}</select></label>
<button type="reset" id="f-reset">清除筛选</button> <span id="f-count"></span>
</form>
<h2>报告汇总</h2>
<table class="summary sortable" id="summary"><thead><tr><th>文件</th><th>机关</th><th>年度</th><th>模板</th><th>结论</th><th>错误</th><th>警告</th><th>提示</th><th>最主要的问题</th></tr></thead>
<tbody>{_summary_rows(files)}</tbody></table>
<h2>各规则问题数</h2>
<table class="rules sortable" id="rule-counts"><thead><tr><th>规则</th><th>名称</th><th>级别</th><th>问题数</th><th>涉及报告</th></tr></thead>
<tbody>{rule_rows or '<tr><td colspan="5">未发现问题。</td></tr>'}</tbody></table>
<h2>逐份报告</h2>
{"".join(_report_section(i, f) for i, f in enumerate(files))}
<script>{_JS}</script>
</body></html>
"""


_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
.meta,.file{color:#666;font-size:.9em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
thead th{background:#f3f3f3;white-space:nowrap}.sortable thead th{cursor:pointer}.sortable thead th:after{content:" ⇅";color:#aaa}
.pass{color:#17803d;font-weight:bold}.fail{color:#c0262d;font-weight:bold}
.filters{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #ddd;z-index:1}
.filters label{margin-right:1em}
.findings{padding-left:1.5em}.finding{margin:.8em 0;padding:.5em .7em;border-left:4px solid #999;background:#fafafa}
.finding.sev-error{border-color:#c0262d}.finding.sev-warning{border-color:#d68a00}.finding.sev-info{border-color:#2f6fb3}
.badge{display:inline-block;padding:0 .4em;border-radius:3px;color:#fff;font-size:.85em}
.badge.error{background:#c0262d}.badge.warning{background:#d68a00}.badge.info{background:#2f6fb3}
.name{color:#666;font-family:monospace}.where{color:#444;margin-left:.6em}
.msg{margin:.3em 0}.ctx{background:#fff;border:1px dashed #ccc;padding:.3em .5em;white-space:pre-wrap;word-break:break-all}
mark{background:#ffe08a;outline:1px solid #d68a00}.fix{color:#17803d;margin-top:.3em}
.tbl{margin:.4em 0;overflow-x:auto}.tbl-title{font-weight:bold;font-size:.9em}.tbl table{font-size:.85em}
.tbl td{text-align:right;min-width:2.5em}.tbl td.hit{background:#ffb3b3;outline:2px solid #c0262d;font-weight:bold}
.tbl td.related{background:#fff0c2}.tbl tr.grp th{background:#f7f7f7;font-weight:normal;color:#555}
.tbl caption{text-align:left;font-size:.9em;color:#444}
.clean{color:#17803d}.hidden{display:none!important}
@media print{.filters{display:none}.finding{break-inside:avoid}.report{break-before:page}details.related{display:block}
body{max-width:none;margin:0}.sortable thead th:after{content:""}a{color:inherit;text-decoration:none}}
"""

# Filtering and sorting only; the page is complete without it.
_JS = """
(function(){
var sev=document.getElementById('f-sev'),rule=document.getElementById('f-rule'),org=document.getElementById('f-org');
function apply(){
 var s=sev.value,r=rule.value,o=org.value,shown=0;
 document.querySelectorAll('.finding').forEach(function(li){
  var ok=(!s||li.dataset.severity===s)&&(!r||li.dataset.code===r)&&(!o||li.dataset.org===o);
  li.classList.toggle('hidden',!ok); if(ok) shown++;});
 document.querySelectorAll('section.report').forEach(function(sec){
  var any=sec.querySelector('.finding:not(.hidden)')||(!s&&!r&&sec.querySelector('.clean'));
  sec.classList.toggle('hidden',!!o&&sec.dataset.org!==o||!any);});
 document.querySelectorAll('#summary tbody tr').forEach(function(tr){
  var ok=(!o||tr.dataset.org===o)&&(!r||(' '+tr.dataset.codes+' ').indexOf(' '+r+' ')>=0);
  tr.classList.toggle('hidden',!ok);});
 document.getElementById('f-count').textContent=(s||r||o)?('显示 '+shown+' 个问题'):'';
}
[sev,rule,org].forEach(function(el){el.addEventListener('change',apply);});
document.getElementById('filters').addEventListener('reset',function(){setTimeout(apply,0);});
document.querySelectorAll('.pick-rule').forEach(function(a){a.addEventListener('click',function(ev){
 ev.preventDefault();rule.value=a.dataset.code;apply();document.getElementById('filters').scrollIntoView();});});
document.querySelectorAll('table.sortable').forEach(function(table){
 table.querySelectorAll('thead th').forEach(function(th,col){th.addEventListener('click',function(){
  var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows),asc=th.dataset.dir!=='asc';
  table.querySelectorAll('thead th').forEach(function(h){delete h.dataset.dir;});th.dataset.dir=asc?'asc':'desc';
  function key(tr){var td=tr.cells[col];if(!td)return '';var v=td.dataset.sort;return v!==undefined?Number(v):td.textContent;}
  rows.sort(function(a,b){var x=key(a),y=key(b);var c=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y),'zh');return asc?c:-c;});
  rows.forEach(function(tr){body.appendChild(tr);});});});});
apply();
})();
"""
