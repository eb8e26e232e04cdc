"""GK601–GK603: numbers in the text against the tables, on real reports and their mutations."""

from __future__ import annotations

import re

import pytest

from factory import make_report
from gklint.model.narrative import chinese_number
from helpers import FIXTURES, SEED_2019, SEED_2022, SEED_2023, SEED_2024, SHARED, fixture_text, lint, only

CORPUS = SHARED / "corpus" / "reports"


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("17", 17),
        ("十七", 17),
        ("二十三", 23),
        ("一百零五", 105),
        ("零", 0),
        ("十", 10),
        ("两千", 2000),
        ("件", None),
        ("9" * 5000, None),  # bench/fuzz.py seeds 210447, 216342, 212518: not a count, and no int() limit
    ],
)
def test_chinese_numbers(written: str, value: int | None) -> None:
    assert chinese_number(written) == value


@pytest.mark.parametrize("seed", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_seeds_whose_text_and_tables_agree_have_no_prose_findings(seed: str) -> None:
    result = lint(fixture_text(seed))
    assert [d for d in result.diagnostics if d.code.startswith("GK60")] == []


def test_gk601_received_changed_in_the_text_points_at_the_number_and_the_cell() -> None:
    text = fixture_text(SEED_2022).replace("共受理信息公开申请27件", "共受理信息公开申请29件", 1)
    found = only(lint(text), "GK601")
    assert len(found) == 1
    diag = found[0]
    assert text[diag.span.start : diag.span.end] == "29"
    assert "29件" in diag.message and "27" in diag.message
    assert any(text[r.span.start : r.span.end].strip(" |") == "27" for r in diag.related)
    assert any("受理信息公开申请29件" in text[r.span.start : r.span.end] for r in diag.related)


def test_gk601_chinese_numerals_in_the_text() -> None:
    ok = fixture_text(SEED_2022).replace("共受理信息公开申请27件", "共受理信息公开申请二十七件", 1)
    assert only(lint(ok), "GK601") == []
    bad = fixture_text(SEED_2022).replace("共受理信息公开申请27件", "共受理信息公开申请二十三件", 1)
    assert len(only(lint(bad), "GK601")) == 1


def test_gk601_completed_and_carried_forward() -> None:
    text = fixture_text(SEED_2024).replace("办结1件", "办结3件", 1)
    found = only(lint(text), "GK601")
    assert len(found) == 1 and "办结" in found[0].message and "（七）总计" in found[0].message
    text = fixture_text(SEED_2022).replace("1件结转下年度办理", "2件结转下年度办理", 1)
    found = only(lint(text), "GK601")
    assert len(found) == 1 and "结转下年度" in found[0].message


def test_gk601_received_including_carryover_is_compared_with_new_plus_carried() -> None:
    # factory: 10 new, 1 carried over
    base = make_report()
    ok = base.replace(
        "主动公开政府信息120条。", "主动公开政府信息120条。全年收到政府信息公开申请11件（含上年结转1件）。"
    )
    assert only(lint(ok), "GK601") == []
    # Without "含上年结转", a count equal to new + carried still agrees with the table (c006: 受理749件 =
    # 新收713 + 结转36): loosely worded, not a mismatch. Precision first.
    plain = base.replace("主动公开政府信息120条。", "主动公开政府信息120条。全年收到政府信息公开申请11件。")
    assert only(lint(plain), "GK601") == []
    wrong = base.replace("主动公开政府信息120条。", "主动公开政府信息120条。全年收到政府信息公开申请12件。")
    assert len(only(lint(wrong), "GK601")) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "全年收到政府信息公开申请15件，同比增长50%。",  # the comparison is its own clause: 15 is still read
    ],
)
def test_gk601_comparison_in_another_clause_still_reads_the_count(sentence: str) -> None:
    text = make_report().replace("主动公开政府信息120条。", "主动公开政府信息120条。" + sentence)
    assert len(only(lint(text), "GK601")) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "2023年共收到政府信息公开申请15件。",  # another year
        "全年收到政府信息公开申请较上年增加15件。",  # a change, not a count
        "全县各部门共收到政府信息公开申请150件。",  # other bodies
        "其中，收到政府信息公开申请5件。",  # a sub-count
        "12345热线共受理群众来电300件，已办结298件。",  # another matter
        "全年收到政府信息公开申请15件和受理政府信息公开申请16件。",  # ambiguous
    ],
)
def test_gk601_skips_other_years_bodies_and_matters(sentence: str) -> None:
    text = make_report().replace("主动公开政府信息120条。", "主动公开政府信息120条。" + sentence)
    assert only(lint(text), "GK601") == []


def test_gk601_department_report_skips_city_totals_but_government_report_reads_them() -> None:
    sentence = "全县共收到政府信息公开申请150件。"
    dept = make_report(org="某县统计局").replace(
        "主动公开政府信息120条。", "主动公开政府信息120条。" + sentence
    )
    assert only(lint(dept), "GK601") == []
    gov = make_report(org="某县人民政府").replace(
        "主动公开政府信息120条。", "主动公开政府信息120条。" + sentence
    )
    assert len(only(lint(gov), "GK601")) == 1


def test_gk602_none_statement_against_table_four() -> None:
    text = fixture_text(SEED_2023)
    assert only(lint(text), "GK602") == []  # 余关镇: "没有出现…行政复议和行政诉讼", table all zero
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("0\t0\t0\t0\t0\t0"))
    lines[row] = "1\t0\t0\t0\t1" + lines[row][len("0\t0\t0\t0\t0") :]
    found = only(lint("\n".join(lines)), "GK602")
    assert len(found) == 1 and "行政复议" in found[0].message and "为1" in found[0].message


def test_gk602_lawsuit_count() -> None:
    text = fixture_text(SEED_2019)
    assert only(lint(text), "GK602") == []  # "1起政府信息公开行政诉讼案件" = 复议后起诉 1
    found = only(
        lint(text.replace("出现了1起政府信息公开行政诉讼", "出现了2起政府信息公开行政诉讼", 1)), "GK602"
    )
    assert len(found) == 1 and "2件" in found[0].message


def test_gk602_intentions_are_not_statements() -> None:
    text = make_report().replace("下一步将加强培训。", "下一步将加强培训，力争不发生行政复议、行政诉讼。")
    assert only(lint(text), "GK602") == []


def test_gk603_normative_documents_and_no_enforcement() -> None:
    text = fixture_text(SEED_2022)
    assert only(lint(text), "GK603") == []
    found = only(lint(text.replace("印发的规范性文件11件", "印发的规范性文件12件", 1)), "GK603")
    assert len(found) == 1 and "本年制发件数" in found[0].message
    base = make_report()  # 行政许可 12, 行政处罚 3, 行政强制 0
    text = base.replace("主动公开政府信息120条。", "主动公开政府信息120条。本年度无行政处罚、行政强制。")
    found = only(lint(text), "GK603")
    assert (
        len(found) == 1
        and "行政处罚" in found[0].message
        and "行政强制" not in found[0].message.split("但")[1]
    )
    text = base.replace("主动公开政府信息120条。", "主动公开政府信息120条。无行政强制。")
    assert only(lint(text), "GK603") == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
def test_real_case_r009_district_office_count_against_the_table() -> None:
    # 洪泽区人民政府 2024: "区政府办代表区政府受理政府信息公开申请17件" but 表三 本年新收 95.
    text = (CORPUS / "r009.txt").read_text(encoding="utf-8")
    found = only(lint(text), "GK601")
    assert len(found) == 1 and "17件" in found[0].message and "95" in found[0].message


def test_a_count_is_a_whole_run_of_digits() -> None:
    from gklint.checks.prose_tables import NUM

    pattern = re.compile(f"(?P<n>{NUM})件")
    assert [m.group("n") for m in pattern.finditer("共1234件，另有十七件")] == ["1234", "十七"]
    assert pattern.search("编号2024001234X") is None  # no count starts inside a run of digits


def test_a_page_long_run_of_digits_in_a_sentence_lints() -> None:
    # bench/fuzz.py mutated-report seed 100002: a one-line glued table, 90 KB, took a minute because
    # patterns that begin with the count retried from every digit. bench/linear_time.py measures speed.
    text = make_report().replace(
        "主动公开政府信息120条。", "主动公开政府信息120条。本年度结转" + "8" * 200_000 + "。"
    )
    assert lint(text).diagnostics is not None
