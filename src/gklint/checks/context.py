"""What every check receives, and the one way to build a diagnostic."""

from __future__ import annotations

from gklint.diagnostics import Diagnostic, Fix, Related, Span
from gklint.model.normalize import fold_chars
from gklint.model.report import Report
from gklint.ruledata import RuleInfo, Template
from gklint.source.document import SourceDocument


class CheckContext:
    """The document, its parsed report and the rule data one check run sees."""

    __slots__ = ("_folded", "doc", "report", "rules", "template")

    def __init__(
        self, doc: SourceDocument, report: Report, template: Template, rules: dict[str, RuleInfo]
    ) -> None:
        self.doc = doc
        self.report = report
        self.template = template
        self.rules = rules
        self._folded: str | None = None

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def folded(self) -> str:
        """`fold_chars(text)`: same length, so offsets carry over (computed once)."""
        if self._folded is None:
            self._folded = fold_chars(self.doc.text)
        return self._folded

    def snippet(self, span: Span) -> str:
        return self.doc.text[span.start : span.end]

    def diagnostic(
        self,
        code: str,
        message: str,
        span: Span,
        *,
        fix: Fix | None = None,
        related: tuple[Related, ...] = (),
        data: dict[str, object] | None = None,
    ) -> Diagnostic:
        rule = self.rules[code]
        return Diagnostic(
            code=code,
            message=message,
            span=span,
            severity=rule.severity,
            name=rule.name,
            category=rule.category,
            fix=fix,
            related=related,
            data=data or {},
        )
