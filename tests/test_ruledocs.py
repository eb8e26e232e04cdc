"""Rule pages: the Markdown text and the file the language server links to."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.ruledata import catalog
from gklint.ruledocs import rule_doc_file, rule_markdown


def test_markdown_page_has_the_metadata_and_the_doc() -> None:
    page = rule_markdown(catalog()["GK301"])
    assert page.startswith("# GK301 applications-balance\n")
    assert "- 类别：table-sum" in page and "- 默认级别：错误（error）" in page
    assert "## 检查什么" in page


def test_page_file_is_written_once_and_refreshed_when_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GKLINT_NO_CACHE", raising=False)
    rule = catalog()["GK203"]
    path = rule_doc_file(rule)
    assert path is not None and path.read_text(encoding="utf-8") == rule_markdown(rule)
    path.write_text("stale", encoding="utf-8")
    assert rule_doc_file(rule) == path and path.read_text(encoding="utf-8") == rule_markdown(rule)


def test_no_page_when_caching_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKLINT_NO_CACHE", "1")
    assert rule_doc_file(catalog()["GK101"]) is None
