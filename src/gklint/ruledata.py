"""Load the rule data shipped in rules/*.toml into typed, immutable objects.

In an installed wheel the TOML files live in the package (gklint/rules/); in a
source checkout they are read from the repository's top-level rules/ folder.
"""

from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from gklint import __version__
from gklint.cachefile import cache_dir, read_marshal, write_marshal
from gklint.diagnostics import Severity


def rules_dir() -> Path:
    packaged = Path(__file__).with_name("rules")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a UTF-8 TOML file; raises OSError, UnicodeDecodeError or ValueError (invalid TOML)."""
    from gklint._tomledit import loads

    return loads(path.read_bytes().decode("utf-8"))


@cache
def _builtin(name: str) -> dict[str, Any]:
    """Parsed rules/<name>, via a marshal cache keyed on size, mtime and version.

    Parsing the TOML with the pure-Python tomllib costs more than linting a
    report, and the CLI starts once per run; the cache makes start-up cheap.
    A stale, corrupt or unwritable cache only costs a re-parse.
    """
    path = rules_dir() / name
    folder = cache_dir()
    if folder is None:
        return load_toml(path)
    stat = path.stat()
    cached = folder / f"{name}.{__version__}.{stat.st_size}.{stat.st_mtime_ns}.marshal"
    data = read_marshal(cached)
    if isinstance(data, dict):
        return data
    data = load_toml(path)
    write_marshal(cached, data)  # read-only home, odd paths: run without the cache
    return data


class RuleInfo(NamedTuple):
    """A rule from rules/catalog.toml (or a user rule pack)."""

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


class SectionSpec(NamedTuple):
    """One of the six template sections and the wordings that name it."""

    number: int
    title: str
    aliases: tuple[str, ...]
    variants: tuple[str, ...]
    stale: tuple[str, ...]
    keywords: tuple[str, ...]


class StaleHeading(NamedTuple):
    """A 2008-era heading with no counterpart among today's six sections."""

    text: str
    note: str


class ColumnSpec(NamedTuple):
    """A value column of a template table and the kind of number it holds."""

    id: str
    label: str
    kind: str  # "count", "signed", "amount"


class RowSpec(NamedTuple):
    """A row of a template table; group rows carry no values."""

    id: str
    label: str
    group: bool = False


class BlockSpec(NamedTuple):
    """One 第二十条 sub-table of section 二."""

    caption: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]


class Relation(NamedTuple):
    """An arithmetic relation (勾稽关系): sum(left) == sum(right) along rows or columns."""

    id: str
    code: str
    over: str  # "column": the equation holds in every column; "row": in every row
    left: tuple[str, ...]
    right: tuple[str, ...]
    target: str
    fixable: bool
    statement: str


class TableSchema(NamedTuple):
    """A template table: its rows, columns (or sub-table blocks) and relations."""

    key: str
    schema: str
    version: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]
    blocks: tuple[BlockSpec, ...]
    relations: tuple[Relation, ...]

    column_index: dict[str, ColumnSpec]
    row_labels: dict[str, str]

    def column(self, column_id: str) -> ColumnSpec:
        return self.column_index[column_id]

    def row_label(self, row_id: str) -> str:
        return self.row_labels[row_id]


class OutdatedLabel(NamedTuple):
    """A 2019-format label and what the 2021 format says instead."""

    pattern: str
    label: str
    replacement: str
    applicability: str
    note: str


class Template:
    """The whole national template as typed data (rules/template.toml).

    A plain class: hashed by identity, so lookups derived from it can be cached.
    """

    __slots__ = (
        "first_supported_year",
        "first_year_2021_format",
        "markers",
        "outdated",
        "placeholder_markers",
        "sections",
        "stale_headings",
        "table_row_headings",
        "tables",
        "window_phrases",
        "window_until",
        "window_weak",
    )

    def __init__(
        self,
        first_year_2021_format: int,
        first_supported_year: int,
        sections: tuple[SectionSpec, ...],
        stale_headings: tuple[StaleHeading, ...],
        table_row_headings: tuple[str, ...],
        window_phrases: tuple[str, ...],
        window_weak: tuple[str, ...],
        window_until: tuple[str, ...],
        tables: tuple[TableSchema, ...],
        outdated: tuple[OutdatedLabel, ...],
        markers: dict[str, tuple[str, ...]],
        placeholder_markers: tuple[str, ...] = (),
    ) -> None:
        self.first_year_2021_format = first_year_2021_format
        self.first_supported_year = first_supported_year
        self.sections = sections
        self.stale_headings = stale_headings
        self.table_row_headings = table_row_headings
        self.window_phrases = window_phrases
        self.window_weak = window_weak
        self.window_until = window_until
        self.tables = tables
        self.outdated = outdated
        self.markers = markers
        self.placeholder_markers = placeholder_markers  # 【请填写：…】 left by `gklint init` (GK008)

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
    columns = _columns(raw.get("columns", []))
    rows = _rows(raw.get("rows", []))
    blocks = tuple(
        BlockSpec(b["caption"], _columns(b["columns"]), _rows(b["rows"])) for b in raw.get("block", [])
    )
    all_columns = [col for block in blocks for col in block.columns] + list(columns)
    all_rows = [row for block in blocks for row in block.rows] + list(rows)
    return TableSchema(
        key=raw["key"],
        schema=raw["schema"],
        version=raw["version"],
        columns=columns,
        rows=rows,
        blocks=blocks,
        column_index={col.id: col for col in all_columns},
        row_labels={row.id: row.label for row in all_rows},
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
        window_weak=tuple(raw["window"]["weak"]),
        window_until=tuple(raw["window"]["until"]),
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
        placeholder_markers=tuple(raw.get("placeholder", {}).get("markers", ())),
    )


@cache
def content_rules() -> dict[str, Any]:
    """rules/content.toml: the words and patterns of the content rules (GK6xx–GK9xx)."""
    return _builtin("content.toml")
