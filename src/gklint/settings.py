"""Resolved settings for one lint run (what config files and flags decided).

Discovery and parsing of gklint.toml / [tool.gklint] live in gklint.config;
this module is only the plain result, so the engine and the language server
share one type.
"""

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from gklint.diagnostics import Severity


class Settings(NamedTuple):
    """The resolved options for linting one file."""

    # Selectors: a code ("GK301"), a code prefix ("GK3"), a rule name
    # ("applications-balance"), a category ("table-sum") or "ALL".
    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # glob (relative to the config file's folder) → selectors ignored there
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()  # selector → severity override
    rule_packs: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()  # extra globs the language server lints
    year: int | None = None
    config_path: Path | None = None
    root: Path | None = None  # folder globs are relative to
    extra: Mapping[str, object] = MappingProxyType({})
