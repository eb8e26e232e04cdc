"""Text the editor shows: rule links and hover Markdown."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache

from gklint.diagnostics import Diagnostic
from gklint.ruledata import RuleInfo, catalog
from gklint.ruledocs import RULE_DOC_BASE, rule_doc_file


@cache
def _page_uri(rule: RuleInfo) -> str | None:
    path = rule_doc_file(rule)  # disk I/O: once per rule per server process
    return path.as_uri() if path is not None else None


def rule_url(code: str, rules: Mapping[str, RuleInfo] | None = None) -> str:
    """A link to the rule's page: the Markdown file in gklint's cache, which opens offline in any editor."""
    rule = (rules if rules is not None else catalog()).get(code)
    uri = _page_uri(rule) if rule is not None else None
    return uri or f"{RULE_DOC_BASE}{code}.html"


def _expected_actual(diag: Diagnostic) -> str:
    expected, actual = diag.data.get("expected"), diag.data.get("actual")
    if expected is None and actual is None:
        return ""
    # The message usually says this already; listing it separately helps when
    # it does not (and keeps the hover useful for rule-pack rules).
    parts = []
    if expected is not None:
        parts.append(f"应为：`{expected}`")
    if actual is not None:
        parts.append(f"实际：`{actual}`")
    return "；".join(parts)


def _demote(doc: str) -> str:
    """Rule docs use "##" section headings; in a small hover they would shout."""
    return "\n".join(f"###{line}" if line.startswith("#") else line for line in doc.splitlines())


def hover_markdown(
    diagnostics: Iterable[Diagnostic],
    rules: Mapping[str, RuleInfo],
    link: Callable[[str], str] | None = None,
) -> str:
    """The hover for `diagnostics`; `link(code)` gives the rule page's address (the web service has its own)."""
    link = link or (lambda code: rule_url(code, rules))
    blocks = []
    for diag in diagnostics:
        rule = rules.get(diag.code)
        name = diag.name or (rule.name if rule else "")
        lines = [
            f"**{diag.code}** `{name}` · {diag.severity.chinese} — [规则说明]({link(diag.code)})",
            "",
            diag.message,
        ]
        facts = _expected_actual(diag)
        if facts:
            lines += ["", facts]
        if diag.fix is not None:
            lines += ["", f"可用修复：{diag.fix.message}"]
        if rule is not None and rule.doc:
            lines += ["", _demote(rule.doc)]
        blocks.append("\n".join(lines))
    return "\n\n---\n\n".join(blocks)
