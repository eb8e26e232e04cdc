"""Output formats for lint results: human text (with carets), JSON, statistics.

Every format takes the same input: a list of `FileResult`s. Output modules
never import the engine, so they stay cheap to import and easy to test with
hand-made documents and diagnostics.
"""

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from gklint.diagnostics import Applicability, Diagnostic, Severity
from gklint.source.document import SourceDocument

# NamedTuples rather than dataclasses: importing `dataclasses` costs more start-up
# time than the whole lint of a short report.


class FileResult(NamedTuple):
    document: SourceDocument
    diagnostics: Sequence[Diagnostic] = ()


class Totals(NamedTuple):
    diagnostics: int
    by_severity: dict[Severity, int]
    files_checked: int
    files_with_problems: int
    fixable: int
    unsafe_fixes: int


def totals(results: list[FileResult]) -> Totals:
    by_severity: Counter[Severity] = Counter()
    fixable = unsafe = 0
    for result in results:
        for diag in result.diagnostics:
            by_severity[diag.severity] += 1
            if diag.fix is not None:
                fixable += 1
                if diag.fix.applicability is Applicability.UNSAFE:
                    unsafe += 1
    return Totals(
        diagnostics=sum(by_severity.values()),
        by_severity=dict(by_severity),
        files_checked=len(results),
        files_with_problems=sum(1 for r in results if r.diagnostics),
        fixable=fixable,
        unsafe_fixes=unsafe,
    )


__all__ = ["FileResult", "Totals", "totals"]
