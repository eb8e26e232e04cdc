"""Human-readable output, modelled on ruff's "full" format.

    报告.txt:5:62: GK203 [error] 统计期限的年份与报告年度不一致
      |
    5 | ...本报告所列数据统计时限自2023年1月1日至2023年12月31日。
      |                            ^^^^
      = 修复（不安全）：改为 2024

Report paragraphs are often one very long line, so only a window of the
line around the problem is shown. Caret positions are computed in terminal
columns: CJK characters and full-width punctuation occupy two.
"""

import unicodedata
from typing import NamedTuple

from gklint.diagnostics import Applicability, Diagnostic, Severity
from gklint.output import FileResult, totals
from gklint.safe_text import escape_surrogates
from gklint.source.document import SourceDocument

SOURCE_WIDTH = 100  # display columns of source text shown per diagnostic
MAX_RELATED = 4  # a table-sum diagnostic can relate 20+ cells; the JSON output keeps them all
_ELLIPSIS = "..."  # ASCII: "…" is ambiguous-width and misaligns carets in some terminals
_TAB = "    "
_MAX_SCAN = 4 * SOURCE_WIDTH  # characters measured each way from a problem

_SEVERITY_COLOUR = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


class Style(NamedTuple):
    colour: bool = False

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour and text else text

    def bold(self, text: str) -> str:
        return self.paint(text, "1")

    def severity(self, text: str, severity: Severity) -> str:
        return self.paint(text, "1;" + _SEVERITY_COLOUR[severity])

    def gutter(self, text: str) -> str:
        return self.paint(text, "34")


def char_width(ch: str) -> int:
    """Terminal columns taken by one character (East Asian wide/full-width → 2)."""
    if ch == "\t":
        return len(_TAB)
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def _printable(ch: str) -> str:
    if ch == "\t":
        return _TAB
    if ord(ch) < 0x20 or ord(ch) == 0x7F:
        return " "
    return ch


class Snippet(NamedTuple):
    """One source line cut to fit, and where the caret goes under it."""

    text: str
    caret_offset: int  # display columns before the first caret
    caret_width: int


def snippet(line: str, start: int, end: int, width: int = SOURCE_WIDTH) -> Snippet:
    """Cut `line` to about `width` columns around the code-point range [start, end)."""
    return _snippet(line, 0, len(line), start, end, width)


def _snippet(text: str, lo_bound: int, hi_bound: int, start: int, end: int, width: int) -> Snippet:
    """`snippet` of the line text[lo_bound:hi_bound]; `start`/`end` are relative to `lo_bound`.

    Widths are measured outward from the problem only as far as the shown window
    reaches (and never more than `_MAX_SCAN` characters each way, for runs of zero-width
    characters): measuring the whole line for every diagnostic made a long line with
    many findings quadratic.
    """
    size = hi_bound - lo_bound
    start = max(0, min(start, size))
    end = max(start, min(end, size))

    def w(i: int) -> int:
        return char_width(text[lo_bound + i])

    # Keep some context before the problem, then fill the rest of the width.
    lo, used, scanned = start, 0, 0
    context = width // 4
    while lo > 0 and used + w(lo - 1) <= context and scanned < _MAX_SCAN:
        lo -= 1
        used += w(lo)
        scanned += 1
    hi, used, scanned = lo, 0, 0
    while hi < size and used + w(hi) <= width and scanned < 2 * _MAX_SCAN:
        used += w(hi)
        hi += 1
        scanned += 1
    scanned = 0
    while lo > 0 and used + w(lo - 1) <= width and scanned < _MAX_SCAN:  # line ended early: room to the left
        lo -= 1
        used += w(lo)
        scanned += 1
    prefix = _ELLIPSIS if lo > 0 else ""
    suffix = _ELLIPSIS if hi < size else ""
    shown = prefix + "".join(_printable(ch) for ch in text[lo_bound + lo : lo_bound + hi]) + suffix
    caret_start = max(start, lo)
    offset = len(prefix) + sum(w(i) for i in range(lo, caret_start))
    caret = sum(w(i) for i in range(caret_start, min(end, hi)))
    return Snippet(shown, offset, max(1, caret))


def _fix_label(diag: Diagnostic) -> str:
    assert diag.fix is not None
    safety = "安全" if diag.fix.applicability is Applicability.SAFE else "不安全，请人工确认"
    return f"修复（{safety}）：{diag.fix.message}"


def format_diagnostic(
    doc: SourceDocument, diag: Diagnostic, style: Style | None = None, *, source: bool = True
) -> str:
    style = style or Style()
    pos = doc.position(diag.span.start)
    # A Word/HTML/PDF input is located in the clerk's words ("第3个表格第5行第2列"): the line and
    # column of the text gklint extracted from it point at nothing the clerk can open.
    where = doc.describe_origin(diag.span.start) or f"{pos.line + 1}:{pos.column + 1}"
    header = (
        f"{style.bold(escape_surrogates(doc.display_name))}:{where}: "
        f"{style.severity(diag.code, diag.severity)} [{diag.severity.label}] {diag.message}"
    )
    if not source:
        return header
    line_no = str(pos.line + 1)
    pad = " " * len(line_no)
    line_start, line_end = doc.line_start(pos.line), doc.line_end(pos.line)
    end_pos = doc.position(diag.span.end)
    end_col = end_pos.column if end_pos.line == pos.line else line_end - line_start
    cut = _snippet(doc.text, line_start, line_end, pos.column, end_col, SOURCE_WIDTH)
    bar = style.gutter("|")
    lines = [
        header,
        f"{pad} {bar}",
        f"{style.gutter(line_no)} {bar} {cut.text}",
        f"{pad} {bar} {' ' * cut.caret_offset}{style.severity('^' * cut.caret_width, diag.severity)}",
    ]
    for rel in diag.related[:MAX_RELATED]:
        rpos = doc.position(rel.span.start)
        rwhere = doc.describe_origin(rel.span.start) or f"第 {rpos.line + 1} 行第 {rpos.column + 1} 列"
        lines.append(f"{pad} = 参见{rwhere}：{rel.message}")
    if len(diag.related) > MAX_RELATED:
        lines.append(f"{pad} = 另有 {len(diag.related) - MAX_RELATED} 处相关位置（--format json 可查看全部）")
    if diag.fix is not None:
        lines.append(f"{pad} = {_fix_label(diag)}")
    return "\n".join(lines)


def summary(results: list[FileResult]) -> str:
    """The closing line, in Chinese."""
    t = totals(results)
    if t.diagnostics == 0:
        return "未发现问题。"
    parts = [
        f"{severity.chinese} {t.by_severity[severity]}"
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if t.by_severity.get(severity)
    ]
    text = f"共发现 {t.diagnostics} 个问题（{'，'.join(parts)}），涉及 {t.files_with_problems} 个文件"
    if t.fixable:
        text += f"；其中 {t.fixable} 个附带修复建议"
        if t.unsafe_fixes:
            text += f"（{t.unsafe_fixes} 个不安全，需人工确认）"
        if all(r.document.source_format in ("html", "pdf") for r in results if r.diagnostics):
            # Web pages and PDFs: --fix cannot write them; the clerk edits the original by the suggestions.
            text += "，请按建议在原文件中修改"
        else:
            text += "，可用 --fix 自动修复"
            if t.unsafe_fixes:
                text += "（不安全的修复另加 --unsafe-fixes）"
            text += "或在编辑器中一键应用"
    return text + "。"


def render(
    results: list[FileResult], *, style: Style | None = None, source: bool = True, show_summary: bool = True
) -> str:
    """All diagnostics of all files, then the summary; ends with a newline (or is empty)."""
    style = style or Style()
    blocks = [
        format_diagnostic(result.document, diag, style, source=source)
        for result in results
        for diag in result.diagnostics
    ]
    sep = "\n\n" if source else "\n"
    out = sep.join(blocks)
    if show_summary:
        out = f"{out}{sep}{summary(results)}" if out else summary(results)
    return out + "\n" if out else ""
