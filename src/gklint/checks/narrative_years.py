"""GK611–GK613: years in the narrative that do not fit the report year Y.

- GK611 五 presents the problems of Y−1 as the current problems ("针对Y−1年…问题");
- GK612 the text plans for Y in the future tense ("Y年，我镇将…"), as if written a year early —
  typically a paragraph copied from last year's report;
- GK613 the text states past facts about a year after Y ("Y+1年共收到申请5件").

Patterns: rules/content.toml [years].
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from gklint.checks.context import CheckContext
from gklint.checks.scope import template_applies
from gklint.diagnostics import Diagnostic
from gklint.model.narrative import Sentence
from gklint.regexcache import compile_re
from gklint.ruledata import content_rules


@cache
def _patterns(year: int) -> dict[str, tuple[re.Pattern[str], ...]]:
    raw = content_rules()["years"]

    def build(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(
            compile_re(p.replace("{prev}", str(year - 1)).replace("{year}", str(year))) for p in raw[key]
        )

    return {
        "stale": build("stale_problem_patterns"),
        "future": build("future_patterns"),
        "past_after": build("past_after_patterns"),
    }


def _words(key: str) -> tuple[str, ...]:
    return tuple(content_rules()["years"][key])


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        m = pattern.search(text)
        if m is not None:
            return m
    return None


def _stale_problem(ctx: CheckContext, sentence: Sentence, year: int) -> Diagnostic | None:
    if sentence.section != 5 or any(w in sentence.text for w in _words("stale_problem_exempt")):
        return None
    if f"{year}年" in sentence.text:
        return None  # "针对2022年…问题，2023年，我局着力…": what was done about them this year
    m = _first(_patterns(year)["stale"], sentence.text)
    if m is None or not any(w in sentence.text for w in content_rules()["required"]["problem_words"]):
        return None
    return ctx.diagnostic(
        "GK611",
        f"第五部分写的是“针对{year - 1}年……问题”，这是上一年度的问题；本报告是{year}年度报告，"
        f"应写{year}年工作中存在的问题（如果是在说明上年问题的整改情况，请写明“整改”）。",
        sentence.span(m.start(), m.end()),
        data={"year": year - 1},
    )


def _future(ctx: CheckContext, sentence: Sentence, year: int) -> Diagnostic | None:
    m = _first(_patterns(year)["future"], sentence.text)
    if m is None or any(w in m.group() for w in _words("future_exempt")):
        return None
    return ctx.diagnostic(
        "GK612",
        f"用将来时写报告年度本身（“{m.group().lstrip('，,')}”）：{year}年度报告是在{year}年结束后写的，"
        f"这里应写{year}年已经做了什么，或者改为下一年（{year + 1}年）的打算。常见于照搬上年报告。",
        sentence.span(m.start("year"), m.end()),
        data={"year": year},
    )


def _past_after(ctx: CheckContext, sentence: Sentence, year: int) -> Diagnostic | None:
    if any(w in sentence.text for w in _words("past_after_exempt")):
        return None
    m = _first(_patterns(year)["past_after"], sentence.text)
    if m is None or int(m.group("year")) <= year:
        return None
    return ctx.diagnostic(
        "GK613",
        f"{year}年度报告写了{m.group('year')}年已经发生的事（“{m.group().lstrip('，,')}”）：报告只应写{year}年的情况，"
        "请核对年份。",
        sentence.span(m.start("year"), m.end()),
        data={"year": int(m.group("year"))},
    )


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    year = ctx.report.year
    if year is None or not template_applies(ctx) or not ctx.report.sections:
        return
    for sentence in ctx.sentences:
        if sentence.section == 0:
            continue  # the preamble cites notices and dates of publication
        for rule in (_stale_problem, _future, _past_after):
            found = rule(ctx, sentence, year)
            if found is not None:
                yield found
                break
