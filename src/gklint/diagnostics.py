"""Diagnostics and fixes: plain data produced by checks, consumed by outputs.

Locations are `Span`s of code-point offsets into `SourceDocument.text`; fixes
are edits on that same text, so they apply to the original file unchanged.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
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
    def parse(cls, value: str) -> Severity:
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


@dataclass(frozen=True)
class Edit:
    span: Span
    content: str


@dataclass(frozen=True)
class Fix:
    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability


@dataclass(frozen=True)
class Related:
    span: Span
    message: str


@dataclass
class Diagnostic:
    code: str
    message: str
    span: Span
    severity: Severity
    name: str = ""
    category: str = ""
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    # Machine-readable facts for hover and integrations (expected/actual etc.).
    data: dict[str, object] = field(default_factory=dict)

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.span.start, self.span.end, self.code)
