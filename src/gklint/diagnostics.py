"""Diagnostics and fixes: plain data produced by checks, consumed by outputs.

Locations are `Span`s of code-point offsets into `SourceDocument.text`; fixes
are edits on that same text, so they apply to the original file unchanged.
"""

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def chinese(self) -> str:
        return {Severity.INFO: "提示", Severity.WARNING: "警告", Severity.ERROR: "错误"}[self]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"未知的严重级别 {value!r}（可选 error、warning、info）") from None


class Span(NamedTuple):
    """[start, end) in code points of the decoded text. A tuple: cells create tens of thousands."""

    start: int
    end: int


class Applicability(enum.Enum):
    SAFE = "safe"  # mechanical: applying it cannot change what the report says
    UNSAFE = "unsafe"  # changes a number or meaning: offered, never applied by default


class Edit(NamedTuple):
    """Replace `span` of the original text with `content`."""

    span: Span
    content: str


class Fix(NamedTuple):
    """A set of edits that resolves one diagnostic, and how safe it is to apply."""

    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability


class Related(NamedTuple):
    """Another place that explains a diagnostic (e.g. the other cells of a broken sum)."""

    span: Span
    message: str


class Diagnostic(NamedTuple):
    """One problem found in a report: rule, place, Chinese message, optional fix."""

    code: str
    message: str
    span: Span
    severity: Severity
    name: str = ""
    category: str = ""
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    # Machine-readable facts for hover and integrations (expected/actual etc.).
    data: Mapping[str, object] = MappingProxyType({})

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.span.start, self.span.end, self.code)
