"""What every check receives, and the one way to build a diagnostic."""

from __future__ import annotations

from gklint.diagnostics import Diagnostic, Fix, Related, Span
from gklint.model.narrative import Sentence, split_sentences
from gklint.model.normalize import fold_chars
from gklint.model.report import Report
from gklint.ruledata import RuleInfo, Template
from gklint.settings import Settings
from gklint.source.document import SourceDocument


class PreviousReport:
    """Last year's report, parsed: its document (for quoting) and model."""

    __slots__ = ("doc", "error", "folded", "report")

    def __init__(self, doc: SourceDocument, report: Report, error: str = "") -> None:
        self.doc = doc
        self.report = report
        self.folded = fold_chars(doc.text)
        self.error = error  # why the named file could not be read (GK800 says so); "" when it was


class CheckContext:
    """The document, its parsed report and the rule data one check run sees."""

    __slots__ = ("_folded", "_sentences", "doc", "previous", "report", "rules", "settings", "template")

    def __init__(
        self,
        doc: SourceDocument,
        report: Report,
        template: Template,
        rules: dict[str, RuleInfo],
        settings: Settings | None = None,
        previous: PreviousReport | None = None,
    ) -> None:
        self.doc = doc
        self.report = report
        self.template = template
        self.rules = rules
        self.settings = settings or Settings()
        self.previous = previous  # last year's report, for the cross-year rules (GK80x)
        self._folded: str | None = None
        self._sentences: list[Sentence] | None = None

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def folded(self) -> str:
        """`fold_chars(text)`: same length, so offsets carry over (computed once)."""
        if self._folded is None:
            self._folded = fold_chars(self.doc.text)
        return self._folded

    @property
    def sentences(self) -> list[Sentence]:
        """The report's prose as sentences (computed once; shared by the content rules)."""
        if self._sentences is None:
            self._sentences = split_sentences(self.folded, self.report)
        return self._sentences

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
