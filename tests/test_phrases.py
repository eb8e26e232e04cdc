"""User rule packs (gklint.checks.phrases): loading, validation, matching, fixes, timeouts."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from gklint.checks import phrases
from gklint.diagnostics import Applicability, Severity
from gklint.engine import lint_text
from gklint.ruledata import catalog
from gklint.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
SEED_2024 = FIXTURES / "000_89fc474536e2e148.txt"

RULE = """
[[rule]]
code = "BJ101"
name = "old-office-name"
pattern = '党政办'
message = "机构名称已调整，“{match}”应改为“党政综合办公室”"
"""


def pack(tmp_path: Path, content: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def lint(text: str, *packs: Path, **settings: object):
    return lint_text(text, settings=Settings(rule_packs=tuple(packs), **settings)).diagnostics  # type: ignore[arg-type]


def only(diags, code: str):
    return [d for d in diags if d.code == code]


# --- loading ------------------------------------------------------------------------------


def test_load_builds_rule_info_with_defaults(tmp_path: Path) -> None:
    path = pack(tmp_path, RULE)
    loaded = phrases.load_packs((path,), catalog())
    info = loaded.rules["BJ101"]
    assert (info.name, info.category, info.severity) == ("old-office-name", "phrase", Severity.WARNING)
    assert info.origin == str(path)
    assert info.summary == "机构名称已调整，“…”应改为“党政综合办公室”"
    assert "党政办" in info.doc


def test_load_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    path = pack(tmp_path, RULE)
    first = phrases.load_packs((path,), catalog())
    assert phrases.load_packs((path,), catalog()) is first
    time.sleep(0.01)
    path.write_text(RULE.replace("warning", "error") + 'severity = "error"\n', encoding="utf-8")
    second = phrases.load_packs((path,), catalog())
    assert second is not first
    assert second.rules["BJ101"].severity is Severity.ERROR


def rule_with(**fields: object) -> str:
    base = {"code": "BJ101", "name": "old-office-name", "pattern": "党政办", "message": "旧称"}
    base.update(fields)
    lines = ["[[rule]]"]
    for key, value in base.items():
        if value is None:
            continue
        if isinstance(value, str):
            lines.append(f"{key} = '{value}'")
        else:
            lines.append(f"{key} = {value}".replace("'", '"').replace("True", "true"))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (rule_with(code="bj101"), "格式不对"),
        (rule_with(code="BJ10"), "格式不对"),
        (rule_with(code="GK901"), "保留给内置规则"),
        (rule_with(name="Old_Name"), "name"),
        (rule_with(name="missing-section"), "已被内置规则 GK101 使用"),
        (rule_with(name="table-sum"), "内置规则的类别"),
        (rule_with(pattern="(unclosed"), "不是有效的正则表达式"),
        (rule_with(pattern="x*"), "空字符串"),
        (rule_with(message=None), "缺少必填项 message"),
        (rule_with(message=""), "message 必须是非空字符串"),
        (rule_with(message="{oops}"), "占位符 {oops} 无效"),
        (rule_with(message="{match"), "花括号"),
        (rule_with(severity="fatal"), "severity"),
        (rule_with(category="Phrase Rules"), "category"),
        (rule_with(sections=[7]), "sections"),
        (rule_with(sections="5"), "sections"),
        (rule_with(replacement="\\2"), "不存在的分组"),
        (rule_with(replacement="\\g<who>"), "不存在的分组"),
        (rule_with(applicability="safe"), "只能与 replacement 一起使用"),
        (rule_with(replacement="x", applicability="maybe"), "safe 或 unsafe"),
        (rule_with(colour="red"), "未知的键 colour"),
        (rule_with() + rule_with(name="other-name"), "代码 BJ101 已被"),
        (rule_with() + rule_with(code="BJ102"), "名称 old-office-name 已被"),
        ("[[rule]]\ncode = 'BJ1'\n[[rule\n", "不是有效的 TOML"),
        ("title = 'x'\n" + rule_with(), "未知的顶层键 title"),
        ("", "没有规则"),
        ("rule = 3\n", "没有规则"),
        ("rule = [3]\n", "必须是一个表"),
    ],
)
def test_invalid_packs_raise_chinese_errors(tmp_path: Path, content: str, needle: str) -> None:
    path = pack(tmp_path, content)
    with pytest.raises(phrases.RulePackError) as info:
        phrases.load_packs((path,), catalog())
    assert needle in str(info.value)
    assert str(path) in str(info.value)


def test_error_names_the_rule_index(tmp_path: Path) -> None:
    path = pack(tmp_path, rule_with() + rule_with(code="BJ102", name="second", pattern="(bad"))
    with pytest.raises(phrases.RulePackError, match=r"第 2 条规则（BJ102）"):
        phrases.load_packs((path,), catalog())


def test_codes_must_be_unique_across_packs(tmp_path: Path) -> None:
    a = pack(tmp_path, rule_with(), "a.toml")
    b = pack(tmp_path, rule_with(name="another"), "b.toml")
    with pytest.raises(phrases.RulePackError, match=r"BJ101 已被规则包 .*a\.toml"):
        phrases.load_packs((a, b), catalog())


def test_missing_and_non_utf8_pack_files(tmp_path: Path) -> None:
    with pytest.raises(phrases.RulePackError, match="找不到规则包文件"):
        phrases.load_packs((tmp_path / "nope.toml",), catalog())
    bad = tmp_path / "gbk.toml"
    bad.write_bytes(rule_with(message="旧称").encode("gb18030"))
    with pytest.raises(phrases.RulePackError, match="UTF-8"):
        phrases.load_packs((bad,), catalog())


# --- matching -----------------------------------------------------------------------------


REPORT = SEED_2024.read_text(encoding="utf-8") if SEED_2024.exists() else ""


def test_matches_become_diagnostics_with_message_and_position(tmp_path: Path) -> None:
    diags = only(lint(REPORT, pack(tmp_path, RULE)), "BJ101")
    expected = REPORT.count("党政办")
    assert expected >= 2 and len(diags) == expected
    first = diags[0]
    assert REPORT[first.span.start : first.span.end] == "党政办"
    assert first.message == "机构名称已调整，“党政办”应改为“党政综合办公室”"
    assert (first.severity, first.name, first.category) == (Severity.WARNING, "old-office-name", "phrase")
    assert first.fix is None


def test_named_groups_in_message_and_replacement_fix(tmp_path: Path) -> None:
    content = rule_with(
        pattern="(?P<year>20[0-9]{2})年以来",
        message="“{year}年以来”宜写作“{year}年”",
        replacement="\\g<year>年",
    )
    diags = only(lint("一、总体情况\n2024年以来，我镇重视公开。\n", pack(tmp_path, content)), "BJ101")
    assert len(diags) == 1
    d = diags[0]
    assert d.message == "“2024年以来”宜写作“2024年”"
    assert d.fix is not None
    assert d.fix.applicability is Applicability.UNSAFE
    assert [(e.span, e.content) for e in d.fix.edits] == [(d.span, "2024年")]
    assert d.fix.message == "改为“2024年”"


def test_safe_fix_and_deletion_message(tmp_path: Path) -> None:
    content = rule_with(pattern="　+", message="全角空格", replacement="", applicability="safe")
    diags = only(lint("一、总体情况\n我镇　　重视公开。\n", pack(tmp_path, content)), "BJ101")
    assert len(diags) == 1
    assert diags[0].fix is not None
    assert diags[0].fix.applicability is Applicability.SAFE
    assert diags[0].fix.message == "删除“　　”"


def test_replacement_identical_to_match_gives_no_fix(tmp_path: Path) -> None:
    content = rule_with(pattern="党政办", replacement="党政办")
    diags = only(lint("党政办\n", pack(tmp_path, content)), "BJ101")
    assert len(diags) == 1 and diags[0].fix is None


def test_sections_restrict_matches_to_section_bodies(tmp_path: Path) -> None:
    everywhere = only(lint(REPORT, pack(tmp_path, rule_with(pattern="政务公开"), "a.toml")), "BJ101")
    only_five = only(
        lint(REPORT, pack(tmp_path, rule_with(pattern="政务公开", sections=[5]), "b.toml")), "BJ101"
    )
    start = REPORT.index("五、存在的主要问题及改进情况")
    end = REPORT.index("六、其他需要报告的事项")
    assert len(everywhere) > len(only_five) > 0
    assert all(start < d.span.start < end for d in only_five)
    assert len(only_five) == REPORT.count("政务公开", start, end)


def test_sections_missing_from_report_match_nothing(tmp_path: Path) -> None:
    diags = lint("没有任何章节的文字：党政办。\n", pack(tmp_path, rule_with(sections=[6])))
    assert only(diags, "BJ101") == []


def test_zero_width_matches_are_skipped(tmp_path: Path) -> None:
    diags = lint("政务公开\n", pack(tmp_path, rule_with(pattern="(?=政务)")))
    assert only(diags, "BJ101") == []


def test_pack_rules_obey_selection_and_severity_overrides(tmp_path: Path) -> None:
    path = pack(tmp_path, RULE)
    text = "党政办\n"
    assert only(lint(text, path, ignore=("phrase",)), "BJ101") == []
    assert only(lint(text, path, ignore=("old-office-name",)), "BJ101") == []
    assert len(only(lint(text, path, select=("BJ",)), "BJ101")) == 1
    (d,) = only(lint(text, path, severity=(("BJ101", Severity.ERROR),)), "BJ101")
    assert d.severity is Severity.ERROR


# --- runaway patterns ---------------------------------------------------------------------


def test_nested_quantifier_on_long_input_times_out_without_crashing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = pack(tmp_path, rule_with(pattern="(a+)+$", message="x"))
    phrases.load_packs((path,), catalog()).timeout = 0.1  # the cached pack is the one the engine uses
    text = "a" * 5000 + "b\n"
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="gklint.phrases"):
        diags = lint(text, path)
    assert time.monotonic() - started < 5
    assert only(diags, "BJ101") == []
    assert any("超时" in r.getMessage() for r in caplog.records)


def test_catastrophic_pattern_times_out_and_emits_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = pack(tmp_path, rule_with(pattern="(a|aa)+c", message="x"))
    loaded = phrases.load_packs((path,), catalog())
    loaded.timeout = 0.2  # the cached pack is the one the engine will use
    text = "a" * 60 + "b\n" + "aac\n"  # would match at the end if the search could get there
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="gklint.phrases"):
        diags = lint(text, path)
    assert time.monotonic() - started < 3
    assert only(diags, "BJ101") == []
    assert any("BJ101" in r.getMessage() and "超时" in r.getMessage() for r in caplog.records)


def test_timeout_covers_the_whole_document_not_each_search(tmp_path: Path) -> None:
    path = pack(tmp_path, rule_with(pattern="x", message="x"))
    loaded = phrases.load_packs((path,), catalog())
    loaded.timeout = 0.0  # no budget at all: nothing may be reported
    assert only(lint("xxxx\n", path), "BJ101") == []
    loaded.timeout = phrases.DEFAULT_TIMEOUT
    assert len(only(lint("xxxx\n", path), "BJ101")) == 4
