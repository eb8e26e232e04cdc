"""What the code actions do, as plain data; server.py turns it into LSP types.

Fix edits are spans of the text that was linted, so callers must only use
them against that same document version.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gklint.diagnostics import Applicability, Diagnostic, Edit, Fix
from gklint.fix import apply_edits as apply_edits  # re-exported: one edit-application for CLI and LSP
from gklint.fix import select_edits

FIX_ALL_KIND = "source.fixAll.gklint"
IGNORE_COMMAND = "gklint.ignoreInFile"
UNSAFE_SUFFIX = "（不安全修复，请核实）"
CONFIG_NAME = "gklint.toml"  # what gklint.config looks for first


def fix_title(diag: Diagnostic, fix: Fix) -> str:
    title = f"{fix.message}（{diag.code}）"
    if fix.applicability is Applicability.UNSAFE:
        title += UNSAFE_SUFFIX
    return title


def ignore_title(code: str) -> str:
    return f"在此文件中忽略 {code}"


FIX_ALL_TITLE = "gklint：应用全部安全修复"


def safe_fix_edits(diagnostics: Iterable[Diagnostic]) -> list[Edit]:
    """Edits of every safe fix that can be applied together (the same choice as `gklint --fix`)."""
    return select_edits(diagnostics)


@dataclass(frozen=True)
class IgnoreTarget:
    config_path: Path  # existing config to edit, or gklint.toml to create
    relative_glob: str  # the document, relative to the config's folder, glob-escaped


def _contains(folder: Path, path: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def ignore_target(doc_path: Path, config_path: Path | None, workspace_roots: Iterable[Path]) -> IgnoreTarget:
    """Where "在此文件中忽略" writes: the config that already governs the file,
    else a new gklint.toml in the innermost workspace folder holding it, else
    next to the file (a report opened on its own, outside any folder)."""
    doc_path = doc_path.resolve()
    if config_path is None:
        holders = [root.resolve() for root in workspace_roots if _contains(root.resolve(), doc_path)]
        folder = max(holders, key=lambda p: len(p.parts)) if holders else doc_path.parent
        config_path = folder / CONFIG_NAME
    base = config_path.resolve().parent
    try:
        rel = doc_path.relative_to(base).as_posix()
    except ValueError:
        rel = doc_path.name
    # A file called "报告[修订].txt" must not turn into a character class.
    return IgnoreTarget(config_path, glob.escape(rel))
