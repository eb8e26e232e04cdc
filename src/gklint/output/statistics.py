"""``--statistics``: how often each rule fired, most frequent first."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, NamedTuple

from gklint.output import FileResult
from gklint.output.text import Style, display_width, summary

if TYPE_CHECKING:
    from gklint.ruledata import RuleInfo


class RuleCount(NamedTuple):
    code: str
    name: str
    summary: str
    occurrences: int
    fixable: int


def collect(results: list[FileResult], rules: dict[str, RuleInfo]) -> list[RuleCount]:
    counts: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for result in results:
        for diag in result.diagnostics:
            entry = counts.setdefault(diag.code, [0, 0])
            entry[0] += 1
            entry[1] += diag.fix is not None
            names.setdefault(diag.code, diag.name)
    out = []
    for code, (count, fixable) in counts.items():
        rule = rules.get(code)
        out.append(
            RuleCount(
                code=code,
                name=rule.name if rule else names[code],
                summary=rule.summary if rule else "",
                occurrences=count,
                fixable=fixable,
            )
        )
    out.sort(key=lambda r: (-r.occurrences, r.code))
    return out


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def render_text(
    results: list[FileResult],
    rules: dict[str, RuleInfo],
    style: Style | None = None,
    *,
    show_summary: bool = True,
) -> str:
    style = style or Style()
    stats = collect(results, rules)
    if not stats:
        return summary(results) + "\n" if show_summary else ""
    count_w = max(len("数量"), *(len(str(s.occurrences)) for s in stats))
    code_w = max(4, *(len(s.code) for s in stats))
    name_w = max(4, *(len(s.name) for s in stats))
    header = (
        f"{_pad('数量', count_w + 2)}  {_pad('代码', code_w)}  {_pad('', 3)} {_pad('名称', name_w)}  说明"
    )
    lines = [style.bold(header)]
    for s in stats:
        marker = "[*]" if s.fixable else "   "
        lines.append(
            f"{str(s.occurrences).rjust(count_w + 2)}  {s.code.ljust(code_w)}  {marker} {s.name.ljust(name_w)}  {s.summary}"
        )
    if any(s.fixable for s in stats):
        lines.append("（[*] 表示有自动修复）")
    if show_summary:
        lines += ["", summary(results)]
    return "\n".join(lines) + "\n"


def render_json(results: list[FileResult], rules: dict[str, RuleInfo]) -> str:
    items = [
        {"code": s.code, "name": s.name, "summary": s.summary, "count": s.occurrences, "fixable": s.fixable}
        for s in collect(results, rules)
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
