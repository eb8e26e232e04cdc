"""The HTML audit report (`--format html`): content, escaping, self-containment."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from gklint.diagnostics import Span
from gklint.output.html_report import render_page
from gklint.output.review import context_of, file_view, highlight_segments, rule_counts
from helpers import CLEAN_2024, FIXTURES, SEED_2024, WARN_ONLY_2023, clean_text, fixture_text, lint

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "example-report.txt"


def _views(*texts: str) -> list[dict]:
    views = []
    for i, text in enumerate(texts):
        result = lint(text)
        result.document.display_name = f"r{i}.txt"
        views.append(file_view(result.document, result.report, result.diagnostics))
    return views


def test_summary_counts_and_verdicts() -> None:
    clean = clean_text()
    broken = EXAMPLE.read_text(encoding="utf-8")
    views = _views(clean, broken)
    assert views[0]["passed"] and views[0]["counts"] == {"info": 0, "warning": 0, "error": 0}
    assert not views[1]["passed"] and views[1]["counts"]["error"] >= 1
    assert views[1]["org"] == "巫溪县通城镇人民政府" and views[1]["year"] == 2024
    page = render_page(views, rule_counts(views))
    rows = re.findall(r"<tr data-org=.*?</tr>", page)
    assert len(rows) == 2
    assert "通过" in rows[0] and "不通过" in rows[1]
    # The worst problem of the broken report is an error and is named in its summary row.
    assert views[1]["worst"].split()[0] in rows[1]


def test_table_finding_marks_the_cell() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    view = _views(text)[0]
    table_findings = [f for f in view["findings"] if f["table"] is not None]
    assert table_findings, "the example has a broken sum in 表三"
    finding = table_findings[0]
    hits = [
        (row["label"], cell["text"])
        for block in finding["table"]["blocks"]
        for row in block["rows"]
        for cell in row["cells"]
        if cell["mark"] == "hit"
    ]
    assert len(hits) == 1
    label, value = hits[0]
    assert "总计" in label and value == "2"  # the （七）总计 cell the fix would change
    page = render_page([view], rule_counts([view]))
    assert '<td class="hit">2</td>' in page


def test_everything_from_the_report_is_escaped() -> None:
    # Markup in the sentence of a finding (the window year is wrong) and in the organisation's name.
    text = fixture_text(SEED_2024).replace(
        "本报告所列数据统计时限自2024年1月1日至2024年12月31日。",
        '<script>alert("x")</script>本报告所列数据统计时限自2023年1月1日至2023年12月31日。<img src=x onerror=alert(1)>',
        1,
    )
    views = _views(text)
    assert any(f["code"] == "GK203" for f in views[0]["findings"])
    views[0]["org"] = "通城镇<b>人民政府</b>"
    page = render_page(views, rule_counts(views))
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>人民" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "通城镇&lt;b&gt;人民政府&lt;/b&gt;" in page
    # Exactly one script element: gklint's own filter code.
    assert page.count("<script>") == 1


def test_self_contained() -> None:
    views = _views(EXAMPLE.read_text(encoding="utf-8"))
    page = render_page(views, rule_counts(views))
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "@media print" in page


def test_rule_counts_across_reports() -> None:
    broken = EXAMPLE.read_text(encoding="utf-8")
    views = _views(broken, broken)
    counts = {c["code"]: c for c in rule_counts(views)}
    assert counts["GK203"]["count"] == 2 and counts["GK203"]["files"] == 2


def test_context_cuts_at_sentence_ends() -> None:
    text = "第一句。本报告统计期限为2023年1月1日至2023年12月31日。下一句"
    start = text.index("2023")
    ctx = context_of(text, Span(start, start + 4))
    assert ctx == {"before": "本报告统计期限为", "hit": "2023", "after": "年1月1日至2023年12月31日。"}


def test_highlight_segments_cover_text_exactly() -> None:
    result = lint(EXAMPLE.read_text(encoding="utf-8"))
    segments = highlight_segments(result.document.text, result.diagnostics)
    assert "".join(s["text"] for s in segments) == result.document.text
    marked = {i for s in segments for i in s["ids"]}
    assert marked == set(range(len(result.diagnostics)))


def test_cli_writes_the_page_for_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "年报"
    folder.mkdir()
    for path in (CLEAN_2024, WARN_ONLY_2023):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "example.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "gklint", "--format", "html", str(folder)],
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr.decode()
    page = proc.stdout.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "共 3 份报告，1 份不通过" in page
    assert page.count('<section class="report"') == 3


def test_parallel_run_gives_the_same_page(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Enough files to fork workers: their views must come back intact and in order.
    for i in range(20):
        (tmp_path / f"{i:02d}.txt").write_text(
            (FIXTURES / SEED_2024).read_text(encoding="utf-8"), encoding="utf-8"
        )
    args = [sys.executable, "-m", "gklint", "--format", "html", str(tmp_path)]
    parallel = subprocess.run(args, capture_output=True, check=False).stdout
    sequential = subprocess.run(
        args, capture_output=True, check=False, env={**__import__("os").environ, "GKLINT_NO_PARALLEL": "1"}
    ).stdout
    strip = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d")  # the generation time
    assert strip.sub(b"", parallel) == strip.sub(b"", sequential)
    assert parallel.count(b'<section class="report"') == 20
