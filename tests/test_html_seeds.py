"""Each seed report gives the same findings, on the same cells, as text and as its published web page.

The web page is rendered by tests/seed_html.py the way government CMSs publish a report (template tables
with merged header and label cells, page chrome around the article); the HTML reader must give the model
back exactly what the text gave it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.engine import lint_document, lint_text
from gklint.source.readers import read_bytes
from helpers import FIXTURES
from seed_html import render_html

SEEDS = sorted(p.name for p in FIXTURES.glob("0*.txt"))


def _cells(result: object) -> dict[str, dict[tuple[str, str], str]]:
    tables = result.report.tables  # type: ignore[attr-defined]
    return {key: {pos: cell.text for pos, cell in table.cells.items()} for key, table in tables.items()}


@pytest.mark.parametrize("name", SEEDS)
def test_text_and_web_page_give_the_same_findings(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    from_text = lint_text(text)
    # Published on 20 January after the report year: on time for every body, so the deadline
    # rule (GK901, which reads the page's 发布时间) adds nothing the text does not have.
    year = (from_text.report.year or 2024) + 1
    doc = read_bytes(render_html(text, published=f"{year}年01月20日").encode("utf-8"), Path("报告.html"))
    assert doc.source_format == "html"
    from_html = lint_document(doc)
    assert sorted((d.code, d.message) for d in from_html.diagnostics) == sorted(
        (d.code, d.message) for d in from_text.diagnostics
    )
    assert _cells(from_html) == _cells(from_text)  # every table cell, not only the ones with findings
    assert doc.meta["published"] == f"{year}-01-20"


def test_seed_findings_point_at_table_cells_on_the_page() -> None:
    text = (FIXTURES / "004_1818abdbb8b09ee2.txt").read_text(encoding="utf-8")
    html = render_html(text)
    doc = read_bytes(html.encode("utf-8"), Path("报告.html"))
    (unit,) = [d for d in lint_document(doc).diagnostics if d.code == "GK404"]
    origin = doc.origin.range(unit.span.start, unit.span.end)  # type: ignore[union-attr]
    assert origin is not None and origin.kind == "cell" and origin.table == 1  # the 表二 grid
    line = html.split("\n")[origin.line - 1]  # type: ignore[operator]
    assert line[origin.col - 1 :].startswith("59572.0308万元")  # type: ignore[operator]


def test_seed_page_mutation_points_at_the_changed_cell() -> None:
    text = (FIXTURES / "000_89fc474536e2e148.txt").read_text(encoding="utf-8")
    html = render_html(text)
    doc = read_bytes(html.encode("utf-8"), Path("报告.html"))
    granted = lint_document(doc).report.tables["s3"].cells[("r03", "C7")]  # （一）予以公开, 总计
    place = doc.origin.at(granted.span.start)  # type: ignore[union-attr]
    assert place is not None and place.line is not None and place.col is not None
    lines = html.split("\n")
    row = lines[place.line - 1]
    old = granted.text
    lines[place.line - 1] = row[: place.col - 1] + str(int(old) + 5) + row[place.col - 1 + len(old) :]
    mutated = read_bytes("\n".join(lines).encode("utf-8"), Path("报告.html"))
    findings = lint_document(mutated).diagnostics
    assert findings
    origins = {mutated.origin.range(d.span.start, d.span.end) for d in findings}  # type: ignore[union-attr]
    assert any(o and (o.row_label, o.column_label) == ("(一)予以公开", "总计") for o in origins)  # as written
    assert any(o and (o.line, o.col) == (place.line, place.col) for o in origins)
