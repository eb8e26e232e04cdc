"""GK611–GK613 (years in the narrative) and GK701–GK707 (required content) on real reports."""

from __future__ import annotations

import pytest

from factory import make_report
from helpers import SEED_2019, SEED_2020, SEED_2022, SEED_2023, SEED_2024, SHARED, fixture_text, lint, only

CORPUS = SHARED / "corpus" / "reports"


# --- years in the narrative ------------------------------------------------------------


def test_gk611_gk612_real_2020_report_copied_from_2019() -> None:
    # 次邱镇 2020, 五: "针对2019年公开信息涉及面不广…等问题。2020年，我镇将采取有效措施…"
    text = fixture_text(SEED_2020)
    stale = only(lint(text), "GK611")
    future = only(lint(text), "GK612")
    assert len(stale) == 1 and text[stale[0].span.start :].startswith("针对2019年")
    assert len(future) == 1 and text[future[0].span.start :].startswith("2020年")


def test_gk611_rectification_of_last_years_problems_is_fine() -> None:
    text = fixture_text(SEED_2020).replace(
        "针对2019年公开信息", "针对2019年报告指出的问题已整改，公开信息", 1
    )
    assert only(lint(text), "GK611") == []


def test_gk612_same_sentence_next_year_is_fine() -> None:
    text = fixture_text(SEED_2020).replace("2020年，我镇将采取", "2021年，我镇将采取", 1)
    assert only(lint(text), "GK612") == []


def test_gk613_past_facts_about_a_later_year() -> None:
    base = make_report(year=2024)
    text = base.replace("主动公开政府信息120条。", "主动公开政府信息120条。2025年共收到政府信息公开申请5件。")
    found = only(lint(text), "GK613")
    assert len(found) == 1 and "2025" in found[0].message
    plan = base.replace("下一步将加强培训。", "下一步将加强培训，2025年计划开展培训3次。")
    assert only(lint(plan), "GK613") == []


# --- 信息处理费 ---------------------------------------------------------------------------


def test_gk701_section_six_only_none_is_an_error() -> None:
    # 余关镇 2023: 六 is "无"
    found = only(lint(fixture_text(SEED_2023)), "GK701")
    assert len(found) == 1 and found[0].severity.label == "error" and "“无”" in found[0].message


def test_gk701_reports_that_state_the_fee_pass_and_deleting_the_sentence_fails() -> None:
    text = fixture_text(SEED_2024)  # "我镇未收取任何信息处理费"
    assert only(lint(text), "GK701") == []
    start = text.index("二是我镇未收取任何信")
    end = text.index("。", start) + 1
    assert len(only(lint(text[:start] + text[end:]), "GK701")) == 1


def test_gk701_not_for_2019_and_2020_reports() -> None:
    assert only(lint(fixture_text(SEED_2020)), "GK701") == []
    assert only(lint(make_report(year=2020).replace("本机关未收取信息处理费。", "无。")), "GK701") == []


def test_gk702_fee_notices_in_table_three_need_a_word_in_six() -> None:
    from factory import s3_values

    values = s3_values()
    label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    values[label] = [1, 0, 0, 0, 0, 0, 1]
    values["1.本机关不掌握相关政府信息"] = [1, 1, 0, 0, 0, 0, 2]
    text = make_report(s3=values).replace("本机关未收取信息处理费。", "本机关严格按规定收费。")
    found = only(lint(text), "GK702")
    assert len(found) == 1 and "1件" in found[0].message
    ok = make_report(s3=values).replace("本机关未收取信息处理费。", "本年发出收费通知1件，申请人未缴纳。")
    assert only(lint(ok), "GK702") == []


# --- 五 ------------------------------------------------------------------------------------


def test_gk703_section_five_only_none() -> None:
    text = make_report().replace(
        "（一）主要问题。公开内容还不够全面。（二）改进情况。下一步将加强培训。", "无。"
    )
    found = only(lint(text), "GK703")
    assert len(found) == 1 and found[0].severity.label == "error"


def test_gk704_measures_without_problems() -> None:
    text = make_report().replace("（一）主要问题。公开内容还不够全面。（二）改进情况。", "")
    found = only(lint(text), "GK704")
    assert len(found) == 1 and "存在的问题" in found[0].message
    assert only(lint(make_report()), "GK704") == []


# --- 人民政府: 考核、评议、责任追究 ----------------------------------------------------------


def test_gk705_government_report_without_accountability_results() -> None:
    # 巫溪县通城镇人民政府 2024: 考核/责任追究 only as a plan in 五 (domain §7.7 CNT-02)
    found = only(lint(fixture_text(SEED_2024)), "GK705")
    assert len(found) == 1 and "社会评议" in found[0].message


def test_gk705_departments_are_not_asked_and_results_satisfy_it() -> None:
    assert only(lint(fixture_text(SEED_2022)), "GK705") == []  # 区人民政府办公室: a department
    results = "政务公开工作考核结果为良好，社会评议满意度95%，未发生责任追究情况。"  # in the factory's 一
    assert only(lint(make_report()), "GK705") == []
    assert len(only(lint(make_report().replace(results, "")), "GK705")) == 1
    street = make_report(org="某区某街道办事处").replace(results, "")
    assert only(lint(street), "GK705") == []
    assert len(only(lint(street, government_suffixes=("街道办事处",)), "GK705")) == 1


# --- 前言所列组成部分、格式通知 ---------------------------------------------------------------


def test_gk706_preamble_lists_other_parts_than_the_headings() -> None:
    # 沅江市 2019: "……、其他情况六部分组成" but the heading is 六、其他需要报告的事项
    found = only(lint(fixture_text(SEED_2019)), "GK706")
    assert len(found) == 1 and "其他需要报告的事项" in found[0].message


def test_gk706_matching_list_passes_and_a_wrong_count_fails() -> None:
    parts = "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分组成。"
    text = make_report().replace("编制本报告。", "编制本报告。" + parts)
    assert only(lint(text), "GK706") == []
    found = only(lint(text.replace("六部分组成", "五部分组成")), "GK706")
    assert len(found) == 1 and "五部分" in found[0].message


def test_gk707_2021_report_citing_only_the_2019_notice() -> None:
    basis = "根据《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）编制本报告。"
    text = make_report().replace("根据《中华人民共和国政府信息公开条例》编制本报告。", basis)
    found = only(lint(text), "GK707")
    assert len(found) == 1 and found[0].severity.label == "info"
    assert (
        only(
            lint(make_report(year=2020).replace("根据《中华人民共和国政府信息公开条例》编制本报告。", basis)),
            "GK707",
        )
        == []
    )
    both = basis + "并按照国办公开办函〔2021〕30号印发的格式编制。"
    assert (
        only(lint(make_report().replace("根据《中华人民共和国政府信息公开条例》编制本报告。", both)), "GK707")
        == []
    )


@pytest.mark.parametrize("seed", [SEED_2022])
def test_compliant_real_report_has_no_required_content_findings(seed: str) -> None:
    # 九龙坡区政府办 2022: 六 states 未收取信息处理费, 五 has problems and measures, cites 30号
    assert [d.code for d in lint(fixture_text(seed)).diagnostics if d.code[:3] in ("GK6", "GK7")] == []
