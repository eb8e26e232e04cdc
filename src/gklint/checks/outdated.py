"""GK501–GK503: 2019-format tables in reports for 2021 and later (and the reverse)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gklint.checks.context import CheckContext
from gklint.checks.scope import uses_2021_format
from gklint.diagnostics import Applicability, Diagnostic, Edit, Fix, Span
from gklint.model.normalize import squeeze


def _labels(ctx: CheckContext, region: Span) -> Iterator[Diagnostic]:
    sq = squeeze(ctx.folded[region.start : region.end], base=region.start)
    year = ctx.report.year
    for item in ctx.template.outdated:
        for match in re.finditer(item.pattern, sq.text):
            span = Span(*sq.span_of(match.start(), match.end()))
            fix = None
            if item.replacement:
                applicability = Applicability(item.applicability)
                fix = Fix(f"改为“{item.replacement}”", (Edit(span, item.replacement),), applicability)
            yield ctx.diagnostic(
                "GK501",
                f"{year}年度报告应使用2021年格式，“{ctx.snippet(span)}”是2019年旧格式的栏目。{item.note}",
                span,
                fix=fix,
                data={"label": item.label, "replacement": item.replacement},
            )


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    report = ctx.report
    year = report.year
    if uses_2021_format(ctx):
        s2 = report.tables.get("s2")
        if s2 is not None and s2.schema:
            yield from _labels(ctx, s2.region)
        s3 = report.tables.get("s3")
        if s3 is not None and s3.schema == "s3-2019":
            label = s3.labels.get("r21")
            span = label.span if label else s3.region
            yield ctx.diagnostic(
                "GK502",
                f"{year}年度报告应使用2021年格式：第三部分表格“（六）其他处理”应分为“1.申请人无正当理由逾期不补正…”"
                "“2.申请人逾期未按收费通知要求缴纳费用…”“3.其他”三行，而不是一行。",
                span,
            )
    elif year is not None and year >= ctx.template.first_supported_year and report.template == "2021":
        markers = report.template_markers.get("2021", [])
        if markers:
            yield ctx.diagnostic(
                "GK503",
                f"{year}年度报告使用了2021年格式（“{ctx.snippet(markers[0])}”）；2019、2020年度报告应使用2019年试行格式。",
                markers[0],
            )
