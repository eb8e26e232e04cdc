"""The lint pipeline: document → report model → checks → selected diagnostics.

This is the single entry point the CLI and the language server share.
"""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from gklint.checks import (
    encoding,
    outdated,
    placeholders,
    sections,
    source_notes,
    table_structure,
    table_sum,
    title,
    window,
)
from gklint.checks.context import CheckContext
from gklint.diagnostics import Diagnostic
from gklint.model.build import parse_report
from gklint.model.report import Report
from gklint.ruledata import RuleInfo, catalog, template
from gklint.selection import effective_severity, is_enabled
from gklint.settings import Settings
from gklint.source.document import SourceDocument

Check = Callable[[CheckContext], Iterable[Diagnostic]]

BUILTIN_CHECKS: tuple[Check, ...] = (
    encoding.check,
    title.check,
    sections.check,
    window.check,
    table_sum.check,
    table_structure.check,
    outdated.check,
    placeholders.check,
    source_notes.check,
)


class LintResult(NamedTuple):
    """What one lint run produced: the document, its model and the selected diagnostics."""

    document: SourceDocument
    report: Report
    diagnostics: list[Diagnostic]


def _rules_and_checks(settings: Settings) -> tuple[dict[str, RuleInfo], tuple[Check, ...]]:
    if not settings.rule_packs:
        return catalog(), BUILTIN_CHECKS
    from gklint.checks import phrases  # imports `regex` only when a pack is configured

    pack = phrases.load_packs(settings.rule_packs, catalog())
    return {**catalog(), **pack.rules}, (*BUILTIN_CHECKS, pack.check)


def lint_document(doc: SourceDocument, settings: Settings | None = None) -> LintResult:
    settings = settings or Settings()
    rules, checks = _rules_and_checks(settings)
    if not doc.text.strip():
        checks = (encoding.check, title.empty_document, source_notes.check)
    report = parse_report(doc.text, year_override=settings.year)
    ctx = CheckContext(doc=doc, report=report, template=template(), rules=rules)
    diagnostics: list[Diagnostic] = []
    enabled: dict[str, bool] = {}
    for check in checks:
        for diag in check(ctx):
            rule = rules[diag.code]
            if diag.code not in enabled:
                enabled[diag.code] = is_enabled(rule, settings, doc.path)
            if not enabled[diag.code]:
                continue
            severity = effective_severity(rule, settings)
            diagnostics.append(diag if severity == diag.severity else diag._replace(severity=severity))
    diagnostics.sort(key=lambda d: d.sort_key)
    return LintResult(doc, report, diagnostics)


def lint_text(text: str, path: Path | None = None, settings: Settings | None = None) -> LintResult:
    return lint_document(SourceDocument(text, path=path), settings)
