"""Map row candidates onto the template's table schemas, cell by cell.

Rows are identified by their labels (exact after folding, else by order and
similarity), never by line number; section 四 has no row labels and maps by
position. Row candidates come from `grid_tables.table_rows`: a table the reader
recorded (Word, HTML, PDF) by its cells, any other text by `cells.row_candidates`.
Whatever does not fit becomes a `TableProblem`, so a table that cannot be checked
is reported instead of passing silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING

from gklint.diagnostics import Span
from gklint.model.cells import RawCell, RowCandidate, classify, fit_values
from gklint.model.grid_tables import blank_table, table_rows
from gklint.model.normalize import label_key, squeeze
from gklint.model.report import Cell, LabelRef, Table, TableProblem, TableStatus
from gklint.regexcache import compile_re
from gklint.ruledata import BlockSpec, ColumnSpec, RowSpec, TableSchema, Template

if TYPE_CHECKING:
    from difflib import SequenceMatcher

    from gklint.source.tables import SourceTable

_FUZZY_RATIO = 0.6
_CAPTION = compile_re(r"第二十条第?\(([一二三四五六七八九十]+)\)项")


def _cell(raw: RawCell) -> Cell:
    value = classify(raw.text)
    return Cell(text=raw.text, span=raw.span, kind=value.kind, value=value.value, unit=value.unit)


def _keys(candidate: RowCandidate) -> list[tuple[str, RawCell]]:
    """Label fragments to try, most specific (last) first."""
    return [(label_key(c.text), c) for c in reversed(candidate.labels)]


_NUMBERING = compile_re(r"^(?:[一二三四五六七八九十]+\.|\([一二三四五六七八九十]+\)|\d+\.)")


class _Labels:
    """Template row labels by exact key, and by their last two characters for suffix matches."""

    def __init__(self, keyed: list[tuple[str, RowSpec]]) -> None:
        self.exact: dict[str, RowSpec] = {}
        self.by_tail: dict[str, list[tuple[str, RowSpec]]] = {}
        unnumbered: dict[str, list[RowSpec]] = {}
        for key, row in keyed:
            self.exact.setdefault(key, row)
            if len(key) >= 4:
                self.by_tail.setdefault(key[-2:], []).append((key, row))
            bare = _NUMBERING.sub("", key)
            if bare != key and len(bare) >= 4:
                unnumbered.setdefault(bare, []).append(row)
        # "本年新收政府信息公开申请数量" with its "一、" left in a heading above the row (c006).
        self.unnumbered = {bare: rows[0] for bare, rows in unnumbered.items() if len(rows) == 1}

    def find(self, key: str) -> RowSpec | None:
        row = self.exact.get(key) or self.unnumbered.get(key)
        if row is not None:
            return row
        # "（三）不予公开1.属于国家秘密" written as one cell: the label is a suffix.
        for row_key, row in self.by_tail.get(key[-2:], ()):
            if key.endswith(row_key):
                return row
        return None


def _match_exact(candidate: RowCandidate, labels: _Labels) -> tuple[RowSpec, RawCell] | None:
    for key, cell in _keys(candidate):
        row = labels.find(key)
        if row is not None:
            return row, cell
    return None


def _match_fuzzy(
    candidate: RowCandidate, rows: list[tuple[str, RowSpec]], matchers: dict[str, SequenceMatcher[str]]
) -> tuple[RowSpec, RawCell] | None:
    best: tuple[float, RowSpec, RawCell] | None = None
    for key, cell in _keys(candidate):
        for row_key, row in rows:
            matcher = matchers.get(row_key)
            if matcher is None:  # difflib indexes the second sequence once per template label
                matcher = matchers[row_key] = _matcher(row_key)
            matcher.set_seq1(key)
            # Cheap upper bounds first: a long or unrelated fragment never reaches the
            # ratio, and difflib's full comparison is the expensive part of a big table.
            if matcher.real_quick_ratio() < _FUZZY_RATIO or matcher.quick_ratio() < _FUZZY_RATIO:
                continue
            ratio = matcher.ratio()
            if ratio >= _FUZZY_RATIO and (best is None or ratio > best[0]):
                best = (ratio, row, cell)
    return (best[1], best[2]) if best else None


def _matcher(row_key: str) -> SequenceMatcher[str]:
    import difflib  # only misspelt labels get here; most runs never need it

    return difflib.SequenceMatcher(None, b=row_key)


def _label_ref(cell: RawCell, row: RowSpec, exact: bool) -> LabelRef:
    return LabelRef(text=cell.text, span=cell.span, expected=row.label, exact=exact)


@cache
def _label_index(rows: tuple[RowSpec, ...]) -> tuple[list[tuple[str, RowSpec]], _Labels, dict[str, int]]:
    """Per template table, built once: keyed labels, their lookup index, row positions."""
    keyed = [(label_key(r.label), r) for r in rows]
    return keyed, _Labels(keyed), {row.id: i for i, row in enumerate(rows)}


class _RowMapper:
    """Assigns candidates to schema rows in reading order."""

    def __init__(self, rows: tuple[RowSpec, ...]) -> None:
        self.rows = rows
        self.keyed, self.labels, self.index = _label_index(rows)
        self.position = 0  # index in `rows` after the last matched row
        self.matchers: dict[str, SequenceMatcher[str]] = {}  # per call: difflib matchers are stateful

    def match(self, candidate: RowCandidate) -> tuple[RowSpec, RawCell, bool] | None:
        if not candidate.labels:
            return None
        found = _match_exact(candidate, self.labels)
        exact = True
        if found is None and any(not v.empty for v in candidate.values):
            # A misspelt label ("2.其他法律行政止公开") is taken only among the next few rows,
            # and only for a row that carries values (headers never need fuzzy matching).
            window = self.keyed[self.position : self.position + 3]
            found = _match_fuzzy(candidate, window, self.matchers)
            exact = False
        if found is None:
            return None
        row, cell = found
        self.position = self.index[row.id] + 1
        return row, cell, exact


def _problem(kind: str, span: Span, detail: str, row: str = "") -> TableProblem:
    return TableProblem(kind=kind, span=span, detail=detail, row=row)


def _blank(key: str, folded: str, region: Span, grids: Sequence[SourceTable]) -> Table | None:
    """A recorded table left blank (the template not filled in) is one problem, at the table: not a
    missing-row or value-count problem per blank row, which would say rows are missing that are there."""
    span = blank_table(folded, region, grids)
    if span is None:
        return None
    problem = _problem("blank", span, "表格中没有填写任何数字（空白表格）。")
    return Table(key=key, schema="", status=TableStatus.UNMAPPED, region=region, problems=[problem])


def _fill_row(
    table: Table,
    row_id: str,
    row_label: str,
    columns: tuple[ColumnSpec, ...],
    candidate: RowCandidate,
    anchor: Span,
) -> None:
    values = fit_values(candidate.values, len(columns))
    if len(values) != len(columns):
        filled = [v for v in values if not v.empty]
        span = Span(filled[0].span.start, filled[-1].span.end) if filled else anchor
        table.problems.append(
            _problem(
                "value-count",
                span,
                f"“{row_label}”一行应有 {len(columns)} 个数值，实际找到 {len(values)} 个，该行未参与勾稽关系检查。",
                row_id,
            )
        )
        return
    for column, raw in zip(columns, values, strict=True):
        table.cells[(row_id, column.id)] = _cell(raw)


def _status(table: Table, expected_rows: int, mapped_rows: int) -> TableStatus:
    if mapped_rows == 0:
        return TableStatus.UNMAPPED
    if mapped_rows == expected_rows and not table.problems:
        return TableStatus.MAPPED
    return TableStatus.PARTIAL if mapped_rows * 2 >= expected_rows else TableStatus.UNMAPPED


# --- section 三 ---------------------------------------------------------------

_S3_2019_IDS = {"g3_6": "r21", "r24": "r22", "r25": "r23"}


def map_s3(
    text: str, folded: str, region: Span, template: Template, grids: Sequence[SourceTable] = ()
) -> Table:
    blank = _blank("s3", folded, region, grids)
    if blank is not None:
        return blank
    schema_2021 = template.schema("s3-2021")
    candidates = table_rows(folded, region, grids, schema_2021.columns)
    mapper = _RowMapper(schema_2021.rows)
    matched: dict[str, tuple[RowCandidate, RawCell, bool]] = {}
    unknown: list[RawCell] = []  # the last label of each row that fits no template row
    started = False
    for candidate in candidates:
        hit = mapper.match(candidate)
        if hit is None:
            if started and candidate.labels and any(not v.empty for v in candidate.values):
                unknown.append(candidate.labels[-1])
            continue
        spec, label_cell, label_exact = hit
        started = True
        earlier = matched.get(spec.id)
        if earlier is None or (
            # a heading naming the row above the row itself ("### 一、本年新收…" then its table)
            not any(not v.empty for v in earlier[0].values) and any(not v.empty for v in candidate.values)
        ):
            matched[spec.id] = (candidate, label_cell, label_exact)
    other = matched.get("g3_6")
    single_other_row = (
        other is not None
        and len(other[0].values) > 0
        and not any(r in matched for r in ("r21", "r22", "r23"))
    )
    if single_other_row:
        schema = template.schema("s3-2019")
        matched = {_S3_2019_IDS.get(k, k): v for k, v in matched.items()}
    else:
        schema = schema_2021
    if not matched:
        return _positional_s3(region, template, candidates)
    table = Table(key="s3", schema=schema.schema, status=TableStatus.MAPPED, region=region)
    value_rows = [r for r in schema.rows if not r.group]
    anchor = region
    for row in schema.rows:
        found = matched.get(row.id)
        if found is None:
            if not row.group:
                table.problems.append(
                    _problem(
                        "missing-row", Span(anchor.start, anchor.start), f"找不到“{row.label}”一行。", row.id
                    )
                )
            continue
        row_candidate, cell, exact = found
        anchor = cell.span
        table.labels[row.id] = _label_ref(cell, row, exact)
        if not row.group:
            _fill_row(table, row.id, row.label, schema.columns, row_candidate, cell.span)
    for label in unknown:
        table.problems.append(
            _problem("unknown-row", label.span, f"“{label.text}”无法对应到模板中的任何一行，该行未参与检查。")
        )
    mapped_rows = sum(1 for r in value_rows if all((r.id, c.id) in table.cells for c in schema.columns))
    table.status = _status(table, len(value_rows), mapped_rows)
    return table


def _positional_s3(region: Span, template: Template, candidates: Iterable[RowCandidate]) -> Table:
    """Labels lost in extraction: a bare 25×7 (2021) or 23×7 (2019) grid maps by position."""
    schemas = template.schemas("s3")
    largest = max(len([r for r in s.rows if not r.group]) * len(s.columns) for s in schemas)
    # One value more than the largest grid is enough to tell that none fits.
    values = list(islice((v for c in candidates for v in c.values if not v.empty), largest + 1))
    for schema in schemas:
        rows = [r for r in schema.rows if not r.group]
        if len(values) == len(rows) * len(schema.columns):
            table = Table(key="s3", schema=schema.schema, status=TableStatus.MAPPED, region=region)
            width = len(schema.columns)
            for i, row in enumerate(rows):
                for j, column in enumerate(schema.columns):
                    table.cells[(row.id, column.id)] = _cell(values[i * width + j])
            return table
    problem = _problem(
        "unmappable", Span(region.start, region.start), "找不到与模板对应的行标签或完整的数值网格。"
    )
    return Table(key="s3", schema="", status=TableStatus.UNMAPPED, region=region, problems=[problem])


# --- section 四 ---------------------------------------------------------------


def map_s4(
    text: str, folded: str, region: Span, template: Template, grids: Sequence[SourceTable] = ()
) -> Table:
    blank = _blank("s4", folded, region, grids)
    if blank is not None:
        return blank
    schema = template.schema("s4")
    width = len(schema.columns)
    candidates = table_rows(folded, region, grids, schema.columns)
    table = Table(key="s4", schema=schema.schema, status=TableStatus.MAPPED, region=region)
    chosen: list[RawCell] | None = None
    for candidate in candidates:
        fitted = fit_values(candidate.values, width)
        if len(fitted) == width and any(not v.empty for v in fitted):
            chosen = fitted
            break
    if chosen is None:
        numbers = list(islice((v for c in candidates for v in c.values if not v.empty), width + 1))
        if len(numbers) == width:
            chosen = numbers
    if chosen is None:
        found = max((len([v for v in c.values if not v.empty]) for c in candidates), default=0)
        table.status = TableStatus.UNMAPPED
        detail = (
            f"第四部分表格应有一行 {width} 个数值（行政复议5个、行政诉讼10个），实际最多找到 {found} 个。"
        )
        table.problems.append(_problem("unmappable", Span(region.start, region.start), detail))
        return table
    for column, raw in zip(schema.columns, chosen, strict=True):
        table.cells[("row", column.id)] = _cell(raw)
    return table


# --- section 二 ---------------------------------------------------------------


def _blocks(folded: str, region: Span) -> list[tuple[str, Span, Span]]:
    """(caption numeral, caption span, block span) for each 第二十条第（X）项 sub-table."""
    sq = squeeze(folded[region.start : region.end], base=region.start)
    found = [(m.group(1), Span(*sq.span_of(m.start(), m.end()))) for m in _CAPTION.finditer(sq.text)]
    blocks = []
    for i, (numeral, span) in enumerate(found):
        end = found[i + 1][1].start if i + 1 < len(found) else region.end
        blocks.append((numeral, span, Span(span.end, end)))
    return blocks


def _block_spec(numeral: str, schema: TableSchema) -> BlockSpec | None:
    caption = f"第二十条第({numeral})项"
    for block in schema.blocks:
        if block.caption == caption:
            return block
    return None


def map_s2(
    text: str, folded: str, region: Span, template: Template, version: str, grids: Sequence[SourceTable] = ()
) -> Table:
    blank = _blank("s2", folded, region, grids)
    if blank is not None:
        return blank
    schema = template.schema("s2-2019" if version == "2019" else "s2-2021")
    other = template.schema("s2-2021" if version == "2019" else "s2-2019")
    table = Table(key="s2", schema=schema.schema, status=TableStatus.MAPPED, region=region)
    blocks = _blocks(folded, region)
    if not blocks:
        table.status = TableStatus.UNMAPPED
        table.problems.append(
            _problem("no-table", Span(region.start, region.start), "找不到“第二十条第（一）项”等表格标题。")
        )
        return table
    expected_rows = sum(len(b.rows) for b in schema.blocks)
    mapped_rows = 0
    missing: list[tuple[str, Span, BlockSpec, set[str]]] = []  # blocks with rows not found under them
    for numeral, caption_span, block_span in blocks:
        spec = _block_spec(numeral, schema)
        if spec is None:
            if _block_spec(numeral, other) is None:
                detail = f"模板中没有第二十条第（{numeral}）项表格。"
                table.problems.append(_problem("unknown-block", caption_span, detail))
            # A block of the other format's table (第（九）项 in a 2021 report) is for the
            # outdated-template rules; its cells have no column in this schema.
            continue
        seen: set[str] = set()
        mapped_rows += _map_rows(table, spec, table_rows(folded, block_span, grids, spec.columns), seen)
        if len(seen) < len(spec.rows):
            missing.append((numeral, caption_span, spec, seen))
    in_region: dict[str, tuple[set[str], int]] = {}  # caption → rows found away from it, rows filled
    for numeral, caption_span, spec, seen in missing:
        # The rows may sit elsewhere in 二: a caption left alone and its table further down
        # (a PDF's text, then the same tables as Markdown under "## 表二…"). Row labels are
        # unique across the sub-tables, so a row found anywhere in the region is this one's.
        # The region is searched once per caption: a caption written again finds the same rows
        # (a search per occurrence was quadratic: 77 s for 52 KB of empty captions).
        if not seen:
            if spec.caption not in in_region:
                found: set[str] = set()
                rows = table_rows(folded, region, grids, spec.columns)
                filled = _map_rows(table, spec, rows, found, exact_width=True)
                in_region[spec.caption] = (found, filled)
            found, filled = in_region[spec.caption]
            seen.update(found)
            mapped_rows += filled
        for row in spec.rows:
            if row.id not in seen:
                table.problems.append(
                    _problem(
                        "missing-row",
                        caption_span,
                        f"第二十条第（{numeral}）项表格中找不到“{row.label}”一行。",
                        row.id,
                    )
                )
    table.status = _status(table, expected_rows, min(mapped_rows, expected_rows))
    return table


def _map_rows(
    table: Table,
    spec: BlockSpec,
    candidates: Iterable[RowCandidate],
    seen: set[str],
    *,
    exact_width: bool = False,
) -> int:
    """Map the candidates onto `spec`'s rows not yet `seen`; the number of rows filled completely.

    `exact_width`: take only rows with exactly one value per column (a row found away from its
    caption is trusted only when it fits; otherwise the row stays missing, GK401).
    """
    mapper = _RowMapper(spec.rows)
    mapped = 0
    for candidate in candidates:
        if exact_width and sum(not v.empty for v in candidate.values) != len(spec.columns):
            continue
        hit = mapper.match(candidate)
        if hit is None or hit[0].id in seen:
            continue
        row, cell, exact = hit
        seen.add(row.id)
        table.labels[row.id] = _label_ref(cell, row, exact)
        _fill_row(table, row.id, row.label, spec.columns, candidate, cell.span)
        if all((row.id, c.id) in table.cells for c in spec.columns):
            mapped += 1
    return mapped


def s2_region(folded: str, section_body: Span) -> Span:
    """Section 二's tables start at the first 第二十条 caption; prose before it is not table."""
    sq = squeeze(folded[section_body.start : section_body.end], base=section_body.start)
    match = _CAPTION.search(sq.text)
    if match is None:
        return section_body
    return Span(sq.span_of(match.start(), match.end())[0], section_body.end)
