"""Shared test helpers: lint text in-process and locate diagnostics."""

from __future__ import annotations

from pathlib import Path

from gklint.diagnostics import Diagnostic
from gklint.engine import LintResult, lint_text
from gklint.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_2024 = "000_89fc474536e2e148.txt"  # 巫溪县通城镇, 2021 format, cell-per-line " |" layout
SEED_2020 = "001_76c8ceb17d7780b8.txt"  # 次邱镇, 2019 format, tab + blank-line layout
SEED_2023 = "002_19a6864ec5ce9982.txt"  # 余关镇, tab-separated rows
SEED_2022 = "003_7d769ae862f72051.txt"  # 九龙坡区政府办, cell-per-line " |"
SEED_2019 = "004_1818abdbb8b09ee2.txt"  # 沅江市, one cell per line with blank lines


# Seeds 000 and 002 plus what the content rules (GK7xx) ask for: "no findings" and "one GK201 warning".
CLEAN_2024 = Path(__file__).parent / "data" / "clean-report-2024.txt"
WARN_ONLY_2023 = Path(__file__).parent / "data" / "warn-only-2023.txt"


def clean_text() -> str:
    return CLEAN_2024.read_text(encoding="utf-8")


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def lint(text: str, **settings: object) -> LintResult:
    return lint_text(text, settings=Settings(**settings))  # type: ignore[arg-type]


def codes(text: str, **settings: object) -> list[str]:
    return [d.code for d in lint(text, **settings).diagnostics]


def line_no(text: str, diag: Diagnostic) -> int:
    """1-based line of the diagnostic's start."""
    return text.count("\n", 0, diag.span.start) + 1


def find_line(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based number of the line containing the n-th occurrence of `needle`."""
    pos = -1
    for _ in range(occurrence):
        pos = text.index(needle, pos + 1)
    return text.count("\n", 0, pos) + 1


def replace_line(text: str, line: int, new: str) -> str:
    lines = text.split("\n")
    lines[line - 1] = new
    return "\n".join(lines)


def only(result: LintResult, code: str) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.code == code]
