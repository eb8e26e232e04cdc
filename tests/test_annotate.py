"""`gklint 报告.docx --annotate`: one Word comment per finding, at the right place; opened in LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gklint.annotate import annotate_bytes
from gklint.engine import lint_document
from gklint.output import FileResult
from gklint.source import read_path
from gklint.source.docx import read_docx_with_anchors
from make_docx_fixtures import build

docx = pytest.importorskip("docx")

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def word_seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {path.stem: path for path in build(tmp_path_factory.mktemp("word"))}


def _with_defects(word: Path, folder: Path) -> Path:
    """A seed with a wrong title phrase, a wrong table cell and a reworded heading: findings everywhere."""
    document = docx.Document(str(word))
    title = document.paragraphs[0]
    title.runs[0].text = title.runs[0].text.replace("工作年度报告", "工作报告")
    s3 = document.tables[1]
    s3.cell(5, 4).paragraphs[0].runs[0].text = "7"
    out = folder / "报告.docx"
    document.save(str(out))
    return out


def _comments(path: Path) -> dict[str, str]:
    """Comment id → its text."""
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/comments.xml"))
    return {c.get(f"{W}id"): "".join(c.itertext()) for c in root.iter(f"{W}comment")}


def _anchored_at(path: Path) -> dict[str, tuple]:
    """Comment id → where its range starts: ("cell", table, row, column) or ("paragraph", n)."""
    _, anchors, document = read_docx_with_anchors(path.read_bytes(), path)
    where: dict[str, tuple] = {}
    by_element = {id(e): ("paragraph", n) for n, e in anchors.paragraphs.items()}
    by_element.update({id(e): ("cell", *key) for key, e in anchors.cells.items()})
    for start in document.element.body.iter(f"{W}commentRangeStart"):
        element = start
        while element is not None and id(element) not in by_element:
            element = element.getparent()
        assert element is not None, "a comment outside any paragraph or cell"
        where[start.get(f"{W}id")] = by_element[id(element)]
    return where


def _expected_place(doc, diag) -> tuple:  # type: ignore[no-untyped-def]
    origin = doc.origin.at(diag.span.start)
    if origin.kind == "cell":
        return ("cell", origin.table, origin.row, origin.column)
    return ("paragraph", origin.paragraph)


def test_one_comment_per_finding_at_its_place(word_seeds: dict[str, Path], tmp_path: Path) -> None:
    source = _with_defects(word_seeds["000_89fc474536e2e148"], tmp_path)
    before = source.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "gklint", "--annotate", "--format", "concise", str(source)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr
    target = tmp_path / "报告.gklint.docx"
    assert target.exists() and "已写入带批注的文件" in proc.stderr
    assert source.read_bytes() == before  # the original is never touched
    result = lint_document(read_path(source))
    codes = sorted(d.code for d in result.diagnostics)
    assert {"GK001", "GK011"} <= set(codes) and any(c.startswith("GK30") for c in codes)
    comments = _comments(target)
    assert len(comments) == len(result.diagnostics)
    places = _anchored_at(target)
    expected = sorted((d.code, _expected_place(result.document, d)) for d in result.diagnostics)
    found = sorted((comments[i].split("（", 1)[0], places[i]) for i in comments)
    assert found == expected
    for diag in result.diagnostics:
        text = next(t for t in comments.values() if t.startswith(diag.code) and diag.message in t)
        if diag.fix is not None:
            assert "建议修改：" + diag.fix.message in text
    authors = {c.get(f"{W}author") for c in _comment_elements(target)}
    assert authors == {"gklint"}
    # The annotated copy still reads as the same report (comments are not body text).
    assert read_path(target).text == result.document.text


def _comment_elements(path: Path) -> list:  # type: ignore[type-arg]
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        return list(etree.fromstring(archive.read("word/comments.xml")).iter(f"{W}comment"))


def test_refuses_to_overwrite_unless_forced(word_seeds: dict[str, Path], tmp_path: Path) -> None:
    source = tmp_path / "报告.docx"
    source.write_bytes(word_seeds["002_19a6864ec5ce9982"].read_bytes())
    target = tmp_path / "报告.gklint.docx"
    target.write_bytes(b"the user's own file")
    cmd = [sys.executable, "-m", "gklint", "--annotate", "-q", str(source)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 2 and "已存在" in proc.stderr and "--force" in proc.stderr
    assert target.read_bytes() == b"the user's own file"
    proc = subprocess.run([*cmd, "--force"], capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    assert zipfile.is_zipfile(target) and _comments(target)


def test_text_input_needs_a_word_file(tmp_path: Path) -> None:
    source = tmp_path / "报告.txt"
    source.write_text((ROOT / "tests" / "fixtures" / "002_19a6864ec5ce9982.txt").read_text(encoding="utf-8"))
    proc = subprocess.run(
        [sys.executable, "-m", "gklint", "--annotate", "-q", str(source)], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "需要 Word 文件（.docx）" in proc.stderr
    assert not list(tmp_path.glob("*.gklint.*"))
    proc = subprocess.run(
        [sys.executable, "-m", "gklint", "--force", str(source)], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "--annotate" in proc.stderr


def test_annotate_bytes_api(word_seeds: dict[str, Path]) -> None:
    data = word_seeds["004_1818abdbb8b09ee2"].read_bytes()
    result = lint_document(read_path(word_seeds["004_1818abdbb8b09ee2"]))
    out = annotate_bytes(data, FileResult(result.document, result.diagnostics))
    assert out[:4] == b"PK\x03\x04" and data == word_seeds["004_1818abdbb8b09ee2"].read_bytes()
    tmp = word_seeds["004_1818abdbb8b09ee2"].with_name("api.docx")
    tmp.write_bytes(out)
    assert len(_comments(tmp)) == len(result.diagnostics)


# --- opened in a real office suite -----------------------------------------------------------------

PDF_FILTER = 'pdf:writer_pdf_Export:{"ExportNotesInMargin":{"type":"boolean","value":"true"}}'


def _require_soffice() -> None:
    from gklint.source.legacy import find_soffice

    if find_soffice() is None:
        if os.environ.get("GKLINT_REQUIRE_SOFFICE") == "1":
            pytest.fail("GKLINT_REQUIRE_SOFFICE=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")


def _pdf_comment_texts(pdf: Path) -> str:
    """Everything a reader of the PDF can see of the comments: page text (comments in the margin,
    LibreOffice ≥ 7.6) and PDF comment annotations (older LibreOffice exports comments as those)."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    parts = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            parts.append(page.extract_text() or "")
            for annot in resolve1(page.page_obj.annots) or []:
                contents = resolve1(annot).get("Contents")
                if contents:
                    parts.append(decode_text(contents) if isinstance(contents, bytes) else str(contents))
    return "\n".join(parts)


def test_libreoffice_opens_the_annotated_file_with_its_comments(
    word_seeds: dict[str, Path], tmp_path: Path
) -> None:
    _require_soffice()
    from gklint.source.legacy import convert_with_soffice

    source = _with_defects(word_seeds["000_89fc474536e2e148"], tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "gklint", "--annotate", "-q", str(source)], capture_output=True, text=True
    )
    assert proc.returncode == 1, proc.stderr
    annotated = tmp_path / "报告.gklint.docx"
    out_dir = tmp_path / "pdf"
    out_dir.mkdir()
    pdf = convert_with_soffice(annotated, PDF_FILTER, out_dir)
    seen = _pdf_comment_texts(pdf)
    result = lint_document(read_path(source))
    for diag in result.diagnostics:
        assert f"{diag.code}（{diag.severity.chinese}）" in seen, diag.code
        assert diag.message[:20] in seen.replace("\n", "")
    if shutil.which("pdftoppm"):
        png = tmp_path / "annotated-docx"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)],
            check=True,
        )
        assert png.with_suffix(".png").stat().st_size > 10_000
        if os.environ.get("GKLINT_UPDATE_SCREENSHOT") == "1":
            shutil.copy(png.with_suffix(".png"), ROOT / "docs" / "annotated-docx.png")


def test_libreoffice_converts_a_legacy_doc_that_is_then_linted(
    word_seeds: dict[str, Path], tmp_path: Path
) -> None:
    _require_soffice()
    from gklint.source.legacy import convert_with_soffice

    out_dir = tmp_path / "doc"
    out_dir.mkdir()
    legacy = convert_with_soffice(word_seeds["004_1818abdbb8b09ee2"], "doc", out_dir)
    assert legacy.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    doc = read_path(legacy)
    assert doc.meta["converted_from"] == "doc"
    text_version = lint_document(read_path(ROOT / "tests" / "fixtures" / "004_1818abdbb8b09ee2.txt"))
    codes = sorted(d.code for d in lint_document(doc).diagnostics if d.code != "GK011")
    assert codes == sorted(d.code for d in text_version.diagnostics)


def test_a_real_published_report_saved_as_word_by_libreoffice(tmp_path: Path) -> None:
    """A real report page (tests/fixtures/html) opened and saved as .docx by LibreOffice: real-world Word XML
    (LibreOffice's merged cells, its list formats). Its tables must read cell for cell as the web page's do."""
    _require_soffice()
    from gklint.source.legacy import convert_with_soffice

    page = ROOT / "tests" / "fixtures" / "html" / "pingtan_2023.html"
    if not page.exists():
        pytest.skip("the real report page fixture is not present")
    out_dir = tmp_path / "docx"
    out_dir.mkdir()
    word = convert_with_soffice(page, "docx:MS Word 2007 XML", out_dir)
    from_page = lint_document(read_path(page)).report
    from_word = lint_document(read_path(word)).report
    assert {k: t.status for k, t in from_word.tables.items()} == {
        k: t.status for k, t in from_page.tables.items()
    }
    for key, table in from_page.tables.items():
        assert {c: v.text for c, v in from_word.tables[key].cells.items()} == {
            c: v.text for c, v in table.cells.items()
        }
    assert sorted(from_word.sections) == sorted(from_page.sections)
