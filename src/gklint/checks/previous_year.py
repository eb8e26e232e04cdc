"""GK800–GK804: this year's report against last year's (`--previous`, or found beside it).

- GK801 (error) 上年结转 (Y) ≠ 结转下年度继续办理 (Y−1), per column of 表三;
- GK802 (warning) 现行有效件数 (Y) ≠ 现行有效 (Y−1) + 本年制发 (Y) − 本年废止 (Y) for 规章 and
  行政规范性文件 (2021 format both years);
- GK803 (warning, one year) 现行有效件数 < 本年制发 − 本年废止;
- GK804 (warning) a section (一, 五, 六) whose sentences are mostly last year's, numbers aside;
- GK800 (info) last year's report was given but cannot be compared (another year or body).

Locations in last year's report are named by line in the message: a diagnostic's related
locations are spans of this report.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from gklint.checks.context import CheckContext, PreviousReport
from gklint.checks.figures import S3_COLUMN_NAMES, S3_COLUMNS, Figure, fmt, s3_figure
from gklint.checks.organisation import same_organisation
from gklint.checks.scope import template_applies
from gklint.diagnostics import Diagnostic, Related, Span
from gklint.exact import difference, plain, total
from gklint.model.narrative import Sentence, split_sentences
from gklint.model.report import CellKind, Report
from gklint.regexcache import compile_re
from gklint.ruledata import content_rules

_S2_ROWS = {"reg": "规章", "nrm": "行政规范性文件"}
_SECTION_NAMES = {1: "一、总体情况", 5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}
_NUMBERS = compile_re(r"\d+(?:\.\d+)?")
_NUMBERING = compile_re(r"^(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+[、是]|\d+[.、])")


def _prev_line(previous: PreviousReport, offset: int) -> int:
    return previous.doc.line_of(offset) + 1


def _comparable(ctx: CheckContext, previous: PreviousReport) -> str | None:
    """Why last year's report cannot be compared, or None when it can."""
    year, prev_year = ctx.report.year, previous.report.year
    if year is None or prev_year is None:
        return "无法确定两份报告的年度"
    if prev_year != year - 1:
        return f"上年报告的年度是{prev_year}年，不是{year - 1}年"
    org = ctx.report.title.org if ctx.report.title else ""
    prev_org = previous.report.title.org if previous.report.title else ""
    if org and prev_org and not same_organisation(org, prev_org):
        return f"两份报告的机关不同（“{prev_org.strip()}”与“{org.strip()}”）"
    return None


def _carry_over(ctx: CheckContext, previous: PreviousReport) -> Iterator[Diagnostic]:
    mismatches: list[tuple[str, Figure, Figure]] = []
    for column in S3_COLUMNS:
        now = s3_figure(ctx.report, "carried", column)
        then = s3_figure(previous.report, "forward", column)
        if now is None or then is None:
            continue
        if now.value != then.value:
            mismatches.append((column, now, then))
    if not mismatches:
        return
    first = mismatches[0][1].cells[0]
    parts = "；".join(
        f"{S3_COLUMN_NAMES[c]}：本年“上年结转”{fmt(now.value)}，上年报告“结转下年度继续办理”{fmt(then.value)}"
        f"（上年报告第{_prev_line(previous, then.cells[0].span.start)}行）"
        for c, now, then in mismatches
    )
    yield ctx.diagnostic(
        "GK801",
        f"表三“二、上年结转政府信息公开申请数量”与上年报告的“四、结转下年度继续办理”不一致——{parts}。",
        first.span,
        related=tuple(
            Related(now.cells[0].span, f"本年上年结转（{S3_COLUMN_NAMES[c]}）")
            for c, now, _ in mismatches[1:]
        ),
        data={"columns": [c for c, _, _ in mismatches], "previous": str(previous.doc.display_name)},
    )


def _s2_value(report: Report, row: str, column: str) -> tuple[Decimal, Span] | None:
    table = report.tables.get("s2")
    if table is None or table.schema != "s2-2021":
        return None
    cell = table.cells.get((row, column))
    if cell is None or cell.kind is not CellKind.NUMBER or cell.value is None:
        return None
    return cell.value, cell.span


def _valid_chain(ctx: CheckContext, previous: PreviousReport) -> Iterator[Diagnostic]:
    for row, name in _S2_ROWS.items():
        valid = _s2_value(ctx.report, row, "valid")
        made = _s2_value(ctx.report, row, "made")
        repealed = _s2_value(ctx.report, row, "repealed")
        before = _s2_value(previous.report, row, "valid")
        if None in (valid, made, repealed, before):
            continue
        assert valid is not None and made is not None and repealed is not None and before is not None
        expected = difference(total((before[0], made[0])), repealed[0])
        if valid[0] == expected:
            continue
        yield ctx.diagnostic(
            "GK802",
            f"表二{name}“现行有效件数”为{fmt(valid[0])}，但按上年报告现行有效{fmt(before[0])}"
            f"（上年报告第{_prev_line(previous, before[1].start)}行）＋本年制发{fmt(made[0])}－本年废止{fmt(repealed[0])}"
            f"应为{fmt(expected)}。如有修改、失效等其他变化属正常，请核对。",
            valid[1],
            related=(Related(made[1], "本年制发件数"), Related(repealed[1], "本年废止件数")),
            data={"row": row, "expected": plain(expected), "actual": plain(valid[0])},
        )


def _valid_floor(ctx: CheckContext) -> Iterator[Diagnostic]:
    for row, name in _S2_ROWS.items():
        valid = _s2_value(ctx.report, row, "valid")
        made = _s2_value(ctx.report, row, "made")
        repealed = _s2_value(ctx.report, row, "repealed")
        if valid is None or made is None or repealed is None:
            continue
        if valid[0] < difference(made[0], repealed[0]):
            yield ctx.diagnostic(
                "GK803",
                f"表二{name}“现行有效件数”{fmt(valid[0])}小于本年制发{fmt(made[0])}减本年废止{fmt(repealed[0])}"
                f"（{fmt(difference(made[0], repealed[0]))}）：本年制发且未废止的文件至少都应现行有效，请核对。",
                valid[1],
                related=(Related(made[1], "本年制发件数"), Related(repealed[1], "本年废止件数")),
                data={"row": row},
            )


def _key(sentence: Sentence) -> str:
    """A sentence compared across years: numbering and every number (years, counts) left out."""
    text = _NUMBERING.sub("", sentence.text)
    return _NUMBERS.sub("#", text).rstrip("。;")


def _eligible(sentence: Sentence, min_length: int, boilerplate: list[str]) -> bool:
    return len(sentence.text) >= min_length and not any(w in sentence.text for w in boilerplate)


def _copied(ctx: CheckContext, previous: PreviousReport) -> Iterator[Diagnostic]:
    raw = content_rules()["copied"]
    threshold = ctx.settings.copy_threshold
    prev_sentences = split_sentences(previous.folded, previous.report)
    for number in raw["sections"]:
        section = ctx.report.sections.get(number)
        if section is None:
            continue
        last_year: dict[str, Sentence] = {}
        for s in prev_sentences:
            if s.section == number and _eligible(s, raw["min_sentence_length"], raw["boilerplate"]):
                last_year.setdefault(_key(s), s)
        mine = [
            s
            for s in ctx.sentences
            if s.section == number and _eligible(s, raw["min_sentence_length"], raw["boilerplate"])
        ]
        if len(mine) < raw["min_sentences"] or not last_year:
            continue
        copied = [s for s in mine if _key(s) in last_year]
        share = len(copied) / len(mine)
        if share < threshold or not copied:
            continue
        runs: list[list[Sentence]] = []
        for s in mine:
            if s in copied:
                if runs and runs[-1][-1] is mine[mine.index(s) - 1]:
                    runs[-1].append(s)
                else:
                    runs.append([s])
        runs.sort(key=lambda run: -sum(len(s.text) for s in run))
        related = []
        for run in runs[: raw["max_passages"]]:
            then = last_year[_key(run[0])]
            span = Span(run[0].span().start, run[-1].span().end)
            line = _prev_line(previous, then.span().start)
            related.append(Related(span, f"与上年报告第{line}行起的文字相同（{len(run)}句）"))
        yield ctx.diagnostic(
            "GK804",
            f"第{'一二三四五六'[number - 1]}部分“{_SECTION_NAMES[number]}”有{share:.0%}的句子"
            f"（{len(copied)}/{len(mine)}句，数字不计）与上年报告相同，疑为照搬上年报告，请按本年度实际情况撰写。",
            section.heading.span,
            related=tuple(related),
            data={"section": number, "share": round(share, 3), "copied": len(copied), "sentences": len(mine)},
        )


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    if not template_applies(ctx) or not ctx.report.sections:
        return
    yield from _valid_floor(ctx)
    previous = ctx.previous
    if previous is None:
        return
    reason = previous.error or _comparable(ctx, previous)
    if reason is not None:
        yield ctx.diagnostic(
            "GK800",
            f"没有与上年报告 {previous.doc.display_name} 比对：{reason}。",
            ctx.report.title.span if ctx.report.title else Span(0, min(1, len(ctx.text))),
        )
        return
    yield from _carry_over(ctx, previous)
    yield from _valid_chain(ctx, previous)
    yield from _copied(ctx, previous)
