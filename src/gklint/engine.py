"""The lint pipeline: document → report model → checks → selected diagnostics.

This is the single entry point the CLI and the language server share.
"""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from gklint.checks import (
    deadline,
    encoding,
    narrative_years,
    outdated,
    placeholders,
    previous_year,
    prose_tables,
    required_content,
    sections,
    source_notes,
    table_structure,
    table_sum,
    title,
    window,
)
from gklint.checks.context import CheckContext, PreviousReport
from gklint.diagnostics import Diagnostic
from gklint.model.build import parse_report
from gklint.model.report import Report
from gklint.ruledata import RuleInfo, catalog, template
from gklint.selection import effective_severity, is_enabled
from gklint.settings import Settings
from gklint.source.document import SourceDocument
from gklint.source.readers import ReadError

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
    prose_tables.check,
    required_content.check,
    narrative_years.check,
    previous_year.check,
    deadline.check,
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


def _previous(
    doc: SourceDocument, report: Report, settings: Settings, given: SourceDocument | None
) -> PreviousReport | None:
    """Last year's report: passed in, named in the settings (`--previous`), or found beside `doc`.

    A named file that cannot be read gives GK800 with the reader's message (the user asked
    for it); a candidate found by automatic pairing that cannot be read is simply not a pair.
    """
    from gklint import pairing  # only when a cross-year comparison is wanted

    if given is not None:
        return PreviousReport(given, parse_report(given.text, tables=given.tables))
    if settings.previous is not None:
        try:
            return pairing.load_previous(settings.previous)
        except ReadError as exc:
            empty = SourceDocument("", path=settings.previous)
            return PreviousReport(empty, parse_report(""), error=str(exc))
    if not settings.pair_previous or doc.path is None or report.year is None:
        return None
    found = pairing.find_previous(doc, report)
    if found is None:
        return None
    try:
        return pairing.load_found(found)
    except ReadError:
        return None


def lint_document(
    doc: SourceDocument, settings: Settings | None = None, *, previous: SourceDocument | None = None
) -> LintResult:
    """Lint one report. `previous` is last year's report of the same body, for the GK80x rules;
    without it, `settings.previous` or a report found beside `doc` (`settings.pair_previous`) is used."""
    settings = settings or Settings()
    rules, checks = _rules_and_checks(settings)
    if not doc.text.strip():
        checks = (encoding.check, title.empty_document, source_notes.check)
    report = parse_report(doc.text, year_override=settings.year, tables=doc.tables)
    last_year = _previous(doc, report, settings, previous) if doc.text.strip() else None
    ctx = CheckContext(
        doc=doc, report=report, template=template(), rules=rules, settings=settings, previous=last_year
    )
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
