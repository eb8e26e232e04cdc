"""--write-baseline / --baseline: only new findings, even after unrelated edits shift every line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate_reports import TITLE_BAD, TITLE_OK, broken_report
from gklint import baseline, cli, config
from gklint.source.document import SourceDocument
from helpers import lint


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    config.clear_cache()


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def codes(out: str) -> list[str]:
    return [item["code"] for item in json.loads(out)]


def resubmitted(text: str) -> str:
    """The clerk's revision: a new paragraph at the top (every line shifts), a sentence reworded elsewhere."""
    first_break = text.index("\n")
    text = (
        text[:first_break] + "\n（根据审核意见修改）本报告补充了第五部分的整改措施。\n" + text[first_break:]
    )
    return text.replace("切实做好主动公开", "切实做好政府信息主动公开", 1)


def test_resubmission_with_shifted_lines_reports_only_new_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = tmp_path / "报告.txt"
    report.write_text(broken_report(), encoding="utf-8")
    code, _, err = run(capsys, "--write-baseline", "基线.json", report.name)
    assert code == 0 and "已把 3 个问题写入基线文件 基线.json" in err
    stored = json.loads((tmp_path / "基线.json").read_text(encoding="utf-8"))
    assert {f["code"] for f in stored["findings"]} == {"GK001", "GK201", "GK303"}

    text = resubmitted(report.read_text(encoding="utf-8"))
    # A new defect in the revision: the 2021-format heading of section 五 gets an old wording.
    assert "五、存在的主要问题及改进情况" in text
    text = text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题和改进情况", 1)
    report.write_text(text, encoding="utf-8")
    assert len(lint(text).diagnostics) == 4

    code, out, err = run(capsys, "--baseline", "基线.json", "--format", "json", report.name)
    assert codes(out) == ["GK104"] and code == 0  # a warning: exit 0 under the default --fail-on error
    assert "已记录的 3 个问题未显示" in err


def test_a_fixed_finding_disappears_and_a_changed_number_is_new(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = tmp_path / "报告.txt"
    report.write_text(broken_report(), encoding="utf-8")
    run(capsys, "--write-baseline", "b.json", report)
    # The clerk fixed the title but typed another wrong number into the same cell.
    text = broken_report().replace(TITLE_BAD, TITLE_OK).replace("\n13 |\n", "\n14 |\n", 1)
    report.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "--baseline", "b.json", "--format", "json", report)
    assert sorted(codes(out)) == ["GK303"] and code == 1  # one wrong cell, one finding


def test_baseline_of_one_report_applies_to_its_renamed_resubmission(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "初稿.txt").write_text(broken_report(), encoding="utf-8")
    run(capsys, "--write-baseline", "b.json", "初稿.txt")
    (tmp_path / "修改稿.txt").write_text(resubmitted(broken_report()), encoding="utf-8")
    code, out, _ = run(capsys, "--baseline", "b.json", "--format", "json", "修改稿.txt")
    assert (code, codes(out)) == (0, [])


def test_identical_findings_in_one_file_are_counted() -> None:
    doc = SourceDocument("甲。\n甲。\n")
    from gklint.diagnostics import Diagnostic, Severity, Span

    first = Diagnostic("GK999", "m", Span(0, 1), Severity.ERROR)
    second = Diagnostic("GK999", "m", Span(3, 4), Severity.ERROR)
    prints = baseline.fingerprints(doc, [first, second])
    assert prints[0] != prints[1] and prints[0].split(":")[0] == prints[1].split(":")[0]


def test_bad_baseline_files_are_clear_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = tmp_path / "报告.txt"
    report.write_text(broken_report(), encoding="utf-8")
    code, _, err = run(capsys, "--baseline", "无.json", report)
    assert code == 2 and "找不到基线文件" in err
    (tmp_path / "x.json").write_text("[1, 2]", encoding="utf-8")
    code, _, err = run(capsys, "--baseline", "x.json", report)
    assert code == 2 and "不是 gklint 基线文件" in err
    (tmp_path / "y.json").write_text("{", encoding="utf-8")
    code, _, err = run(capsys, "--baseline", "y.json", report)
    assert code == 2 and "不是有效的 JSON" in err and "Traceback" not in err
