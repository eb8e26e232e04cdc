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
    # Content rules (GK6xx–GK9xx)
    previous: Path | None = None  # last year's report (`--previous`); None → look for it beside the file
    pair_previous: bool = True  # find last year's report of the same body in the same folder
    copy_threshold: float = 0.5  # GK804: share of copied sentences in a section that is reported
    government_suffixes: tuple[str, ...] = ()  # extra body-name endings that count as 人民政府 (街道办事处)
    # GK901: publication deadlines as "MM-DD" of the following year, per kind of body
    deadline_department: str = "01-31"
    deadline_government: str = "03-31"
    config_path: Path | None = None
    root: Path | None = None  # folder globs are relative to
    extra: Mapping[str, object] = MappingProxyType({})
