"""Read a saved government web page (.html/.htm) as paragraphs and logical table grids.

A published report page is mostly chrome: navigation, breadcrumbs, share bars,
footers. The article body is found by text density (the deepest element that
still holds most of the page's non-link text), after dropping elements whose
tag or class/id names say they are chrome. Tables keep their structure: rows
with rowspan/colspan become a logical grid in which a spanning cell appears
once, so the report model gets cells, not text to re-guess.

Every paragraph run and table cell remembers its line and column in the
decoded source, found by searching the source from a cursor that only moves
forward (libxml2 gives the line of a start tag, not the column of its text).

lxml is imported inside `parse_html` so linting a .txt never loads it. The
HTML parser never touches the network and does not expand DTD entities;
libxml2 caps nesting depth, and a cap on grid size keeps hostile spans small.
"""

from __future__ import annotations

import bisect
import codecs
import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from gklint.regexcache import compile_re
from gklint.source.document import SourceDocument
from gklint.source.layout import GridCell

if TYPE_CHECKING:
    from lxml.etree import _Element as HtmlElement


class HtmlError(Exception):
    """The bytes are not a readable web page (message is in Chinese)."""


class Run(NamedTuple):
    """A piece of a paragraph's text and where it starts in the decoded source (1-based)."""

    start: int  # offset in the paragraph text
    line: int
    col: int | None
    linear: bool = False  # the run's characters stand one to one in the source from `col` on


class Paragraph(NamedTuple):
    text: str
    runs: tuple[Run, ...]


class Table(NamedTuple):
    """A table's logical grid (rectangular) and where each cell starts in the source."""

    grid: list[list[GridCell]]  # every position; a merged cell's positions share its (top, left)
    places: dict[tuple[int, int], tuple[int, int | None]]  # (top, left) → (line, col), 1-based


class Page(NamedTuple):
    blocks: tuple[Paragraph | Table, ...]
    encoding: str
    bom: bytes
    published: str | None  # ISO date of the 发布时间 shown on the page
    published_text: str | None  # that line as shown ("发布时间：2024-01-20")
    published_line: int | None
    source: str  # the decoded page


# --- decoding -------------------------------------------------------------------------------------

_META_CHARSET = compile_re(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_ENCODING = compile_re(rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)
# GB2312 pages routinely contain GBK/GB18030 characters (生僻字 in names); GB18030 is a superset.
_CODEC_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "gb18030",
    "utf8": "utf-8",
}


def _declared_codec(head: bytes) -> str | None:
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    name = _CODEC_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(data: bytes) -> tuple[str, str, bytes]:
    """The page text, the codec used and the BOM: BOM first, then the declared charset, then a sniff."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec, bom
            except UnicodeDecodeError as exc:
                raise HtmlError(f"网页文件以 {codec} 字节序标记开头，但内容无法按该编码解码。") from exc
    if b"\x00" in data[:8192]:
        raise HtmlError("这不是网页文件：内容是二进制数据。请确认文件是从浏览器“另存为”的网页（.html）。")
    declared = _declared_codec(data[:8192])
    tried = [declared] if declared else []
    tried += [c for c in ("utf-8", "gb18030") if c not in tried]
    for codec in tried:
        try:
            return data.decode(codec), codec, b""
        except UnicodeDecodeError:
            continue
    # A real page with a few stray bytes: keep it readable rather than refuse it.
    codec = tried[0]
    text = data.decode(codec, "replace")
    if text.count("\ufffd") * 1000 > len(text):
        raise HtmlError("无法识别网页的文字编码（支持 UTF-8、GB2312/GBK/GB18030 等网页声明的编码）。")
    return text, codec, b""


# --- element classes ------------------------------------------------------------------------------

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "select",
        "button",
        "input",
        "textarea",
        "svg",
        "canvas",
        "map",
        "head",
        "title",
        "meta",
        "link",
    }
)
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
_BLOCK = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "caption",
        "section",
        "article",
        "blockquote",
        "pre",
        "center",
        "form",
        "fieldset",
        "address",
        "hr",
        "main",
        "figure",
        "figcaption",
        "body",
        "html",
    }
)
# class/id words Chinese government CMSs (TRS, 大汉, 政务云…) and common templates use for chrome.
_CHROME_NAME = compile_re(
    r"(?:^|[\s_\-])(?:nav\w*|menu\w*|breadcrumbs?|crumbs?|position|location|dqwz|weizhi|mianbao|"
    r"share\w*|bdshare\w*|fenxiang|jiathis|print\w*|dayin|close|guanbi|footer?\w*|bottom\w*|"
    r"header|top(?:bar|nav)?|sidebar|side|aside|related|xgxx|xglj|relevant|pagination|pager|"
    r"fontsize|zihao|search\w*|login|copyright|banquan|links?|friendlink|yqlj|ewm|qrcode|"
    r"toolbar|tools?)(?:$|[\s_\-])",
    re.I,
)
_CHROME_LINE = compile_re(
    r"^(?:当前位置|您当前的位置|您现在的位置|您的位置|所在位置|首页\s*[>＞»])|"
    r"(?:【?\s*(?:打印本?页|打印|关闭窗口|关闭本页|关闭|返回顶部|保存本页|收藏)\s*】?\s*){2,}|"
    r"^(?:分享到|扫一扫|字号|【\s*字体)|(?:浏览次数|点击数|访问量|阅读次数)\s*[:：]"
)
_INFO_LABEL = compile_re(r"(?:发布时间|发布日期|发布于|来源|信息来源|作者)\s*[:：]")
_PUBLISHED = compile_re(
    r"(?:发布时间|发布日期|发布于|公开日期|发文日期|日期|时间)\s*[:：]?\s*"
    r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})日?"
)
_PUBLISH_WORD = compile_re(r"发布|公开日期|发文")
_DATE_CLASS = compile_re(r"time|date|fbsj|riqi|shijian", re.I)
_META_DATE = compile_re(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_WS = compile_re(r"[ \t\r\n\f\v\u00a0\u2002\u2003\u2009\u200b]+")
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = compile_re(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_BLANKS = " \t\r\n\u00a0\u3000"
_MAX_SPAN = 200  # the HTML spec allows colspan 1000; no report table is that wide
_MAX_GRID = 100_000


def _norm(text: str) -> str:
    """HTML whitespace collapsing; a line break between two Chinese characters is no space."""
    return _CJK_GAP.sub("", _WS.sub(" ", text))


class _Locator:
    """Finds where a text fragment starts in the source, moving forward only."""

    def __init__(self, source: str) -> None:
        self.source = source
        starts = [0]
        find = source.find
        pos = find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.line_starts = starts
        self.cursor = 0
        self.found = -1  # where the last located fragment starts in the source; -1 when not found

    def locate(self, text: str, line: int | None) -> tuple[int, int | None]:
        """(line, col), 1-based; col is None when the fragment cannot be found literally."""
        line = line or 1
        self.found = -1
        snippet = _snippet(text)
        start = max(self.cursor, self.line_starts[min(line, len(self.line_starts)) - 1])
        if snippet:
            pos = self.source.find(snippet, start)
            while pos >= 0 and pos - start < 200_000:
                if _after_tag(self.source, pos):
                    self.found = pos
                    self.cursor = pos + len(snippet)
                    row = _bisect(self.line_starts, pos)
                    return row + 1, pos - self.line_starts[row] + 1
                pos = self.source.find(snippet, pos + 1)
        return line, None


# Up to 16 leading characters that stand in the source as they are: not an entity's "&", markup, a quote,
# whitespace or a character outside the BMP (a page may write those as entities).
_LITERAL_RUN = compile_re("[^&<>\"'\u00a0 \t\r\n\U00010000-\U0010ffff]{0,16}")


def _snippet(text: str) -> str:
    """The leading characters of a text node as they are written in the source (no entities)."""
    found = _LITERAL_RUN.match(text.lstrip(" \t\r\n\u00a0\u3000"))
    return found.group() if found else ""


def _after_tag(source: str, pos: int) -> bool:
    """True when only whitespace or &nbsp;-like entities stand between a '>' and `pos`."""
    i = pos - 1
    while i >= 0:
        ch = source[i]
        if ch == ">":
            return True
        if ch in " \t\r\n\u00a0\u3000":
            i -= 1
            continue
        if ch == ";":
            amp = source.rfind("&", max(0, i - 10), i)
            if amp < 0:
                return False
            i = amp - 1
            continue
        return False
    return False


def _bisect(starts: list[int], pos: int) -> int:
    return bisect.bisect_right(starts, pos) - 1


# --- structure --------------------------------------------------------------------------------


def _tag(el: HtmlElement) -> str:
    """The tag name (libxml2's HTML parser gives it in lower case); "" for a comment or PI."""
    tag = el.tag
    return tag if type(tag) is str else ""


def _rows(table: HtmlElement) -> list[HtmlElement]:
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return [c for c in row if _tag(c) in ("td", "th")]


def _is_data_table(table: HtmlElement) -> bool:
    """A grid of values, not a layout table: no nested table, two rows of two cells or more."""
    if any(True for _ in table.iterdescendants("table")):
        return False
    rows = _rows(table)
    return sum(1 for r in rows if len(_cells(r)) >= 2) >= 2


def _span(el: HtmlElement, name: str) -> int:
    raw = el.get(name)
    if raw is None:
        return 1
    try:
        value = int(raw.strip() or "1")
    except ValueError:
        return 1
    return max(1, min(value, _MAX_SPAN))


def _density(body: HtmlElement) -> tuple[dict[HtmlElement, int], set[HtmlElement]]:
    """Text under each element without link text (navigation) or chrome; and the chrome elements.

    One bottom-up pass: an element's own score (with its chrome children) decides whether it is chrome
    itself (a small block named "footer" is; a big one is the page), and its kept score leaves chrome out.
    """
    from lxml import etree

    total: dict[HtmlElement, int] = {}
    kept: dict[HtmlElement, int] = {}
    drop: set[HtmlElement] = set()
    for _event, el in etree.iterwalk(body, events=("end",)):
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP or tag == "a":
            total[el] = kept[el] = 0
            continue
        own = len(el.text.strip()) if el.text else 0
        all_text = kept_text = own
        for child in el:
            tail = len(child.tail.strip()) if child.tail else 0
            all_text += total.get(child, 0) + tail
            kept_text += kept.get(child, 0) + tail
        total[el] = all_text
        if _is_chrome(el, tag, all_text):
            drop.add(el)
            kept_text = 0
        kept[el] = kept_text
    return kept, drop


def _names(el: HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".strip()


def _is_chrome(el: HtmlElement, tag: str, size: int) -> bool:
    if tag in _CHROME_TAGS:
        return size < 800
    if size >= 300 or not (el.get("class") or el.get("id")):
        return False
    return bool(_CHROME_NAME.search(_names(el)))


def _article(body: HtmlElement, scores: dict[HtmlElement, int]) -> HtmlElement:
    """Descend while one child holds most of the text; stop where the text splits into paragraphs."""
    node = body
    while True:
        children = [c for c in node if isinstance(c.tag, str) and _tag(c) not in _SKIP]
        if not children:
            return node
        best = max(children, key=lambda c: scores.get(c, 0))
        if _tag(best) == "table" and _is_data_table(best):
            return node  # the statistics table is part of the article, never the article itself
        if scores.get(best, 0) < 0.7 * scores.get(node, 0) or scores.get(best, 0) == 0:
            return node
        if _tag(best) in ("p", "span", "font", "h1", "h2", "h3", "li"):
            return node
        node = best


# --- rendering into blocks --------------------------------------------------------------------------


class _Builder:
    def __init__(self, locator: _Locator) -> None:
        self.locator = locator
        self.blocks: list[Paragraph | Table] = []
        self.parts: list[str] = []
        self.runs: list[Run] = []
        self.length = 0

    def text(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        norm = _norm(text)
        if not norm.strip():
            if self.parts and not self.parts[-1].endswith(" "):
                self.parts.append(" ")
                self.length += 1
            return
        if self.parts and self.parts[-1].endswith(" ") and norm.startswith(" "):
            norm = norm[1:]
        lead = len(norm) - len(norm.lstrip(" "))
        row, col = self.locator.locate(text, line)
        # Column by column only when the whole node is written as it reads: no entity, no folded whitespace.
        linear = (
            col is not None
            and norm == text
            and not lead
            and self.locator.source.startswith(text, self.locator.found)
        )
        self.runs.append(Run(self.length + lead, row, col, linear))
        self.parts.append(norm)
        self.length += len(norm)

    def flush(self) -> None:
        if not self.parts:
            return
        raw = "".join(self.parts)
        lead = len(raw) - len(raw.lstrip(" \u3000"))
        text = raw.strip(" \u3000")
        if text:
            runs = tuple(
                Run(max(0, r.start - lead), r.line, r.col, r.linear and r.start >= lead)
                for r in self.runs
                if r.start - lead < len(text)
            )
            self.blocks.append(Paragraph(text, runs))
        self.parts, self.runs, self.length = [], [], 0

    def table(self, table: HtmlElement) -> None:
        self.flush()
        self.blocks.append(_grid(table, self.locator))


def _cell_text(cell: HtmlElement) -> str:
    """The cell's text on one line, leaving out script/style; block breaks join without a space."""
    pieces: list[str] = []
    for node in cell.iter():
        tag = _tag(node)
        if node is not cell and tag in _BLOCK and pieces:
            pieces.append("\n")
        if node.text and tag not in _SKIP:
            pieces.append(node.text)
        if node is not cell and node.tail:
            pieces.append(node.tail)
    # Lines inside a cell ("申请人<br>情况") join without a space, as a clerk reads them.
    lines = [_norm(p).strip(" \u3000") for p in "".join(pieces).split("\n")]
    return "".join(line for line in lines if line)


def _first_text(cell: HtmlElement) -> tuple[str, int | None]:
    for node in cell.iter():
        if _tag(node) in _SKIP:
            continue
        if node.text and node.text.strip(_BLANKS):
            return node.text, node.sourceline
        if node is not cell and node.tail and node.tail.strip(_BLANKS):
            return node.tail, node.sourceline
    return "", cell.sourceline


def _grid(table: HtmlElement, locator: _Locator) -> Table:
    """rowspan/colspan → the logical grid: each position holds the cell that covers it."""
    placed: dict[tuple[int, int], GridCell] = {}
    places: dict[tuple[int, int], tuple[int, int | None]] = {}
    rows = _rows(table)
    plain = table.find(".//script") is None and table.find(".//style") is None
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in _cells(row):
            while (r, c) in placed:
                c += 1
            rowspan = min(_span(cell, "rowspan"), len(rows) - r)
            colspan = _span(cell, "colspan")
            if len(placed) + rowspan * colspan > _MAX_GRID:
                raise HtmlError("网页中的表格过大（合并单元格跨度异常），无法检查。")
            if plain:
                # One pass over the cell's text; the locator searches forward from the cell's line.
                pieces = list(cell.itertext())
                text = _norm("".join(pieces)).strip(" \u3000")
                first = next((p for p in pieces if p.strip(_BLANKS)), "")
                line = cell.sourceline
            else:
                first, line = _first_text(cell)
                text = _cell_text(cell)
            places[(r, c)] = locator.locate(first, line) if text else (line or 1, None)
            grid_cell = GridCell(text, r, c)
            if rowspan == colspan == 1:  # most cells
                placed[(r, c)] = grid_cell
            else:
                for dr in range(rowspan):
                    for dc in range(colspan):
                        placed[(r + dr, c + dc)] = grid_cell
            c += colspan
            width = max(width, c)
    # A row shorter than the table (a missing <td>) gets blank cells of its own.
    grid = []
    for r in range(len(rows)):
        grid_row: list[GridCell] = []
        for c in range(width):
            found = placed.get((r, c))
            if found is None:
                found = GridCell("", r, c)
                places[(r, c)] = (rows[r].sourceline or 1, None)
            grid_row.append(found)
        grid.append(grid_row)
    return Table(grid, places)


def _walk(root: HtmlElement, builder: _Builder, drop: set[HtmlElement]) -> None:
    from lxml import etree

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = _tag(el)
        if event == "start":
            if tag in _SKIP or el in drop or not tag:
                walker.skip_subtree()
                if el is not root:
                    builder.text(el.tail, None)
                continue
            if tag == "table" and _is_data_table(el):
                builder.table(el)
                walker.skip_subtree()
                if el is not root:
                    builder.text(el.tail, None)
                continue
            if tag in _BLOCK or tag == "br":
                builder.flush()
            builder.text(el.text, el.sourceline)
        else:
            if tag in _BLOCK:
                builder.flush()
            if el is not root:
                builder.text(el.tail, None)


# --- page metadata ------------------------------------------------------------------------------


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _published(body: HtmlElement, root: HtmlElement) -> tuple[str | None, str | None, int | None]:
    """The 发布时间 shown on the page; else the CMS's PubDate meta tag."""
    for el in body.iter():
        if _tag(el) in _SKIP:
            continue
        for text, line in ((el.text, el.sourceline), (el.tail, None)):
            if not text or ("日" not in text and ":" not in text and "：" not in text and "-" not in text):
                continue
            match = _PUBLISHED.search(_norm(text))
            if match and (_PUBLISH_WORD.search(match.group(0)) or _DATE_CLASS.search(_names(el))):
                iso = _iso(*match.groups())
                if iso:
                    return iso, match.group(0).strip(), line or el.sourceline
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "maketime"):
            match = _META_DATE.search(meta.get("content") or "")
            if match:
                iso = _iso(*match.groups())
                if iso:
                    return iso, None, meta.sourceline
    return None, None, None


_TITLE_WORDS = compile_re(r"年度?报告|年报")
_TITLE_SEPARATOR = compile_re(r"\s*[-_|—]+\s*")  # "报告标题 - 某某区人民政府网站"
_SPACES = compile_re(r"\s+")


def _title(root: HtmlElement) -> tuple[str, int | None] | None:
    """The report title as the page shows it (h1, a title-classed element, ArticleTitle, <title>)."""
    for el in root.iter("h1", "h2", "h3", "div", "p", "td", "span", "strong"):
        tag = _tag(el)
        if tag not in ("h1", "h2", "h3") and not (el.get("class") or el.get("id")):
            continue
        names = _names(el).lower()
        if _tag(el) in ("h1", "h2", "h3") or "title" in names or "biaoti" in names:
            text = _norm("".join(el.itertext())).strip()
            if 6 <= len(text) <= 80 and _TITLE_WORDS.search(text):
                return text, el.sourceline
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() in ("articletitle", "title"):
            text = _norm(meta.get("content") or "").strip()
            if _TITLE_WORDS.search(text):
                return text, meta.sourceline
    for el in root.iter("title"):
        text = _TITLE_SEPARATOR.split(_norm("".join(el.itertext())).strip())[0]
        if _TITLE_WORDS.search(text):
            return text, el.sourceline
    return None


def _is_chrome_line(text: str) -> bool:
    """A short line of page furniture left inside the article (breadcrumb, print/close, 来源/发布时间)."""
    if len(text) > 80:
        return False
    return bool(_CHROME_LINE.search(text) or (_INFO_LABEL.search(text) and not _TITLE_WORDS.search(text)))


def _trim(blocks: list[Paragraph | Table]) -> list[Paragraph | Table]:
    return [b for b in blocks if not (isinstance(b, Paragraph) and _is_chrome_line(b.text))]


def _squash(text: str) -> str:
    return _SPACES.sub("", text)


# --- entry point ------------------------------------------------------------------------------------


def parse_html(data: bytes) -> Page:
    """A saved web page → its article as paragraphs and table grids, with source positions."""
    source, codec, bom = decode_page(data)
    head = source[:2048].lower()
    if "<" not in source[:4096] or not any(
        t in head for t in ("<html", "<!doctype", "<meta", "<head", "<body", "<div", "<p", "<table", "<title")
    ):
        raise HtmlError("这不是网页文件：开头没有 HTML 标记。请确认文件是从浏览器“另存为”的网页（.html）。")
    try:
        from lxml import etree
    except ImportError as exc:
        raise HtmlError("读取网页文件需要 lxml：请运行 pip install lxml 后重试。") from exc

    # lxml's plain HTML parser (no Python element classes: several times faster than lxml.html);
    # never fetches anything, and does not expand entities declared in a DTD.
    parser = etree.HTMLParser(
        encoding="utf-8", no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(source.encode("utf-8", "surrogatepass"), parser=parser)
    except Exception as exc:  # lxml raises XMLSyntaxError/ValueError on empty or broken input
        raise HtmlError(f"网页无法解析：{exc}") from exc
    if root is None:
        raise HtmlError("网页无法解析：没有任何内容。")
    body = root.find("body")
    if body is None:
        body = root
    published, published_text, published_line = _published(body, root)
    title = _title(root)
    scores, drop = _density(body)
    article = _article(body, scores)
    locator = _Locator(source)
    builder = _Builder(locator)
    _walk(article, builder, drop)
    builder.flush()
    blocks = _trim(builder.blocks)
    if title is not None:
        title_text, title_line = title
        head_text = "".join(_squash(b.text) for b in blocks[:4] if isinstance(b, Paragraph))
        if _squash(title_text) not in head_text:
            # The title sits above the article (an <h1> in the page header): put it first, as printed.
            title_locator = _Locator(source)
            row, col = title_locator.locate(title_text, title_line)
            blocks.insert(0, Paragraph(title_text, (Run(0, row, col),)))
    return Page(tuple(blocks), codec, bom, published, published_text, published_line, source)


def iter_lines(page: Page) -> Iterator[str]:
    """Debug view: the page as the plain text a clerk would copy (tables tab-separated)."""
    for block in page.blocks:
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for r, row in enumerate(block.grid):
                yield "\t".join(c.text if (c.top, c.left) == (r, i) else "" for i, c in enumerate(row))


# --- the reader -----------------------------------------------------------------------------------


def read_html(data: bytes, path: Path | None) -> SourceDocument:
    """A saved web page as a `SourceDocument` whose origin map points into the page's source."""
    from gklint.source.layout import TextBuilder
    from gklint.source.origin import Origin
    from gklint.source.readers import ReadError

    try:
        page = parse_html(data)
    except HtmlError as exc:
        raise ReadError(str(exc)) from exc
    builder = TextBuilder()
    for block in page.blocks:
        if isinstance(block, Paragraph):
            runs = [(run.start, Origin("source-line", line=run.line, col=run.col)) for run in block.runs]
            if not runs:
                runs = [(0, Origin("source-line", line=1))]
            linear = [run.linear for run in block.runs]
            if linear and block.runs[0].start:
                linear[0] = False  # the text before the first run is not where its column says
            runs[0] = (0, runs[0][1])  # the paragraph's first character belongs to its first run
            builder.add_runs(block.text, runs, linear)
        else:
            builder.add_table(block.grid, places=block.places)
    text = builder.text()
    if not text.strip():
        raise ReadError(
            "网页中没有找到正文文字（可能正文是图片或由脚本加载）。请改用报告的 Word 或 PDF 文件检查。"
        )
    meta: dict[str, str] = {}
    if page.published:
        meta["published"] = page.published
        if page.published_line is not None:
            meta["published_at"] = f"网页源文件第{page.published_line}行"
        if page.published_text:
            meta["published_text"] = page.published_text
    return SourceDocument(
        text,
        path=path,
        encoding=page.encoding,
        bom=page.bom,
        origin=builder.origins,
        source_format="html",
        meta=meta,
        tables=tuple(builder.source_tables),
    )
