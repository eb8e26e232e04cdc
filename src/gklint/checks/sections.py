"""GK101–GK107: the six top-level sections and their headings."""

from __future__ import annotations

from collections.abc import Iterator

from gklint.checks.context import CheckContext
from gklint.checks.scope import template_applies
from gklint.diagnostics import Applicability, Diagnostic, Edit, Fix, Span
from gklint.model.headings import NUMERALS, find_subheadings
from gklint.model.report import Heading, HeadingKind

_NUMERAL_TEXT = {i + 1: ch for i, ch in enumerate(NUMERALS)}


def _canonical(ctx: CheckContext, number: int) -> str:
    return f"{_NUMERAL_TEXT[number]}、{ctx.template.section(number).title}"


def _wording_fix(heading: Heading) -> Fix:
    return Fix(
        f"改为模板措辞“{heading.expected}”",
        (Edit(heading.text_span, heading.expected),),
        Applicability.SAFE,
    )


def _missing(ctx: CheckContext, top: list[Heading]) -> Iterator[Diagnostic]:
    present = ctx.report.sections
    for number in range(1, 7):
        if number in present:
            continue
        later = [present[n].heading for n in range(number + 1, 7) if n in present]
        if later:
            where, hint = later[0].span, f"（应位于“{later[0].text}”之前）"
        elif top:
            where, hint = top[-1].span, "（应位于报告末尾）"
        else:
            title = ctx.report.title
            where, hint = (title.span if title else Span(0, 0)), ""
        yield ctx.diagnostic(
            "GK101",
            f"缺少第{_NUMERAL_TEXT[number]}部分“{_canonical(ctx, number)}”{hint}。",
            where,
            data={"section": number},
        )


def _order(ctx: CheckContext, top: list[Heading]) -> Iterator[Diagnostic]:
    seen: set[int] = set()
    highest = 0
    for heading in top:
        if not heading.section:
            continue
        if heading.section in seen:
            yield ctx.diagnostic(
                "GK102",
                f"第{_NUMERAL_TEXT[heading.section]}部分“{heading.expected}”重复出现。",
                heading.span,
            )
            continue
        seen.add(heading.section)
        if heading.section < highest:
            yield ctx.diagnostic(
                "GK103",
                f"“{heading.text}”应为第{_NUMERAL_TEXT[heading.section]}部分，位置不对：各部分应按一至六的顺序排列。",
                heading.span,
            )
        elif heading.numeral != heading.section:
            numeral_span = Span(
                heading.span.start, heading.span.start + len(_NUMERAL_TEXT.get(heading.numeral, ""))
            )
            fix = None
            if (
                heading.numeral in _NUMERAL_TEXT
                and ctx.snippet(numeral_span) == _NUMERAL_TEXT[heading.numeral]
            ):
                fix = Fix(
                    f"序号改为“{_NUMERAL_TEXT[heading.section]}”",
                    (Edit(numeral_span, _NUMERAL_TEXT[heading.section]),),
                    Applicability.SAFE,
                )
            yield ctx.diagnostic(
                "GK103",
                f"“{heading.text}”的序号应为“{_NUMERAL_TEXT[heading.section]}、”。",
                heading.span,
                fix=fix,
            )
        highest = max(highest, heading.section)


# Heading kind → (rule, message) for headings that name one of the six sections.
_REWORDED = {
    HeadingKind.VARIANT: ("GK104", "标题“{text}”与模板措辞不一致，应为“{expected}”。"),
    HeadingKind.ALIAS: ("GK105", "标题“{text}”是可接受的写法，模板措辞为“{expected}”。"),
    HeadingKind.STALE: ("GK106", "标题“{text}”是2008年旧条例时期的写法，现行格式应为“{expected}”。"),
}


def _stale_note(ctx: CheckContext, text: str) -> str:
    return next((h.note for h in ctx.template.stale_headings if h.text == text), "")


def _wording(ctx: CheckContext, top: list[Heading]) -> Iterator[Diagnostic]:
    for heading in top:
        if heading.kind is HeadingKind.CANONICAL:
            continue
        if heading.section:
            code, template = _REWORDED[heading.kind]
            message = template.format(text=heading.text, expected=heading.expected)
            yield ctx.diagnostic(code, message, heading.text_span, fix=_wording_fix(heading))
        else:  # a 2008-era part with no counterpart today ("收费及减免情况")
            note = _stale_note(ctx, heading.text)
            message = f"“{heading.text}”是2008年旧条例时期的部分，现行格式没有这一部分。{note}"
            yield ctx.diagnostic("GK106", message, heading.text_span)


def _subheadings(ctx: CheckContext) -> Iterator[Diagnostic]:
    for number in (1, 5, 6):
        section = ctx.report.sections.get(number)
        if section is None:
            continue
        for sub in find_subheadings(ctx.text, ctx.template, section.body.start, section.body.end, ctx.folded):
            if sub.kind is HeadingKind.STALE:
                message = f"小标题“{sub.text}”沿用了2008年旧条例时期的部分名称。{_stale_note(ctx, sub.text)}"
            else:
                message = f"小标题“{sub.text}”与第{_NUMERAL_TEXT[sub.section]}部分重复，相关内容应只写在第{_NUMERAL_TEXT[sub.section]}部分。"
            yield ctx.diagnostic("GK107", message, sub.text_span)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    if not template_applies(ctx):
        return
    top = [h for h in ctx.report.headings if h.top_level]
    yield from _missing(ctx, top)
    yield from _order(ctx, top)
    yield from _wording(ctx, top)
    yield from _subheadings(ctx)
