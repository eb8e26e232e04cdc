"""The report model on awkward inputs: titles, headings, windows and table layouts."""

from __future__ import annotations

import pytest

from factory import make_report, s3_values
from gklint.model.build import parse_report, title_and_year
from gklint.model.cells import classify
from gklint.model.report import CellKind, HeadingKind
from helpers import lint


def test_title_with_year_first_and_org_on_previous_line() -> None:
    assert (
        parse_report("2019年上海市人民政府办公厅政府信息公开工作年度报告\n").title.org
        == "上海市人民政府办公厅"
    )  # type: ignore[union-attr]
    title = parse_report("淮安市人民政府\n2024 年政府信息公开工作年度报告\n正文").title
    assert title is not None and title.org == "淮安市人民政府" and title.year == 2024


def test_title_and_year_agrees_with_the_full_parse() -> None:
    """The pairing index reads only title and year (no tables): they must be the full parse's."""
    from pathlib import Path

    reports = sorted((Path(__file__).parent / "corpus" / "reports").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in reports] + [make_report(year=2024), "", "无标题"]
    for text in texts:
        report = parse_report(text)
        assert title_and_year(text) == (report.title, report.year)
        assert title_and_year(text[:3000]) == (
            parse_report(text[:3000]).title,
            parse_report(text[:3000]).year,
        )


def test_title_broken_by_spaces() -> None:
    title = parse_report("余关镇人民政府 2023 年政府信息公开工作年度报 告\n").title
    assert title is not None and title.phrase_ok and title.year == 2023


def test_numbered_list_inside_section_five_is_not_a_heading() -> None:
    text = make_report().replace(
        "（一）主要问题。", "一、加强领导，落实责任。\n二、完善制度。\n（一）主要问题。"
    )
    report = parse_report(text)
    assert [h.section for h in report.headings] == [1, 2, 3, 4, 5, 6]


def test_heading_with_fullwidth_spaces_and_nbsp() -> None:
    text = make_report().replace("五、存在的主要问题及改进情况", "\u00a0五、存在的主要问题\u3000及改进情况")
    report = parse_report(text)
    assert report.sections[5].heading.kind is HeadingKind.CANONICAL


def test_classify_cells() -> None:
    assert classify("12").kind is CellKind.NUMBER
    assert classify("-26").value == -26
    assert classify("1,234").value == 1234
    assert classify("59572.0308万元").kind is CellKind.UNIT
    assert classify("/").kind is CellKind.PLACEHOLDER
    assert classify("—").kind is CellKind.TEXT or classify("-").kind is CellKind.PLACEHOLDER
    assert classify("").kind is CellKind.BLANK
    assert classify("详见附件").kind is CellKind.TEXT


def test_pdf_page_footers_inside_a_table_are_ignored() -> None:
    text = make_report().replace("| 4.保护第三方合法权益 |", "- 3 -\n| 4.保护第三方合法权益 |")
    result = lint(text)
    assert result.diagnostics == []
    assert result.report.tables["s3"].status.value == "mapped"


def test_split_label_cells_across_a_page_break() -> None:
    """r007: '（四）无' and '法提供' are halves of one merged label cell around a footer."""
    text = make_report().replace(
        "| 2.没有现成信息需要另行制作 |", "- 4 -\n| 法提供 | 2.没有现成信息需要另行制作 |"
    )
    assert lint(text).diagnostics == []


def test_cell_spans_point_into_the_original_text() -> None:
    text = make_report()
    table = parse_report(text).tables["s3"]
    cell = table.cells[("r01", "C7")]
    assert text[cell.span.start : cell.span.end] == "10"
    assert table.labels["r01"].text == "一、本年新收政府信息公开申请数量"


def _replace_section(text: str, start_heading: str, end_heading: str, body: str) -> str:
    start, end = text.index(start_heading), text.index(end_heading)
    return text[:start] + start_heading + "\n" + body + text[end:]


def test_pdf_layout_label_then_space_separated_numbers() -> None:
    """pdftotext-style rows: "（一）予以公开 6 1 0 0 0 0 7" (layout L-G)."""
    from factory import S3_LABELS_2021, s3_values

    values = s3_values()
    rows = [
        label if kind == "group" else label + " " + " ".join(str(v) for v in values[label])
        for label, kind in S3_LABELS_2021
    ]
    header = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n申请人情况\n自然人 法人或其他组织 总计\n商业 企业 科研 机构 社会公益 组织 法律服务 机构 其他\n"
    text = _replace_section(
        make_report(),
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议",
        header + "\n".join(rows) + "\n",
    )
    result = lint(text)
    assert result.report.tables["s3"].status.value == "mapped"
    assert result.diagnostics == []
    cell = result.report.tables["s3"].cells[("r01", "C7")]
    assert text[cell.span.start : cell.span.end] == "10"
    broken = text.replace("（一）予以公开 6 1 0 0 0 0 7", "（一）予以公开 6 1 0 0 0 0 8")
    diagnostics = lint(broken).diagnostics
    # Its row and its column are broken: one finding on the cell, the column sum folded into it.
    assert [d.code for d in diagnostics] == ["GK303"]
    assert [r["code"] for r in diagnostics[0].data["relations"]] == ["GK303", "GK302"]  # type: ignore[index]
    at = broken.index("（一）予以公开 6 1 0 0 0 0 8") + len("（一）予以公开 6 1 0 0 0 0 ")
    assert {(d.span.start, d.span.end) for d in diagnostics} == {(at, at + 1)}


def test_pdf_layout_section_four_with_split_header_words() -> None:
    body = (
        "行政复议 行政诉讼\n未经复议直接起诉 复议后起诉\n"
        "结果 结果 其他 尚未 总 结果 结果 其他 尚未 总 结果 结果 其他 尚未 总\n"
        "维持 纠正 结果 审结 计 维持 纠正 结果 审结 计 维持 纠正 结果 审结 计\n"
        "1 0 0 1 2 0 1 0 0 1 0 0 0 0 0\n"
    )
    text = _replace_section(
        make_report(), "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题", body
    )
    result = lint(text)
    assert result.report.tables["s4"].status.value == "mapped" and result.diagnostics == []


def test_prose_ending_in_a_number_is_not_a_table_row() -> None:
    prose = "本年度共收到政府信息公开申请，经办理后均已答复，复议 3"
    text = make_report().replace(
        "三、收到和处理政府信息公开申请情况\n", "三、收到和处理政府信息公开申请情况\n" + prose + "\n"
    )
    assert lint(text).diagnostics == []


def test_markdown_headings_and_emphasis() -> None:
    import re

    text = make_report()
    hashes = re.sub(r"(?m)^([一二三四五六]、)", r"## \1", text)
    bold = re.sub(r"(?m)^([一二三四五六]、.*)$", r"**\1**", text)
    for variant in (hashes, bold):
        result = lint(variant)
        assert set(result.report.sections) == {1, 2, 3, 4, 5, 6}
        assert result.diagnostics == []
    reworded = lint(hashes.replace("## 五、存在的主要问题及改进情况", "## 五、存在的主要问题和改进情况"))
    assert [d.code for d in reworded.diagnostics] == ["GK104"]


def _body(year: int = 2022) -> str:
    """A report without its title line (the tests below put a title in front)."""
    return make_report(year=year).split("\n", 1)[1]


def test_title_below_web_chrome() -> None:
    chrome = (
        "无障碍 | 长者模式\n当前位置：首页 > 政务公开 > 政府信息公开年报\n"
        "某县某镇人民政府2022年政府信息公开工作年度报告\n发布时间：2023-01-20 来源：县政府办 浏览次数：356\n"
        "【字号：大 中 小】 打印 关闭\n"
    )
    report = parse_report(chrome + _body())
    assert report.title is not None and report.title.text == "某县某镇人民政府2022年政府信息公开工作年度报告"
    assert report.year == 2022 and report.year_source == "title"


def test_year_from_a_breadcrumb_not_from_the_publication_date() -> None:
    chrome = "当前位置：首页>信息公开>某县某镇2022年政府信息公开工作年度报告\n发布时间：2023年01月20日\n"
    report = parse_report(chrome + _body().replace("2022年", "本年"))
    assert report.year == 2022


def test_year_from_the_name_quoted_in_the_preamble() -> None:
    text = "政府信息公开工作年度报告\n现发布《某县某镇人民政府2022年政府信息公开工作年度报告》。\n" + _body()
    report = parse_report(
        text.replace("2022年，", "本年，").replace("2022年1月1日", "1月1日").replace("至2022年", "至")
    )
    assert report.title is not None and report.title.year is None
    assert report.year == 2022 and report.year_source == "name"
    assert "GK001" in {d.code for d in lint(text).diagnostics}  # the title itself still lacks the year


def test_only_title_is_the_quoted_name() -> None:
    text = "根据要求，现发布《某县某镇人民政府2022年政府信息公开工作年度报告》。\n" + _body()
    report = parse_report(text)
    assert report.title is not None and report.title.year == 2022 and report.title.phrase_ok


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("某县某镇人民政府政府信息公开工作2022年度报告", 2022),
        ("某县某镇人民政府二〇二二年政府信息公开工作年度报告", 2022),
        ("2022年度某县某镇人民政府政府信息公开工作年度报告", 2022),
        ("某县某镇人民政府2022年政府\n信息公开工作年度报告", 2022),
        ("标题：某县某镇人民政府2022年政府信息公开工作年度报告", 2022),
    ],
)
def test_title_forms(title: str, year: int) -> None:
    report = parse_report(title + "\n" + _body(year))
    assert report.title is not None and report.title.year == year and report.title.phrase_ok
    assert report.title.org.startswith("某县某镇人民政府")
    assert not {d.code for d in lint(title + "\n" + _body(year)).diagnostics} & {"GK001", "GK002"}


@pytest.mark.parametrize("layout", ["pipe", "tabs", "grid"])
def test_cr_only_line_endings_parse_like_lf(layout: str) -> None:
    """A classic-Mac file (lone CR line breaks): same sections, tables and findings as with LF."""
    values = s3_values()
    values["（一）予以公开"] = [7, 1, 0, 0, 0, 0, 7]  # a wrong cell, so a sum finding is compared too
    text = make_report(layout=layout, s3=values)
    lf, cr = lint(text), lint(text.replace("\n", "\r"))
    assert any(d.code.startswith("GK3") for d in lf.diagnostics)
    assert [d.code for d in cr.diagnostics] == [d.code for d in lf.diagnostics]
    assert [d.span for d in cr.diagnostics] == [d.span for d in lf.diagnostics]
    assert {k: t.status for k, t in cr.report.tables.items()} == {
        k: t.status for k, t in lf.report.tables.items()
    }


def test_title_forms_from_real_reports() -> None:
    # The year on the line above the name (c022).
    report = parse_report(
        "2019年西街街道\n政府信息公开工作年度报告\n" + _body(2019).replace("2019年", "本年")
    )
    assert report.title is not None and report.title.year == 2019 and report.title.org == "西街街道"
    # A catalogue field ranks below the title line the page shows (c097).
    text = "• 标  题: 某县某镇人民政府2022年度政府信息公开工作报告\n某县某镇人民政府\n2022年政府信息公开工作年度报告\n"
    report = parse_report(text + _body())
    assert report.title is not None and report.title.phrase_ok and report.title.org == "某县某镇人民政府"
    # The name of the notice about reports is not the report's name (c033).
    text = (
        "根据《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》要求，"
        "现公布《某县某镇人民政府2022年政府信息公开工作年度报告》。\n"
    )
    report = parse_report(text + _body())
    assert report.title is not None and report.title.year == 2022 and report.title.org == "某县某镇人民政府"
    # Other wordings still give the year (c100), and are flagged by GK001.
    report = parse_report("某县审计局2025年政务信息公开工作开展年度报告\n" + _body(2025))
    assert report.year == 2025 and report.title is not None and not report.title.phrase_ok


def test_heading_numbered_by_an_html_list() -> None:
    """'- 总体情况': the page numbered its headings with a list; the extraction kept only the marker."""
    text = make_report().replace("一、总体情况", "- 总体情况")
    report = parse_report(text)
    assert [h.section for h in report.headings if h.top_level] == [1, 2, 3, 4, 5, 6]
    assert "GK101" not in {d.code for d in lint(text).diagnostics}
    listed = make_report().replace("（一）主要问题。", "- 总体情况\n（一）主要问题。")  # out of order: text
    assert [h.section for h in parse_report(listed).headings if h.top_level] == [1, 2, 3, 4, 5, 6]


def test_s2_label_with_the_forms_filling_note() -> None:
    """c112: '规范性文件(指各行政机关印发的有正式文号的文件)' is the 规范性文件 row."""
    rows = (
        "第二十条第（一）项\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n"
        "| 行政规范性文件（指各行政机关印发的有正式文号的文件） | 2 | 1 | 5 |\n第二十条第（五）项\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 12 |\n"
        "第二十条第（六）项\n| 信息内容 | 本年处理决定数量 |\n| 行政处罚 | 3 |\n| 行政强制 | 0 |\n"
        "第二十条第（八）项\n| 信息内容 | 本年收费金额（单位：万元） |\n| 行政事业性收费 | 1.5 |"
    )
    result = lint(make_report(s2_rows=rows))
    assert result.report.tables["s2"].status.value == "mapped"
    assert result.diagnostics == []


def test_s2_caption_alone_and_its_table_further_down() -> None:
    """c018: PDF text keeps the captions, the 第（一）项 table follows later as Markdown."""
    rows = (
        "第二十条第（一）项\n第二十条第（五）项\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 12 |\n"
        "第二十条第（六）项\n| 信息内容 | 本年处理决定数量 |\n| 行政处罚 | 3 |\n| 行政强制 | 0 |\n"
        "第二十条第（八）项\n| 信息内容 | 本年收费金额（单位：万元） |\n| 行政事业性收费 | 1.5 |\n"
        "## 表二：主动公开政府信息情况\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
        "| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 2 | 1 | 5 |"
    )
    result = lint(make_report(s2_rows=rows))
    table = result.report.tables["s2"]
    assert table.status.value == "mapped"
    assert result.diagnostics == []
    assert len(table.cells) == 10  # 3 + 3 cells of 第（一）项, 1 + 2 + 1 of the others
