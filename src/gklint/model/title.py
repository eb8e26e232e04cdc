"""Find the report's title and the year in the report's own name.

Real reports are often copied from a web page, so the title line can sit below
page chrome: breadcrumbs ("当前位置：首页 > 政务公开 > …"), "发布时间/来源/浏览次数/字号"
lines, accessibility links. Every place in the opening (before the first heading)
where the report names itself is a *name*:

1. a title line: a line that begins with the name ("XX区2024年政府信息公开工作年度报告"),
   possibly with the organisation on the line above or the name wrapped onto the next line,
   or a "标题：/名称：" field of a disclosure catalogue;
2. the name quoted in the preamble ("现发布《XX区2024年政府信息公开工作年度报告》");
3. the name inside chrome or a sentence (the last crumb of a breadcrumb).

The title is the best-ranked name. The report year is the title's year or, when the
title has none, the year of another name — never a 发布时间 date, which is not part of
any name. Years are read before the name's phrase ("2024年", "2024年度", "二〇二四年")
and after 工作 ("政府信息公开工作2024年度报告").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from gklint.diagnostics import Span
from gklint.model.lines import iter_lines
from gklint.model.normalize import Squeezed, fold_chars, squeeze, squeeze_text
from gklint.model.report import Title
from gklint.regexcache import compile_re

_YEAR = r"(?:19|20)\d{2}|二[〇○零][〇○零一二三四五六七八九]{2}"
_PHRASE = compile_re(
    r"(?:政府|政务)?信息公开(?:工作)?(?:开展)?(?:(?P<inner>" + _YEAR + r")年度?)?"
    r"(?:年度工作报告|年度报告|工作报告|年报|报告)"
    # not the name of a notice about reports ("…年度报告有关事项的通知", "…年度报告格式")
    r"(?!有关|格式|的通知|编制|制度|模板|工作)"
)
_YEAR_IN_NAME = compile_re(r"(" + _YEAR + r")年度?")
_CN_DIGITS = "〇○零一二三四五六七八九"
# Where a name embedded in a line starts: after a breadcrumb arrow, a quote mark, a colon, a full stop…
_NAME_BOUNDARY = compile_re(r"[>»›<《》\"':;。,!?|/\\]")
# A line that is page chrome rather than the document.
_SENTENCE_PUNCT = compile_re(r"[。,;!?]")  # a title line is not a sentence
_CHROME = compile_re(
    r"^(?:栏目|所属栏目|当前栏目|当前位置|您的位置|您当前的位置|您现在的位置|当前页面|位置|首页|发布时间|发布日期|来源|信息来源|浏览次数|"
    r"点击数|访问量|阅读次数|字号|打印|关闭|分享|索引号|发文机关|发布机构|成文日期|主题分类|文号|生效时间|"
    r"无障碍|长者模式|网站地图|登录|注册|【)|>|»"
)
_FIELD = compile_re(r"^[•·*-]*(?:标题|名称|文件名称|信息名称|题名)[:]?")  # a catalogue field "• 标 题: …"
_ANNOUNCING = ("现予公布", "现公布", "现发布", "现将", "特发布", "公布", "发布")
_SENTENCE_START = ("根据", "按照", "依据", "依照", "现将", "现发布", "现公布", "本报告", "这是", "为")
_MAX_NAME_PREFIX = 45  # organisation + year before the phrase
_LINES = 120
_ORG_END = (
    "政府",
    "办公室",
    "办公厅",
    "局",
    "委员会",
    "委",
    "办",
    "厅",
    "署",
    "院",
    "中心",
    "管委会",
    "街道办事处",
    "区",
)


def _year_value(chars: str) -> int:
    if chars.isdigit():
        return int(chars)
    return int("".join(str(max(0, _CN_DIGITS.index(c) - 2)) for c in chars))


class _Name(NamedTuple):
    rank: int  # 1 title line, 2 quoted name, 3 inside chrome or a sentence
    title: Title


def _name_at(text: str, sq: Squeezed, start: int, match: re.Match[str]) -> Title:
    """The name from squeezed offset `start` to the end of `match`."""
    head = sq.text[start : match.start()]
    # The year nearest the phrase ("2023年度XX局2024年…" is not a real title, but the nearer one wins).
    year_match = max(_YEAR_IN_NAME.finditer(head), key=lambda m: m.start(), default=None)
    org = head
    year: int | None = None
    year_span: Span | None = None
    if year_match is not None:
        before, after = head[: year_match.start()], head[year_match.end() :]
        org = before or after
        year = _year_value(year_match.group(1))
        year_span = Span(*sq.span_of(start + year_match.start(1), start + year_match.end(1)))
    elif match.group("inner"):
        year = _year_value(match.group("inner"))
        year_span = Span(*sq.span_of(match.start("inner"), match.end("inner")))
    begin = sq.span_of(start, start + 1)[0]
    end = sq.span_of(0, match.end())[1]
    phrase = match.group()
    return Title(
        text=text[begin:end],
        span=Span(begin, end),
        org=org,
        year=year,
        year_span=year_span,
        phrase_ok=phrase.startswith("政府信息公开工作") and phrase.endswith("年度报告"),
    )


def _names_in_line(text: str, sq: Squeezed) -> list[_Name]:
    names: list[_Name] = []
    # A breadcrumb: "首页>政务公开>…" (a ">" in markup such as "<b>" is not one).
    chrome = bool(_CHROME.match(sq.text)) or ("<" not in sq.text and ">" in sq.text) or "»" in sq.text
    field = _FIELD.match(sq.text)
    for match in _PHRASE.finditer(sq.text):
        # Every look-back is bounded by _MAX_NAME_PREFIX: a web page glued into one line has a
        # phrase every few hundred characters, and a scan back to the line start per phrase
        # was quadratic.
        near = max(0, match.start() - _MAX_NAME_PREFIX)
        quoted = sq.text.rfind("《", near, match.start())
        if (
            quoted != -1
            and "》" not in sq.text[quoted : match.start()]
            and match.start() - quoted <= _MAX_NAME_PREFIX
        ):
            names.append(_Name(2, _name_at(text, sq, quoted + 1, match)))
            continue
        start = field.end() if field else 0
        prefix = sq.text[start : match.start()] if match.start() - start <= _MAX_NAME_PREFIX else None
        if (
            not chrome
            and prefix is not None
            and not _SENTENCE_PUNCT.search(prefix)
            and not prefix.startswith(_SENTENCE_START)
        ):
            # A catalogue field ranks below the title line the document itself shows.
            names.append(_Name(2 if field else 1, _name_at(text, sq, start, match)))
            continue
        # One-character boundaries: an earlier one than `near` would lose to `near` below anyway.
        boundary = max((m.end() for m in _NAME_BOUNDARY.finditer(sq.text, near, match.start())), default=0)
        start = max(boundary, match.start() - _MAX_NAME_PREFIX)
        verb = next((v for v in _ANNOUNCING if sq.text.startswith(v, start, match.start())), "")
        names.append(_Name(3, _name_at(text, sq, start + len(verb), match)))
    return names


def _heads_a_title(sq: Squeezed) -> bool:
    """A short line that can be the first half of a two-line title: "淮安市人民政府", "2019年西街街道"."""
    return (
        0 < len(sq.text) <= 30
        and not _SENTENCE_PUNCT.search(sq.text)
        and not _CHROME.match(sq.text)
        and not _FIELD.match(sq.text)
        and (sq.text.endswith(_ORG_END) or bool(_YEAR_IN_NAME.search(sq.text)))
    )


def find_names(text: str, limit: int, folded: str | None = None) -> list[Title]:
    """Every name the report gives itself in its opening, best first (see the module doc)."""
    folded = fold_chars(text[:limit]) if folded is None else folded
    lines = [ln for ln in iter_lines(folded, 0, limit) if ln.text.strip()][:_LINES]  # folded: CR is a break
    names: list[_Name] = []
    previous: Squeezed | None = None
    previous_start = 0
    for i, line in enumerate(lines):
        sq = squeeze(folded[line.start : line.end], base=line.start)
        found = _names_in_line(text, sq)
        title_line = bool(found) and found[0].rank == 1 and found[0].title.org == ""
        if title_line and previous is not None and _heads_a_title(previous):
            # "淮安市人民政府" / "2024年政府信息公开工作年度报告": the organisation (or year) is above.
            joined = squeeze(folded[previous_start : line.end], base=previous_start)
            found = _names_in_line(text, joined) or found
        if not found and i + 1 < len(lines) and len(sq.text) <= 40:
            # A title wrapped over two lines: "XX区2024年政府" / "信息公开工作年度报告".
            nxt = lines[i + 1]
            joined = squeeze(folded[line.start : nxt.end], base=line.start)
            if _PHRASE.search(joined.text) and not _PHRASE.search(squeeze_text(nxt.text)):
                found = [n for n in _names_in_line(text, joined) if n.rank == 1]
        names += found
        previous, previous_start = sq, line.start
    names.sort(key=lambda n: n.rank)  # stable: within a rank, the first in the text wins
    return [n.title for n in names]


def find_title(text: str, limit: int, folded: str | None = None) -> tuple[Title | None, Title | None]:
    """The title, and the name that gives the report year (the title itself when it has one)."""
    names = find_names(text, limit, folded)
    if not names:
        return None, None
    title = names[0]
    if title.year is not None:
        return title, title
    return title, next((n for n in names if n.year is not None), None)
