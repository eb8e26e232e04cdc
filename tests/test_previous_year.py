"""GK800–GK804 (last year's report) and GK901 (publication deadline)."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from factory import make_report, s3_values
from gklint.config import ConfigError, apply_overrides
from gklint.engine import lint_document
from gklint.settings import Settings
from gklint.source.document import SourceDocument
from gklint.source.readers import read_path
from helpers import SEED_2020, SEED_2024, fixture_text, lint, only

CORPUS = Path(__file__).parent / "corpus" / "reports"


def _pair(this: str, last: str, **settings: object) -> list[str]:
    result = lint_document(SourceDocument(this), Settings(**settings), previous=SourceDocument(last))  # type: ignore[arg-type]
    return [d.code for d in result.diagnostics if d.code.startswith("GK8")]


def test_consistent_consecutive_years_have_no_cross_year_findings() -> None:
    this, last = make_report(year=2024), make_report(year=2023)
    # 表二 行政规范性文件: 5 valid last year + 2 made − 1 repealed = 6 this year
    this = this.replace("| 行政规范性文件 | 2 | 1 | 5 |", "| 行政规范性文件 | 2 | 1 | 6 |")
    assert _pair(this, last) == []


def test_gk801_carry_over_shifted_per_column() -> None:
    values = s3_values()
    values["四、结转下年度继续办理"] = [2, 0, 0, 0, 0, 0, 2]
    values["（七）总计"] = [7, 2, 0, 0, 0, 0, 9]
    values["1.本机关不掌握相关政府信息"] = [1, 1, 0, 0, 0, 0, 2]
    last = make_report(year=2023, s3=values)  # carried 2 to 2024
    this = make_report(year=2024).replace("| 行政规范性文件 | 2 | 1 | 5 |", "| 行政规范性文件 | 2 | 1 | 6 |")
    result = lint_document(SourceDocument(this), previous=SourceDocument(last))
    found = only(result, "GK801")
    assert len(found) == 1 and found[0].severity.label == "error"
    assert "自然人" in found[0].message and "总计" in found[0].message and "上年报告第" in found[0].message
    assert this[found[0].span.start : found[0].span.end] == "1"  # this year's 上年结转 / 自然人


def test_gk801_across_the_2019_and_2021_formats() -> None:
    # 次邱镇 2020 (2019 format) as "last year" of a 2021-format report: the rows have other ids.
    last = fixture_text(SEED_2020)
    forward = lint(last).report.tables["s3"]
    assert forward.schema == "s3-2019"
    this = make_report(year=2021, org="汶上县次邱镇人民政府")
    codes = _pair(this, last)
    assert "GK800" not in codes  # same body (names normalised), consecutive years


def test_gk802_valid_documents_chain_and_gk803_single_year() -> None:
    this, last = make_report(year=2024), make_report(year=2023)
    assert _pair(this, last) == ["GK802"]  # 5 + 2 − 1 = 6, not 5
    floor = make_report().replace("| 行政规范性文件 | 2 | 1 | 5 |", "| 行政规范性文件 | 4 | 0 | 3 |")
    found = only(lint(floor), "GK803")
    assert len(found) == 1 and "小于" in found[0].message


def test_content_figures_of_any_length_are_exact_and_shown_briefly() -> None:
    # bench/fuzz.py huge-numbers seed 100147: str(int(...)) of a 5,000-digit figure raised ValueError.
    huge = "9" * 5000
    floor = make_report().replace("| 行政规范性文件 | 2 | 1 | 5 |", f"| 行政规范性文件 | {huge} | 0 | 3 |")
    (found,) = only(lint(floor), "GK803")
    assert "（共 5000 位）" in found.message and len(found.message) < 300
    # 10^40 + 2 − 1 is 10^40 + 1, not 10^40 as 28-digit rounding would make it (and miss the finding).
    this, last = make_report(year=2024), make_report(year=2023)
    big = "1" + "0" * 40
    last = last.replace("| 行政规范性文件 | 2 | 1 | 5 |", f"| 行政规范性文件 | 2 | 1 | {big} |")
    this = this.replace("| 行政规范性文件 | 2 | 1 | 5 |", f"| 行政规范性文件 | 2 | 1 | {big} |")
    result = lint_document(SourceDocument(this), previous=SourceDocument(last))
    (chain,) = only(result, "GK802")
    assert chain.data["expected"] == "1" + "0" * 39 + "1"


def test_gk804_section_copied_from_last_year_numbers_aside() -> None:
    text = fixture_text(SEED_2024)
    last = text.replace("2024", "2023")
    this = text
    result = lint_document(SourceDocument(this), previous=SourceDocument(last))
    copied = only(result, "GK804")
    assert {d.data["section"] for d in copied} >= {1}
    assert all(d.related and "%" in d.message for d in copied)


def test_gk804_threshold_is_configurable() -> None:
    text = fixture_text(SEED_2024)
    last = text.replace("2024", "2023")
    result = lint_document(SourceDocument(text), Settings(copy_threshold=1.0), previous=SourceDocument(last))
    assert all(d.data["share"] >= 1.0 for d in only(result, "GK804"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs tests/corpus")
def test_gk804_real_consecutive_reports_are_not_copies() -> None:
    # 平潭综合实验区 2020→2021→…→2025: each year rewritten; nothing copied above the threshold.
    chain = ["c003", "c004", "c005", "c001", "c036", "c037"]
    for last, this in itertools.pairwise(chain):
        result = lint_document(read_path(CORPUS / f"{this}.txt"), previous=read_path(CORPUS / f"{last}.txt"))
        assert only(result, "GK804") == [] and only(result, "GK800") == [], this


def test_gk800_wrong_year_or_body_is_said_not_skipped() -> None:
    this = make_report(year=2024)
    assert _pair(this, make_report(year=2022)) == ["GK800"]
    assert _pair(this, make_report(year=2023, org="某县统计局")) == ["GK800"]


def test_automatic_pairing_in_a_folder_and_the_previous_setting(tmp_path: Path) -> None:
    values = s3_values()
    values["四、结转下年度继续办理"] = [2, 0, 0, 0, 0, 0, 2]
    values["（七）总计"] = [7, 2, 0, 0, 0, 0, 9]
    values["1.本机关不掌握相关政府信息"] = [1, 1, 0, 0, 0, 0, 2]
    (tmp_path / "2023年报.txt").write_text(make_report(year=2023, s3=values), encoding="utf-8")
    (tmp_path / "2024年报.txt").write_text(make_report(year=2024, org="某县 某镇人民政府"), encoding="utf-8")
    this = read_path(tmp_path / "2024年报.txt")
    assert "GK801" in [d.code for d in lint_document(this).diagnostics]
    assert "GK801" not in [d.code for d in lint_document(this, Settings(pair_previous=False)).diagnostics]
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    shutil.move(tmp_path / "2023年报.txt", elsewhere / "上年.txt")
    assert "GK801" not in [d.code for d in lint_document(this).diagnostics]
    named = apply_overrides(Settings(), {"previous": str(elsewhere / "上年.txt")})
    assert "GK801" in [d.code for d in lint_document(this, named).diagnostics]


def test_a_folder_run_reads_each_report_once_and_still_pairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI's own read of a report serves the folder index and the pairing (no second read)."""
    from gklint import cli, pairing
    from gklint.source import readers

    values = s3_values()
    values["四、结转下年度继续办理"] = [2, 0, 0, 0, 0, 0, 2]
    values["（七）总计"] = [7, 2, 0, 0, 0, 0, 9]
    values["1.本机关不掌握相关政府信息"] = [1, 1, 0, 0, 0, 0, 2]
    (tmp_path / "2023年报.txt").write_text(make_report(year=2023, s3=values), encoding="utf-8")
    (tmp_path / "2024年报.txt").write_text(make_report(year=2024), encoding="utf-8")
    reads: list[int] = []
    real = readers.read_bytes
    monkeypatch.setattr(readers, "read_bytes", lambda data, path: reads.append(1) or real(data, path))
    monkeypatch.setattr(pairing, "_INDEX", {})
    monkeypatch.setattr(pairing, "_KNOWN", {})
    monkeypatch.setenv("GKLINT_NO_PARALLEL", "1")
    cli.main(["--no-color", "--output-format", "json", "--select", "GK8", str(tmp_path)])
    out = capsys.readouterr().out
    assert "GK801" in out
    assert len(reads) == 2  # one read per file: index, pairing and lint share it
    # A file changed after the CLI read it is read afresh, not taken from the CLI's copy.
    (tmp_path / "2023年报.txt").write_text(make_report(year=2023) + "\n", encoding="utf-8")
    assert "GK801" not in [d.code for d in lint_document(read_path(tmp_path / "2024年报.txt")).diagnostics]


def test_previous_setting_errors_are_chinese(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="找不到上年报告"):
        apply_overrides(Settings(), {"previous": str(tmp_path / "没有.txt")})
    with pytest.raises(ConfigError, match="0 到 1"):
        apply_overrides(Settings(), {"copy_threshold": 3})
    with pytest.raises(ConfigError, match="月-日"):
        apply_overrides(Settings(), {"deadline_department": "1月31日"})
    bad = tmp_path / "坏.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    result = lint_document(SourceDocument(make_report()), Settings(previous=bad))
    assert [d.code for d in result.diagnostics if d.code.startswith("GK8")] == ["GK800"]


def test_cli_previous_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gklint import cli

    (tmp_path / "a.txt").write_text(make_report(year=2024), encoding="utf-8")
    (tmp_path / "b.txt").write_text(make_report(year=2023), encoding="utf-8")
    code = cli.main(
        ["--no-color", "--select", "GK8", str(tmp_path / "a.txt"), "--previous", str(tmp_path / "b.txt")]
    )
    out = capsys.readouterr().out
    assert code == 0 and "GK802" in out  # a warning: the default --fail-on is error


# --- GK901 publication deadline --------------------------------------------------------------


def _dated(text: str, line: str) -> str:
    return text.rstrip("\n") + "\n\n" + line + "\n"


def test_gk901_sign_off_date_after_the_deadline() -> None:
    dept = make_report(year=2024, org="某县统计局")
    found = only(lint(_dated(dept, "2025年2月10日")), "GK901")
    assert len(found) == 1 and "1月31日" in found[0].message and "晚10天" in found[0].message
    assert only(lint(_dated(dept, "2025年1月20日")), "GK901") == []


def test_gk901_county_government_has_until_march_and_townships_no_national_date() -> None:
    county = make_report(year=2024, org="某县人民政府")
    assert only(lint(_dated(county, "2025年3月20日")), "GK901") == []
    assert len(only(lint(_dated(county, "2025年4月2日")), "GK901")) == 1
    town = make_report(year=2024, org="某县某镇人民政府")
    assert only(lint(_dated(town, "2025年4月2日")), "GK901") == []
    assert len(only(lint(_dated(town, "2025年2月21日"), deadline_government="02-20"), "GK901")) == 1


def test_gk901_web_page_date_in_the_text_and_from_the_reader() -> None:
    # 沅江市人民政府 2019, page saved as text: "发布时间:2020-02-19" — on time (3月31日).
    assert only(lint(fixture_text("004_1818abdbb8b09ee2.txt")), "GK901") == []
    late = fixture_text("004_1818abdbb8b09ee2.txt").replace("发布时间:2020-02-19", "发布时间:2020-04-19")
    assert len(only(lint(late), "GK901")) == 1
    doc = SourceDocument(make_report(year=2024, org="某县统计局"), meta={"published": "2025-03-01"})
    found = only(lint_document(doc), "GK901")
    assert len(found) == 1 and "发布时间" in found[0].message


def test_gk901_no_date_no_check() -> None:
    assert only(lint(fixture_text(SEED_2024)), "GK901") == []


def test_last_years_word_file_pairs_with_this_years_text(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    from gklint.docxwrite import write_report_docx

    values = s3_values()
    values["四、结转下年度继续办理"] = [2, 0, 0, 0, 0, 0, 2]
    values["（七）总计"] = [7, 2, 0, 0, 0, 0, 9]
    values["1.本机关不掌握相关政府信息"] = [1, 1, 0, 0, 0, 0, 2]
    write_report_docx(make_report(year=2023, s3=values), tmp_path / "2023年报.docx")
    (tmp_path / "2024年报.txt").write_text(make_report(year=2024), encoding="utf-8")
    this = read_path(tmp_path / "2024年报.txt")
    found = only(lint_document(this), "GK801")  # paired automatically with the .docx
    assert len(found) == 1 and "2023年报.docx" in str(found[0].data["previous"])
    named = lint_document(this, Settings(previous=tmp_path / "2023年报.docx", pair_previous=False))
    assert len(only(named, "GK801")) == 1


def test_gk901_from_a_saved_web_page_through_the_html_reader() -> None:
    from gklint.source.readers import read_bytes
    from seed_html import render_html

    text = fixture_text("003_7d769ae862f72051.txt")  # 九龙坡区人民政府办公室 2022: a department
    late = read_bytes(render_html(text, published="2023年03月01日").encode("utf-8"), Path("报告.html"))
    found = only(lint_document(late), "GK901")
    assert len(found) == 1 and "2023年1月31日" in found[0].message and "网页源文件" in found[0].message
    on_time = read_bytes(render_html(text, published="2023年01月20日").encode("utf-8"), Path("报告.html"))
    assert only(lint_document(on_time), "GK901") == []
