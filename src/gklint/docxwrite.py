"""Write a text report as a Word document the way a drafter's file looks.

`report_to_docx(text)` parses the report with the one parser and writes:
paragraphs for the prose; the template's real tables for sections 二, 三 and 四
(merged caption and header cells, the merged "三、本年度办理结果" / "（三）不予公开"
label columns, the 行政复议/行政诉讼 header of 四) filled with the cells as the
text has them; optionally the top-level headings numbered by Word's automatic
list numbering (chineseCounting, "%1、") instead of typed "一、", and one
tracked change (a deletion and an insertion that, accepted, read as the text).

Used by `gklint init -o 报告.docx` (a blank report to fill in) and by
tests/make_docx_fixtures.py (Word versions of the seed reports). A table that
the parser could not map completely is written as the paragraphs it was, so
the document never claims more structure than the text had.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gklint.model.build import parse_report
from gklint.model.report import Report, Table, TableStatus

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table as DocxTable

    from gklint.ruledata import TableSchema

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADING_NUM_ID = "9001"  # numbering ids of our own, far from those of a template's lists
_ABSTRACT_ID = "9001"
_FONT = "宋体"
_CHANGE_AUTHOR = "起草人"
_CHANGE_DATE = "2025-01-10T09:00:00Z"


def _numeral(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


def _caption(caption: str) -> str:
    """Template captions are stored folded ("第二十条第(一)项"); a document has full-width brackets."""
    return caption.replace("(", "（").replace(")", "）")


class _Writer:
    def __init__(self, text: str, report: Report, numbered_headings: bool, tracked_change: bool) -> None:
        import docx
        from docx.shared import Cm

        self.text = text
        self.report = report
        self.numbered = numbered_headings
        self.tracked_change = tracked_change
        self.document: Document = docx.Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        self._style_fonts()
        self._next_heading = 1
        self._changed = False
        self._change_id = 100
        if numbered_headings:
            self._add_heading_numbering()

    # --- document set-up -------------------------------------------------------------------

    def _style_fonts(self) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Pt

        normal = self.document.styles["Normal"]
        normal.font.name = _FONT
        normal.font.size = Pt(12)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), _FONT)

    def _add_heading_numbering(self) -> None:
        """A list "一、二、三、" (numFmt chineseCounting, lvlText "%1、", no tab after the label)."""
        from docx.oxml import parse_xml

        numbering = self.document.part.numbering_part.element
        abstract = parse_xml(
            f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{_ABSTRACT_ID}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl></w:abstractNum>'
        )
        num = parse_xml(
            f'<w:num xmlns:w="{W_NS}" w:numId="{HEADING_NUM_ID}"><w:abstractNumId w:val="{_ABSTRACT_ID}"/></w:num>'
        )
        first_num = numbering.find(f"{{{W_NS}}}num")
        if first_num is not None:  # the schema wants every abstractNum before the first num
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(num)

    # --- paragraphs ------------------------------------------------------------------------

    def paragraph(self, line: str, start: int) -> None:
        report = self.report
        if report.title is not None and report.title.span.start == start:
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            p = self.document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(line).bold = True
            return
        heading = next((h for h in report.headings if h.top_level and h.span.start == start), None)
        if heading is not None:
            self._heading(line, start, heading.numeral, heading.text_span.start - start)
            return
        if self.tracked_change and not self._changed and len(line) >= 20 and self._after_first_heading(start):
            self._tracked_paragraph(line)
            return
        self.document.add_paragraph(line)

    def _after_first_heading(self, start: int) -> bool:
        return any(h.top_level and h.span.start < start for h in self.report.headings)

    def _heading(self, line: str, start: int, numeral: int, words_at: int) -> None:
        from docx.oxml import parse_xml

        p = self.document.add_paragraph()
        if self.numbered and numeral == self._next_heading and words_at > 0:
            self._next_heading += 1
            p.add_run(line[words_at:]).bold = True
            p._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="{HEADING_NUM_ID}"/></w:numPr>'
                )
            )
        else:
            p.add_run(line).bold = True

    def _tracked_paragraph(self, line: str) -> None:
        """The line's last characters as an insertion, after a deleted word: accepted, it reads as `line`."""
        from docx.oxml import parse_xml

        self._changed = True
        keep, inserted = line[:-4], line[-4:]
        p = self.document.add_paragraph(keep)
        attrs = f'w:author="{_CHANGE_AUTHOR}" w:date="{_CHANGE_DATE}"'
        p._p.append(
            parse_xml(
                f'<w:del xmlns:w="{W_NS}" w:id="{self._change_id}" {attrs}>'
                '<w:r><w:delText xml:space="preserve">（待核实）</w:delText></w:r></w:del>'
            )
        )
        p._p.append(
            parse_xml(
                f'<w:ins xmlns:w="{W_NS}" w:id="{self._change_id + 1}" {attrs}>'
                f'<w:r><w:t xml:space="preserve">{_xml_escape(inserted)}</w:t></w:r></w:ins>'
            )
        )
        self._change_id += 2

    # --- tables ----------------------------------------------------------------------------

    def _new_table(self, rows: int, widths_cm: list[float]) -> DocxTable:
        from docx.shared import Cm

        table = self.document.add_table(rows=rows, cols=len(widths_cm))
        table.style = "Table Grid"
        table.autofit = False
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)
        return table

    @staticmethod
    def _set(table: DocxTable, r: int, c: int, text: str, *, to: tuple[int, int] | None = None) -> None:
        cell = table.cell(r, c)
        if to is not None and to != (r, c):
            cell = cell.merge(table.cell(*to))
        if text:
            cell.paragraphs[0].text = text

    def table_s2(self, table: Table, schema: TableSchema) -> None:
        rows = sum(2 + len(block.rows) for block in schema.blocks)
        docx_table = self._new_table(rows, [4.6, 4.1, 4.1, 4.1])
        r = 0
        for block in schema.blocks:
            self._set(docx_table, r, 0, _caption(block.caption), to=(r, 3))
            widths = _spans(len(block.columns), 3)
            self._set(docx_table, r + 1, 0, "信息内容")
            c = 1
            for column, span in zip(block.columns, widths, strict=True):
                self._set(docx_table, r + 1, c, column.label, to=(r + 1, c + span - 1))
                c += span
            for i, row in enumerate(block.rows):
                rr = r + 2 + i
                label = table.labels.get(row.id)
                self._set(docx_table, rr, 0, label.text if label else row.label)
                c = 1
                for column, span in zip(block.columns, widths, strict=True):
                    cell = table.cells.get((row.id, column.id))
                    self._set(docx_table, rr, c, cell.text if cell else "", to=(rr, c + span - 1))
                    c += span
            r += 2 + len(block.rows)

    def table_s3(self, table: Table, schema: TableSchema) -> None:
        rows = schema.rows
        value_rows = [row for row in rows if not row.group]
        docx_table = self._new_table(3 + len(value_rows), [2.0, 2.0, 3.8] + [1.3] * 7)
        self._set(
            docx_table,
            0,
            0,
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            to=(2, 2),
        )
        self._set(docx_table, 0, 3, "申请人情况", to=(0, 9))
        self._set(docx_table, 1, 3, "自然人", to=(2, 3))
        self._set(docx_table, 1, 4, "法人或其他组织", to=(1, 8))
        self._set(docx_table, 1, 9, "总计", to=(2, 9))
        for c, label in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"), start=4):
            self._set(docx_table, 2, c, label)
        placed = {row.id: 3 + i for i, row in enumerate(value_rows)}
        for i, row in enumerate(rows):
            label_ref = table.labels.get(row.id)
            label = label_ref.text if label_ref else row.label.replace("(", "（").replace(")", "）")
            level = _level(row.label)
            if row.group:
                children = _children(rows, i, level)
                if not children:
                    continue
                first, last = placed[children[0]], placed[children[-1]]
                column = 0 if level == 0 else 1
                self._set(docx_table, first, column, label, to=(last, column))
                continue
            r = placed[row.id]
            column = (0, 1, 2)[level]
            inside_group = _parent_group(rows, i, level)
            if level == 0:
                self._set(docx_table, r, 0, label, to=(r, 2))
            elif level == 1:
                self._set(docx_table, r, 1, label, to=(r, 2))
            elif inside_group:
                self._set(docx_table, r, column, label)
            else:  # a numbered row without a group above it: take the group's columns too
                self._set(docx_table, r, 1, label, to=(r, 2))
            for c, col in enumerate(schema.columns, start=3):
                cell = table.cells.get((row.id, col.id))
                self._set(docx_table, r, c, cell.text if cell else "")

    def table_s4(self, table: Table) -> None:
        docx_table = self._new_table(4, [1.1] * 15)
        self._set(docx_table, 0, 0, "行政复议", to=(0, 4))
        self._set(docx_table, 0, 5, "行政诉讼", to=(0, 14))
        results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
        for c, label in enumerate(results):
            self._set(docx_table, 1, c, label, to=(2, c))
        self._set(docx_table, 1, 5, "未经复议直接起诉", to=(1, 9))
        self._set(docx_table, 1, 10, "复议后起诉", to=(1, 14))
        for c in range(5, 15):
            self._set(docx_table, 2, c, results[(c - 5) % 5])
        for c in range(15):
            cell = table.cells.get(("row", f"v{c + 1}"))
            self._set(docx_table, 3, c, cell.text if cell else "")

    def write_table(self, key: str, table: Table) -> None:
        from gklint.ruledata import template

        self.document.add_paragraph()  # Word needs a paragraph between two adjacent tables
        if key == "s4":
            self.table_s4(table)
        else:
            schema = template().schema(table.schema)
            if key == "s2":
                self.table_s2(table, schema)
            else:
                self.table_s3(table, schema)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _spans(columns: int, width: int) -> list[int]:
    """Grid columns each value column takes when a block has fewer columns than the table."""
    spans = [1] * columns
    spans[-1] += width - columns
    return spans


def _level(label: str) -> int:
    """0: "一、…" (the question's own row); 1: "(一)…"; 2: "1.…"."""
    if label[:1] in "(（":
        return 1
    if label[:1].isdigit():
        return 2
    return 0


def _children(rows: Any, index: int, level: int) -> list[str]:
    """Ids of the value rows under the group row at `index` (until a row at its level or above)."""
    children = []
    for row in rows[index + 1 :]:
        if _level(row.label) <= level:
            break
        if not row.group:
            children.append(row.id)
    return children


def _parent_group(rows: Any, index: int, level: int) -> bool:
    for row in reversed(rows[:index]):
        if _level(row.label) < level:
            return bool(row.group)
    return False


def _replaced_tables(report: Report) -> list[tuple[str, Table]]:
    """Tables written as Word tables: fully mapped ones, in text order."""
    found = [
        (key, table)
        for key, table in report.tables.items()
        if table.status is TableStatus.MAPPED and table.schema and table.region.end > table.region.start
    ]
    return sorted(found, key=lambda item: item[1].region.start)


def report_to_docx(text: str, *, numbered_headings: bool = False, tracked_change: bool = False) -> bytes:
    """The report `text` as a .docx (bytes): prose as paragraphs, sections 二/三/四 as template tables."""
    report = parse_report(text)
    writer = _Writer(text, report, numbered_headings, tracked_change)
    tables = _replaced_tables(report)
    pos = 0
    while pos < len(text):
        inside = next((t for t in tables if t[1].region.start <= pos < t[1].region.end), None)
        if inside is not None:
            writer.write_table(*inside)
            tables.remove(inside)
            pos = inside[1].region.end
            continue
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        next_table = min((t[1].region.start for t in tables if t[1].region.start > pos), default=len(text))
        stop = min(end, next_table)
        line = text[pos:stop].rstrip("\r")
        if line.strip():
            writer.paragraph(line.strip(), pos + len(line) - len(line.lstrip()))
        pos = stop + 1 if stop == end else stop
    out = io.BytesIO()
    writer.document.save(out)
    return out.getvalue()


def write_report_docx(text: str, path: Path, **options: bool) -> None:
    """`report_to_docx` written to `path` (the caller decides about overwriting)."""
    path.write_bytes(report_to_docx(text, **options))
