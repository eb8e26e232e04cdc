"""`gklint 报告.docx --annotate`: one Word comment per finding, at the right place; opened in LibreOffice."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import NamedTuple

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
# ExportNotesInMargin exists since LibreOffice 7.6; older versions ignore it and export comments as PDF
# comment annotations (an icon on the page), which is all the Debian 12 package (7.4) can do.
MARGIN_EXPORT_SINCE = (7, 6)
# The margin export shrinks the page to leave a fixed column for the comments, but draws each comment as
# wide as Writer's comment sidebar, whose default width (factor 3.0 in LibreOffice 25.2) overflows that
# column: the comment text is cut off at the page edge. Factor 2.0 fits an A4 page with room to spare.
MARGIN_PROFILE = {"/org.openoffice.Office.Writer/Notes/DisplayWidthFactor": "2.0"}
CODE = re.compile(r"GK\d{3}")


def _require_soffice() -> None:
    from gklint.source.legacy import find_soffice

    if find_soffice() is None:
        if os.environ.get("GKLINT_REQUIRE_SOFFICE") == "1":
            pytest.fail("GKLINT_REQUIRE_SOFFICE=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")


def _soffice_version() -> tuple[int, int]:
    """(major, minor) of the installed LibreOffice, from `soffice --version` ("LibreOffice 25.2.3.2 …")."""
    from gklint.source.legacy import find_soffice

    soffice = find_soffice()
    assert soffice is not None
    proc = subprocess.run(
        [soffice, "--version"], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )
    found = re.search(r"LibreOffice (\d+)\.(\d+)", proc.stdout)
    assert found, f"unrecognised `soffice --version`: {proc.stdout!r} {proc.stderr!r}"
    return int(found[1]), int(found[2])


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_annotation_texts(pdf: Path) -> str:
    """The text of the PDF's comment annotations (how LibreOffice < 7.6 exports Word comments)."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    parts = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for annot in resolve1(page.page_obj.annots) or []:
                contents = resolve1(annot).get("Contents")
                if contents:
                    parts.append(decode_text(contents) if isinstance(contents, bytes) else str(contents))
    return "\n".join(parts)


class MarginPage(NamedTuple):
    number: int  # 1-based
    margin_left: float  # x (pt) where the comment column starts
    margin_text: str  # page text right of margin_left: the comments
    body_text: str  # page text left of it: the report
    content_box: tuple[float, float, float, float]  # x0, top, x1, bottom (pt) of everything printed


def _margin_pages(pdf: Path) -> list[MarginPage]:
    """The pages whose text layer carries comments, split at the comment column.

    The column starts at the leftmost comment code ("GK301") on the page. Asserts the layout a reader
    needs: no report text reaches into the column, and no comment runs off the page."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            codes = [w for w in page.extract_words() if CODE.match(w["text"])]
            if not codes:
                continue
            left = min(w["x0"] for w in codes)
            assert left > page.width / 2, (
                f"page {number}: a comment starts at x={left:.0f}, not in the margin"
            )
            body = [c for c in page.chars if c["x0"] < left - 0.5]
            assert all(c["x1"] <= left for c in body), f"page {number}: report text runs into the comments"
            assert all(c["x1"] <= page.width for c in page.chars), f"page {number}: comment text is cut off"
            box = (
                min(c["x0"] for c in page.chars),
                min(c["top"] for c in page.chars),
                max(c["x1"] for c in page.chars),
                max(c["bottom"] for c in page.chars),
            )
            margin = page.crop((left - 0.5, 0, page.width, page.height)).extract_text() or ""
            rest = page.crop((0, 0, left - 0.5, page.height)).extract_text() or ""
            pages.append(MarginPage(number, left, margin, rest, box))
    return pages


def _save_page_png(pdf: Path, page: MarginPage, target: Path) -> None:
    """Render one page, cropped to what is printed on it (the margin export centres a shrunk page)."""
    dpi, pad = 130, 18  # pad in pt
    x0, top, x1, bottom = page.content_box
    scale = dpi / 72
    crop = [
        f"-x {max(0, int((x0 - pad) * scale))}",
        f"-y {max(0, int((top - pad) * scale))}",
        f"-W {int((x1 - x0 + 2 * pad) * scale)}",
        f"-H {int((bottom - top + 2 * pad) * scale)}",
    ]
    args = [a for pair in crop for a in pair.split()]
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page.number),
            "-l",
            str(page.number),
            *args,
            "-singlefile",
            str(pdf),
            str(target.with_suffix("")),
        ],
        check=True,
    )
    assert target.stat().st_size > 10_000


def test_libreoffice_opens_the_annotated_file_with_its_comments(
    word_seeds: dict[str, Path], tmp_path: Path
) -> None:
    """LibreOffice opens the annotated file and prints every comment; since 7.6 in the page margin,
    beside the report (required in CI), before that as PDF comment annotations."""
    _require_soffice()
    from gklint.source.legacy import convert_with_soffice

    in_margin = _soffice_version() >= MARGIN_EXPORT_SINCE
    if not in_margin and os.environ.get("GKLINT_REQUIRE_SOFFICE") == "1":
        pytest.fail(
            f"GKLINT_REQUIRE_SOFFICE=1 but LibreOffice {_soffice_version()} cannot print comments in the "
            f"margin (needs {MARGIN_EXPORT_SINCE}; .ci/run installs it from bookworm-backports)"
        )
    source = _with_defects(word_seeds["000_89fc474536e2e148"], tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "gklint", "--annotate", "-q", str(source)], capture_output=True, text=True
    )
    assert proc.returncode == 1, proc.stderr
    annotated = tmp_path / "报告.gklint.docx"
    out_dir = tmp_path / "pdf"
    out_dir.mkdir()
    pdf = convert_with_soffice(annotated, PDF_FILTER, out_dir, settings=MARGIN_PROFILE)
    result = lint_document(read_path(source))
    assert len(result.diagnostics) >= 4
    if not in_margin:
        seen = _pdf_annotation_texts(pdf)
        for diag in result.diagnostics:
            assert f"{diag.code}（{diag.severity.chinese}）" in seen, diag.code
            assert diag.message[:20] in seen.replace("\n", "")
        return
    pages = _margin_pages(pdf)
    margins = _squeezed("".join(page.margin_text for page in pages))
    bodies = "".join(page.body_text for page in pages)
    for diag in result.diagnostics:
        assert _squeezed(f"{diag.code}（{diag.severity.chinese}）{diag.message}") in margins, diag.code
        assert diag.code not in bodies
    # The comment on the wrong table cell is printed beside the page that holds the table.
    (table_page,) = [page for page in pages if "GK303" in page.margin_text]
    assert "予以公开" in table_page.body_text
    assert pages[0].number == 1
    if not shutil.which("pdftoppm"):
        return
    png = tmp_path / "annotated-docx.png"
    table_png = tmp_path / "annotated-docx-table.png"
    _save_page_png(pdf, pages[0], png)
    _save_page_png(pdf, table_page, table_png)
    if os.environ.get("GKLINT_UPDATE_SCREENSHOT") == "1":
        shutil.copy(png, ROOT / "docs" / png.name)
        shutil.copy(table_png, ROOT / "docs" / table_png.name)


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
