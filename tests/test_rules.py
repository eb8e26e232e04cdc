"""Per-rule positive and negative cases on synthetic reports (tests/factory.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factory import make_report, s3_values
from gklint.ruledata import catalog
from helpers import codes, lint, only


def test_clean_synthetic_report_has_no_diagnostics() -> None:
    for layout in ("pipe", "tabs", "grid"):
        assert codes(make_report(layout=layout)) == []


# --- title / year -------------------------------------------------------------


def test_gk001_work_report_instead_of_annual_report() -> None:
    text = make_report().replace("工作年度报告", "工作报告", 1)
    found = only(lint(text), "GK001")
    assert len(found) == 1 and found[0].fix is not None
    assert found[0].fix.edits[0].content == "工作年度报告"


def test_gk001_missing_title() -> None:
    text = "\n".join(make_report().split("\n")[1:])
    assert "GK001" in codes(text)


def test_gk002_unknown_year_and_override() -> None:
    text = (
        make_report(window=None).replace("2024年政府信息公开", "政府信息公开", 1).replace("2024年，", "", 1)
    )
    assert "GK002" in codes(text)
    assert "GK002" not in codes(text, year=2024)


def test_gk003_pre_2019_report_skips_template_rules() -> None:
    text = make_report(year=2018, headings={1: "一、概述"})
    result = lint(text)
    assert [d.code for d in result.diagnostics] == ["GK003"]


# --- sections -----------------------------------------------------------------


def test_gk101_missing_section_points_before_the_next() -> None:
    text = make_report().replace("四、政府信息公开行政复议、行政诉讼情况\n", "")
    found = only(lint(text), "GK101")
    assert len(found) == 1
    assert text[found[0].span.start : found[0].span.end].startswith("五、")


def test_table_row_labels_are_not_headings() -> None:
    result = lint(make_report())
    assert [h.section for h in result.report.headings] == [1, 2, 3, 4, 5, 6]


def test_gk102_duplicate_section() -> None:
    text = make_report().replace(
        "本机关未收取信息处理费。", "本机关未收取信息处理费。\n六、其他需要报告的事项\n无。"
    )
    assert "GK102" in codes(text)


def test_gk103_wrong_numeral_has_safe_fix() -> None:
    text = make_report(headings={5: "四、存在的主要问题及改进情况"})
    found = only(lint(text), "GK103")
    assert len(found) == 1 and found[0].fix is not None
    assert found[0].fix.edits[0].content == "五"


def test_gk103_sections_out_of_order() -> None:
    report = make_report()
    five = "五、存在的主要问题及改进情况\n（一）主要问题。公开内容还不够全面。（二）改进情况。下一步将加强培训。\n"
    six = "六、其他需要报告的事项\n本机关未收取信息处理费。\n"
    assert five in report and six in report
    swapped = report.replace(five, "@@").replace(six, five).replace("@@", six)
    assert "GK103" in codes(swapped)


def test_gk104_reworded_heading_with_fix() -> None:
    text = make_report(headings={5: "五、存在的主要问题和改进情况"})
    found = only(lint(text), "GK104")
    assert len(found) == 1
    assert found[0].fix is not None and found[0].fix.edits[0].content == "存在的主要问题及改进情况"
    assert "GK104" not in codes(make_report())


def test_gk105_alias_is_info() -> None:
    text = make_report(headings={4: "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"})
    found = only(lint(text), "GK105")
    assert len(found) == 1 and found[0].severity.label == "info"


def test_gk106_stale_top_level_heading() -> None:
    text = make_report(headings={5: "五、存在的主要问题及改进措施"})
    found = only(lint(text), "GK106")
    assert len(found) == 1 and found[0].severity.label == "error"


def test_gk106_stale_fee_section_without_counterpart() -> None:
    text = make_report().replace(
        "六、其他需要报告的事项", "六、政府信息公开的收费及减免情况\n无。\n七、其他需要报告的事项"
    )
    found = only(lint(text), "GK106")
    assert len(found) == 1 and "收费及减免" in found[0].message and found[0].fix is None


def test_gk107_stale_subheading_inside_section_one() -> None:
    text = make_report().replace(
        "主动公开政府信息120条。", "主动公开政府信息120条。\n（六）政府信息公开的收费及减免情况\n全部免费。"
    )
    found = only(lint(text), "GK107")
    assert len(found) == 1 and found[0].severity.label == "warning"


def test_inline_headings_in_a_one_line_report() -> None:
    text = make_report().replace("\n四、", "。四、").replace("\n五、", "。五、")
    result = lint(text)
    assert set(result.report.sections) == {1, 2, 3, 4, 5, 6}


def test_headings_glued_to_a_digit_or_a_unit_in_a_one_line_report() -> None:
    """A web archive that glues everything together: "…1.5万元三、收到和处理…"."""
    text = make_report().replace("| 1.5 |\n三、", "| 1.5万元三、").replace("\n", " ")
    text = text.replace("| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |五、", "| 0 | 五、")
    result = lint(text)
    assert set(result.report.sections) == {1, 2, 3, 4, 5, 6}
    assert "GK101" not in {d.code for d in result.diagnostics}
    glued = result.report.sections[3].heading
    assert text[glued.span.start : glued.span.end] == "三、收到和处理政府信息公开申请情况"


def test_a_glued_heading_reworded_or_misspelt_is_a_wording_finding_not_a_missing_part() -> None:
    """c132 / c005: one-line texts where 五 is reworded and 四 misspelt."""
    text = make_report().replace("\n", " ")
    text = text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及明年工作计划2025年")
    text = text.replace("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政法复议、行政诉讼情况")
    result = lint(text)
    assert "GK101" not in {d.code for d in result.diagnostics}
    wording = {text[d.span.start : d.span.end] for d in result.diagnostics if d.code == "GK104"}
    assert wording == {"存在的主要问题及明年工作计划", "政府信息公开行政法复议、行政诉讼情况"}


def test_a_glued_heading_out_of_order_or_with_the_wrong_numeral_is_body_text() -> None:
    text = make_report().replace(
        "主动公开政府信息120条。",
        "主动公开政府信息120条，详见5五、存在的主要问题及改进情况和2二、主动公开政府信息情况。",
    )
    result = lint(text)
    assert [h.section for h in result.report.headings if h.top_level] == [1, 2, 3, 4, 5, 6]


# --- statistics window ----------------------------------------------------------


def test_gk201_missing_window_is_a_warning() -> None:
    found = only(lint(make_report(window=None)), "GK201")
    assert len(found) == 1 and found[0].severity.label == "warning"


def test_gk201_window_phrase_without_dates() -> None:
    found = only(lint(make_report(window="本报告统计期限为本年度。")), "GK201")
    assert len(found) == 1 and "起止日期" in found[0].message


@pytest.mark.parametrize(
    "window",
    [
        "统计期限为2024年1月1日至12月31日。",
        "数据统计时间为2024年1月1日至12月31日。",
        "统计时限自2024 年 1 月 1 日\n起至 2024 年 12 月 31 日止。",
        "内容涵盖2024年1月1日至12月31日期间。",
        "统计期限从2024年1月1日到12月31日止。",
        "本报告统计期限为2024年1月至12月。",
        "统计期限：2024.1.1—2024.12.31。",
        "统计时间为2024-01-01至2024-12-31。",
        "本报告所列数据统计期限为2024年度。",
        "统计范围为2024年全年。",
        # Other period nouns, connectors and separators (issue 6).
        "本报告中所列数据统计时段从2024年1月1日到2024年12月31日。",
        "数据统计区间为2024年1月1日—12月31日。",
        "报告期为2024年1月1日至2024年12月31日。",
        "时间范围：2024年1月1日至2024年12月31日。",
        "统计期限自2024年1月1日起，至2024年12月31日止。",
        "本报告所列数据统计期限为2024年1-12月。",
        "本报告统计时间为二〇二四年一月一日至十二月三十一日。",
        # The period stated without 统计.
        "本报告中所列数据的时限为2024年1月1日至12月31日。",
        "本报告所列数据截至2024年12月31日。",
        "数据从2024年1月1日至12月31日。",
        "报告采用数据的起始时间为2024年1月1日,截止日期为2024年12月31日。",
    ],
)
def test_accepted_window_forms(window: str) -> None:
    result = lint(make_report(window=window))
    assert len(result.report.windows) == 1
    assert not [d for d in result.diagnostics if d.code.startswith("GK2")]


def test_a_date_range_about_something_else_is_not_the_window() -> None:
    text = make_report(window=None).replace(
        "主动公开政府信息120条。", "主动公开政府信息120条。数据显示，2024年1月至9月开展专项行动3次。"
    )
    result = lint(text)
    assert result.report.windows == []
    assert [d.code for d in result.diagnostics if d.code.startswith("GK2")] == ["GK201"]


@pytest.mark.parametrize(
    ("window", "code", "quoted"),
    [
        ("本报告所列数据截至2023年12月31日。", "GK203", "2023"),
        ("数据统计区间为2023年1月1日—12月31日。", "GK203", "2023"),
        ("本报告中所列数据的时限为2024年1月1日至11月30日。", "GK202", "2024年1月1日至11月30日"),
    ],
)
def test_new_window_forms_are_checked(window: str, code: str, quoted: str) -> None:
    text = make_report(window=window)
    found = [d for d in lint(text).diagnostics if d.code.startswith("GK2")]
    assert [d.code for d in found] == [code]
    assert text[found[0].span.start : found[0].span.end] == quoted
    fix = found[0].fix
    assert fix is not None
    fixed = text
    for edit in sorted(fix.edits, key=lambda e: e.span.start, reverse=True):
        fixed = fixed[: edit.span.start] + edit.content + fixed[edit.span.end :]
    assert not [d for d in lint(fixed).diagnostics if d.code.startswith("GK2")]


def test_gk202_window_not_a_full_year() -> None:
    found = only(lint(make_report(window="统计期限自2024年1月1日至2024年6月30日。")), "GK202")
    assert len(found) == 1 and found[0].fix is not None and found[0].fix.applicability.value == "unsafe"


@pytest.mark.parametrize(
    ("window", "code"),
    [
        ("本报告统计期限为2024年1月至11月。", "GK202"),
        ("统计期限：2024.1.1—2024.6.30。", "GK202"),
        ("本报告所列数据统计期限为2023年度。", "GK203"),
        ("统计时间为2023-01-01至2023-12-31。", "GK203"),
    ],
)
def test_other_window_forms_are_checked(window: str, code: str) -> None:
    found = [d for d in lint(make_report(window=window)).diagnostics if d.code.startswith("GK2")]
    assert [d.code for d in found] == [code]


def test_gk203_fix_on_a_whole_year_window() -> None:
    text = make_report(window="本报告所列数据统计期限为2023年度。")
    found = only(lint(text), "GK203")
    assert len(found) == 1 and text[found[0].span.start : found[0].span.end] == "2023"
    assert [e.content for e in found[0].fix.edits] == ["2024"]  # type: ignore[union-attr]


def test_gk202_window_spanning_two_years() -> None:
    assert "GK202" in codes(make_report(window="统计期限自2023年1月1日至2024年12月31日。"))


def test_gk203_window_year_differs_from_title() -> None:
    text = make_report(window="统计期限自2023年1月1日至12月31日。")
    found = only(lint(text), "GK203")
    assert len(found) == 1
    assert text[found[0].span.start : found[0].span.end] == "2023"
    assert [e.content for e in found[0].fix.edits] == ["2024"]  # type: ignore[union-attr]
    assert any("标题" in r.message for r in found[0].related)


# --- table sums ----------------------------------------------------------------


def _with(label: str, column: int, value: int) -> dict[str, list[int]]:
    values = s3_values()
    values[label][column] = value
    return values


@pytest.mark.parametrize("layout", ["pipe", "tabs", "grid"])
def test_gk301_balance_broken_in_one_column(layout: str) -> None:
    values = _with("四、结转下年度继续办理", 0, 2)  # 8+1 ≠ 8+2 in 自然人; also breaks the row total
    result = lint(make_report(layout=layout, s3=values))
    found = only(result, "GK301")
    assert len(found) == 1 and found[0].fix is not None  # the shared cell is the culprit
    assert found[0].data["cell"] == ["r25", "C1"]


def test_gk301_without_a_culprit_has_no_fix() -> None:
    values = s3_values()
    values["二、上年结转政府信息公开申请数量"] = [2, 0, 0, 0, 0, 0, 2]
    found = only(lint(make_report(s3=values)), "GK301")
    assert len(found) == 2  # 自然人 and 总计 columns
    assert all(d.fix is None for d in found)
    assert all(d.data["cell"][0] == "r25" for d in found)


def test_gk302_results_do_not_add_up() -> None:
    values = s3_values()
    values["（七）总计"] = [9, 2, 0, 0, 0, 0, 11]
    values["四、结转下年度继续办理"] = [0, 0, 0, 0, 0, 0, 0]
    found = only(lint(make_report(s3=values)), "GK302")
    assert {tuple(d.data["cell"]) for d in found} == {("r24", "C1"), ("r24", "C7")}
    assert all(d.fix is not None and d.fix.applicability.value == "unsafe" for d in found)


def test_gk303_row_total_wrong() -> None:
    found = only(lint(make_report(s3=_with("（一）予以公开", 6, 8))), "GK303")
    assert len(found) == 1 and found[0].data["expected"] == "7"


def test_gk304_review_total_wrong() -> None:
    s4 = [1, 0, 0, 1, 3, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]  # 行政复议 总计 3 ≠ 1+0+0+1
    found = only(lint(make_report(s4=s4)), "GK304")
    assert len(found) == 1 and found[0].data["expected"] == "2"


def test_blank_cells_do_not_invent_sum_errors() -> None:
    text = make_report().replace(
        "| （一）予以公开 | 6 | 1 | 0 | 0 | 0 | 0 | 7 |", "| （一）予以公开 | 6 | 1 | | | | | |"
    )
    result = lint(text)
    assert not [d for d in result.diagnostics if d.code.startswith("GK3")]
    blank = only(result, "GK402")
    assert len(blank) == 1 and "5 个单元格" in blank[0].message


# --- table structure -------------------------------------------------------------


def test_gk401_unmappable_table_is_reported_not_passed() -> None:
    text = make_report()
    start, end = text.index("三、收到和处理"), text.index("四、政府信息公开行政复议")
    broken = text[:start] + "三、收到和处理政府信息公开申请情况\n本年度申请情况见附件。\n" + text[end:]
    found = only(lint(broken), "GK401")
    assert len(found) == 1 and "未检查" in found[0].message


def test_gk402_placeholder_cells_with_fix() -> None:
    text = make_report().replace("| 规章 | 0 | 0 | 0 |", "| 规章 | / | / | / |")
    found = only(lint(text), "GK402")
    assert len(found) == 1 and found[0].fix is not None
    assert [e.content for e in found[0].fix.edits] == ["0", "0", "0"]


def test_gk403_text_in_cell() -> None:
    text = make_report().replace("| 行政许可 | 12 |", "| 行政许可 | 约12 |")
    assert "GK403" in codes(text)


def test_gk404_unit_in_cell() -> None:
    text = make_report().replace("| 行政事业性收费 | 1.5 |", "| 行政事业性收费 | 1.5万元 |")
    found = only(lint(text), "GK404")
    assert len(found) == 1 and found[0].fix is not None and found[0].fix.edits[0].content == "1.5"


def test_gk405_decimal_count() -> None:
    text = make_report().replace("| 行政许可 | 12 |", "| 行政许可 | 12.5 |")
    assert "GK405" in codes(text)
    assert "GK405" not in codes(make_report())  # 1.5 万元 is a legitimate amount


def test_gk406_row_with_too_few_values() -> None:
    text = make_report().replace("| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "| 2.重复申请 | 0 | 0 | 0 |")
    found = only(lint(text), "GK406")
    assert len(found) == 1 and "7 个数值" in found[0].message


def test_gk407_misspelt_row_label_with_fix() -> None:
    text = make_report().replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
    found = only(lint(text), "GK407")
    assert len(found) == 1
    assert found[0].fix is not None and found[0].fix.edits[0].content == "2.其他法律行政法规禁止公开"


# --- outdated template -------------------------------------------------------------


def test_gk501_2019_row_label_in_2024_report() -> None:
    text = make_report().replace("| 行政规范性文件 |", "| 规范性文件 |")
    found = only(lint(text), "GK501")
    assert len(found) == 1 and found[0].fix is not None and found[0].fix.applicability.value == "safe"
    assert "GK407" not in codes(text)


def test_gk502_single_other_processing_row_in_2021_report() -> None:
    values = s3_values()
    text = make_report(s3=values)
    old = "\n".join(
        line
        for line in text.split("\n")
        if "申请人无正当理由逾期不补正" in line or "逾期未按收费通知" in line or line.startswith("| 3.其他")
    )
    text = text.replace(old + "\n", "").replace(
        "| （六）其他处理 | | | | | | | |", "| （六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    )
    result = lint(text)
    assert result.report.tables["s3"].schema == "s3-2019"
    assert len(only(result, "GK502")) == 1
    assert not [d for d in result.diagnostics if d.code.startswith("GK3")]


def test_gk503_2021_format_in_2020_report_is_info() -> None:
    found = only(lint(make_report(year=2020)), "GK503")
    assert len(found) == 1 and found[0].severity.label == "info"


# --- the catalogue itself -------------------------------------------------------------


def test_every_rule_has_complete_metadata_and_a_chinese_doc() -> None:
    rules = catalog()
    assert len(rules) >= 25
    for code, rule in rules.items():
        assert code.startswith("GK") and code[2:].isdigit() and len(code) == 5
        assert rule.name and rule.name == rule.name.lower() and " " not in rule.name
        assert rule.category in {
            "report-title",
            "missing-section",
            "section-heading",
            "statistics-window",
            "table-sum",
            "table-structure",
            "outdated-template",
            "source-document",
            "placeholder",
            "prose-vs-table",
            "narrative-year",
            "required-content",
            "previous-year",
            "publication",
        }
        assert "## 检查什么" in rule.doc


def test_every_rule_in_the_catalogue_is_emitted_by_some_test_scenario() -> None:
    """Guards against a catalogue entry whose check was never written."""
    import inspect
    import sys

    source = inspect.getsource(sys.modules[__name__])
    # The content families (GK6xx–GK9xx) have their own test modules on real reports.
    source += "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    for code in catalog():
        assert f'"{code}"' in source, f"{code} has no test in the test modules"


def test_gk008_placeholder_left_in_the_report() -> None:
    text = make_report().replace(
        "六、其他需要报告的事项\n", "六、其他需要报告的事项\n联系电话：【请填写：电话】。【待填写】\n", 1
    )
    found = only(lint(text), "GK008")
    assert [text[d.span.start : d.span.end] for d in found] == ["【请填写：电话】", "【待填写】"]
    assert all(d.severity.label == "warning" and d.fix is None for d in found)


def test_gk008_ignores_the_words_in_running_text_and_other_brackets() -> None:
    text = make_report().replace(
        "六、其他需要报告的事项\n", "六、其他需要报告的事项\n申请表中请填写联系电话。【重要】【请填写\n", 1
    )
    assert only(lint(text), "GK008") == []


def test_covering_a_year_in_prose_is_not_a_window() -> None:
    text = make_report(window="本报告内容涵盖2024年各部门主动公开情况。")
    assert lint(text).report.windows == []


def test_gk202_message_quotes_the_window_as_written() -> None:
    found = only(lint(make_report(window="本报告统计期限为2024年1月至11月。")), "GK202")
    assert len(found) == 1 and "“2024年1月至11月”" in found[0].message


@pytest.mark.parametrize("text", ["", "   \n\n\t\n"])
def test_empty_file_gets_one_message(text: str) -> None:
    result = lint(text)
    assert [d.code for d in result.diagnostics] == ["GK001"]
    assert "空" in result.diagnostics[0].message


def test_missing_section_is_not_also_an_unmappable_table() -> None:
    text = make_report()
    start, end = text.index("三、收到和处理"), text.index("四、政府信息公开行政复议")
    codes_found = codes(text[:start] + text[end:])
    assert "GK101" in codes_found and "GK401" not in codes_found


def test_table_without_its_heading_is_still_summed() -> None:
    values = s3_values()
    values["（一）予以公开"][6] = 8  # breaks the row total
    text = make_report(s3=values).replace("三、收到和处理政府信息公开申请情况\n", "")
    found = codes(text)
    assert "GK101" in found and "GK303" in found


def test_prose_mentioning_new_applications_is_not_a_headless_table() -> None:
    text = make_report().replace("主动公开政府信息120条。", "主动公开政府信息120条，本年新收申请10件。")
    start, end = text.index("三、收到和处理"), text.index("四、政府信息公开行政复议")
    found = codes(text[:start] + text[end:])
    assert "GK101" in found and "GK401" not in found


def test_gk010_file_cut_mid_character_is_read_with_a_warning() -> None:
    from gklint.engine import lint_document
    from gklint.source.readers import read_bytes

    data = make_report().encode("utf-8") + "结".encode()[:2]
    result = lint_document(read_bytes(data, None))
    found = [d for d in result.diagnostics if d.code == "GK010"]
    assert len(found) == 1 and found[0].span.start == len(result.document.text)
    assert found[0].severity.label == "warning" and result.document.dropped_tail == b"\xe7\xbb"
    assert not only(lint(make_report()), "GK010")


def test_gk011_tracked_changes_are_said_once_at_the_first_change() -> None:
    from gklint.engine import lint_document
    from gklint.source.document import SourceDocument

    text = make_report()
    at = text.index("一、总体情况")
    doc = SourceDocument(
        text,
        meta={"tracked_changes": "accepted", "tracked_changes_span": f"{at}:{at + len('一、总体情况') + 1}"},
    )
    found = [d for d in lint_document(doc).diagnostics if d.code == "GK011"]
    assert len(found) == 1 and "接受" in found[0].message
    assert text[found[0].span.start : found[0].span.end] == "一、总体情况"
    assert not [d for d in lint_document(SourceDocument(text)).diagnostics if d.code == "GK011"]
