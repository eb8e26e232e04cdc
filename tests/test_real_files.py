"""Real Word/web/PDF files found in public repositories (tests/corpus/files/, index.jsonl there).

Each file is read as it was published or distributed, its tables map as recorded, and its findings are the
ones labelled by reading the file. The blank template made by WPS is also filled in the way a clerk fills it
(python-docx writes into WPS's own cells, so its merged-cell XML stays as WPS wrote it): then its tables map,
a wrong number is reported at its cell, the findings equal those of the same text read as plain text, and the
annotated copy carries the comment on that cell.

A published web page whose text version is in the hand-labelled corpus (`same_report_as`, tests/corpus/) is also
read against that text: the article the reader finds is the text the archive saved (nothing of the page chrome,
nothing lost), the findings differ from the text version's only as the entry's `text_version` says and explains,
and the cells read from the page are the numbers printed there (`cells`, read by hand).
"""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from gklint.annotate import annotate_bytes
from gklint.diagnostics import Severity
from gklint.engine import LintResult, lint_document
from gklint.output import FileResult
from gklint.source import read_path

docx = pytest.importorskip("docx")

CORPUS = Path(__file__).parent / "corpus"
FILES = CORPUS / "files"
ENTRIES = [
    json.loads(line) for line in (FILES / "index.jsonl").read_text(encoding="utf-8").splitlines() if line
]
WITH_TEXT_VERSION = [entry for entry in ENTRIES if entry.get("same_report_as")]
TEXT_VERSIONS = {
    corpus["id"]: corpus
    for corpus in (
        json.loads(line) for line in (CORPUS / "index.jsonl").read_text(encoding="utf-8").splitlines() if line
    )
}
# The archive's page.txt: a header (标题/发布时间/…) and the article after this line.
ARTICLE_MARK = "==================== 正文 ===================="
WPS_TEMPLATE = FILES / "wps_template_2021_blank.docx"
TITLE = "某某县人民政府2024年政府信息公开工作年度报告"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _lint(path: Path) -> LintResult:
    return lint_document(read_path(path))


def _where(result: LintResult, start: int) -> str | None:
    return result.document.describe_origin(start)


def test_every_file_is_indexed_with_its_source() -> None:
    indexed = {entry["file"] for entry in ENTRIES}
    present = {path.name for path in FILES.iterdir() if path.name not in ("index.jsonl", "README.md")}
    assert indexed == present
    for entry in ENTRIES:
        assert "commit " in entry["source"] and ":" in entry["source"], entry["file"]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e["file"]))
def test_real_file_reads_maps_and_lints_as_labelled(entry: dict) -> None:  # type: ignore[type-arg]
    result = _lint(FILES / entry["file"])
    assert result.document.source_format == entry["format"]
    assert sorted(result.report.sections) == [1, 2, 3, 4, 5, 6]
    assert {key: table.status.name for key, table in result.report.tables.items()} == entry["tables"]
    found = [(d.code, _where(result, d.span.start)) for d in result.diagnostics]
    assert found == [(f["code"], f["origin"]) for f in entry["findings"]]
    # As on the text corpus (tests/test_real_corpus.py): a finding judged wrong is never an error.
    for label, diagnostic in zip(entry["findings"], result.diagnostics, strict=True):
        assert label["verdict"] in ("true", "false")
        assert not (label["verdict"] == "false" and diagnostic.severity is Severity.ERROR), label


def _rows(result: LintResult, key: str) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for (row, _column), cell in result.report.tables[key].cells.items():
        rows.setdefault(row, []).append(cell.text)
    return rows


@pytest.mark.parametrize("entry", [e for e in ENTRIES if "cells" in e], ids=lambda e: str(e["file"]))
def test_real_file_cells_are_the_numbers_printed(entry: dict) -> None:  # type: ignore[type-arg]
    result = _lint(FILES / entry["file"])
    for key, rows in entry["cells"].items():
        read = _rows(result, key)
        assert {row: read.get(row) for row in rows} == rows, key


def _squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)  # \s covers the &nbsp; (U+00A0) the page pads its cells with


@pytest.mark.parametrize(
    "entry", [e for e in WITH_TEXT_VERSION if e["format"] == "html"], ids=lambda e: str(e["file"])
)
def test_real_page_article_is_the_text_the_archive_saved(entry: dict) -> None:  # type: ignore[type-arg]
    result = _lint(FILES / entry["file"])
    page = result.document.text
    archived = (CORPUS / "reports" / f"{entry['same_report_as']}.txt").read_text(encoding="utf-8")
    header, article = archived.split(ARTICLE_MARK, 1)
    title = re.search(r"^标题: (.+)$", header, re.M)
    published = re.search(r"^发布时间: (\d{4}-\d{2}-\d{2})", header, re.M)
    assert title is not None and published is not None
    # The report found on the page: its title, year and the date the page says it was published.
    assert result.report.title is not None and result.report.title.text == title.group(1)
    assert result.report.year == TEXT_VERSIONS[entry["same_report_as"]]["year"]
    assert result.document.meta["published"] == published.group(1)
    # The page's text is its title (the article heading) and the article, and nothing else of the page.
    assert page.splitlines()[0] == title.group(1)
    assert _squeezed(page) == _squeezed(title.group(1) + article)


@pytest.mark.parametrize("entry", WITH_TEXT_VERSION, ids=lambda e: str(e["file"]))
def test_real_file_findings_differ_from_its_text_version_only_as_explained(entry: dict) -> None:  # type: ignore[type-arg]
    as_file = _lint(FILES / entry["file"])
    as_text = _lint(CORPUS / "reports" / f"{entry['same_report_as']}.txt")
    file_codes = Counter(d.code for d in as_file.diagnostics)
    text_codes = Counter(d.code for d in as_text.diagnostics)
    explained = entry["text_version"]
    assert explained["why"]
    assert dict(text_codes - file_codes) == explained["only_in_text"]
    assert dict(file_codes - text_codes) == explained["only_in_file"]
    # Where the text version maps a table too, both read the same numbers in the same cells.
    for key, table in as_text.report.tables.items():
        if table.status.name == "MAPPED":
            assert {k: c.text for k, c in as_file.report.tables[key].cells.items()} == {
                k: c.text for k, c in table.cells.items()
            }, key


def _fill_like_a_clerk(target: Path, wrong: tuple[int, int, int, str] | None = None) -> Path:
    """The WPS template with its title written, a zero in every blank cell, and optionally one wrong number
    (table, row, column, text)."""
    document = docx.Document(str(WPS_TEMPLATE))
    (title,) = [p for p in document.paragraphs if p.text.strip() == "政府信息公开工作年度报告格式模板"]
    title.runs[0].text = TITLE
    for run in title.runs[1:]:
        run.text = ""
    for table in document.tables:
        done: list[object] = []
        for row in table.rows:
            for cell in row.cells:  # a merged cell comes back once per grid position it covers
                if any(cell._tc is seen for seen in done):
                    continue
                done.append(cell._tc)
                if cell.text.strip():  # str.strip drops the full-width spaces WPS users type, as gklint does
                    continue
                paragraph = cell.paragraphs[0]
                if paragraph.runs:
                    paragraph.runs[0].text = "0"
                    for run in paragraph.runs[1:]:
                        run.text = ""
                else:
                    paragraph.add_run("0")
    if wrong is not None:
        table_index, row, column, text = wrong
        document.tables[table_index].cell(row, column).paragraphs[0].runs[0].text = text
    document.save(str(target))
    return target


def test_wps_template_filled_in_maps_every_table(tmp_path: Path) -> None:
    result = _lint(_fill_like_a_clerk(tmp_path / "报告.docx"))
    assert result.report.year == 2024
    assert {key: table.status.name for key, table in result.report.tables.items()} == {
        "s2": "MAPPED",
        "s3": "MAPPED",
        "s4": "MAPPED",
    }
    assert len(result.report.tables["s3"].cells) == 175  # 25 rows x 7 columns, every one read once
    # Only the template's placeholders remain to be written: no 统计期限, no 考核/评议/追究, 第五部分.
    assert [d.code for d in result.diagnostics] == ["GK201", "GK705", "GK704"]


def test_wrong_number_in_the_wps_table_is_reported_at_its_cell(tmp_path: Path) -> None:
    # 表三 (the template's second table), row 6 of the grid = “（一）予以公开”, grid column 4 = 自然人.
    word = _fill_like_a_clerk(tmp_path / "报告.docx", wrong=(1, 5, 3, "5"))
    result = _lint(word)
    (sum_error,) = [d for d in result.diagnostics if d.code.startswith("GK3")]
    assert sum_error.code == "GK303"
    assert (
        _where(result, sum_error.span.start)
        == "第三部分表格（第2个表格）第6行第4列（“（一）予以公开”行，“自然人”列）"
    )
    assert "总计为 0，但各项之和为 5" in sum_error.message

    # The same text read as plain text: the same findings on the same cells.
    text_copy = tmp_path / "报告.txt"
    text_copy.write_text(result.document.text, encoding="utf-8")
    as_text = _lint(text_copy)
    assert [(d.code, d.span, d.message) for d in as_text.diagnostics] == [
        (d.code, d.span, d.message) for d in result.diagnostics
    ]

    # Annotated: one comment per finding, the sum error's on the cell that holds the 5.
    annotated = tmp_path / "报告.gklint.docx"
    annotated.write_bytes(annotate_bytes(word.read_bytes(), FileResult(result.document, result.diagnostics)))
    from lxml import etree

    with zipfile.ZipFile(annotated) as archive:
        comments = etree.fromstring(archive.read("word/comments.xml"))
        body = etree.fromstring(archive.read("word/document.xml"))
    texts = {c.get(f"{W}id"): "".join(c.itertext()) for c in comments.iter(f"{W}comment")}
    assert len(texts) == len(result.diagnostics)
    (gk303,) = [cid for cid, text in texts.items() if text.startswith("GK303")]
    (start,) = [s for s in body.iter(f"{W}commentRangeStart") if s.get(f"{W}id") == gk303]
    cell = next(a for a in start.iterancestors() if a.tag == f"{W}tc")
    assert "".join(t.text or "" for t in cell.iter(f"{W}t")) == "5"
