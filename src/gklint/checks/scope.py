"""Which report years a family of checks applies to."""

from __future__ import annotations

from gklint.checks.context import CheckContext


def template_applies(ctx: CheckContext) -> bool:
    """False for reports before 2019: they predate the national format (GK003 says so)."""
    year = ctx.report.year
    return year is None or year >= ctx.template.first_supported_year


def uses_2021_format(ctx: CheckContext) -> bool:
    year = ctx.report.year
    return year is not None and year >= ctx.template.first_year_2021_format


def display_label(label: str) -> str:
    """Template labels are stored folded; show them with the template's full-width punctuation."""
    out = label.replace("(", "（").replace(")", "）").replace(",", "，").replace(":", "：")
    while '"' in out:
        out = out.replace('"', "“", 1).replace('"', "”", 1)
    return out
