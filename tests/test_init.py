"""`gklint init`: a blank report in the 2021 national format that lints clean in every format."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gklint import blank, cli, config
from gklint.engine import lint_document
from gklint.model.report import TableStatus
from gklint.source import read_path


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    config.clear_cache()


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main(["init", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", ["报告.txt", "报告.md"])
def test_blank_report_has_the_template_and_lints_without_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    code, _, err = run(capsys, "--org", "某某镇人民政府", "--year", "2025", "-o", name)
    assert code == 0 and "已生成空白报告" in err
    doc = read_path(tmp_path / name)
    result = lint_document(doc)
    report = result.report
    assert report.title is not None and report.title.text.endswith(
        "某某镇人民政府2025年政府信息公开工作年度报告"
    )
    assert report.year == 2025
    assert [(w.start.year, w.end.year) for w in report.windows] == [(2025, 2025)]
    assert [h.numeral for h in report.headings if h.top_level] == [1, 2, 3, 4, 5, 6]
    expected_cells = {"s2": 10, "s3": 25 * 7, "s4": 15}
    for key, count in expected_cells.items():
        table = report.tables[key]
        assert table.status is TableStatus.MAPPED and table.schema in ("s2-2021", "s3-2021", "s4"), key
        assert len(table.cells) == count, key
        assert {cell.value for cell in table.cells.values()} == {Decimal(0)}, key
    # The only findings are the placeholders the clerk must replace: warnings, never errors.
    placeholders = doc.text.count(blank.PLACEHOLDER_OPEN)
    assert placeholders == 12
    assert [d.code for d in result.diagnostics] == ["GK008"] * placeholders
    assert cli.main([name]) == 0  # exit 0: nothing at error level
    capsys.readouterr()


@pytest.mark.parametrize("name", ["报告.txt", "报告.md"])
def test_the_blank_tables_are_really_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """A number typed into a blank table is summed: the tables are mapped, not silently skipped."""
    run(capsys, "--org", "某某镇人民政府", "--year", "2025", "-o", name)
    path = tmp_path / name
    lines = path.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if "（一）予以公开" in line)
    lines[row] = lines[row].replace("0", "3", 1)  # 予以公开 / 自然人 = 3, totals still 0
    path.write_text("\n".join(lines), encoding="utf-8")
    found = [d for d in lint_document(read_path(path)).diagnostics if d.code.startswith("GK30")]
    assert found and all(path.read_text(encoding="utf-8")[d.span.start : d.span.end] == "3" for d in found)


def test_default_name_stdout_and_no_overwrite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, _ = run(capsys, "--org", "某某县人民政府", "--year", "2024")
    default = tmp_path / "某某县人民政府2024年政府信息公开工作年度报告.txt"
    assert code == 0 and default.is_file()
    default.write_text("已经写了一半的报告", encoding="utf-8")
    code, _, err = run(capsys, "--org", "某某县人民政府", "--year", "2024")
    assert code == 2 and "已存在，未覆盖" in err
    assert default.read_text(encoding="utf-8") == "已经写了一半的报告"
    code, _, _ = run(capsys, "--org", "某某县人民政府", "--year", "2024", "--force")
    assert code == 0 and default.read_text(encoding="utf-8").startswith("某某县人民政府2024年")
    code, out, _ = run(capsys, "--org", "某某县人民政府", "--year", "2024", "-o", "-")
    assert code == 0 and out.startswith("某某县人民政府2024年政府信息公开工作年度报告\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "请用 --org 指定机关全称"),
        (("--org", "某局", "--year", "2019"), "适用于2021年及以后"),
        (("--org", "某局", "-o", "报告.pdf"), "不支持的输出格式"),
        (("--org", "某局", "多余"), "不接受位置参数"),
    ],
)
def test_bad_init_arguments_are_chinese_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err


def test_table_three_merges_match_the_template() -> None:
    table = blank.table_three()
    rows = blank.grid(table)
    assert len(rows) == 3 + 25 and all(len(r) == 10 for r in rows)
    note = table.rows[0][0]
    assert (note.rows, note.cols) == (3, 3) and "勾稽关系" in note.text
    result_group = next(c for row in table.rows for c in row if c.text == "三、本年度办理结果")
    assert result_group.rows == 22  # 1 + 1 + 8 + 3 + 5 + 3 + 1, as the template's rowspan
    withheld = next(c for row in table.rows for c in row if c.text == "（三）不予公开")
    assert withheld.rows == 8
    assert rows[9][2] == "3.危及“三安全一稳定”"
    total = next(row for row in rows if row[1] == "（七）总计")
    assert total[2] == "" and total[3:] == ["0"] * 7


def test_blank_word_report_has_real_merged_tables_and_lints_without_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    docx = pytest.importorskip("docx")
    code, _, _ = run(capsys, "--org", "某某镇人民政府", "--year", "2025", "-o", "报告.docx")
    assert code == 0
    document = docx.Document(str(tmp_path / "报告.docx"))
    two, three, four = document.tables
    assert (len(three.rows), len(three.columns)) == (28, 10)
    assert three.cell(0, 0)._tc is three.cell(2, 2)._tc  # the 勾稽关系 note: 3 × 3 merged
    assert three.cell(5, 0)._tc is three.cell(26, 0)._tc  # 三、本年度办理结果 spans its 22 rows
    assert three.cell(7, 1)._tc is three.cell(14, 1)._tc  # （三）不予公开 spans its 8 rows
    assert (len(four.rows), len(four.columns)) == (4, 15)
    assert four.cell(0, 0)._tc is four.cell(0, 4)._tc and four.cell(1, 0)._tc is four.cell(2, 0)._tc
    assert two.cell(0, 0).text == "第二十条第（一）项"
    result = lint_document(read_path(tmp_path / "报告.docx"))
    assert [d.code for d in result.diagnostics] == ["GK008"] * 12
    for key in ("s2", "s3", "s4"):
        table = result.report.tables[key]
        assert table.status is TableStatus.MAPPED and {c.value for c in table.cells.values()} == {Decimal(0)}
