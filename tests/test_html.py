"""Web pages (.html/.htm): charset, article body, logical table grids, origins in the page source."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gklint.engine import lint_document
from gklint.model.report import TableStatus
from gklint.source import ReadError, read_path
from gklint.source.html import Paragraph, Table, parse_html
from helpers import FIXTURES

PAGES = FIXTURES / "html"
PINGTAN = PAGES / "pingtan_2023.html"
ROOT = Path(__file__).resolve().parents[1]


def _lines(doc_text: str) -> list[str]:
    return doc_text.split("\n")


def _grid_text(table: Table) -> list[list[str]]:
    """Each row as written: a merged cell's text at its top-left position only."""
    return [
        [cell.text if (cell.top, cell.left) == (r, c) else "" for c, cell in enumerate(row)]
        for r, row in enumerate(table.grid)
    ]


# --- a real published page ---------------------------------------------------------------------


def test_real_page_article_without_chrome() -> None:
    doc = read_path(PINGTAN)
    lines = _lines(doc.text)
    assert doc.source_format == "html"
    assert lines[0] == "平潭综合实验区2023年度政府信息公开工作年度报告"  # the <div class=article_title>
    assert lines[1].startswith("本报告根据《中华人民共和国政府信息公开条例》")
    for chrome in (
        "当前位置",
        "首页",
        "分享到",
        "扫一扫",
        "版权所有",
        "闽ICP备",
        "来源：",
        "关闭",
        "微博",
        "长者模式",
    ):
        assert chrome not in doc.text, chrome
    assert "一、总体情况" in lines  # "&nbsp;一、总体情况&nbsp;": nbsp is stripped like spaces
    assert lines[-2] == "2023年，无收取信息处理费情况。"


def test_real_page_publication_date_is_captured() -> None:
    doc = read_path(PINGTAN)
    assert doc.meta["published"] == "2024-03-08"  # "时间：2024-03-08 15:34" in <span class="article_time">
    assert doc.meta["published_text"].startswith("时间：2024-03-08")


def test_real_page_lints_clean_with_every_table_mapped() -> None:
    result = lint_document(read_path(PINGTAN))
    assert result.diagnostics == []
    report = result.report
    assert report.year == 2023 and report.template == "2021"
    for key in ("s2", "s3", "s4"):
        assert report.tables[key].status is TableStatus.MAPPED, key
    # The rowspan=22 "三、本年度办理结果" label and the colspan label cells did not shift any value.
    assert report.tables["s3"].cells[("r03", "C1")].text == "22"
    assert report.tables["s3"].cells[("r13", "C7")].text == "31"


def test_real_page_merged_cells_appear_once_in_the_grid() -> None:
    page = parse_html(PINGTAN.read_bytes())
    tables = [b for b in page.blocks if isinstance(b, Table)]
    assert len(tables) == 3
    s3 = _grid_text(tables[1])
    assert len({len(row) for row in s3}) == 1 and len(s3[0]) == 10  # rectangular, 3 label + 7 value columns
    assert s3[0][0].startswith("（本列数据的勾稽关系") and s3[0][1:3] == ["", ""]
    assert s3[2][4] == "商业企业"  # <p>商业</p><p>企业</p> inside one cell
    assert s3[5][:3] == ["三、本年度办理结果", "（一）予以公开", ""]
    assert s3[6][:2] == ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]
    assert sum(row.count("三、本年度办理结果") for row in s3) == 1
    s4 = _grid_text(tables[2])
    assert s4[1][1] == "结果纠正"  # "结果<br/>纠正"
    assert s4[3] == ["1", "1", "0", "0", "2", "4", "0", "0", "1", "5", "1", "0", "1", "0", "2"]


def test_real_page_origins_point_into_the_source() -> None:
    source = PINGTAN.read_text(encoding="utf-8").split("\n")
    doc = read_path(PINGTAN)
    assert doc.origin is not None
    offset = doc.text.index("2023年，平潭综合实验区坚持")
    origin = doc.origin.at(offset)
    assert origin is not None and origin.kind == "source-line"
    assert source[origin.line - 1][origin.col - 1 :].startswith("2023年，平潭综合实验区坚持")  # type: ignore[operator]
    title = doc.origin.at(0)
    assert title is not None and "平潭综合实验区2023年度" in source[title.line - 1]  # type: ignore[operator]


def _column_of(doc_path: Path, words: str) -> tuple[int, str]:
    """The column the reader gives for `words` (on its source line), and the source text from there on."""
    doc = read_path(doc_path)
    assert doc.origin is not None
    origin = doc.origin.at(doc.text.index(words))
    assert origin is not None and origin.kind == "source-line" and origin.line and origin.col
    line = doc_path.read_text(encoding="utf-8").split("\n")[origin.line - 1]
    return origin.col, line[origin.col - 1 :]


def test_a_word_inside_a_paragraph_gets_its_own_column(tmp_path: Path) -> None:
    # Real pages put the whole article on one source line: a finding on "34" must not show the column where
    # its paragraph starts (pingtan_gwhbgs_2025.html: column 892, not 780).
    page = tmp_path / "报告.html"
    page.write_text(
        "<html><body><div><p>一、总体情况</p><p>本年共受理公开申请34件，均已办结。</p></div></body></html>",
        encoding="utf-8",
    )
    col, there = _column_of(page, "34件")
    assert there.startswith("34件，均已办结")
    assert col == page.read_text(encoding="utf-8").index("34件") + 1


def test_after_an_entity_the_column_stays_at_the_text_node(tmp_path: Path) -> None:
    # "&nbsp;" is one character in the text but six in the source: no column is guessed past it.
    page = tmp_path / "报告.html"
    source = "<html><body><div><p>一、总体情况</p><p>本年共受理&nbsp;公开申请34件。</p></div></body></html>"
    page.write_text(source, encoding="utf-8")
    col, there = _column_of(page, "34件")
    assert col == source.index("本年共受理") + 1 and there.startswith("本年共受理&nbsp;")


def _mutate(tmp_path: Path, old: str, new: str) -> Path:
    html = PINGTAN.read_text(encoding="utf-8")
    assert html.count(old) == 1
    path = tmp_path / "报告.html"
    path.write_text(html.replace(old, new), encoding="utf-8")
    return path


ROW_GRANTED = "<td><p>22</p></td><td><p>0</p></td><td><p>0</p></td><td><p>0</p></td><td><p>0</p></td><td><p>0</p></td><td><p>22</p></td>"


def test_mutation_in_a_table_cell_points_at_that_cell(tmp_path: Path) -> None:
    path = _mutate(tmp_path, ROW_GRANTED, ROW_GRANTED[: -len("<td><p>22</p></td>")] + "<td><p>23</p></td>")
    doc = read_path(path)
    result = lint_document(doc)
    row_sum = [d for d in result.diagnostics if d.code == "GK303"]
    assert len(row_sum) == 1
    origin = doc.origin.range(row_sum[0].span.start, row_sum[0].span.end)  # type: ignore[union-attr]
    assert origin is not None
    assert (origin.kind, origin.table, origin.row, origin.column) == ("cell", 2, 6, 10)
    assert (origin.row_label, origin.column_label) == ("（一）予以公开", "总计")
    source_line = path.read_text(encoding="utf-8").split("\n")[origin.line - 1]  # type: ignore[operator]
    assert source_line[origin.col - 1 : origin.col + 1] == "23"  # type: ignore[operator]
    assert origin.describe() == "第三部分表格（第2个表格）第6行第10列（“（一）予以公开”行，“总计”列）"


def test_mutation_through_the_cli_shows_the_cell_in_words(tmp_path: Path) -> None:
    clean = tmp_path / "clean" / "报告.html"
    clean.parent.mkdir()
    clean.write_bytes(PINGTAN.read_bytes())
    out = subprocess.run(
        [sys.executable, "-m", "gklint", str(clean)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert out.returncode == 0, out.stdout + out.stderr
    old = 'width="48"><p style="text-indent: 0em;">80</p>'
    path = _mutate(tmp_path, old, old.replace(">80<", ">79<"))
    out = subprocess.run(
        [sys.executable, "-m", "gklint", str(path)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert out.returncode == 1
    assert (
        f"{path}:第三部分表格（第2个表格）第4行第4列（“一、本年新收政府信息公开申请数量”行，“自然人”列）"
        in out.stdout
    )
    out = subprocess.run(
        [sys.executable, "-m", "gklint", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    found = json.loads(out.stdout)
    assert found and all(d["filename"] == str(path) for d in found)
    origins = [d["origin"] for d in found]
    assert {"kind": "cell", "table": 2, "row": 4, "column": 4}.items() <= origins[0].items()
    source_line = path.read_text(encoding="utf-8").split("\n")[origins[0]["line"] - 1]
    assert source_line[origins[0]["col"] - 1 :].startswith("79</p>")


# --- generated pages: GBK, nav chrome, rowspan/colspan, &nbsp; cells ------------------------------------

GBK_PAGE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某县2024年政府信息公开工作年度报告 - 某县人民政府</title>
</head><body>
<div id="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/hdjl">互动交流</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>
<table width="100%"><tr><td class="left"><ul><li><a href="/a">机构职能</a></li><li><a href="/b">政策文件</a></li></ul></td>
<td class="main">
<h1>某县2024年政府信息公开工作年度报告</h1>
<div class="info">发布时间：2025年01月20日 &nbsp; 来源：县政府办 &nbsp; 浏览次数：<span>123</span></div>
<div class="TRS_Editor">
<p>　　本报告统计期限自2024年1月1日至2024年12月31日。</p>
<p><b>一、总体情况</b></p>
<p>　　2024年，本县认真贯彻落实《条例》，深入推进政务公开。</p>
<table border="1">
<tr><td rowspan="2" colspan="2">项目</td><td colspan="2">数量</td></tr>
<tr><td>本年</td><td>上年</td></tr>
<tr><td rowspan="2">甲类</td><td>一级</td><td>5</td><td>&nbsp;</td></tr>
<tr><td>二级</td><td>3</td><td>2</td></tr>
</table>
<p>　　二、主动公开政府信息情况</p>
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="print">【打印本页】【关闭窗口】</div>
</td></tr></table>
<div class="footer">版权所有：某县人民政府 &nbsp; 备案号：某ICP备00000000号</div>
</body></html>
"""


def _gbk_page() -> bytes:
    return GBK_PAGE.encode("gb18030")


def test_gbk_page_decodes_by_its_declared_charset() -> None:
    page = parse_html(_gbk_page())
    assert page.encoding == "gb18030"  # GB2312 is read as its superset GB18030
    texts = [b.text for b in page.blocks if isinstance(b, Paragraph)]
    assert texts[0] == "某县2024年政府信息公开工作年度报告"
    assert texts[1] == "本报告统计期限自2024年1月1日至2024年12月31日。"  # full-width indent stripped
    assert "二、主动公开政府信息情况" in texts
    for chrome in ("当前位置", "机构职能", "分享到", "打印本页", "版权所有", "浏览次数", "发布时间"):
        assert not any(chrome in t for t in texts), chrome


def test_generated_page_publication_date() -> None:
    page = parse_html(_gbk_page())
    assert page.published == "2025-01-20"
    assert page.published_text == "发布时间：2025年01月20日"


def test_rowspan_colspan_grid_and_nbsp_cells() -> None:
    page = parse_html(_gbk_page())
    (table,) = [b for b in page.blocks if isinstance(b, Table)]
    assert _grid_text(table) == [
        ["项目", "", "数量", ""],
        ["", "", "本年", "上年"],
        ["甲类", "一级", "5", ""],  # &nbsp;-only cell: blank, not a space and not dropped
        ["", "二级", "3", "2"],
    ]
    # Covered positions name the cell covering them.
    assert (table.grid[1][1].top, table.grid[1][1].left) == (0, 0)
    assert (table.grid[3][0].top, table.grid[3][0].left) == (2, 0)


def test_bom_wins_over_a_wrong_declaration() -> None:
    data = b"\xef\xbb\xbf" + GBK_PAGE.encode("utf-8")  # says gb2312, is UTF-8 with a BOM
    page = parse_html(data)
    assert page.encoding == "utf-8" and page.bom == b"\xef\xbb\xbf"
    assert any(isinstance(b, Paragraph) and b.text.startswith("本报告统计期限") for b in page.blocks)


def test_undeclared_gbk_is_sniffed() -> None:
    data = GBK_PAGE.replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "")
    page = parse_html(data.encode("gb18030"))
    assert page.encoding == "gb18030"


def test_a_row_shorter_than_the_table_gets_blank_cells() -> None:
    html = "<html><body><table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>x</td></tr><tr><td>y</td><td>1</td><td>2</td></tr></table></body></html>"
    (table,) = [b for b in parse_html(html.encode()).blocks if isinstance(b, Table)]
    assert _grid_text(table) == [["a", "b", "c"], ["x", "", ""], ["y", "1", "2"]]


def test_layout_tables_are_walked_as_text() -> None:
    html = (
        "<html><body><table><tr><td><table><tr><td>甲</td><td>1</td></tr><tr><td>乙</td><td>2</td></tr>"
        "</table><p>正文一段。</p></td></tr></table></body></html>"
    )
    blocks = parse_html(html.encode()).blocks
    assert isinstance(blocks[0], Table) and _grid_text(blocks[0]) == [["甲", "1"], ["乙", "2"]]
    assert isinstance(blocks[1], Paragraph) and blocks[1].text == "正文一段。"


# --- hostile input -------------------------------------------------------------------------------


def _cli(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gklint", str(path)], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_binary_junk_with_html_suffix_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "报告.html"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ReadError, match="不是网页文件"):
        read_path(path)
    out = _cli(path)
    assert out.returncode == 2
    assert "不是网页文件" in out.stderr and "Traceback" not in out.stderr


def test_plain_text_saved_as_html_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "报告.htm"
    path.write_text("这是一段普通文字，没有任何网页标记。\n" * 10, encoding="utf-8")
    with pytest.raises(ReadError, match="没有 HTML 标记"):
        read_path(path)


def test_page_without_text_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "报告.html"
    path.write_text("<html><body><img src='scan.png'><script>var a = '一、总体情况';</script></body></html>")
    with pytest.raises(ReadError, match="没有找到正文文字"):
        read_path(path)


def test_deep_nesting_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 50_000 + "一、总体情况" + "</div>" * 50_000 + "</body></html>")
    out = _cli(path)
    assert out.returncode in (0, 1, 2) and "Traceback" not in out.stderr


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    laugh = (
        '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><html><body><p>正文&c;&c;&c;</p></body></html>'
    )
    page = parse_html(laugh.encode())
    text = "".join(b.text for b in page.blocks if isinstance(b, Paragraph))
    assert "aaaaaaaaaa" not in text


def test_absurd_spans_are_capped() -> None:
    html = '<html><body><table><tr><td colspan="999999" rowspan="999999">x</td><td>1</td></tr><tr><td>y</td><td>2</td></tr></table></body></html>'
    (table,) = [b for b in parse_html(html.encode()).blocks if isinstance(b, Table)]
    assert len(table.grid) == 2 and len(table.grid[0]) == 202  # 200, the cap, + the two real cells


def test_folder_run_picks_up_html(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(PINGTAN.read_bytes())
    (tmp_path / "b.htm").write_bytes(PINGTAN.read_bytes())
    out = subprocess.run(
        [sys.executable, "-m", "gklint", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []
    from gklint.source import supported_suffixes

    assert {".html", ".htm"} <= set(supported_suffixes())


def test_linting_text_does_not_import_lxml() -> None:
    code = (
        "import sys; from gklint.engine import lint_text; lint_text('一、总体情况\\n');"
        "print('lxml' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_script_inside_a_table_cell_is_not_text() -> None:
    html = (
        "<html><body><table><tr><td>甲<script>var x = 1;</script>类</td><td>1</td></tr>"
        "<tr><td>乙</td><td><style>td{}</style>2</td></tr></table></body></html>"
    )
    (table,) = [b for b in parse_html(html.encode()).blocks if isinstance(b, Table)]
    assert _grid_text(table) == [["甲类", "1"], ["乙", "2"]]
