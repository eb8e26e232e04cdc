"""SARIF 2.1.0 output (``--format sarif``) for GitHub code scanning and other SARIF viewers.

One run, tool ``gklint``. Choices worth knowing:

- ``tool.driver.rules``: every rule that was run (built-in and rule packs),
  with the Chinese summary as short description, the Chinese rule page as
  ``help`` (text and Markdown) and ``helpUri`` = ``RULE_DOC_BASE + CODE + ".html"``
  for built-in rules (rule packs have no public page, so no helpUri).
- ``columnKind`` is ``unicodeCodePoints``: lines and columns are 1-based and
  count code points of the decoded text, exactly as the JSON output does.
  End positions are exclusive (``endColumn`` is just past the last character).
- Artifact URIs are the paths as given on the command line, relative ones
  resolved against ``%SRCROOT%`` (the working directory), percent-encoded.
  For a Word/PDF/web input the path is the original file's; lines and columns
  of the extracted text would mean nothing there, so such a location has no
  ``region`` and says where it is in words ("第12段", "第三部分表格第5行第3列")
  in its ``message``, and fixes (edits on the extracted text) are left out.
- ``relatedLocations`` carries the other cells of a broken sum;
  ``fixes`` carries the fix as ``artifactChanges``/``replacements``;
  ``partialFingerprints["gklintContext/v1"]`` is `gklint.baseline`'s
  line-independent fingerprint.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gklint.baseline import fingerprints
from gklint.diagnostics import Diagnostic, Severity, Span
from gklint.output import FileResult
from gklint.ruledata import RuleInfo
from gklint.ruledocs import RULE_DOC_BASE, rule_markdown
from gklint.source.document import SourceDocument

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "gklintContext/v1"
SRCROOT = "%SRCROOT%"
INFORMATION_URI = "https://gklint.readthedocs.io/zh/latest/"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _region(doc: SourceDocument, span: Span) -> dict[str, int]:
    start, end = doc.position(span.start), doc.position(span.end)
    return {
        "startLine": start.line + 1,
        "startColumn": start.column + 1,
        "endLine": end.line + 1,
        "endColumn": end.column + 1,
    }


def _artifact(doc: SourceDocument) -> dict[str, str]:
    path = Path(doc.display_name)
    if doc.display_name == "-":
        return {"uri": "stdin"}
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix()), "uriBaseId": SRCROOT}


def _extracted(doc: SourceDocument) -> bool:
    """Text extracted from Word/HTML/PDF: its line numbers are not the file's."""
    return doc.source_format != "text"


def _location(
    doc: SourceDocument, span: Span, message: str | None = None, ident: int | None = None
) -> dict[str, Any]:
    loc: dict[str, Any] = {}
    if ident is not None:
        loc["id"] = ident
    if _extracted(doc):
        loc["physicalLocation"] = {"artifactLocation": _artifact(doc)}
        place = doc.describe_origin(span.start)
        if place:
            message = f"{place}：{message}" if message else place
    else:
        loc["physicalLocation"] = {"artifactLocation": _artifact(doc), "region": _region(doc, span)}
    if message is not None:
        loc["message"] = {"text": message}
    return loc


def _rule(rule: RuleInfo) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule_markdown(rule), "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"category": rule.category, "origin": rule.origin},
    }
    if rule.origin == "gklint":
        out["helpUri"] = f"{RULE_DOC_BASE}{rule.code}.html"
    return out


def _result(doc: SourceDocument, diag: Diagnostic, index: int | None, fingerprint: str) -> dict[str, Any]:
    out: dict[str, Any] = {"ruleId": diag.code}
    if index is not None:
        out["ruleIndex"] = index
    out["level"] = _LEVEL[diag.severity]
    out["message"] = {"text": diag.message}
    out["locations"] = [_location(doc, diag.span)]
    if diag.related:
        out["relatedLocations"] = [
            _location(doc, rel.span, rel.message, ident=i) for i, rel in enumerate(diag.related, start=1)
        ]
    if diag.fix is not None and diag.fix.edits and not _extracted(doc):
        out["fixes"] = [
            {
                "description": {"text": diag.fix.message},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact(doc),
                        "replacements": [
                            {
                                "deletedRegion": _region(doc, edit.span),
                                "insertedContent": {"text": edit.content},
                            }
                            for edit in diag.fix.edits
                        ],
                    }
                ],
            }
        ]
    out["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    out["properties"] = {
        "name": diag.name,
        "category": diag.category,
        **({"fixApplicability": diag.fix.applicability.value} if diag.fix is not None else {}),
    }
    return out


def sarif_log(results: list[FileResult], rules: Mapping[str, RuleInfo], version: str) -> dict[str, Any]:
    ordered = sorted(rules.values(), key=lambda r: r.code)
    index = {rule.code: i for i, rule in enumerate(ordered)}
    sarif_results = []
    for result in results:
        prints = fingerprints(result.document, result.diagnostics)
        for diag, fp in zip(result.diagnostics, prints, strict=True):
            sarif_results.append(_result(result.document, diag, index.get(diag.code), fp))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "gklint",
                "version": version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rule) for rule in ordered],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(results: list[FileResult], rules: Mapping[str, RuleInfo]) -> str:
    from gklint import __version__

    return json.dumps(sarif_log(results, rules, __version__), ensure_ascii=False, indent=2) + "\n"
