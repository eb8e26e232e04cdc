"""Structured tables: a reader's table cells reach the model as rows, not as text to re-split.

Word, HTML and PDF readers record each table they write (`SourceDocument.tables`); the model maps
those rows by logical row and column (`gklint.model.grid_tables`). These tests check that
- every seed gives exactly the findings and cells (spans included) of the text-layout path, in
  Word, on its web page and in the real PDFs — the structured path changes nothing that was right;
- the structured path is the one taken: tables whose text layout the line parser mis-splits (two
  value cells merged, a word in a number cell, an extra remarks column, columns in another order,
  a table cut by a page break) are read correctly only through the rows;
- a changed number in a Word cell, an HTML <td> and a real PDF's wrong total is reported at that
  cell's span and origin;
- a table that cannot be mapped still says so (GK401), never a silent pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from gklint.blank import Table as BlankTable
from gklint.blank import table_three
from gklint.engine import LintResult, lint_document
from gklint.model.build import parse_report
from gklint.model.report import TableStatus
from gklint.source import read_path
from gklint.source.document import SourceDocument
from gklint.source.layout import GridCell, TextBuilder
from gklint.source.origin import Origin
from gklint.source.readers import read_bytes
from gklint.source.tables import SourceCell, SourceTable
from helpers import FIXTURES, SHARED
from make_docx_fixtures import build
from seed_html import render_html

docx = pytest.importorskip("docx")

SEEDS = sorted(p.stem for p in FIXTURES.glob("0*.txt"))
PDFS = SHARED / "corpus" / "files"
needs_pdfs = pytest.mark.skipif(not (PDFS / "r007.pdf").is_file(), reason="../shared/corpus is not present")


@pytest.fixture(scope="module")
def word_seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {path.stem: path for path in build(tmp_path_factory.mktemp("word"))}


def _text_path(doc: SourceDocument) -> SourceDocument:
    """The same document without its recorded tables: the model must re-split the text layout."""
    return SourceDocument(
        doc.text, path=doc.path, origin=doc.origin, source_format=doc.source_format, meta=doc.meta
    )


def _facts(
    result: LintResult, skip: frozenset[str] = frozenset()
) -> tuple[list[tuple[str, str, int, int]], dict[str, object]]:
    """Findings and mapped cells, without the GK401 and cells of the tables in `skip`."""
    findings = sorted(
        (d.code, d.message, d.span.start, d.span.end)
        for d in result.diagnostics
        if not (d.code == "GK401" and (d.data or {}).get("table") in skip)
    )
    cells = {
        key: (table.status, table.schema, {pos: (c.text, c.span) for pos, c in table.cells.items()})
        for key, table in result.report.tables.items()
        if key not in skip
    }
    return findings, cells


def _assert_same_as_text_path(doc: SourceDocument) -> None:
    assert doc.tables, "the reader recorded no table"
    structured = lint_document(doc)
    text_path = lint_document(_text_path(doc))
    # A recorded table left blank is one GK401 at the table ("空白表格"); the text layout, which cannot
    # tell a blank template from a broken one, says it cannot map it. Everything else is the same.
    blank = frozenset(
        key for key, t in structured.report.tables.items() if t.problems and t.problems[0].kind == "blank"
    )
    for key in blank:
        assert text_path.report.tables[key].status is TableStatus.UNMAPPED
    assert _facts(structured, blank) == _facts(text_path, blank)
    _assert_cells_are_source_cells(doc, structured)


def _source_cells(doc: SourceDocument) -> dict[tuple[int, int], SourceCell]:
    return {(c.span.start, c.span.end): c for t in doc.tables for row in t.rows for c in row.cells if c.text}


def _assert_cells_are_source_cells(doc: SourceDocument, result: LintResult) -> None:
    """Every filled model cell is exactly a recorded table cell: same text, same span."""
    recorded = _source_cells(doc)
    for table in result.report.tables.values():
        for cell in table.cells.values():
            if cell.text:
                source = recorded.get((cell.span.start, cell.span.end))
                assert source is not None, cell
                assert doc.origin is not None and doc.origin.at(cell.span.start) == source.origin


# --- the seeds: structured rows give what the text layout gave -------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_word_seed_structured_rows_equal_the_text_layout(word_seeds: dict[str, Path], seed: str) -> None:
    doc = read_path(word_seeds[seed])
    assert [t.number for t in doc.tables] == [1, 2, 3]  # 表二, 表三, 表四
    _assert_same_as_text_path(doc)


@pytest.mark.parametrize("seed", SEEDS)
def test_web_page_seed_structured_rows_equal_the_text_layout(seed: str) -> None:
    html = render_html((FIXTURES / f"{seed}.txt").read_text(encoding="utf-8"))
    _assert_same_as_text_path(read_bytes(html.encode("utf-8"), Path("报告.html")))


REAL_FILES = sorted(
    p
    for p in (Path(__file__).parent / "corpus" / "files").glob("*")
    if p.suffix in (".html", ".docx", ".pdf")
)


@pytest.mark.parametrize("path", [FIXTURES / "html" / "pingtan_2023.html", *REAL_FILES], ids=lambda p: p.name)
def test_real_file_structured_rows_equal_the_text_layout(path: Path) -> None:
    _assert_same_as_text_path(read_path(path))


@needs_pdfs
@pytest.mark.parametrize("name", ["r007", "r008", "r009"])
def test_real_pdf_structured_rows_equal_the_text_layout(name: str) -> None:
    doc = read_path(PDFS / f"{name}.pdf")
    _assert_same_as_text_path(doc)
    report = lint_document(doc).report
    assert all(report.tables[k].status is TableStatus.MAPPED for k in ("s2", "s3", "s4"))


def test_origin_names_a_numbered_row_label_not_its_group(word_seeds: dict[str, Path]) -> None:
    # "2.重复申请" has a digit but is a label: the cell is in that row, not just in "（五）不予处理".
    doc = read_path(word_seeds["000_89fc474536e2e148"])
    row = next(r for r in doc.tables[1].rows if any(c.text == "2.重复申请" for c in r.cells))
    (cell,) = [c for c in row.cells if c.column == 4]
    assert (cell.origin.row_label, cell.origin.column_label) == ("2.重复申请", "商业企业")


@needs_pdfs
def test_real_pdf_cells_after_a_page_break_name_their_row_and_column() -> None:
    doc = read_path(PDFS / "r007.pdf")
    cell = lint_document(doc).report.tables["s3"].cells[("r20", "C2")]
    where = doc.describe_origin(cell.span.start)
    assert where is not None and where.startswith("第三部分表格（第5页")  # 表三's second page
    assert where.endswith("（“5.要求行政机关确认或重新出具已获取信息”行，“商业企业”列）")


def test_recorded_cells_are_the_grid_with_merges_once(word_seeds: dict[str, Path]) -> None:
    doc = read_path(word_seeds["000_89fc474536e2e148"])
    s3 = doc.tables[1]
    assert s3.width == 10 and len(s3.rows) == 28
    note, applicants = s3.rows[0].cells
    assert (note.row_span, note.column_span) == (3, 3)  # the 勾稽关系 note over the label columns
    assert (applicants.text, applicants.column, applicants.column_span) == ("申请人情况", 3, 7)
    group = s3.rows[5].cells[0]
    assert (group.text, group.row_span) == ("三、本年度办理结果", 22)  # vMerge: once, in its first row
    assert [c.column for c in s3.rows[6].cells] == [1, 3, 4, 5, 6, 7, 8, 9]  # column 0 is covered
    for table in doc.tables:
        for row in table.rows:
            assert doc.text[row.span.start : row.span.end].count("\t") == table.width - 1
            for cell in row.cells:
                assert doc.text[cell.span.start : cell.span.end] == cell.text
                assert doc.origin is not None and doc.origin.at(cell.span.start) == cell.origin
                assert (cell.origin.table, cell.origin.row, cell.origin.column) == (
                    table.number,
                    cell.row + 1,
                    cell.column + 1,
                )


# --- Word tables the text layout mis-splits -------------------------------------------------------


def _word_variant(word_seeds: dict[str, Path], tmp_path: Path, change: object) -> SourceDocument:
    document = docx.Document(str(word_seeds["000_89fc474536e2e148"]))
    change(document.tables[1])  # type: ignore[operator]
    out = tmp_path / "报告.docx"
    document.save(str(out))
    return read_path(out)


def _codes(result: LintResult) -> list[str]:
    return sorted(d.code for d in result.diagnostics if d.code not in ("GK011", "GK705"))


def test_two_merged_value_cells_are_not_read_as_two_columns(
    word_seeds: dict[str, Path], tmp_path: Path
) -> None:
    # The clerk merged the 商业企业 and 科研机构 cells of （一）予以公开 ("1" and "0"): the row has one
    # cell fewer than the template. The text layout cannot tell a merged position from a blank cell and
    # shifts the row (a wrong 商业企业 sum, a blank 科研机构); the rows say the row cannot be checked.
    def merge(table: object) -> None:
        table.cell(5, 4).merge(table.cell(5, 5))  # type: ignore[attr-defined]

    doc = _word_variant(word_seeds, tmp_path, merge)
    structured = lint_document(doc)
    assert _codes(structured) == ["GK406"]
    (row,) = [d for d in structured.diagnostics if d.code == "GK406"]
    assert "“(一)予以公开”一行应有 7 个数值，实际找到 6 个" in row.message
    assert structured.report.tables["s3"].status is TableStatus.PARTIAL  # said, never a silent pass
    assert "r03" not in {r for r, _ in structured.report.tables["s3"].cells}
    assert "GK302" in _codes(lint_document(_text_path(doc)))  # what the text layout made of it


def test_word_in_a_number_cell_is_reported_at_that_cell(word_seeds: dict[str, Path], tmp_path: Path) -> None:
    def write(table: object) -> None:
        table.cell(5, 4).paragraphs[0].runs[0].text = "暂无"  # type: ignore[attr-defined]

    doc = _word_variant(word_seeds, tmp_path, write)
    structured = lint_document(doc)
    (text_cell,) = [d for d in structured.diagnostics if d.code == "GK403"]
    assert text_cell.message == "“（一）予以公开”“商业企业”一格写的是“暂无”，应填写数字。"
    assert doc.describe_origin(text_cell.span.start) == "第三部分表格（第2个表格）第6行第5列"
    # The text layout takes the word for a row label and loses the row (GK406 at the wrong cell).
    assert "GK403" not in _codes(lint_document(_text_path(doc)))


def test_remarks_column_is_outside_the_template_columns(word_seeds: dict[str, Path], tmp_path: Path) -> None:
    def remarks(table: object) -> None:
        table.add_column(docx.shared.Cm(2))  # type: ignore[attr-defined]
        table.cell(1, 10).text = "备注"  # type: ignore[attr-defined]
        table.cell(5, 10).text = "含1件转办"  # type: ignore[attr-defined]

    doc = _word_variant(word_seeds, tmp_path, remarks)
    assert doc.tables[1].width == 11
    structured = lint_document(doc)
    assert _codes(structured) == []
    s3 = structured.report.tables["s3"]
    assert s3.status is TableStatus.MAPPED and s3.cells[("r03", "C7")].text == "1"
    assert "GK406" in _codes(lint_document(_text_path(doc)))  # the remark read as the row's label


def test_web_page_colspan_over_two_value_cells_is_not_read_as_two_columns() -> None:
    # The same merge on a published page: <td colspan="2"> over 商业企业 and 科研机构 of （一）予以公开.
    html = render_html((FIXTURES / "000_89fc474536e2e148.txt").read_text(encoding="utf-8"))
    doc = read_bytes(html.encode("utf-8"), Path("报告.html"))
    cell = lint_document(doc).report.tables["s3"].cells[("r03", "C2")]
    place = doc.origin.at(cell.span.start)  # type: ignore[union-attr]
    assert place is not None and place.line is not None and place.col is not None
    lines = html.split("\n")
    line = lines[place.line - 1]
    start = line.rfind("<td", 0, place.col - 1)
    end = line.index("</td>", line.index("</td>", place.col - 1) + 5) + len("</td>")  # this cell and the next
    lines[place.line - 1] = line[:start] + f'<td colspan="2">{cell.text}</td>' + line[end:]
    merged = read_bytes("\n".join(lines).encode("utf-8"), Path("报告.html"))
    assert merged.tables[1].width == 10
    structured = lint_document(merged)
    assert _codes(structured) == ["GK406"]
    assert structured.report.tables["s3"].status is TableStatus.PARTIAL
    # The text layout cannot tell the covered position from a blank cell: it reports a blank 科研机构.
    assert _codes(lint_document(_text_path(merged))) == ["GK402"]


# --- Word, web page and PDF: a wrong number is reported at its cell --------------------------------


def test_changed_word_cell_points_at_that_cell_and_its_origin(
    word_seeds: dict[str, Path], tmp_path: Path
) -> None:
    def change(table: object) -> None:
        table.cell(5, 4).paragraphs[0].runs[0].text = "4"  # （一）予以公开 / 商业企业: 1 → 4

    doc = _word_variant(word_seeds, tmp_path, change)
    (cell,) = [c for c in doc.tables[1].rows[5].cells if c.column == 4]
    assert cell.text == "4"
    result = lint_document(doc)
    assert result.report.tables["s3"].cells[("r03", "C2")].span == cell.span
    sums = [d for d in result.diagnostics if d.code.startswith("GK30")]
    assert sums and any(d.span == cell.span for d in sums)
    assert doc.describe_origin(cell.span.start) == (
        "第三部分表格（第2个表格）第6行第5列（“(一)予以公开”行，“商业企业”列）"
    )


def test_changed_html_td_points_at_that_cell_and_its_source_position() -> None:
    html = render_html((FIXTURES / "000_89fc474536e2e148.txt").read_text(encoding="utf-8"))
    doc = read_bytes(html.encode("utf-8"), Path("报告.html"))
    cell = lint_document(doc).report.tables["s3"].cells[("r03", "C2")]  # （一）予以公开 / 商业企业
    place = doc.origin.at(cell.span.start)  # type: ignore[union-attr]
    assert place is not None and place.line is not None and place.col is not None
    lines = html.split("\n")
    line = lines[place.line - 1]
    assert line[place.col - 1 :].startswith(cell.text + "</p></td>")  # the <td> of that cell
    lines[place.line - 1] = line[: place.col - 1] + "7" + line[place.col - 1 + len(cell.text) :]
    mutated = read_bytes("\n".join(lines).encode("utf-8"), Path("报告.html"))
    result = lint_document(mutated)
    changed = result.report.tables["s3"].cells[("r03", "C2")]
    assert changed.text == "7" and changed.span in {(c.span.start, c.span.end) for c in _cells(mutated)}
    sums = [d for d in result.diagnostics if d.code.startswith("GK30")]
    at_cell = [d for d in sums if d.span == changed.span]
    assert at_cell
    origin = mutated.origin.at(at_cell[0].span.start)  # type: ignore[union-attr]
    assert origin is not None and (origin.line, origin.col) == (place.line, place.col)
    assert (origin.row_label, origin.column_label, origin.section) == ("(一)予以公开", "商业企业", "三")


def _cells(doc: SourceDocument) -> Iterable[SourceCell]:
    return (c for t in doc.tables for row in t.rows for c in row.cells)


@needs_pdfs
def test_real_pdf_wrong_total_points_at_the_pdf_cell() -> None:
    # r008 as published: 行政复议 总计 0 for 10 + 1 + 0 + 0.
    doc = read_path(PDFS / "r008.pdf")
    result = lint_document(doc)
    total = result.report.tables["s4"].cells[("row", "v5")]
    (recorded,) = [c for c in _cells(doc) if c.span == total.span]
    (wrong,) = [d for d in result.diagnostics if d.code == "GK304" and d.span == total.span]
    assert recorded.text == "0" and recorded.origin.page == 4
    assert doc.origin is not None and doc.origin.at(wrong.span.start) == recorded.origin


def test_changed_word_cell_printed_to_pdf_points_at_the_pdf_cell(
    word_seeds: dict[str, Path], tmp_path: Path
) -> None:
    # The drafter's Word file with one changed number, exported to PDF by LibreOffice as a clerk
    # publishes it: the PDF reader's table rows carry the change to the model and the sum error
    # points at that cell of the PDF (its page, row and column words).
    from gklint.source.legacy import convert_with_soffice, find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")

    def change(table: object) -> None:
        table.cell(3, 4).paragraphs[0].runs[0].text = "4"  # 一、本年新收 / 商业企业: 1 → 4

    word = _word_variant(word_seeds, tmp_path, change)
    doc = read_path(convert_with_soffice(tmp_path / "报告.docx", "pdf", tmp_path))
    assert doc.source_format == "pdf" and len(doc.tables) >= 3
    result = lint_document(doc)
    # 表三 runs over pages (LibreOffice cuts rows whose label wraps): the PDF still maps every row and
    # gives the Word file's findings (GK011, the tracked change, exists only in Word).
    assert result.report.tables["s3"].status is TableStatus.MAPPED
    assert _codes(result) == [c for c in _codes(lint_document(word)) if c != "GK011"]
    cell = result.report.tables["s3"].cells[("r01", "C2")]
    (recorded,) = [c for c in _cells(doc) if c.span == cell.span]
    assert cell.text == recorded.text == "4"
    (wrong,) = [d for d in result.diagnostics if d.code == "GK301"]
    assert wrong.span == cell.span
    origin = doc.origin.at(wrong.span.start)  # type: ignore[union-attr]
    assert origin == recorded.origin and origin.kind == "cell" and origin.page is not None
    assert (origin.row_label, origin.column_label, origin.section) == (
        "一、本年新收政府信息公开申请数量",
        "商业企业",
        "三",
    )


# --- synthetic grids: headers decide the columns --------------------------------------------------

_HEADING = "三、收到和处理政府信息公开申请情况"


def _grid(table: BlankTable, values: dict[int, list[str]] | None = None) -> list[list[GridCell]]:
    """blank.Table (merges as the template) → the reader's grid; `values`: grid row → 7 value texts."""
    height = len(table.rows)
    grid: list[list[GridCell | None]] = [[None] * table.width for _ in range(height)]
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while grid[r][c] is not None:
                c += 1
            text = cell.text
            if values and r in values and c >= 3:
                text = values[r][c - 3]
            owner = GridCell(text, r, c)
            for dr in range(cell.rows):
                for dc in range(cell.cols):
                    grid[r + dr][c + dc] = owner
            c += cell.cols
    return [[cell for cell in row if cell is not None] for row in grid]


def _lint(*grids: list[list[GridCell]], pages: tuple[int, ...] = ()) -> tuple[LintResult, SourceDocument]:
    builder = TextBuilder()
    builder.add_paragraph(_HEADING, Origin("paragraph", paragraph=1))
    for i, grid in enumerate(grids):
        builder.add_table(grid, page=pages[i] if pages else None)
    doc = SourceDocument(
        builder.text(), origin=builder.origins, source_format="docx", tables=tuple(builder.source_tables)
    )
    return lint_document(doc), doc


def _swap(grid: list[list[GridCell]], a: int, b: int) -> list[list[GridCell]]:
    """Exchange grid columns `a` and `b` (cells merged only downwards there: 自然人 and 总计)."""

    def moved(cell: GridCell, source: int, target: int) -> GridCell:
        return GridCell(cell.text, cell.top, target) if cell.left == source else cell

    out = []
    for row in grid:
        cells = list(row)
        cells[a], cells[b] = moved(row[b], b, a), moved(row[a], a, b)
        out.append(cells)
    return out


def _values(table: BlankTable) -> dict[int, list[str]]:
    """Consistent numbers: 自然人 2, 商业企业 1 on every value row, 总计 3; rows r01…r25 add up."""
    rows: dict[int, list[str]] = {}
    for r in range(3, len(table.rows)):
        rows[r] = ["0"] * 7
    first, r03, r24 = 3, 5, 26  # 一、本年新收 / （一）予以公开 / （七）总计
    for r in (first, r03, r24):
        rows[r] = ["2", "1", "0", "0", "0", "0", "3"]
    return rows


def test_header_confirms_columns_written_in_another_order() -> None:
    table = table_three()
    grid = _swap(_grid(table, _values(table)), 3, 9)  # 总计 first, 自然人 last
    assert grid[1][3].text == "总计" and grid[3][3].text == "3"
    result, _doc = _lint(grid)
    s3 = result.report.tables["s3"]
    assert s3.status is TableStatus.MAPPED
    assert (s3.cells[("r01", "C1")].text, s3.cells[("r01", "C7")].text) == ("2", "3")
    assert not [d for d in result.diagnostics if d.code.startswith(("GK30", "GK40"))]


def test_header_carries_over_a_table_cut_by_a_page_break() -> None:
    # A PDF's 表三 on two pages: the second part has no header; it has the same grid, so the
    # header above (here with 总计 first, which no position could guess) still names its columns.
    table = table_three()
    grid = _swap(_grid(table, _values(table)), 3, 9)
    cut = 15
    top = grid[:cut]
    bottom = [[GridCell(c.text, max(c.top - cut, 0), c.left) for c in row] for row in grid[cut:]]
    result, doc = _lint(top, bottom)
    assert len(doc.tables) == 2
    # The clerk is told the column on the second part too (its own rows carry no header words).
    (total,) = [c for c in doc.tables[1].rows[-2].cells if c.column == 3]
    assert (total.origin.row_label, total.origin.column_label) == ("（七）总计", "总计")
    s3 = result.report.tables["s3"]
    assert s3.status is TableStatus.MAPPED
    assert (s3.cells[("r24", "C1")].text, s3.cells[("r24", "C7")].text) == ("2", "3")
    assert not [d for d in result.diagnostics if d.code.startswith(("GK30", "GK40"))]


def _cut_inside_a_row(label_start: str, label_rest: str) -> list[list[list[GridCell]]]:
    """表三 printed on two pages, the page break inside the row of 2.没有现成信息需要另行制作 (grid row 16):
    its values and the start of its label on the first page, the rest of the label alone on the next."""
    table = table_three()
    grid = _grid(table, _values(table))
    assert grid[16][2].text == "2.没有现成信息需要另行制作"
    top = [list(row) for row in grid[:17]]
    top[16][2] = GridCell(label_start, 16, 2)
    continuation = [GridCell("", 0, c) for c in range(10)]
    continuation[2] = GridCell(label_rest, 0, 2)
    bottom = [continuation] + [
        [GridCell(c.text, max(c.top - 16, 0), c.left) for c in row] for row in grid[17:]
    ]
    return [top, bottom]


def test_a_row_cut_by_a_pdf_page_break_is_joined_again() -> None:
    result, doc = _lint(*_cut_inside_a_row("2.没有", "现成信息需要另行制作"), pages=(3, 4))
    s3 = result.report.tables["s3"]
    assert s3.status is TableStatus.MAPPED
    (start,) = [c for c in doc.tables[0].rows[16].cells if c.column == 2]
    assert (s3.labels["r14"].text, s3.labels["r14"].span) == ("2.没有现成信息需要另行制作", start.span)
    assert s3.labels["r14"].exact
    assert not [d for d in result.diagnostics if d.code.startswith(("GK30", "GK40"))]


def test_only_a_page_break_joins_rows() -> None:
    # The same two tables in a Word file (no pages) are two tables, not one row cut in two: the
    # fragment stays a row of its own and the table says it could not place it.
    result, _doc = _lint(*_cut_inside_a_row("2.没有", "现成信息需要另行制作"))
    assert "r14" not in result.report.tables["s3"].labels
    assert "GK401" in [d.code for d in result.diagnostics]
    # A first row that starts a label of its own ("（五）…") is never glued to the row above.
    result, _doc = _lint(*_cut_inside_a_row("2.没有现成信息需要另行制作", "（五）不予处理"), pages=(3, 4))
    assert result.report.tables["s3"].labels["r14"].text == "2.没有现成信息需要另行制作"


def test_without_a_header_rows_split_by_their_own_cells() -> None:
    table = table_three()
    grid = _grid(table, _values(table))[3:]  # data rows only
    rebased = [[GridCell(c.text, max(c.top - 3, 0), c.left) for c in row] for row in grid]
    result, _doc = _lint(rebased)
    s3 = result.report.tables["s3"]
    assert s3.status is TableStatus.MAPPED and s3.cells[("r24", "C7")].text == "3"
    assert not [d for d in result.diagnostics if d.code.startswith(("GK30", "GK40"))]


def test_a_table_that_does_not_fit_the_template_says_it_was_not_checked() -> None:
    grid = [
        [GridCell("项目", 0, 0), GridCell("数量", 0, 1)],
        [GridCell("来信", 1, 0), GridCell("3", 1, 1)],
        [GridCell("来访", 2, 0), GridCell("4", 2, 1)],
    ]
    result, _doc = _lint(grid)
    assert result.report.tables["s3"].status is TableStatus.UNMAPPED
    assert "GK401" in [d.code for d in result.diagnostics]


def test_a_blank_template_table_is_one_cannot_check_not_a_blank_cell_per_row() -> None:
    table = table_three()
    result, doc = _lint(_grid(table, {r: [""] * 7 for r in range(3, len(table.rows))}))
    assert doc.tables[0].width == 10
    assert result.report.tables["s3"].status is TableStatus.UNMAPPED
    codes = [d.code for d in result.diagnostics]
    assert codes.count("GK401") == 1 and "GK402" not in codes and "GK406" not in codes
    (finding,) = [d for d in result.diagnostics if d.code == "GK401"]
    # It says the table is blank (not that rows are missing: they are there) and points at the table.
    assert "空白表格" in finding.message and "找不到" not in finding.message
    first_cell = doc.tables[0].rows[0].cells[0]
    assert (finding.span.start, finding.span.end) == (first_cell.span.start, first_cell.span.end)


def test_numbers_written_beside_a_blank_recorded_table_are_still_read() -> None:
    """A blank Word table with the figures typed under it as a text grid is not "blank": the text path reads it."""
    table = table_three()
    builder = TextBuilder()
    builder.add_paragraph(_HEADING, Origin("paragraph", paragraph=1))
    builder.add_table(_grid(table, {r: [""] * 7 for r in range(3, len(table.rows))}))
    builder.add_paragraph("一、本年新收政府信息公开申请数量 2 1 0 0 0 0 3", Origin("paragraph", paragraph=2))
    doc = SourceDocument(
        builder.text(), origin=builder.origins, source_format="docx", tables=tuple(builder.source_tables)
    )
    result = lint_document(doc)
    assert not any("空白表格" in d.message for d in result.diagnostics)
    first_row = [c.text for (row, _), c in result.report.tables["s3"].cells.items() if row == "r01"]
    assert first_row == ["2", "1", "0", "0", "0", "0", "3"]


def test_plain_text_has_no_tables_and_keeps_the_text_path() -> None:
    text = (FIXTURES / "002_19a6864ec5ce9982.txt").read_text(encoding="utf-8")
    doc = read_bytes(text.encode("utf-8"), Path("报告.txt"))
    assert doc.tables == ()
    assert parse_report(text).tables["s3"].status is TableStatus.MAPPED


def test_source_table_is_plain_data() -> None:
    builder = TextBuilder()
    builder.add_table(
        [[GridCell("a", 0, 0), GridCell("a", 0, 0)], [GridCell("1", 1, 0), GridCell("2", 1, 1)]]
    )
    (table,) = builder.source_tables
    assert isinstance(table, SourceTable) and table == SourceTable(*table)
    (a,), (one, two) = (row.cells for row in table.rows)
    assert (a.text, a.row_span, a.column_span) == ("a", 1, 2)
    assert (one.column, two.column) == (0, 1) and builder.text()[two.span.start : two.span.end] == "2"
