"""PDF reports: the real published PDFs give the findings of their text versions; bad PDFs get a message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gklint.engine import lint_document
from gklint.model.report import TableStatus
from gklint.source import ReadError, read_path
from gklint.source.layout import GridCell
from gklint.source.pdf import _PAGE_NUMBER, _grid, parse_pdf
from gklint.source.readers import read_bytes
from helpers import SHARED
from pdfbuild import build_pdf

CORPUS = SHARED / "corpus"
ROOT = Path(__file__).resolve().parents[1]
PDFS = ["r007", "r008", "r009"]

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "files" / "r007.pdf").is_file(), reason="../shared/corpus is not present"
)


def _findings(path: Path) -> list[tuple[str, str]]:
    return sorted((d.code, d.message) for d in lint_document(read_path(path)).diagnostics)


@needs_corpus
@pytest.mark.parametrize("name", PDFS)
def test_pdf_gives_the_findings_of_its_text_version(name: str) -> None:
    # Same codes, and the same messages — which name the same table cells and values.
    pdf = _findings(CORPUS / "files" / f"{name}.pdf")
    text = _findings(CORPUS / "reports" / f"{name}.txt")
    assert pdf == text


@needs_corpus
@pytest.mark.parametrize("name", PDFS)
def test_pdf_tables_are_mapped(name: str) -> None:
    report = lint_document(read_path(CORPUS / "files" / f"{name}.pdf")).report
    assert set(report.sections) == {1, 2, 3, 4, 5, 6}
    for key in ("s2", "s3", "s4"):
        assert report.tables[key].status is TableStatus.MAPPED, key


@needs_corpus
def test_page_numbers_are_removed_and_lines_have_page_origins() -> None:
    doc = read_path(CORPUS / "files" / "r007.pdf")
    assert doc.source_format == "pdf"
    lines = doc.text.split("\n")
    assert not any(_PAGE_NUMBER.fullmatch(line.strip()) for line in lines if line.strip())
    assert "- 1 -" not in doc.text and "- 4 -" not in doc.text
    offset = doc.text.index("（二）依申请公开情况。")
    origin = doc.origin.at(offset)  # type: ignore[union-attr]
    assert origin is not None and origin.describe() == "第2页第4行"


@needs_corpus
def test_real_defect_points_at_the_pdf_cell() -> None:
    # r008: the 行政复议 row says 总计 0 for 10 + 1 + 0 + 0 (a real error in the published PDF).
    doc = read_path(CORPUS / "files" / "r008.pdf")
    result = lint_document(doc)
    wrong = [d for d in result.diagnostics if d.code == "GK304"]
    assert wrong
    origins = [doc.origin.range(d.span.start, d.span.end) for d in wrong]  # type: ignore[union-attr]
    assert {(o.kind, o.page) for o in origins if o} == {("cell", 4)}
    assert any(o and o.column_label and o.column_label.replace(" ", "") == "总计" for o in origins)


@needs_corpus
def test_cli_json_names_the_page(tmp_path: Path) -> None:
    path = tmp_path / "报告.pdf"
    path.write_bytes((CORPUS / "files" / "r009.pdf").read_bytes())
    out = subprocess.run(
        [sys.executable, "-m", "gklint", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 1, out.stderr
    found = json.loads(out.stdout)
    # GK601: the text's 17 applications against 表三's 95; GK705: no 评议/追究 results (content rules)
    assert {d["code"] for d in found} == {"GK407", "GK502", "GK601", "GK705"}
    assert all(d["origin"]["page"] >= 1 and d["origin"]["description"].startswith("第") for d in found)


def test_merged_cells_from_pdfplumber_become_the_logical_grid() -> None:
    # What pdfplumber's Table.extract() gives for a header with a colspan and a label with a rowspan.
    rows: list[list[str | None]] = [
        ["项目", None, "申请人\n情况", None],
        ["三、本年度\n办理结果", "（一）予以公开", "1", "2"],
        [None, "（二）部分公开", "", "0"],
    ]
    grid = _grid(rows)
    assert [
        [c.text if (c.top, c.left) == (r, i) else "" for i, c in enumerate(row)] for r, row in enumerate(grid)
    ] == [
        ["项目", "", "申请人情况", ""],
        ["三、本年度办理结果", "（一）予以公开", "1", "2"],
        ["", "（二）部分公开", "", "0"],
    ]
    assert grid[0][1] == GridCell("项目", 0, 0)  # covered from the left
    assert grid[2][0] == GridCell("三、本年度办理结果", 1, 0)  # covered from above


@pytest.mark.parametrize(
    "footer", ["— 3 —", "- 3 -", "-3-", "第3页", "第 3 页 共 6 页", "3/6", "3", "－ 12 －"]
)
def test_page_number_forms(footer: str) -> None:
    assert _PAGE_NUMBER.fullmatch(footer)


@pytest.mark.parametrize("line", ["一、总体情况", "2024年", "第二十条第（一）项", "3.危及“三安全一稳定”"])
def test_text_is_not_a_page_number(line: str) -> None:
    assert not _PAGE_NUMBER.fullmatch(line)


# --- bad PDFs ---------------------------------------------------------------------------------


def _minimal_pdf(content: bytes) -> bytes:
    """A one-page PDF whose page draws `content` (no font: no text layer)."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ]
    )


def _cli(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gklint", str(path)], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_scanned_pdf_says_no_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(_minimal_pdf(b"0.5 g 50 50 400 600 re f"))  # a filled box where a scan would be
    with pytest.raises(ReadError, match="没有文字层"):
        read_path(path)
    out = _cli(path)
    assert out.returncode == 2
    assert "没有文字层" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 3], id="truncated"),
        pytest.param(lambda b: b.replace(b"xref", b"xxxx").replace(b"/Root", b"/Rxxx"), id="broken-xref"),
        pytest.param(lambda b: b"%PDF-1.7\n" + bytes(range(256)) * 20, id="junk-after-header"),
    ],
)
def test_damaged_pdf_is_a_clear_error(tmp_path: Path, damage: object) -> None:
    path = tmp_path / "报告.pdf"
    path.write_bytes(damage(_minimal_pdf(b"0 g 0 0 10 10 re f")))  # type: ignore[operator]
    out = _cli(path)
    assert out.returncode == 2, out.stdout
    assert "PDF" in out.stderr and "Traceback" not in out.stderr


@needs_corpus
def test_truncated_real_pdf_never_tracebacks(tmp_path: Path) -> None:
    data = (CORPUS / "files" / "r007.pdf").read_bytes()
    path = tmp_path / "报告.pdf"
    path.write_bytes(data[: len(data) // 2])
    out = _cli(path)
    assert out.returncode in (0, 1, 2) and "Traceback" not in out.stderr


def test_missing_pdfplumber_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # import fails as if not installed
    with pytest.raises(ReadError, match=r'pip install "gklint\[pdf\]"'):
        read_bytes(_minimal_pdf(b""), Path("报告.pdf"))


def test_pdf_is_recognised_by_content_whatever_its_name() -> None:
    with pytest.raises(ReadError, match="没有文字层"):
        read_bytes(_minimal_pdf(b""), Path("报告.txt"))


def test_linting_text_does_not_import_pdfplumber() -> None:
    code = (
        "import sys; from gklint.engine import lint_text; lint_text('一、总体情况\\n');"
        "print('pdfplumber' in sys.modules or 'pdfminer' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_parse_pdf_on_a_text_free_page_raises() -> None:
    from gklint.source.pdf import PdfError

    with pytest.raises(PdfError):
        parse_pdf(_minimal_pdf(b""))


@needs_corpus
def test_fix_never_writes_over_a_pdf_even_under_a_text_name(tmp_path: Path) -> None:
    original = (CORPUS / "files" / "r008.pdf").read_bytes()  # has fixable findings
    path = tmp_path / "报告.txt"  # sniffed as PDF by its content
    path.write_bytes(original)
    out = subprocess.run(
        [sys.executable, "-m", "gklint", "--fix", "--unsafe-fixes", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert "Traceback" not in out.stderr
    assert "暂不能自动修复 PDF 文件" in out.stderr
    assert path.read_bytes() == original


@needs_corpus
def test_rowspan_header_names_its_column() -> None:
    # 表三's "总计" header spans two header rows: pdfplumber leaves the lower position empty, and the
    # table's geometry (not the neighbouring "其他" cell) says which cell covers it.
    doc = read_path(CORPUS / "files" / "r008.pdf")
    report = lint_document(doc).report
    total = report.tables["s3"].cells[("r03", "C7")]  # （一）予以公开, 总计
    origin = doc.origin.at(total.span.start)  # type: ignore[union-attr]
    assert origin is not None and origin.page == 3
    assert (origin.row_label, origin.column_label) == ("（一）予以公开", "总计")
    other = doc.origin.at(report.tables["s3"].cells[("r03", "C6")].span.start)  # type: ignore[union-attr]
    assert other is not None and other.column_label == "其他"


@needs_corpus
def test_summary_does_not_offer_fix_for_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "报告.pdf"
    path.write_bytes((CORPUS / "files" / "r008.pdf").read_bytes())
    out = subprocess.run(
        [sys.executable, "-m", "gklint", str(path)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    last = out.stdout.strip().splitlines()[-1]
    assert "附带修复建议" in last and "--fix" not in last and "请按建议在原文件中修改" in last


@needs_corpus
def test_wide_merged_header_does_not_shift_column_labels() -> None:
    # 表四: "行政复议" spans five columns above five rowspan headers; each value is under its own header.
    doc = read_path(CORPUS / "files" / "r008.pdf")
    cells = lint_document(doc).report.tables["s4"].cells
    labels = [
        doc.origin.at(cells[("row", f"v{i}")].span.start).column_label  # type: ignore[union-attr]
        for i in range(1, 6)
    ]
    assert [label.replace(" ", "") for label in labels] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]  # type: ignore[union-attr]
