"""Text, JSON and statistics output, on hand-made documents and diagnostics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gklint.diagnostics import Applicability, Diagnostic, Edit, Fix, Related, Severity, Span
from gklint.output import FileResult, json_output, statistics, text, totals
from gklint.ruledata import RuleInfo
from gklint.source.document import SourceDocument


def doc(content: str, name: str = "报告.txt") -> SourceDocument:
    return SourceDocument(content, path=Path(name))


def diag(
    code: str,
    span: Span,
    *,
    severity: Severity = Severity.ERROR,
    message: str = "问题",
    fix: Fix | None = None,
    related: tuple[Related, ...] = (),
) -> Diagnostic:
    return Diagnostic(
        code=code,
        message=message,
        span=span,
        severity=severity,
        name=f"rule-{code.lower()}",
        category="test",
        fix=fix,
        related=related,
    )


def span_of(content: str, needle: str) -> Span:
    start = content.index(needle)
    return Span(start, start + len(needle))


# --- widths and snippets -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("s", "width"),
    [("abc", 3), ("一二三", 6), ("，。：（）", 10), ("2024年", 6), ("e\u0301", 1), ("\u200b", 0), ("\t", 4)],
)
def test_display_width(s: str, width: int) -> None:
    assert text.display_width(s) == width


def test_snippet_short_line_is_whole_and_caret_counts_wide_chars() -> None:
    line = "统计期限自2023年1月1日"
    start = line.index("2023")
    cut = text.snippet(line, start, start + 4)
    assert cut.text == line
    assert cut.caret_offset == 10  # five CJK characters before the year
    assert cut.caret_width == 4


def test_snippet_caret_under_cjk_span_is_double_width() -> None:
    line = "一、总体情况"
    cut = text.snippet(line, 2, 6)
    assert (cut.caret_offset, cut.caret_width) == (4, 8)


def test_snippet_empty_span_gets_one_caret() -> None:
    cut = text.snippet("abc", 1, 1)
    assert (cut.caret_offset, cut.caret_width) == (1, 1)


def test_snippet_long_line_is_windowed_around_the_span() -> None:
    line = "甲" * 200 + "错误" + "乙" * 200
    start = line.index("错误")
    cut = text.snippet(line, start, start + 2, width=40)
    assert cut.text.startswith("...") and cut.text.endswith("...")
    assert "错误" in cut.text
    assert text.display_width(cut.text) <= 40 + 6
    # the caret sits exactly under the two characters of the span
    shown_prefix = cut.text[: cut.text.index("错误")]
    assert cut.caret_offset == text.display_width(shown_prefix)
    assert cut.caret_width == 4


def test_snippet_span_at_line_end_keeps_room_on_the_left() -> None:
    line = "甲" * 100 + "尾"
    cut = text.snippet(line, 100, 101, width=20)
    assert cut.text.startswith("...") and not cut.text.endswith("...")
    assert text.display_width(cut.text) == 3 + 20


def test_snippet_span_wider_than_window_is_truncated() -> None:
    line = "字" * 300
    cut = text.snippet(line, 0, 300, width=30)
    assert cut.caret_offset == 0
    assert cut.caret_width == 30


# --- text format ---------------------------------------------------------------------------


def test_format_diagnostic_header_source_and_caret() -> None:
    content = "标题\n本报告统计期限自2023年1月1日起。\n"
    d = doc(content)
    sp = span_of(content, "2023")
    out = text.format_diagnostic(d, diag("GK203", sp, message="年份不一致"))
    lines = out.split("\n")
    assert lines[0] == "报告.txt:2:9: GK203 [error] 年份不一致"
    assert lines[2] == "2 | 本报告统计期限自2023年1月1日起。"
    caret_line = lines[3]
    assert caret_line == "  | " + " " * 16 + "^^^^"


def test_format_diagnostic_fix_lines_mark_safety() -> None:
    content = "五、存在的主要问题和改进情况\n"
    d = doc(content)
    sp = span_of(content, "存在的主要问题和改进情况")
    safe = Fix("改为模板措辞", (Edit(sp, "存在的主要问题及改进情况"),), Applicability.SAFE)
    unsafe = Fix("改为 1", (Edit(sp, "1"),), Applicability.UNSAFE)
    assert "= 修复（安全）：改为模板措辞" in text.format_diagnostic(d, diag("GK104", sp, fix=safe))
    assert "= 修复（不安全，请人工确认）：改为 1" in text.format_diagnostic(d, diag("GK104", sp, fix=unsafe))


def test_format_diagnostic_related_locations_are_capped() -> None:
    content = "\n".join(str(i) for i in range(20)) + "\n"
    d = doc(content)
    related = tuple(
        Related(Span(content.index(str(i)), content.index(str(i)) + 1), f"单元格 {i}") for i in range(7)
    )
    out = text.format_diagnostic(d, diag("GK302", Span(0, 1), related=related))
    assert out.count("= 参见第") == text.MAX_RELATED
    assert "= 参见第 2 行第 1 列：单元格 1" in out
    assert "另有 3 处相关位置" in out


def test_format_diagnostic_multiline_span_underlines_to_line_end() -> None:
    content = "第一行内容\n第二行\n"
    out = text.format_diagnostic(doc(content), diag("GK101", Span(2, 9)))
    assert out.split("\n")[3] == "  | " + " " * 4 + "^" * 6


def test_format_diagnostic_concise_has_no_source() -> None:
    content = "abc\n"
    out = text.format_diagnostic(
        doc(content, "a.txt"), diag("GK001", Span(1, 2), severity=Severity.INFO), source=False
    )
    assert out == "a.txt:1:2: GK001 [info] 问题"


def test_colour_only_when_asked() -> None:
    content = "abc\n"
    plain = text.format_diagnostic(doc(content), diag("GK001", Span(0, 1)))
    coloured = text.format_diagnostic(doc(content), diag("GK001", Span(0, 1)), text.Style(colour=True))
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured


def test_summary_no_problems() -> None:
    assert text.summary([FileResult(doc("x"))]) == "未发现问题。"


def test_summary_counts_severities_files_and_fixes() -> None:
    content = "abcdef"
    d1, d2 = doc(content, "a.txt"), doc(content, "b.txt")
    safe = Fix("f", (Edit(Span(0, 1), "x"),), Applicability.SAFE)
    unsafe = Fix("f", (Edit(Span(0, 1), "x"),), Applicability.UNSAFE)
    results = [
        FileResult(
            d1, [diag("GK301", Span(0, 1), fix=safe), diag("GK104", Span(1, 2), severity=Severity.WARNING)]
        ),
        FileResult(d2, [diag("GK105", Span(0, 1), severity=Severity.INFO, fix=unsafe)]),
        FileResult(doc("", "c.txt")),
    ]
    assert text.summary(results) == (
        "共发现 3 个问题（错误 1，警告 1，提示 1），涉及 2 个文件；其中 2 个附带修复建议（1 个不安全，需人工确认），可用 --fix 自动修复（不安全的修复另加 --unsafe-fixes）或在编辑器中一键应用。"
    )
    t = totals(results)
    assert (t.files_checked, t.files_with_problems, t.fixable, t.unsafe_fixes) == (3, 2, 2, 1)


def test_summary_leaves_out_zero_counts_and_fix_clause() -> None:
    content = "abc"
    results = [FileResult(doc(content), [diag("GK301", Span(0, 1)), diag("GK302", Span(1, 2))])]
    assert text.summary(results) == "共发现 2 个问题（错误 2），涉及 1 个文件。"


def test_render_separates_blocks_and_ends_with_summary() -> None:
    content = "一\n二\n"
    results = [FileResult(doc(content), [diag("GK101", Span(0, 1)), diag("GK102", Span(2, 3))])]
    out = text.render(results)
    assert out.endswith("共发现 2 个问题（错误 2），涉及 1 个文件。\n")
    assert out.count("\n\n") == 2
    assert text.render(results, show_summary=False).count("共发现") == 0
    assert text.render([FileResult(doc(content))], show_summary=False) == ""


# --- JSON ----------------------------------------------------------------------------------


def test_json_has_exactly_the_documented_keys() -> None:
    content = "abc"
    fix = Fix("f", (Edit(Span(0, 1), "x"),), Applicability.SAFE)
    rel = (Related(Span(1, 2), "相关"),)
    items = json.loads(
        json_output.render([FileResult(doc(content), [diag("GK001", Span(0, 1), fix=fix, related=rel)])])
    )
    assert len(items) == 1
    item = items[0]
    assert tuple(item) == json_output.DIAGNOSTIC_KEYS
    assert set(item["fix"]) == {"applicability", "message", "edits"}
    assert set(item["fix"]["edits"][0]) == {"content", "location", "end_location"}
    assert set(item["related"][0]) == {"message", "location", "end_location"}
    assert set(item["location"]) == {"row", "column"}


def test_json_columns_are_code_points_on_cjk_lines() -> None:
    content = "标题行\n本报告所列数据统计期限自2023年1月1日起。\n"
    sp = span_of(content, "2023")
    fix = Fix("年份改为2024年", (Edit(sp, "2024"),), Applicability.SAFE)
    rel = (Related(span_of(content, "标题"), "标题中的年度"),)
    raw = json_output.render([FileResult(doc(content), [diag("GK203", sp, fix=fix, related=rel)])])
    assert "年份改为2024年" in raw  # ensure_ascii=False: Chinese written as is
    item = json.loads(raw)[0]
    assert item["location"] == {"row": 2, "column": 13}
    assert item["end_location"] == {"row": 2, "column": 17}
    assert item["fix"] == {
        "applicability": "safe",
        "message": "年份改为2024年",
        "edits": [
            {
                "content": "2024",
                "location": {"row": 2, "column": 13},
                "end_location": {"row": 2, "column": 17},
            }
        ],
    }
    assert item["related"] == [
        {
            "message": "标题中的年度",
            "location": {"row": 1, "column": 1},
            "end_location": {"row": 1, "column": 3},
        }
    ]
    assert item["severity"] == "error"
    assert item["filename"] == "报告.txt"


def test_json_astral_characters_count_as_one_column() -> None:
    content = "𠀀𠀁错"  # two supplementary-plane characters (two UTF-16 units each)
    item = json.loads(json_output.render([FileResult(doc(content), [diag("GK001", Span(2, 3))])]))[0]
    assert item["location"]["column"] == 3


def test_json_empty_is_an_empty_array() -> None:
    assert json.loads(json_output.render([FileResult(doc("x"))])) == []


def test_json_null_fix_and_empty_related() -> None:
    item = json.loads(json_output.render([FileResult(doc("abc"), [diag("GK001", Span(0, 1))])]))[0]
    assert item["fix"] is None
    assert item["related"] == []


# --- statistics ----------------------------------------------------------------------------


def _rules() -> dict[str, RuleInfo]:
    return {
        code: RuleInfo(code, f"rule-{code.lower()}", "test", Severity.ERROR, f"{code} 的说明", "")
        for code in ("GK101", "GK104", "GK301")
    }


def test_statistics_sorted_by_count_then_code() -> None:
    content = "abcdef"
    fix = Fix("f", (Edit(Span(0, 1), "x"),), Applicability.SAFE)
    diags = [
        diag("GK301", Span(0, 1)),
        diag("GK104", Span(1, 2), fix=fix),
        diag("GK104", Span(2, 3)),
        diag("GK101", Span(3, 4)),
    ]
    stats = statistics.collect([FileResult(doc(content), diags)], _rules())
    assert [(s.code, s.occurrences, s.fixable) for s in stats] == [
        ("GK104", 2, 1),
        ("GK101", 1, 0),
        ("GK301", 1, 0),
    ]
    out = statistics.render_text([FileResult(doc(content), diags)], _rules())
    rows = out.splitlines()
    assert rows[0].startswith("数量")
    assert rows[1].split() == ["2", "GK104", "[*]", "rule-gk104", "GK104", "的说明"]
    assert rows[2].split()[:3] == ["1", "GK101", "rule-gk101"]
    assert "共发现 4 个问题" in out
    assert "[*] 表示有自动修复" in out


def test_statistics_json_and_empty() -> None:
    content = "abc"
    items = json.loads(
        statistics.render_json([FileResult(doc(content), [diag("GK301", Span(0, 1))])], _rules())
    )
    assert items == [
        {"code": "GK301", "name": "rule-gk301", "summary": "GK301 的说明", "count": 1, "fixable": 0}
    ]
    assert statistics.render_text([FileResult(doc(content))], _rules()) == "未发现问题。\n"


def test_statistics_without_summary() -> None:
    results = [FileResult(doc("abc"), [diag("GK301", Span(0, 1))])]
    out = statistics.render_text(results, _rules(), show_summary=False)
    assert "共发现" not in out and "GK301" in out
    assert statistics.render_text([FileResult(doc("abc"))], _rules(), show_summary=False) == ""
