"""GK901: the report was published after the legal deadline (条例 第四十九条).

The publication date comes from, in order: the reader (`SourceDocument.meta["published"]`,
an ISO date: the 发布时间 of a saved web page), a "发布时间：…" line near the top of the text
(a page saved as text), or the sign-off date on one of the last lines. No date, no check.
Deadlines are configurable (`deadline-department`, `deadline-government`) for local rules.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from gklint.checks.context import CheckContext
from gklint.checks.organisation import is_government, organisation
from gklint.checks.scope import template_applies
from gklint.diagnostics import Diagnostic, Span
from gklint.regexcache import compile_re
from gklint.ruledata import content_rules


class Published(NamedTuple):
    date: datetime.date
    span: Span
    where: str  # how the date was found, for the message


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    raw = content_rules()["deadline"]
    return compile_re(raw["published_line"]), compile_re(raw["signoff_date"])


def _date(m: re.Match[str]) -> datetime.date | None:
    try:
        return datetime.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def _whole_document(ctx: CheckContext) -> Span:
    title = ctx.report.title
    return title.span if title is not None else Span(0, min(1, len(ctx.text)))


def publication_date(ctx: CheckContext) -> Published | None:
    raw = content_rules()["deadline"]
    meta = ctx.doc.meta.get("published")
    if meta:
        try:
            date = datetime.date.fromisoformat(meta[:10])
        except ValueError:
            date = None
        if date is not None:
            where = ctx.doc.meta.get("published_at", "网页")
            return Published(date, _whole_document(ctx), f"发布时间（{where}）")
    published, signoff = _patterns()
    lines = ctx.folded.split("\n")
    offset = 0
    for line in lines[: raw["published_lines"]]:
        m = published.search(line)
        if m is not None and (date := _date(m)) is not None:
            return Published(date, Span(offset + m.start(), offset + m.end()), "网页上的发布时间")
        offset += len(line) + 1
    ends = []
    offset = len(ctx.folded)
    for line in reversed(lines):
        offset -= len(line) + 1 if offset != len(ctx.folded) else len(line)
        if line.strip():
            ends.append((line, offset))
        if len(ends) >= raw["signoff_lines"]:
            break
    for line, start in ends:
        m = signoff.match(line)
        if m is not None and (date := _date(m)) is not None:
            return Published(date, Span(start + m.start("y"), start + m.end("d") + 1), "落款日期")
    return None


def _deadline(ctx: CheckContext, year: int) -> tuple[datetime.date, str] | None:
    raw = content_rules()["deadline"]
    government = is_government(ctx.report, ctx.settings.government_suffixes)
    if government is None:
        return None
    if year <= raw["old_rules_last_year"]:
        month_day, who = raw["old_rules_deadline"], "各行政机关（旧条例第三十一条）"
    elif government:
        if any(organisation(ctx.report).endswith(s) for s in raw["township_suffixes"]) and (
            ctx.settings.deadline_government == "03-31"
        ):
            return None  # 乡镇: no national date; a configured local date applies
        month_day, who = ctx.settings.deadline_government, "县级以上人民政府（条例第四十九条）"
    else:
        month_day, who = ctx.settings.deadline_department, "人民政府部门（条例第四十九条）"
    month, day = (int(x) for x in month_day.split("-"))
    try:
        return datetime.date(year + 1, month, day), who
    except ValueError:
        return None


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    year = ctx.report.year
    if year is None or not template_applies(ctx) or not ctx.report.sections:
        return
    published = publication_date(ctx)
    if published is None or published.date.year < year + 1:
        return  # no date, or a date inside the report year (a draft's date, not publication)
    found = _deadline(ctx, year)
    if found is None:
        return
    deadline, who = found
    if published.date <= deadline:
        return
    late = (published.date - deadline).days
    yield ctx.diagnostic(
        "GK901",
        f"{published.where}为{published.date.year}年{published.date.month}月{published.date.day}日，"
        f"晚于{who}{year}年度报告的公开期限{deadline.year}年{deadline.month}月{deadline.day}日（晚{late}天）。",
        published.span,
        data={"published": published.date.isoformat(), "deadline": deadline.isoformat()},
    )
