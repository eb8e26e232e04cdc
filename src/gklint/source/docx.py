"""Read a Word (.docx, also WPS's .docx) report: body text in document order, tables as their grid.

python-docx opens the package (its XML parser does not resolve entities); the
body is walked here at the XML level because the report needs what python-docx's
convenience API hides or repeats:

- the body in document order, including content controls (w:sdt) that templates
  wrap cover pages and tables in;
- tables as their LOGICAL GRID: a cell spanning columns (gridSpan) or rows
  (vMerge) counts once — python-docx's `row.cells` returns the same cell for every
  position it spans, which would turn "三、本年度办理结果" into 20 labels;
- automatic list numbering rendered ("一、" is not in the text of a heading that
  Word numbers), Chinese counting formats included;
- tracked changes read as accepted (w:ins kept, w:del dropped), recorded in
  `meta` so the engine says so once (GK011).

Headers, footers, text boxes and drawings are not body text and are skipped.
The text layout and origins are `gklint.source.layout`'s.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from gklint.source.document import SourceDocument
from gklint.source.layout import GridCell, TextBuilder, clean_cell_text
from gklint.source.numbering import Numbering
from gklint.source.origin import Origin
from gklint.source.readers import ReadError

if TYPE_CHECKING:
    from docx.document import Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML = (
    f"{W}p",
    f"{W}tbl",
    f"{W}tr",
    f"{W}tc",
    f"{W}sdt",
    f"{W}sdtContent",
    f"{W}customXml",
)
_T, _TAB, _BR, _CR, _NB_HYPHEN = f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"
_INS, _DEL, _MOVE_TO, _MOVE_FROM = f"{W}ins", f"{W}del", f"{W}moveTo", f"{W}moveFrom"
_VAL = f"{W}val"
# Subtrees that are not the paragraph's running text: properties, drawings and text boxes
# (mc:AlternateContent holds a drawing and its VML copy), embedded objects, footnote marks.
_SKIP = frozenset(
    {
        f"{W}pPr",
        f"{W}rPr",
        f"{W}drawing",
        f"{W}pict",
        f"{W}object",
        f"{W}txbxContent",
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
        _DEL,
        _MOVE_FROM,
        f"{W}delText",
        f"{W}instrText",
    }
)

# Zip-bomb guards, checked on the central directory before anything is decompressed.
MAX_MEMBERS = 5000
MAX_XML_BYTES = 200 * 1024 * 1024  # all XML parts together, uncompressed
MAX_RATIO = 200  # XML compresses ~10:1; a part that inflates 200× and more is built to hurt
_RATIO_FLOOR = 4 * 1024 * 1024  # small parts may compress extremely well (a run of spaces)


class DocxAnchors(NamedTuple):
    """The Word elements a diagnostic can be anchored on (for --annotate)."""

    paragraphs: dict[int, Any]  # body paragraph number → w:p element
    cells: dict[tuple[int, int, int], Any]  # (table, row, column), 1-based grid → w:tc element


def _check_package(data: bytes, path: Path | None = None) -> None:
    """A clear message for what is not a Word document, before python-docx parses anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    # Not only BadZipFile: a damaged header can claim an unsupported zip version
    # (NotImplementedError, bench/fuzz.py binary-formats seed 26383) or a bad offset.
    except (zipfile.BadZipFile, NotImplementedError, EOFError, ValueError) as exc:
        if path is not None and path.name.startswith("~$"):
            raise ReadError(
                "这是 Word/WPS 打开文档时生成的临时锁定文件（文件名以 ~$ 开头），不是报告本身；请检查同名的原文件。"
            ) from exc
        if data[:4] == b"PK\x03\x04":
            raise ReadError(
                "Word 文件已损坏（压缩包不完整，可能下载或复制时被截断）。请重新获取或另存该文件。"
            ) from exc
        raise ReadError(
            "文件扩展名是 .docx，但内容不是 Word 文档（不是有效的压缩包）。请在 Word 或 WPS 中打开并“另存为”.docx 格式。"
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ReadError(f"Word 文件包含 {len(members)} 个部件，超出正常文档的范围，已拒绝读取。")
        names = {m.filename for m in members}
        if "word/document.xml" not in names:
            raise ReadError(
                "这是一个压缩包，但不是 Word 文档（缺少 word/document.xml）。请提供 .docx 格式的报告。"
            )
        xml_total = 0
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                xml_total += member.file_size
                if member.file_size > _RATIO_FLOOR and member.file_size > MAX_RATIO * max(
                    member.compress_size, 1
                ):
                    raise ReadError(
                        f"Word 文件中的 {member.filename} 解压后异常膨胀（疑似“压缩炸弹”），已拒绝读取。"
                    )
        if xml_total > MAX_XML_BYTES:
            raise ReadError("Word 文件的正文部分解压后超过 200 MB，超出年度报告的正常范围，已拒绝读取。")


def open_document(data: bytes, path: Path | None = None) -> Document:
    """python-docx's Document for `data`, or a ReadError in Chinese."""
    _check_package(data, path)
    try:
        import docx  # python-docx: imported only when a Word file is read
        from lxml import etree
    except ImportError as exc:
        raise ReadError(
            '读取 Word 文件需要 python-docx：请运行 pip install "python-docx>=1.2" 后重试。'
        ) from exc

    try:
        document = docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        raise ReadError(
            f"Word 文件中的 XML 内容已损坏，无法读取（{exc.msg}）。请在 Word 或 WPS 中打开并另存后重试。"
        ) from exc
    except MemoryError:
        raise
    except Exception as exc:
        # A package that passed the checks above but that python-docx cannot open is malformed in
        # some other way (missing or wrong content types, broken relationships …): the file's fault.
        raise ReadError(
            f"Word 文件结构不完整，无法读取（{type(exc).__name__}）。请在 Word 或 WPS 中打开并另存为 .docx 后重试。"
        ) from exc
    # python-docx parses any well-formed XML as the main part; a root that is not <w:document>
    # (a crafted or damaged file) has no body to walk.
    if getattr(document.element, "body", None) is None:
        raise ReadError(
            "Word 文件的正文部分不是 Word 文档的结构，无法读取。请在 Word 或 WPS 中打开并另存为 .docx 后重试。"
        )
    return document


class _Walker:
    """One pass over the body: text, origins, numbering state, tracked-change facts, anchors."""

    def __init__(self, numbering: Numbering, keep_anchors: bool) -> None:
        self.out = TextBuilder()
        self.numbering = numbering
        self.paragraphs = 0
        self.tracked: tuple[int, int] | None = None  # span of the first paragraph/cell with a change
        self._changed = False
        self.anchors = DocxAnchors({}, {}) if keep_anchors else None

    # --- text of one paragraph -------------------------------------------------------------

    def _runs_text(self, element: Any, parts: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag == _T:
                if child.text:
                    parts.append(child.text)
            elif tag == _TAB:
                parts.append("\t")
            elif tag in (_BR, _CR):
                if child.get(f"{W}type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == _NB_HYPHEN:
                parts.append("-")
            elif tag in _SKIP:
                if tag in (_DEL, _MOVE_FROM):
                    self._changed = True
            else:
                if tag in (_INS, _MOVE_TO):
                    self._changed = True
                self._runs_text(child, parts)

    def paragraph_text(self, p: Any) -> str:
        parts: list[str] = []
        label = self.numbering.label(p)
        if label:
            parts.append(label)
        self._runs_text(p, parts)
        return "".join(parts)

    def _note_change(self, start: int, end: int) -> None:
        if self._changed and self.tracked is None:
            self.tracked = (start, end)
        self._changed = False

    # --- body ------------------------------------------------------------------------------

    def block(self, element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag == _P:
                self._body_paragraph(child)
            elif tag == _TBL:
                self._table(child)
            elif tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
                self.block(child)

    def _body_paragraph(self, p: Any) -> None:
        text = self.paragraph_text(p).replace("\r", "")
        start = self.out.offset
        if text.strip():
            self.paragraphs += 1
            self.out.add_paragraph(text, Origin("paragraph", paragraph=self.paragraphs))
            if self.anchors is not None:
                self.anchors.paragraphs[self.paragraphs] = p
        else:
            self.out.add_blank_line()
        self._note_change(start, self.out.offset)

    def _table(self, tbl: Any) -> None:
        grid, elements, nested = self._grid(tbl)
        start = self.out.offset
        number = self.out.add_table(grid)
        self._note_change(start, self.out.offset)
        if self.anchors is not None:
            for (r, c), tc in elements.items():
                self.anchors.cells[(number, r + 1, c + 1)] = tc
        for inner in nested:  # a table inside a cell: its own table, after the one holding it
            self._table(inner)

    def _rows(self, tbl: Any) -> list[Any]:
        rows: list[Any] = []
        for child in tbl:
            if child.tag == _TR:
                rows.append(child)
            elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
                rows.extend(self._rows(child))
        return rows

    def _cells(self, tr: Any) -> list[Any]:
        cells: list[Any] = []
        for child in tr:
            if child.tag == _TC:
                cells.append(child)
            elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
                cells.extend(self._cells(child))
        return cells

    def _cell_text(self, tc: Any, nested: list[Any]) -> str:
        texts = []
        for child in tc:
            if child.tag == _P:
                texts.append(clean_cell_text(self.paragraph_text(child)))
            elif child.tag == _TBL:
                nested.append(child)
            elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
                texts.append(self._cell_text(child, nested))
        return " ".join(t for t in texts if t)

    def _grid(self, tbl: Any) -> tuple[list[list[GridCell]], dict[tuple[int, int], Any], list[Any]]:
        """The logical grid: every position names the (top, left) of the cell covering it."""
        grid: list[list[GridCell]] = []
        elements: dict[tuple[int, int], Any] = {}
        nested: list[Any] = []
        for tr in self._rows(tbl):
            tr_pr = tr.find(f"{W}trPr")
            if tr_pr is not None and tr_pr.find(_DEL) is not None:
                self._changed = True  # a deleted row: accepted, it is gone
                continue
            if tr_pr is not None and tr_pr.find(_INS) is not None:
                self._changed = True
            r = len(grid)
            row: list[GridCell] = []
            before = _int_val(tr_pr, "gridBefore") if tr_pr is not None else 0
            row.extend(GridCell("", r, c) for c in range(before))
            for tc in self._cells(tr):
                tc_pr = tc.find(f"{W}tcPr")
                span = max(1, _int_val(tc_pr, "gridSpan", 1)) if tc_pr is not None else 1
                v_merge = tc_pr.find(f"{W}vMerge") if tc_pr is not None else None
                c = len(row)
                owner: GridCell | None = None
                if v_merge is not None and v_merge.get(_VAL) in (None, "continue") and r > 0:
                    above = grid[r - 1]
                    if c < len(above):
                        owner = above[c]
                text = self._cell_text(tc, nested)
                if owner is None:
                    owner = GridCell(text, r, c)
                    elements[(r, c)] = tc
                row.extend([owner] * span)
            grid.append(row)
        width = max((len(row) for row in grid), default=0)
        for r, row in enumerate(grid):
            row.extend(GridCell("", r, c) for c in range(len(row), width))
        return grid, elements, nested


def _int_val(parent: Any, name: str, default: int = 0) -> int:
    element = parent.find(f"{W}{name}")
    if element is None:
        return default
    try:
        return int(element.get(_VAL, default))
    except ValueError:
        return default


def walk(document: Document, keep_anchors: bool = False) -> tuple[_Walker, str]:
    numbering = Numbering.from_document(document)
    walker = _Walker(numbering, keep_anchors)
    walker.block(document.element.body)
    return walker, walker.out.text()


def read_docx_with_anchors(data: bytes, path: Path | None) -> tuple[SourceDocument, DocxAnchors, Document]:
    """The report, the elements its origins name, and the open python-docx Document (for --annotate)."""
    document = open_document(data, path)
    walker, text = walk(document, keep_anchors=True)
    assert walker.anchors is not None
    return _source_document(walker, text, path), walker.anchors, document


def read_docx(data: bytes, path: Path | None) -> SourceDocument:
    walker, text = walk(open_document(data, path))
    return _source_document(walker, text, path)


def _source_document(walker: _Walker, text: str, path: Path | None) -> SourceDocument:
    meta: dict[str, str] = {}
    if walker.tracked is not None:
        meta["tracked_changes"] = "accepted"
        meta["tracked_changes_span"] = f"{walker.tracked[0]}:{walker.tracked[1]}"
    return SourceDocument(
        text,
        path=path,
        encoding="docx",
        origin=walker.out.origins,
        source_format="docx",
        meta=meta,
        tables=tuple(walker.out.source_tables),
    )
