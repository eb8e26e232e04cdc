"""Mutation tests on real reports: inject one defect, expect the right code on the right line.

Each test also asserts the clean report does not have that code, so a rule that
fires everywhere (or nowhere) fails here.
"""

from __future__ import annotations

import pytest

from gklint.engine import lint_text
from helpers import (
    SEED_2019,
    SEED_2020,
    SEED_2022,
    SEED_2023,
    SEED_2024,
    find_line,
    fixture_text,
    line_no,
    lint,
    only,
    replace_line,
)
from mutators import KINDS, detected, mutations

ALL_SEEDS = [SEED_2024, SEED_2020, SEED_2023, SEED_2022, SEED_2019]


@pytest.mark.parametrize("seed", ALL_SEEDS)
def test_clean_seeds_have_no_sum_or_section_errors(seed: str) -> None:
    result = lint(fixture_text(seed))
    bad = [
        d
        for d in result.diagnostics
        if d.code.startswith(("GK1", "GK3", "GK5")) and d.severity.label == "error"
    ]
    assert bad == []
    assert result.report.tables["s3"].status.value == "mapped"
    assert result.report.tables["s4"].status.value == "mapped"
    assert result.report.tables["s2"].status.value == "mapped"


@pytest.mark.parametrize(
    ("seed", "heading"),
    [
        (SEED_2024, "四、政府信息公开行政复议、行政诉讼情况"),
        (SEED_2022, "六、其他需要报告的事项"),
        (SEED_2019, "五、存在的主要问题和改进情况"),
        (SEED_2023, "二、主动公开政府信息情况"),
    ],
)
def test_dropping_a_section_reports_gk101(seed: str, heading: str) -> None:
    text = fixture_text(seed)
    assert only(lint(text), "GK101") == []
    line = find_line(text, heading)
    mutated = replace_line(text, line, "")
    missing = only(lint(mutated), "GK101")
    assert len(missing) == 1
    number = "一二三四五六".index(heading[0]) + 1
    assert missing[0].data["section"] == number


@pytest.mark.parametrize(
    ("seed", "window"),
    [
        (SEED_2024, "2024年1月1日至2024年12月31日"),
        (SEED_2020, "2020年1月1日起至2020年12月31日止"),
        (SEED_2019, "2019年1月1日起,至2019年12月31日止"),
    ],
)
def test_shifting_the_window_year_reports_gk203_on_its_line(seed: str, window: str) -> None:
    text = fixture_text(seed)
    assert only(lint(text), "GK203") == []
    year = window[:4]
    shifted = window.replace(year, str(int(year) - 1))
    mutated = text.replace(window, shifted, 1)
    found = only(lint(mutated), "GK203")
    assert len(found) == 1
    assert line_no(mutated, found[0]) == find_line(mutated, shifted)
    assert mutated[found[0].span.start : found[0].span.end] == str(int(year) - 1)
    fix = found[0].fix
    assert fix is not None and fix.applicability.value == "safe"
    fixed = mutated
    for edit in sorted(fix.edits, key=lambda e: e.span.start, reverse=True):
        fixed = fixed[: edit.span.start] + edit.content + fixed[edit.span.end :]
    assert only(lint(fixed), "GK203") == []


def test_partial_window_reports_gk202() -> None:
    text = fixture_text(SEED_2024)
    mutated = text.replace("至2024年12月31日", "至2024年11月30日", 1)
    found = only(lint(mutated), "GK202")
    assert len(found) == 1
    assert line_no(mutated, found[0]) == 5
    assert only(lint(text), "GK202") == []


def _cell_line(text: str, label: str, index: int) -> int:
    """Line of the index-th value after `label` in a cell-per-line layout (blank lines skipped)."""
    lines = text.split("\n")
    start = find_line(text, label)
    seen = -1
    for number in range(start, len(lines)):
        if lines[number].strip():
            seen += 1
            if seen == index:
                return number + 1
    raise AssertionError("cell not found")


def test_bumping_a_result_cell_points_at_that_cell() -> None:
    """S003 予以公开/自然人 12 → 13 breaks its row total and its column total: one finding, on that cell."""
    text = fixture_text(SEED_2022)
    clean = lint(text)
    assert [d for d in clean.diagnostics if d.code.startswith("GK3")] == []
    line = _cell_line(text, "(一)予以公开 |", 0)
    assert text.split("\n")[line - 1] == "12 |"
    mutated = replace_line(text, line, "13 |")
    result = lint(mutated)
    found = [d for d in result.diagnostics if d.code.startswith("GK3")]
    assert [d.code for d in found] == ["GK303"]  # the row sum: the shortest relation naming the cell
    diag = found[0]
    assert line_no(mutated, diag) == line
    assert diag.data["expected"] == "12"
    assert [r["code"] for r in diag.data["relations"]] == ["GK303", "GK302"]  # type: ignore[index]
    assert "疑为此格有误" in diag.message and "GK302" in diag.message
    assert any(r.message.startswith("GK302：") for r in diag.related)
    assert diag.fix is not None and diag.fix.applicability.value == "unsafe"


def test_bumping_a_total_cell_points_at_the_total() -> None:
    """（七）总计/自然人 breaks GK301, GK302 and GK303: one finding, the relation whose total it is."""
    text = fixture_text(SEED_2022)
    line = _cell_line(text, "(七)总计 |", 0)
    assert text.split("\n")[line - 1] == "24 |"
    mutated = replace_line(text, line, "23 |")
    result = lint(mutated)
    found = [d for d in result.diagnostics if d.code.startswith("GK3")]
    assert [d.code for d in found] == ["GK302"]
    assert line_no(mutated, found[0]) == line
    assert sorted(r["code"] for r in found[0].data["relations"]) == ["GK301", "GK302", "GK303"]  # type: ignore[index]
    assert found[0].data["expected"] == "24"


def test_bumping_a_tab_row_cell_in_s002() -> None:
    text = fixture_text(SEED_2023)
    line = find_line(text, "一、本年新收政府信息公开申请数量")
    original = text.split("\n")[line - 1]
    cells = original.split("\t")
    cells[3] = "4"  # C1 自然人
    mutated = replace_line(text, line, "\t".join(cells))
    result = lint(mutated)
    found = [d for d in result.diagnostics if d.code.startswith("GK3")]
    assert [d.code for d in found] == ["GK301"]
    assert sorted(r["code"] for r in found[0].data["relations"]) == ["GK301", "GK303"]  # type: ignore[index]
    assert line_no(mutated, found[0]) == line
    assert mutated[found[0].span.start : found[0].span.end] == "4"


def test_bumping_a_review_total_in_section_four() -> None:
    text = fixture_text(SEED_2019)
    clean = only(lint(text), "GK304")
    assert clean == []
    lines = text.split("\n")
    heading = find_line(text, "四、政府信息公开行政复议、行政诉讼情况")
    numbers = [i + 1 for i in range(heading, len(lines)) if lines[i].strip().isdigit()][:15]
    assert len(numbers) == 15
    total_line = numbers[4]
    assert lines[total_line - 1] == "1"
    mutated = replace_line(text, total_line, "2")
    found = only(lint(mutated), "GK304")
    assert len(found) == 1 and line_no(mutated, found[0]) == total_line
    assert found[0].data["expected"] == "1"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("行政规范性文件 |", "规范性文件 |"),
        ("本年制发件数 |", "本年新制作数量 |"),
        ("现行有效件数 |", "对外公开总数量 |"),
    ],
)
def test_swapping_2021_labels_for_2019_ones_reports_gk501(old: str, new: str) -> None:
    text = fixture_text(SEED_2024)
    assert only(lint(text), "GK501") == []
    mutated = text.replace(old, new, 1)
    found = only(lint(mutated), "GK501")
    assert len(found) == 1
    assert line_no(mutated, found[0]) == find_line(mutated, new)
    assert mutated[found[0].span.start : found[0].span.end] == new.rstrip(" |")


def test_adding_the_2019_procurement_table_reports_gk501() -> None:
    text = fixture_text(SEED_2024)
    extra = "第二十条第(九)项 | |||\n信息内容 |\n采购项目数量 |\n采购总金额 |\n政府集中采购 |\n0 |\n0 |\n"
    mutated = text.replace(
        "三、收到和处理政府信息公开申请情况", extra + "三、收到和处理政府信息公开申请情况", 1
    )
    found = only(lint(mutated), "GK501")
    assert {mutated[d.span.start : d.span.end] for d in found} >= {"第二十条第(九)项", "政府集中采购"}


def test_2019_labels_are_correct_in_2019_and_2020_reports() -> None:
    for seed in (SEED_2019, SEED_2020):
        assert only(lint(fixture_text(seed)), "GK501") == []
        assert only(lint(fixture_text(seed)), "GK502") == []


def test_2019_report_relabelled_as_2021_gets_outdated_errors() -> None:
    text = fixture_text(SEED_2020).replace("2020年", "2021年")
    result = lint(text)
    assert result.report.year == 2021
    assert len(only(result, "GK501")) >= 5
    assert len(only(result, "GK502")) == 1


@pytest.mark.parametrize("seed", ALL_SEEDS)
def test_every_mutation_kind_is_detected(seed: str) -> None:
    """The generic mutators of bench/accuracy.py: each kind that applies is reported where it was made."""
    text = fixture_text(seed)
    clean = lint_text(text)
    applied = mutations(text, clean.report)
    kinds = {m.kind for m in applied}
    assert {k for k in KINDS if k.startswith("drop-section")} <= kinds
    assert {"table-cell", "row-total", "grand-total"} <= kinds
    assert ("window-year" in kinds) == bool(clean.report.windows)  # 002 and 003 state no window
    if clean.report.year is not None and clean.report.year >= 2021:
        assert {"labels-2019", "normative-document-label"} <= kinds
    missed = []
    for mutation in applied:
        assert not detected(mutation, clean), mutation.kind  # the clean report does not have it already
        if not detected(mutation, lint_text(mutation.text)):
            missed.append(mutation.kind)
    assert missed == []
