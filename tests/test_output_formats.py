"""--format sarif / github / junit and -o: validated against their consumers' rules."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from gate_reports import broken_report
from gklint import cli, config
from gklint.diagnostics import Diagnostic, Severity, Span
from gklint.output import FileResult
from gklint.output import github as github_output
from gklint.output import junit as junit_output
from gklint.output import sarif as sarif_output
from gklint.ruledata import catalog
from gklint.source.document import SourceDocument

# The official OASIS SARIF 2.1.0 schema (errata 01, $id …/sarif-spec/master/Schemata/sarif-schema-2.1.0.json),
# kept byte for byte as test data so the check works offline.
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    config.clear_cache()


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "报告 2022.txt"
    path.write_text(broken_report(), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_sarif_is_valid_against_the_official_schema(capsys: pytest.CaptureFixture[str], report: Path) -> None:
    code, out, _ = run(capsys, "--format", "sarif", report.name)
    assert code == 1
    log = json.loads(out)
    errors = sorted(_validator().iter_errors(log), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    results = {r["ruleId"]: r for r in run_["results"]}
    assert set(results) >= {"GK001", "GK303"}


def test_sarif_rules_carry_chinese_help_and_doc_uri(capsys: pytest.CaptureFixture[str], report: Path) -> None:
    _, out, _ = run(capsys, "--format", "sarif", report.name)
    driver = json.loads(out)["runs"][0]["tool"]["driver"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == set(catalog())
    gk301 = rules["GK301"]
    assert gk301["helpUri"] == "https://gklint.readthedocs.io/zh/latest/rules/GK301.html"
    assert "## 为什么" in gk301["help"]["markdown"] and gk301["help"]["text"]
    assert gk301["shortDescription"]["text"] == catalog()["GK301"].summary
    for result in json.loads(out)["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_locations_related_cells_and_fixes(capsys: pytest.CaptureFixture[str], report: Path) -> None:
    _, out, _ = run(capsys, "--format", "sarif", report.name)
    text = report.read_text(encoding="utf-8")
    results = {r["ruleId"]: r for r in json.loads(out)["runs"][0]["results"]}
    cell = results["GK303"]
    loc = cell["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "%E6%8A%A5%E5%91%8A%202022.txt", "uriBaseId": "%SRCROOT%"}
    region = loc["region"]
    line = text.split("\n")[region["startLine"] - 1]
    # 1-based code-point columns, end exclusive: the region is exactly the wrong number.
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "13"
    related = cell["relatedLocations"]
    assert len(related) == 7 and [r["id"] for r in related] == list(range(1, 8))
    assert all(r["message"]["text"] for r in related)
    replacement = cell["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "12"
    assert replacement["deletedRegion"] == region
    assert cell["properties"]["fixApplicability"] == "unsafe"
    title = results["GK001"]["locations"][0]["physicalLocation"]["region"]
    assert (title["startLine"], title["startColumn"]) == (1, 1)


def test_sarif_fingerprints_survive_shifted_lines(capsys: pytest.CaptureFixture[str], report: Path) -> None:
    _, before, _ = run(capsys, "--format", "sarif", report.name)
    text = report.read_text(encoding="utf-8")
    first_break = text.index("\n")
    report.write_text(
        text[:first_break] + "\n\n（修改稿）新增一段说明。\n" + text[first_break:], encoding="utf-8"
    )
    _, after, _ = run(capsys, "--format", "sarif", report.name)

    def prints(out: str) -> dict[str, tuple[str, int]]:
        return {
            r["partialFingerprints"]["gklintContext/v1"]: (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in json.loads(out)["runs"][0]["results"]
        }

    old, new = prints(before), prints(after)
    assert set(old) == set(new)
    moved = [fp for fp in old if old[fp][0] == "GK303"]
    assert new[moved[0]][1] == old[moved[0]][1] + 3  # three lines inserted above


def test_github_annotations(capsys: pytest.CaptureFixture[str], report: Path) -> None:
    code, out, _ = run(capsys, "--format", "github", report.name)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "::warning file=报告 2022.txt,line=1,col=1,endLine=1,endColumn=30,title=GK001::"
        "标题“重庆市九龙坡区人民政府办公室2022年政府信息公开工作报告”应包含“政府信息公开工作年度报告”字样。"
    )
    assert any(
        line.startswith("::error file=报告 2022.txt,line=") and "title=GK303::" in line for line in lines
    )


def test_github_escaping_follows_the_actions_toolkit() -> None:
    doc = SourceDocument("甲\n乙\n", display_name="a,b:c%.txt")
    diag = Diagnostic("GK999", "第一行 100%\r\n第二行: x, y", Span(2, 3), Severity.INFO)
    out = github_output.render([FileResult(doc, [diag])])
    assert out == (
        "::notice file=a%2Cb%3Ac%25.txt,line=2,col=1,endLine=2,endColumn=2,title=GK999::"
        "第一行 100%25%0D%0A第二行: x, y\n"
    )


def test_junit_one_testcase_per_file_one_failure_per_finding(
    capsys: pytest.CaptureFixture[str], report: Path, tmp_path: Path
) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(broken_report().replace("工作报告", "工作年度报告", 1), encoding="utf-8")
    code, out, _ = run(capsys, "--format", "junit", "--select", "GK0,GK3", report.name, clean.name)
    assert code == 1
    root = ET.fromstring(out.encode("utf-8"))
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == ["报告 2022.txt", "clean.txt"]
    assert [f.get("type") for f in cases[0].findall("failure")] == ["GK001", "GK303"]
    assert [f.get("type") for f in cases[1].findall("failure")] == ["GK303"]
    assert root.get("tests") == "2" and root.get("failures") == "3"


def test_junit_escapes_markup_and_drops_control_characters() -> None:
    doc = SourceDocument("x\n", display_name="<a&b>.txt")
    diag = Diagnostic("GK999", 'a < b & "c" \x01 ]]>', Span(0, 1), Severity.ERROR)
    out = junit_output.render([FileResult(doc, [diag])])
    failure = ET.fromstring(out.encode("utf-8")).find("./testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == '1:1 GK999 a < b & "c" \ufffd ]]>'
    assert failure.text is not None and failure.text.startswith("<a&b>.txt:1:1: GK999 [error]")


def test_sarif_for_hand_made_results_validates() -> None:
    """Rule-pack rules have no public page; stdin has no path: both still give valid SARIF."""
    doc = SourceDocument("一二三\r\n四五六", display_name="-")
    diag = Diagnostic("GK001", "x", Span(5, 7), Severity.WARNING)
    log = sarif_output.sarif_log([FileResult(doc, [diag])], catalog(), "0")
    assert list(_validator().iter_errors(log)) == []
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 3}


def test_output_file_is_written_instead_of_stdout(
    capsys: pytest.CaptureFixture[str], report: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "结果.sarif"
    target.parent.mkdir()
    code, out, _ = run(capsys, "--format", "sarif", "-o", str(target), report.name)
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert [p.name for p in target.parent.iterdir()] == ["结果.sarif"]  # no temporary file left
    code, out, _ = run(capsys, "--output-file", str(target), report.name)
    assert "GK001" in target.read_text(encoding="utf-8") and "\x1b[" not in target.read_text(encoding="utf-8")


def test_output_file_in_a_missing_folder_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], report: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "-o", str(tmp_path / "无此目录" / "x.json"), report.name)
    assert code == 2 and "无法写入输出文件" in err and "Traceback" not in err
    assert "文件或文件夹不存在" in err and "No such file" not in err  # the reason in Chinese, not strerror


def test_word_input_locations_name_the_place_not_extracted_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("docx")
    monkeypatch.chdir(tmp_path)
    from gklint.docxwrite import report_to_docx

    (tmp_path / "报告.docx").write_bytes(report_to_docx(broken_report()))
    _, out, _ = run(capsys, "--format", "sarif", "报告.docx")
    log = json.loads(out)
    assert list(_validator().iter_errors(log)) == []
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    title = results["GK001"]["locations"][0]
    assert title["physicalLocation"] == {
        "artifactLocation": {"uri": "%E6%8A%A5%E5%91%8A.docx", "uriBaseId": "%SRCROOT%"}
    }
    assert title["message"]["text"] == "第1段"
    cell = results["GK303"]["locations"][0]["message"]["text"]
    assert cell.startswith("第三部分表格") and "行" in cell and "列" in cell
    assert "fixes" not in results["GK303"]  # edits on extracted text do not apply to the .docx
    _, out, _ = run(capsys, "--format", "github", "报告.docx")
    first = out.splitlines()[0]
    assert first.startswith("::warning file=报告.docx,title=GK001::第1段：标题")
