"""Load the rule data shipped in rules/*.toml into typed, immutable objects.

In an installed wheel the TOML files live in the package (gklint/rules/); in a
source checkout they are read from the repository's top-level rules/ folder.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from gklint.diagnostics import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def rules_dir() -> Path:
    packaged = Path(__file__).with_name("rules")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def load_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


@cache
def _builtin(name: str) -> dict[str, Any]:
    return load_toml(rules_dir() / name)


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    category: str
    severity: Severity
    summary: str
    doc: str
    origin: str = "gklint"  # or the path of the user rule pack that defined it


@cache
def catalog() -> dict[str, RuleInfo]:
    rules = {}
    for raw in _builtin("catalog.toml")["rule"]:
        info = RuleInfo(
            code=raw["code"],
            name=raw["name"],
            category=raw["category"],
            severity=Severity.parse(raw["severity"]),
            summary=raw["summary"],
            doc=raw["doc"].strip(),
        )
        rules[info.code] = info
    return rules


# --- the template ----------------------------------------------------------


@dataclass(frozen=True)
class SectionSpec:
    number: int
    title: str
    aliases: tuple[str, ...]
    variants: tuple[str, ...]
    stale: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class StaleHeading:
    text: str
    note: str


@dataclass(frozen=True)
class ColumnSpec:
    id: str
    label: str
    kind: str  # "count", "signed", "amount"


@dataclass(frozen=True)
class RowSpec:
    id: str
    label: str
    group: bool = False


@dataclass(frozen=True)
class BlockSpec:
    """One 第二十条 sub-table of section 二."""

    caption: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]


@dataclass(frozen=True)
class Relation:
    id: str
    code: str
    over: str  # "column": the equation holds in every column; "row": in every row
    left: tuple[str, ...]
    right: tuple[str, ...]
    target: str
    fixable: bool
    statement: str


@dataclass(frozen=True, eq=False)
class TableSchema:
    key: str
    schema: str
    version: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]
    blocks: tuple[BlockSpec, ...]
    relations: tuple[Relation, ...]

    @cached_property
    def _columns_by_id(self) -> dict[str, ColumnSpec]:
        found = {col.id: col for block in self.blocks for col in block.columns}
        found.update({col.id: col for col in self.columns})
        return found

    def column(self, column_id: str) -> ColumnSpec:
        return self._columns_by_id[column_id]

    def row_label(self, row_id: str) -> str:
        for row in self.rows:
            if row.id == row_id:
                return row.label
        for block in self.blocks:
            for row in block.rows:
                if row.id == row_id:
                    return row.label
        raise KeyError(row_id)


@dataclass(frozen=True)
class OutdatedLabel:
    pattern: str
    label: str
    replacement: str
    applicability: str
    note: str


@dataclass(frozen=True, eq=False)  # identity hash: derived lookups are cached per template
class Template:
    first_year_2021_format: int
    first_supported_year: int
    sections: tuple[SectionSpec, ...]
    stale_headings: tuple[StaleHeading, ...]
    table_row_headings: tuple[str, ...]
    window_phrases: tuple[str, ...]
    tables: tuple[TableSchema, ...]
    outdated: tuple[OutdatedLabel, ...]
    markers: dict[str, tuple[str, ...]]

    def section(self, number: int) -> SectionSpec:
        return self.sections[number - 1]

    def schemas(self, key: str) -> tuple[TableSchema, ...]:
        return tuple(t for t in self.tables if t.key == key)

    def schema(self, name: str) -> TableSchema:
        for table in self.tables:
            if table.schema == name:
                return table
        raise KeyError(name)


def _columns(raw: list[dict[str, Any]]) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(c["id"], c["label"], c.get("kind", "count")) for c in raw)


def _rows(raw: list[dict[str, Any]]) -> tuple[RowSpec, ...]:
    return tuple(RowSpec(r["id"], r["label"], bool(r.get("group", False))) for r in raw)


def _table(raw: dict[str, Any]) -> TableSchema:
    return TableSchema(
        key=raw["key"],
        schema=raw["schema"],
        version=raw["version"],
        columns=_columns(raw.get("columns", [])),
        rows=_rows(raw.get("rows", [])),
        blocks=tuple(
            BlockSpec(b["caption"], _columns(b["columns"]), _rows(b["rows"])) for b in raw.get("block", [])
        ),
        relations=tuple(
            Relation(
                id=r["id"],
                code=r["code"],
                over=r["over"],
                left=tuple(r["left"]),
                right=tuple(r["right"]),
                target=r["target"],
                fixable=bool(r["fixable"]),
                statement=r["statement"],
            )
            for r in raw.get("relation", [])
        ),
    )


@cache
def template() -> Template:
    raw = _builtin("template.toml")
    return Template(
        first_year_2021_format=raw["first_year_2021_format"],
        first_supported_year=raw["first_supported_year"],
        sections=tuple(
            SectionSpec(
                number=s["number"],
                title=s["title"],
                aliases=tuple(s["aliases"]),
                variants=tuple(s["variants"]),
                stale=tuple(s["stale"]),
                keywords=tuple(s["keywords"]),
            )
            for s in raw["section"]
        ),
        stale_headings=tuple(StaleHeading(h["text"], h["note"]) for h in raw["stale_heading"]),
        table_row_headings=tuple(raw["table_row_headings"]),
        window_phrases=tuple(raw["window"]["phrases"]),
        tables=tuple(_table(t) for t in raw["table"]),
        outdated=tuple(
            OutdatedLabel(
                pattern=o["pattern"],
                label=o["label"],
                replacement=o.get("replacement", ""),
                applicability=o.get("applicability", "unsafe"),
                note=o["note"],
            )
            for o in raw["outdated"]
        ),
        markers={k: tuple(v) for k, v in raw["markers"].items()},
    )
