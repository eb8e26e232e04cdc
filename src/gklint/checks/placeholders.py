"""GK008: placeholder text such as 【请填写：联系电话】 still in the report.

`gklint init` writes every part the clerk must supply as 【请填写：…】; hand-made
templates use 【待填写…】 and similar. The markers are data (rules/template.toml
``[placeholder]``). Only text in 【】 that starts with a marker counts, so a
report quoting 请填写 in running text is not flagged (precision first).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from gklint.checks.context import CheckContext
from gklint.diagnostics import Diagnostic, Span
from gklint.regexcache import compile_re


@cache
def _pattern(markers: tuple[str, ...]) -> re.Pattern[str] | None:
    if not markers:
        return None
    return compile_re("【(?:" + "|".join(map(re.escape, markers)) + r")[^】\n]{0,200}】")


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    pattern = _pattern(ctx.template.placeholder_markers)
    if pattern is None:
        return
    for match in pattern.finditer(ctx.doc.text):
        yield ctx.diagnostic(
            "GK008",
            f"占位文字“{match.group()}”尚未替换为实际内容。",
            Span(match.start(), match.end()),
        )
