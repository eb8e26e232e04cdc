"""Read a published report PDF: text lines in reading order and bordered tables as logical grids.

pdfplumber (an optional extra, `gklint[pdf]`) finds ruled tables on each page;
the text outside them is read line by line, top to bottom, and the tables are
put where they stand on the page. Page furniture — page numbers ("— 3 —",
"- 3 -", "第3页", "3/6") and a running header or footer repeated on most pages —
is dropped so it cannot split a table or a heading. Line breaks inside the
text are kept as the PDF has them (the same text a copy from the PDF gives).

Every line is registered as "第2页第7行" (the line's number among the text
lines of its page, counted from the top), every table cell with its page and
its place in the table. A PDF with no text layer (a scan) or one that cannot
be opened is refused with a Chinese message, never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from gklint.regexcache import compile_re
from gklint.source.document import SourceDocument
from gklint.source.layout import GridCell


class PdfError(Exception):
    """The bytes are not a readable text PDF (message is in Chinese)."""


class Line(NamedTuple):
    text: str
    page: int  # 1-based
    number: int  # 1-based line number among the page's text lines


class Table(NamedTuple):
    grid: list[list[GridCell]]
    page: int  # where the table starts


class Document(NamedTuple):
    blocks: list[Line | Table]
    pages: int


INSTALL_HINT = '读取 PDF 文件需要安装 pdfplumber：请运行 pip install "gklint[pdf]" 后重试。'

_PAGE_NUMBER = compile_re(
    r"[-—–－─―~〜]*\s*\d{1,4}\s*[-—–－─―~〜]*"  # — 3 —, - 3 -, 3
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # 第3页, 第3页 共6页
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/6
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
)
_MARGIN = 0.1  # page furniture sits in the top or bottom tenth of the page
_DIGITS = compile_re(r"\d+")
_ASCII_WORD = compile_re(r"[0-9A-Za-z]")


def _join_wrapped(text: str | None) -> str:
    """A cell's lines: Chinese runs on without a space; two ASCII words keep one."""
    if not text:
        return ""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = ""
    for part in parts:
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(part[0]):
            out += " "
        out += part
    return out


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


class Geometry(NamedTuple):
    """Where pdfplumber found a table's cells: a box per grid position (None when merged away)."""

    cells: list[list[Box | None]]
    rows: list[Box]
    columns: list[Box]


def _grid(rows: list[list[str | None]], geometry: Geometry | None = None) -> list[list[GridCell]]:
    """pdfplumber's rows (None where a merged cell covers the position) → the logical grid.

    A covered position belongs to the cell whose box contains the middle of its row and column (a
    rowspan "总计" header, a colspan label); without geometry, to its left neighbour, else the cell above.
    """
    width = max((len(r) for r in rows), default=0)
    owners: list[tuple[Box, GridCell]] = []
    grid: list[list[GridCell]] = []
    for r, row in enumerate(rows):
        out: list[GridCell] = []
        for c in range(width):
            value = row[c] if c < len(row) else None
            if value is not None:
                cell = GridCell(_join_wrapped(value), r, c)
                box = geometry.cells[r][c] if geometry is not None else None
                if box is not None:
                    owners.append((box, cell))
                out.append(cell)
                continue
            owner = _owner(geometry, owners, r, c) if geometry is not None else None
            if owner is not None:
                out.append(owner)
            elif c > 0 and out[c - 1].text and out[c - 1].top == r:
                out.append(out[c - 1])  # covered from the left: a colspan
            elif r > 0 and c < len(grid[r - 1]):
                above = grid[r - 1][c]
                out.append(above if (above.text or above.top != r - 1) else GridCell("", r, c))
            elif c > 0:
                out.append(out[c - 1])
            else:
                out.append(GridCell("", r, c))
        grid.append(out)
    return grid


def _geometry(table: Any) -> Geometry:
    """Cell boxes and the row and column bands of a pdfplumber table.

    pdfplumber makes a grid row per distinct cell top and a grid column per distinct left edge; a band
    runs from its edge to the next one. (Its own Column.bbox is the union of the cells starting there, so a
    wide merged cell would stretch it over the columns it spans.)
    """
    cells = [list(row.cells) for row in table.rows]
    boxes = [box for row in cells for box in row if box is not None]
    x0, top, x1, bottom = table.bbox
    lefts = [*sorted({box[0] for box in boxes}), x1]
    tops = [*sorted({box[1] for box in boxes}), bottom]
    columns = [(lefts[i], top, lefts[i + 1], bottom) for i in range(len(lefts) - 1)]
    rows = [(x0, tops[i], x1, tops[i + 1]) for i in range(len(tops) - 1)]
    return Geometry(cells, rows, columns)


def _owner(geometry: Geometry, owners: list[tuple[Box, GridCell]], r: int, c: int) -> GridCell | None:
    try:
        x = (geometry.columns[c][0] + geometry.columns[c][2]) / 2
        y = (geometry.rows[r][1] + geometry.rows[r][3]) / 2
    except IndexError:
        return None
    for (x0, top, x1, bottom), cell in reversed(owners):  # the nearest cell first
        if x0 - 0.5 <= x <= x1 + 0.5 and top - 0.5 <= y <= bottom + 0.5:
            return cell
    return None


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1 for x0, top, x1, bottom in boxes)


class _PageItems(NamedTuple):
    lines: list[tuple[float, str, bool]]  # (top, text, in the margin)
    tables: list[tuple[float, list[list[str | None]], Geometry]]
    height: float
    chars: int


def _page_items(page: Any) -> _PageItems:
    found = page.find_tables()
    boxes = [t.bbox for t in found]
    tables = [
        (
            t.bbox[1],
            t.extract(),
            _geometry(t),
        )
        for t in found
    ]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    height = float(page.height) or 1.0
    lines = []
    for line in outside.extract_text_lines(keep_blank_chars=False):
        text = line["text"].strip()
        if not text:
            continue
        top = float(line["top"])
        margin = top < height * _MARGIN or float(line["bottom"]) > height * (1 - _MARGIN)
        lines.append((top, text, margin))
    return _PageItems(lines, tables, height, len(page.chars))


def _running_furniture(pages: list[_PageItems]) -> set[str]:
    """Margin lines repeated on most pages (a header with the org's name, a footer), digits ignored."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for items in pages:
        counts.update({_DIGITS.sub("#", text) for _top, text, margin in items.lines if margin})
    return {key for key, n in counts.items() if n >= max(3, len(pages) * 0.6)}


def _is_furniture(text: str, margin: bool, running: set[str]) -> bool:
    if not margin:
        return False
    return bool(_PAGE_NUMBER.fullmatch(text.strip())) or _DIGITS.sub("#", text) in running


def parse_pdf(data: bytes) -> Document:
    """The PDF's text lines and tables in reading order, page furniture removed."""
    try:
        import pdfplumber
    except ImportError as exc:
        raise PdfError(INSTALL_HINT) from exc
    # pdfminer logs the damage it works around ("MediaBox missing…", "Data-loss while decompressing…")
    # as English warnings, which Python prints on stderr when no logging is set up: a clerk would get
    # dozens of them. gklint says what matters itself (a Chinese ReadError, or the findings).
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds (PDFSyntaxError, PSEOF, PDFPasswordIncorrect…)
        raise PdfError(_open_message(exc)) from exc
    try:
        pages = [_page_items(page) for page in pdf.pages]
    except Exception as exc:  # a damaged page stream or xref deep inside the file
        raise PdfError(_open_message(exc)) from exc
    finally:
        # Not `with pdf:` -- closing walks the damaged page tree again and would raise
        # pdfminer's error over our Chinese one (bench/fuzz.py, binary-formats seed 3783).
        with contextlib.suppress(Exception):
            pdf.close()
    if not pages:
        raise PdfError("PDF 文件中没有页面，无法检查。")
    if sum(p.chars for p in pages) == 0:
        raise PdfError(
            "这个 PDF 没有文字层（可能是扫描件或图片），无法读取其中的文字。"
            "请改用报告的 Word 文件或带文字的 PDF（从 Word/WPS 直接导出的 PDF）检查。"
        )
    running = _running_furniture(pages)
    blocks: list[Line | Table] = []
    for number, items in enumerate(pages, start=1):
        entries: list[tuple[float, int, Line | Table]] = []
        for count, (top, text, margin) in enumerate(items.lines, start=1):
            if not _is_furniture(text, margin, running):
                entries.append((top, 1, Line(text, number, count)))
        for top, rows, geometry in items.tables:
            grid = _grid(rows, geometry)
            if grid:
                entries.append((top, 0, Table(grid, number)))
        entries.sort(key=lambda e: (e[0], e[1]))
        blocks.extend(entry for _top, _kind, entry in entries)
    return Document(blocks, len(pages))


def _open_message(exc: BaseException) -> str:
    name = type(exc).__name__
    if "Password" in name or "Encrypt" in name:
        return "PDF 文件有密码保护，无法读取。请提供未加密的 PDF 或报告的 Word 文件。"
    return (
        "PDF 文件已损坏或不完整（无法解析其结构），无法读取。请重新下载或从 Word/WPS 重新导出 PDF 后再检查。"
    )


def read_pdf(data: bytes, path: Path | None) -> SourceDocument:
    """A text PDF as a `SourceDocument` whose origin map says page and line (or table cell)."""
    from gklint.source.layout import TextBuilder
    from gklint.source.origin import Origin
    from gklint.source.readers import ReadError

    try:
        doc = parse_pdf(data)
    except PdfError as exc:
        raise ReadError(str(exc)) from exc
    builder = TextBuilder()
    for block in doc.blocks:
        if isinstance(block, Line):
            builder.add_paragraph(block.text, Origin("page-line", page=block.page, line=block.number))
        else:
            builder.add_table(block.grid, page=block.page)
    return SourceDocument(
        builder.text(),
        path=path,
        encoding="utf-8",
        origin=builder.origins,
        source_format="pdf",
        meta={"pages": str(doc.pages)},
        tables=tuple(builder.source_tables),
    )
