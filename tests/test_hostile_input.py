"""Regression tests for hostile and unlucky input (issue 7): huge numbers, long lines, odd shapes.

Every reproducer the property suite or bench/fuzz.py finds becomes a plain test here.
Speed itself is measured in bench/linear_time.py, never asserted in a test; the tests here
pin the *behaviour* of the linear-time code paths against their straightforward definitions.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest

from gklint.diagnostics import Span
from gklint.exact import brief, is_whole, plain, show, total
from gklint.model import headings
from gklint.model.cells import _NUMBER, RawCell, _labelled_numbers, fit_values
from gklint.model.normalize import fold_chars, squeeze
from gklint.model.report import Heading, HeadingKind
from gklint.output.text import snippet
from gklint.ruledata import template
from helpers import SEED_2024, fixture_text, lint

S4_FIRST_VALUE_LINE = 287  # 0-based line of the first value of section 四's table in SEED_2024


def _with_s4_value(value: str) -> str:
    lines = fixture_text(SEED_2024).split("\n")
    assert lines[S4_FIRST_VALUE_LINE] == "0 |"
    lines[S4_FIRST_VALUE_LINE] = f"{value} |"
    return "\n".join(lines)


@pytest.mark.parametrize("digits", [5000, 1_000_000])
def test_a_cell_with_thousands_of_digits_is_a_finding_not_a_crash(digits: int) -> None:
    result = lint(_with_s4_value("9" * digits))
    (diag,) = [d for d in result.diagnostics if d.code == "GK304"]
    assert f"999999999999…（共 {digits} 位）" in diag.message
    assert len(diag.message) < 400
    assert diag.data["expected"] == "9" * digits  # machine-readable data stays exact
    assert diag.fix is not None and diag.fix.edits[0].content == "9" * digits


def test_long_totals_are_compared_exactly() -> None:
    # Python's default decimal context rounds to 28 digits: 10^40 + 1 would equal 10^40.
    big = "1" + "0" * 40
    text = _with_s4_value(str(int(big) + 1))
    lines = text.split("\n")
    # The four 行政复议 results are the first four values; 总计 (the fifth) says 10^40.
    lines[S4_FIRST_VALUE_LINE + 4] = f"{big} |"
    (diag,) = [d for d in lint("\n".join(lines)).diagnostics if d.code == "GK304"]
    assert diag.data["residual"] == "-1"


def test_exact_number_text() -> None:
    assert plain(Decimal("12.500")) == "12.5"
    assert plain(Decimal("-0")) == "0"
    assert plain(Decimal("1" + "0" * 5000)) == "1" + "0" * 5000
    assert total([Decimal("1" + "0" * 40), Decimal(1)]) - Decimal("1" + "0" * 40) == 1
    assert is_whole(Decimal("1" * 100 + ".000")) and not is_whole(Decimal("1" * 100 + ".5"))
    assert show(Decimal("12")) == "12"
    assert brief("-" + "1" * 30 + ".5") == "-11111111111…（共 31 位）"
    assert brief("文" * 30) == "文" * 12 + "…（共 30 字）"


def test_template_relations_list_each_cell_once() -> None:
    # table_sum treats a cell's coefficient as ±1 (multiplying instead of dividing).
    for table in template().tables:
        for relation in table.relations:
            cells = relation.left + relation.right
            assert len(cells) == len(set(cells)), relation.id


_REFERENCE_LABEL_THEN_NUMBERS = re.compile(
    r"(?P<label>.*?\S)\s+(?P<numbers>[+-]?\d+(?:\.\d+)?(?:\s+[+-]?\d+(?:\.\d+)?)*)"
)


def _reference_labelled_numbers(core: str) -> tuple[str, int] | None:
    """The original (quadratic) definition the linear version must agree with."""
    match = _REFERENCE_LABEL_THEN_NUMBERS.fullmatch(core)
    if match is None or _NUMBER.fullmatch(match.group("label")):
        return None
    if " " not in match.group("numbers") and (len(match.group("label")) > 12 or "，" in core or "," in core):
        return None
    return match.group("label"), match.start("numbers")


def test_label_then_numbers_split_agrees_with_its_definition() -> None:
    rng = random.Random(7)
    alphabet = ["1", "20", "0", " ", "  ", "\t", ".", "-", "+", "a", "予以公开", "，", ",", "12.5", "x1"]
    for _ in range(20_000):
        core = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))).strip()
        found = _labelled_numbers(core)
        assert (None if found is None else (found.label, found.numbers_start)) == (
            _reference_labelled_numbers(core)
        ), core


def test_heading_key_cut_to_a_budget_decides_like_the_whole_line() -> None:
    tmpl = template()
    phrases = headings._phrases(tmpl)
    budget = headings._key_budget(tmpl, phrases)
    rng = random.Random(3)
    pieces = [
        "总体情况",
        "主动公开政府信息情况",
        "：",
        ":",
        "。",
        " ",
        "\u3000",
        "|",
        "*",
        "说明",
        "2024年",
        "（一）",
    ]
    for _ in range(3000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        folded = fold_chars(line)
        end = headings._key_end(folded, 0, len(folded))
        args = (line, folded, 1, 0, end, 0, tmpl, phrases, 1)
        whole = headings._heading_from(*args, inline=False, budget=10**9)
        cut = headings._heading_from(*args, inline=False, budget=budget)
        assert whole == cut, line
        assert headings._heading_from(*args, inline=True, budget=10**9) == headings._heading_from(
            *args, inline=True, budget=budget
        ), line


def test_whole_line_squeeze_matches_the_head() -> None:
    folded = fold_chars("一、" + " " * 500 + "总体情况" + "。" * 10)
    head = headings._head(folded, 2, len(folded), 3)
    assert head.text.startswith("总体") and squeeze(folded[2:]).text.startswith(head.text)


def test_snippet_of_a_long_line_shows_a_window() -> None:
    line = "政" * 200_000
    cut = snippet(line, 100_000, 100_002)
    assert cut.text.startswith("...") and cut.text.endswith("...")
    assert cut.caret_width == 4 and len(cut.text) < 120
    zero_width = "\u200d" * 50_000 + "错" + "\u200d" * 50_000
    cut = snippet(zero_width, 50_000, 50_001)
    assert "错" in cut.text and len(cut.text) < 3000


@pytest.mark.parametrize(
    "line",
    [
        "（一）予以公开 " + "12 " * 20_000 + "说明文字",  # label, numbers, then text
        " " * 50_000 + "1",  # blanks before a numeral: the heading regex must not split them
        "。一、总体情况" * 20_000,  # a heading candidate after every full stop
    ],
)
def test_long_single_lines_lint(line: str) -> None:
    text = "2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n" + line
    assert lint(text).diagnostics  # completes (bench/linear_time.py measures how fast)


def _reference_merge_glued(headings: list[Heading], glued: list[Heading]) -> list[Heading]:
    """The original (quadratic) definition of headings._merge_glued."""
    merged = list(headings)
    for candidate in glued:
        if any(h.section == candidate.section for h in merged if h.top_level):
            continue
        before = [h.numeral for h in merged if h.top_level and h.span.start < candidate.span.start]
        after = [h.numeral for h in merged if h.top_level and h.span.start > candidate.span.start]
        if max(before, default=0) < candidate.numeral < min(after, default=99):
            merged.append(candidate)
            merged.sort(key=lambda h: h.span.start)
    return merged


def test_merging_glued_headings_agrees_with_its_definition() -> None:
    rng = random.Random(11)

    def heading(start: int) -> Heading:
        numeral = rng.randint(1, 7)
        section = numeral if rng.random() < 0.8 else rng.randint(0, 6)
        return Heading(
            numeral, section, HeadingKind.CANONICAL, "", Span(start, start + 2), Span(start, start), ""
        )

    for _ in range(3000):
        starts = sorted(rng.sample(range(200), rng.randint(0, 12)))
        headings_ = [heading(s) for s in starts]
        glued = [heading(s) for s in sorted(rng.sample(range(200), rng.randint(0, 6)))]
        assert headings._merge_glued(headings_, glued) == _reference_merge_glued(headings_, glued)


def test_a_long_glued_line_of_report_names_still_yields_the_title() -> None:
    # One phrase every ~30 characters on one line: each name looks back at most
    # _MAX_NAME_PREFIX characters (a scan back to the line start per phrase was quadratic).
    from gklint.model.title import find_title

    line = "某县人民政府2024年政府信息公开工作年度报告 " + "另见2023年政府信息公开工作年度报告，" * 5000
    title, year_name = find_title(line, len(line))
    assert title is not None and title.text == "某县人民政府2024年政府信息公开工作年度报告"
    assert year_name is not None and year_name.year == 2024


# The original GK706 pattern: a lazy list before a greedy count of any length. Searching it on a
# preamble where a 50,000-digit number follows 由 retried the count from every digit (20–28 s for
# 80–110 KB: bench/fuzz.py huge-numbers seeds 313541, 227440).
_REFERENCE_PART_LIST = re.compile(
    r"(?:由|包括|分为|共有|包含)(?P<list>[^。;]*?)(?:等)?(?P<n>[一二三四五六七八九十\d]+)(?:个)?部分(?:组成|内容)?"
)


def _part_list_pattern() -> str:
    from gklint.ruledata import content_rules

    return str(content_rules()["required"]["part_list"])


def test_part_list_pattern_repeats_only_a_counted_number_of_times() -> None:
    # `*`, `+` or `{m,}` would let the work per keyword grow with the sentence (quadratic overall).
    assert re.search(r"(?<!\\)(?:[*+]|\{\d*,\})", _part_list_pattern()) is None


def test_part_list_pattern_agrees_with_its_definition_on_real_sized_lists() -> None:
    pattern = re.compile(_part_list_pattern())
    rng = random.Random(13)
    pieces = ["由", "包括", "分为", "共有", "包含", "总体情况", "、", "和", "等", "六", "十", "2", "12"]
    pieces += ["个", "部分", "部", "分", "组成", "内容", "。", ";", "为"]
    compared = 0
    for _ in range(20_000):
        sentence = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        if re.search(r"[一二三四五六七八九十\d]{5}", sentence):
            continue  # five numerals in a row are not a count of parts (the pattern takes at most four)
        new, old = pattern.search(sentence), _REFERENCE_PART_LIST.search(sentence)
        assert (new and (new.span(), new.groupdict())) == (old and (old.span(), old.groupdict())), sentence
        compared += old is not None
    assert compared > 200  # the sentences do contain part lists


def test_a_huge_number_in_the_preamble_is_not_a_list_of_parts() -> None:
    text = fixture_text("004_1818abdbb8b09ee2.txt")  # 沅江市: its list of parts gets one GK706
    assert len([d for d in lint(text).diagnostics if d.code == "GK706"]) == 1
    hostile = text.replace("报告由2019年", "报告由" + "9" * 50_000 + "2019年", 1)
    assert hostile != text
    assert [d for d in lint(hostile).diagnostics if d.code == "GK706"] == []


def test_a_long_one_line_table_is_mapped_without_keeping_its_cells() -> None:
    # A table glued into one line is cut into a row candidate per row; building them all before
    # mapping kept ~40 bytes of small objects per byte of text alive, and Python's cyclic GC walks
    # every live object on each full collection: the run grew faster than the input
    # (bench/linear_time.py "one-line table"). Candidates are now built as the mapper reaches them.
    import tracemalloc

    from gklint.model.build import parse_report

    unit = "（一）予以公开 6 1 0 0 0 0 7 这是一段说明文字，共计 12 件。"
    text = "某县人民政府2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n" + unit * 2000
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        report = parse_report(text)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert report.tables["s3"].labels  # the rows were read
    assert peak < 20 * (len(text) * 2)  # (was ~40×; now ~9×: the text's folded copies and one tuple per line)


def test_section_two_searches_its_region_once_however_many_captions_are_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A caption without rows under it looks for them in the whole of 二; once per caption
    # occurrence, 4,000 empty captions took 77 s for 52 KB.
    from gklint.model import cells, grid_tables
    from gklint.model.build import parse_report

    passes: list[Span] = []  # the region of every pass over row candidates

    class Counting(cells.RowCandidates):
        __slots__ = ("region",)

        def __init__(self, folded: str, region: Span) -> None:
            super().__init__(folded, region)
            self.region = region

        def __iter__(self) -> Iterator[cells.RowCandidate]:
            passes.append(self.region)
            return super().__iter__()

    monkeypatch.setattr(grid_tables, "row_candidates", Counting)  # the text path of table_rows
    captions = "第二十条第(一)项\n说明\n" * 300 + "第二十条第(五)项\n说明\n" * 300
    report = parse_report("某县2024年政府信息公开工作年度报告\n二、主动公开政府信息情况\n" + captions)
    s2 = report.tables["s2"]
    assert passes.count(s2.region) == 2  # one search of the whole region per caption numeral, not per caption
    assert len(passes) == 600 + 2  # and one pass over each caption's own block
    assert sum(p.kind == "missing-row" for p in s2.problems) > 600  # every caption still reports its rows


def _reference_fit_values(values: list[RawCell], expected: int) -> list[RawCell]:
    """The original definition (popping from the front: quadratic on a line of 100,000 "|")."""
    cells = list(values)
    while len(cells) > expected and cells[0].empty:
        cells.pop(0)
    while len(cells) > expected and cells[-1].empty:
        cells.pop()
    return cells


def test_fitting_values_agrees_with_its_definition() -> None:
    rng = random.Random(17)
    for _ in range(5000):
        values = [RawCell(rng.choice(["", "", "1"]), Span(i, i + 1)) for i in range(rng.randint(0, 12))]
        expected = rng.randint(0, 10)
        assert fit_values(values, expected) == _reference_fit_values(values, expected), (values, expected)
