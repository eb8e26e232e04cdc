"""What every check receives, and the one way to build a diagnostic."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from gklint.diagnostics import Diagnostic, Fix, Related, Span
from gklint.model.normalize import fold_chars
from gklint.model.report import Report
from gklint.ruledata import RuleInfo, Template
from gklint.source.document import SourceDocument


@dataclass
class CheckContext:
    doc: SourceDocument
    report: Report
    template: Template
    rules: dict[str, RuleInfo]

    @property
    def text(self) -> str:
        return self.doc.text

    @cached_property
    def folded(self) -> str:
        """`fold_chars(text)`: same length, so offsets carry over."""
        return fold_chars(self.doc.text)

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
