"""Origins: where a piece of extracted text came from, and how outputs say it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gklint.diagnostics import Diagnostic, Related, Severity, Span
from gklint.output import FileResult, json_output, text
from gklint.source.document import SourceDocument
from gklint.source.origin import Origin, OriginMap


def _map() -> tuple[str, OriginMap]:
    # "标题\n" (paragraph 1), then a table row "商业企业\t\t5\n" with a blank middle cell.
    content = "标题\n商业企业\t\t5\n"
    origins = OriginMap()
    origins.add(0, 2, Origin("paragraph", paragraph=1))
    origins.add(3, 7, Origin("cell", table=1, row=1, column=1))
    origins.add(8, 8, Origin("cell", table=1, row=1, column=2))  # blank: registered where its text would be
    origins.add(9, 10, Origin("cell", table=1, row=1, column=3, row_label="商业企业", column_label="总计"))
    return content, origins


def test_lookup_by_offset_including_separators_and_blank_cells() -> None:
    _, origins = _map()
    assert origins.at(0) == Origin("paragraph", paragraph=1)
    assert origins.at(2) == Origin("paragraph", paragraph=1)  # the "\n" after it belongs to it
    assert origins.at(7).column == 1  # type: ignore[union-attr]  # the tab after the first cell
    assert origins.at(8).column == 2  # type: ignore[union-attr]  # the blank cell
    assert origins.at(9).column == 3  # type: ignore[union-attr]
    assert origins.range(9, 10) == origins.at(9)
    assert OriginMap().at(0) is None


def test_segments_must_come_in_text_order() -> None:
    origins = OriginMap()
    origins.add(5, 6, Origin("paragraph", paragraph=2))
    with pytest.raises(ValueError):
        origins.add(1, 2, Origin("paragraph", paragraph=1))


@pytest.mark.parametrize(
    ("origin", "words"),
    [
        (Origin("paragraph", paragraph=12), "第12段"),
        (Origin("cell", table=3, row=5, column=2), "第3个表格第5行第2列"),
        (
            Origin("cell", table=3, row=5, column=2, row_label="（一）予以公开", column_label="商业企业"),
            "第3个表格第5行第2列（“（一）予以公开”行，“商业企业”列）",
        ),
        (Origin("cell", page=2, table=1, row=4, column=3), "第2页第1个表格第4行第3列"),
        (Origin("page-line", page=2, line=7), "第2页第7行"),
        (
            Origin("cell", table=2, row=6, column=5, column_label="商业企业", section="三"),
            "第三部分表格（第2个表格）第6行第5列（“商业企业”列）",
        ),
        (
            Origin("cell", page=3, table=1, row=2, column=1, section="四"),
            "第四部分表格（第3页，第1个表格）第2行第1列",
        ),
        (Origin("source-line", line=120, col=5), "网页源文件第120行第5列"),
    ],
)
def test_describe_in_words_a_clerk_understands(origin: Origin, words: str) -> None:
    assert origin.describe() == words


def test_long_labels_are_shortened() -> None:
    words = Origin("cell", table=1, row=1, column=1, row_label="长" * 40).describe()
    assert "长" * 23 + "…" in words and "长" * 24 not in words


def test_to_json_keeps_only_set_fields() -> None:
    assert Origin("paragraph", paragraph=3).to_json() == {
        "kind": "paragraph",
        "paragraph": 3,
        "description": "第3段",
    }


def _diag(span: Span, related: tuple[Related, ...] = ()) -> Diagnostic:
    return Diagnostic(
        "GK301", "合计不等于各项之和", span, Severity.ERROR, "table-sum", "table", related=related
    )


def test_text_output_locates_by_origin() -> None:
    content, origins = _map()
    doc = SourceDocument(content, path=Path("报告.docx"), origin=origins, source_format="docx")
    rel = (Related(Span(3, 7), "参与求和的单元格"),)
    out = text.render([FileResult(doc, [_diag(Span(9, 10), rel)])], show_summary=False)
    first = out.splitlines()[0]
    assert first.startswith("报告.docx:第1个表格第1行第3列（“商业企业”行，“总计”列）: GK301")
    assert "参见第1个表格第1行第1列：参与求和的单元格" in out


def test_json_adds_origin_only_for_documents_with_an_origin_map() -> None:
    content, origins = _map()
    doc = SourceDocument(content, path=Path("报告.docx"), origin=origins, source_format="docx")
    rel = (Related(Span(0, 2), "标题"),)
    item = json.loads(json_output.render([FileResult(doc, [_diag(Span(8, 8), rel)])]))[0]
    assert tuple(item)[: len(json_output.DIAGNOSTIC_KEYS)] == json_output.DIAGNOSTIC_KEYS
    assert item["origin"] == {
        "kind": "cell",
        "table": 1,
        "row": 1,
        "column": 2,
        "description": "第1个表格第1行第2列",
    }
    assert item["related"][0]["origin"]["paragraph"] == 1
    plain = SourceDocument(content, path=Path("报告.txt"))
    item = json.loads(json_output.render([FileResult(plain, [_diag(Span(8, 8), rel)])]))[0]
    assert "origin" not in item and "origin" not in item["related"][0]


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"PK\x03\x04rest", "docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "doc"),
        (b"%PDF-1.7\n", "pdf"),
        (b"\xef\xbb\xbf\n  <!DOCTYPE html><html>", "html"),
        (b"<meta charset=gbk><title>", "html"),
        ("一、总体情况\n".encode(), None),
    ],
)
def test_sniff_by_content(head: bytes, fmt: str | None) -> None:
    from gklint.source.readers import sniff

    assert sniff(head) == fmt


def test_table_layout_writes_merged_cells_once_and_maps_every_position() -> None:
    from gklint.source.layout import GridCell, TextBuilder

    # Header "申请人情况" spans two columns; the label "三、办理结果" spans two rows.
    grid = [
        [GridCell("", 0, 0), GridCell("申请人情况", 0, 1), GridCell("申请人情况", 0, 1)],
        [GridCell("", 1, 0), GridCell("自然人", 1, 1), GridCell("商业\n企业", 1, 2)],
        [GridCell("三、办理结果", 2, 0), GridCell("1", 2, 1), GridCell("2", 2, 2)],
        [GridCell("三、办理结果", 2, 0), GridCell("", 3, 1), GridCell("4", 3, 2)],
    ]
    builder = TextBuilder()
    builder.add_paragraph("标题", Origin("paragraph", paragraph=1))
    assert builder.add_table(grid) == 1
    content = builder.text()
    assert content == "标题\n\n\t申请人情况\t\n\t自然人\t商业 企业\n三、办理结果\t1\t2\n\t\t4\n\n"
    origins = builder.origins
    covered = origins.at(content.index("\t申请人情况\t\n") + len("\t申请人情况\t"))
    assert covered is not None and (covered.row, covered.column) == (1, 2)  # the merged header's own cell
    blank = origins.at(content.index("\t\t4") + 1)
    assert blank == Origin("cell", table=1, row=4, column=2, row_label="三、办理结果", column_label="自然人")
    four = origins.at(content.index("4\n"))
    assert four is not None and four.column_label == "商业 企业" and four.row_label == "三、办理结果"
    label_below = origins.at(content.index("\t\t4"))
    assert label_below is not None and (label_below.row, label_below.column) == (3, 1)


@pytest.mark.parametrize(
    "label", ["2.其他法律行政止公开", "3、补正后申请内容仍不明确", "1. 信访举报投诉类申请"]
)
def test_a_numbered_row_label_cell_is_described_as_a_label_not_as_a_column_value(label: str) -> None:
    """r008.pdf's misspelt label "2.其他法律行政止公开" was described as a value of the header column above it
    (“…”列); a label cell is named by its place only, and the values right of it take it as their row."""
    from gklint.source.layout import GridCell, TextBuilder

    grid = [
        [GridCell("（三）不予公开", 0, 0), GridCell("自然人", 0, 1), GridCell("总计", 0, 2)],
        [GridCell(label, 1, 0), GridCell("1.5", 1, 1), GridCell("0", 1, 2)],
    ]
    builder = TextBuilder()
    builder.add_table(grid)
    content = builder.text()
    at_label = builder.origins.at(content.index(label))
    assert at_label is not None and (at_label.row_label, at_label.column_label) == (None, None)
    value = builder.origins.at(content.index("1.5"))
    assert value is not None and (value.row_label, value.column_label) == (label, "自然人")


def test_summary_does_not_offer_fix_for_web_pages_and_pdfs() -> None:
    from gklint.diagnostics import Applicability, Edit, Fix

    content, origins = _map()
    fix = Fix("改为 5", (Edit(Span(9, 10), "5"),), Applicability.UNSAFE)
    diag = _diag(Span(9, 10))._replace(fix=fix)
    page = SourceDocument(content, path=Path("报告.pdf"), origin=origins, source_format="pdf")
    assert "请按建议在原文件中修改" in text.summary([FileResult(page, [diag])])
    word = SourceDocument(content, path=Path("报告.docx"), origin=origins, source_format="docx")
    assert "--fix" in text.summary([FileResult(word, [diag])])  # writes 报告.gklint-fixed.docx
    plain = SourceDocument(content, path=Path("报告.txt"))
    assert "--fix" in text.summary([FileResult(plain, [diag])])


@pytest.mark.parametrize(
    ("line", "part"),
    [
        ("三、收到和处理政府信息公开申请情况", "三"),
        ("四、政府信息公开行政复议、行政诉讼情况", "四"),
        ("一、加强组织领导", None),  # a numbered measure inside a part
        ("三、本年度办理结果", None),  # a table row label
        ("二、主动公开" + "很长的一段正文" * 8, None),
    ],
)
def test_part_headings_seen_by_the_layout(line: str, part: str | None) -> None:
    from gklint.source.layout import part_of_heading

    assert part_of_heading(line) == part
