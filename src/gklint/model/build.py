"""parse_report: text → `Report` (title, year, sections, window, tables)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gklint.diagnostics import Span
from gklint.model.headings import find_headings
from gklint.model.normalize import fold_chars, squeeze, squeeze_text
from gklint.model.report import (
    Heading,
    Report,
    Section,
    StatisticsWindow,
    Table,
    TableProblem,
    TableStatus,
    Title,
)
from gklint.model.tables import map_s2, map_s3, map_s4, s2_region
from gklint.model.title import find_title
from gklint.model.window import find_windows
from gklint.regexcache import compile_re
from gklint.ruledata import Template, template

if TYPE_CHECKING:
    from gklint.source.tables import SourceTable


def _sections(headings: list[Heading], text_length: int) -> dict[int, Section]:
    top = [h for h in headings if h.top_level]
    sections: dict[int, Section] = {}
    for i, heading in enumerate(top):
        end = top[i + 1].span.start if i + 1 < len(top) else text_length
        if heading.section and heading.section not in sections:
            sections[heading.section] = Section(
                heading=heading, body=Span(heading.text_span.end, max(end, heading.text_span.end))
            )
    return sections


def _markers(folded: str, regions: list[Span], tmpl: Template) -> dict[str, list[Span]]:
    found: dict[str, list[Span]] = {version: [] for version in tmpl.markers}
    for region in regions:
        sq = squeeze(folded[region.start : region.end], base=region.start)
        for version, words in tmpl.markers.items():
            for word in words:
                key = squeeze_text(word)
                start = sq.text.find(key)
                while start != -1:
                    found[version].append(Span(*sq.span_of(start, start + len(key))))
                    start = sq.text.find(key, start + len(key))
    return found


def _version(markers: dict[str, list[Span]], s3: Table | None, year: int | None, tmpl: Template) -> str:
    score_2019 = len(markers.get("2019", [])) + (3 if s3 is not None and s3.schema == "s3-2019" else 0)
    score_2021 = len(markers.get("2021", [])) + (3 if s3 is not None and s3.schema == "s3-2021" else 0)
    if score_2019 != score_2021:
        return "2019" if score_2019 > score_2021 else "2021"
    if year is None:
        return ""
    return "2021" if year >= tmpl.first_year_2021_format else "2019"


def _absent(key: str, at: int, detail: str) -> Table:
    problem = TableProblem(kind="no-section", span=Span(at, at), detail=detail)
    return Table(key=key, schema="", status=TableStatus.ABSENT, region=Span(at, at), problems=[problem])


def _orphan_s3_region(folded: str, headings: list[Heading]) -> Span | None:
    """Section 三's table when its heading is missing: from its first row label to the next heading.

    GK101 reports the missing heading; the sums are still worth checking.
    """
    at = folded.find("本年新收")
    if at == -1:
        return None
    start = folded.rfind("\n", 0, at) + 1
    end = min((h.span.start for h in headings if h.top_level and h.span.start > at), default=len(folded))
    return Span(start, end)


# In a one-line extraction whose cells are separated by spaces ("规章 0 0 0 规范性文件 6 6 6"), a
# number followed by a space and a Chinese word ends a row.
_ROW_BREAK = compile_re(r"(?<=\d) (?=[\u4e00-\u9fff(（])")


def _rows_of_one_line_tables(folded: str, regions: list[Span]) -> str:
    """`folded` with each such space in a line-less table region turned into a line break.

    One character for one, so offsets are unchanged; only a region without any line break
    is touched, so tables laid out in lines are read exactly as before.
    """
    one_line = [r for r in regions if r.end - r.start > 200 and "\n" not in folded[r.start : r.end].strip()]
    if not one_line:
        return folded
    parts, at = [], 0
    for region in sorted(one_line):
        parts += [folded[at : region.start], _ROW_BREAK.sub("\n", folded[region.start : region.end])]
        at = region.end
    parts.append(folded[at:])
    return "".join(parts)


# What the headings, title and window say: everything of a report but its tables.
_Opening = tuple[
    str, list[Heading], dict[int, Section], Title | None, list[StatisticsWindow], list[Span], int | None, str
]


def _opening(text: str, year_override: int | None, tmpl: Template) -> _Opening:
    """(folded text, headings, sections, title, windows, window mentions, year, where the year came from)."""
    folded = fold_chars(text)
    headings = find_headings(text, tmpl, folded)
    sections = _sections(headings, len(text))
    first_heading = min((h.span.start for h in headings if h.top_level), default=len(text))
    title, name = find_title(text, first_heading if first_heading > 0 else len(text), folded)
    windows, mentions = find_windows(
        text,
        tmpl.window_phrases,
        folded,
        weak=tmpl.window_weak,
        until=tmpl.window_until,
        opening_end=first_heading,
    )

    year, source = None, ""
    if year_override is not None:
        year, source = year_override, "override"
    elif name is not None and name.year is not None:
        # The title's year, or the year of the name quoted in the preamble or a breadcrumb.
        year, source = name.year, "title" if name is title else "name"
    elif windows and windows[0].start.year is not None:
        year, source = windows[0].start.year, "window"
    return folded, headings, sections, title, windows, mentions, year, source


def title_and_year(text: str) -> tuple[Title | None, int | None]:
    """`parse_report(text)`'s title and year, without mapping the tables (a folder index needs only these)."""
    opening = _opening(text, None, template())
    return opening[3], opening[6]  # title, year


def parse_report(
    text: str,
    year_override: int | None = None,
    tmpl: Template | None = None,
    tables: Sequence[SourceTable] = (),
) -> Report:
    """`tables`: the tables a Word/HTML/PDF reader recorded (`SourceDocument.tables`), mapped by their cells."""
    tmpl = tmpl or template()
    folded, headings, sections, title, windows, mentions, year, source = _opening(text, year_override, tmpl)

    mapped: dict[str, Table] = {}
    s3: Table | None = None
    s3_region = sections[3].body if 3 in sections else _orphan_s3_region(folded, headings)
    folded = _rows_of_one_line_tables(folded, [sections[n].body for n in (2, 3, 4) if n in sections])
    if s3_region is not None:
        s3 = map_s3(text, folded, s3_region, tmpl, tables)
        if 3 not in sections and s3.status is TableStatus.UNMAPPED:
            s3 = None  # the words were prose, not a headless table
    mapped["s3"] = s3 or _absent("s3", 0, "缺少“三、收到和处理政府信息公开申请情况”部分，表格未检查。")
    if 4 in sections:
        mapped["s4"] = map_s4(text, folded, sections[4].body, tmpl, tables)
    else:
        mapped["s4"] = _absent("s4", 0, "缺少“四、政府信息公开行政复议、行政诉讼情况”部分，表格未检查。")
    regions = [s2_region(folded, sections[2].body)] if 2 in sections else []
    markers = _markers(folded, regions, tmpl)
    version = _version(markers, s3, year, tmpl)
    if regions:
        mapped["s2"] = map_s2(text, folded, regions[0], tmpl, version or "2021", tables)
    else:
        mapped["s2"] = _absent("s2", 0, "缺少“二、主动公开政府信息情况”部分，表格未检查。")
    return Report(
        title=title,
        year=year,
        year_source=source,
        template=version,
        template_markers=markers,
        headings=headings,
        sections=sections,
        windows=windows,
        window_mentions=mentions,
        tables=mapped,
        text_length=len(text),
    )
