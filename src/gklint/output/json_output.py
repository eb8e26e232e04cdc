"""JSON output (``--format json``): a stable contract for CI and other tools.

The document is a JSON array (UTF-8, non-ASCII characters written as is),
one object per diagnostic, in file order then position order. Each object
has exactly these keys::

    {
      "filename":     "报告/2024.txt",      # the path as given ("-" for stdin)
      "code":         "GK203",
      "name":         "statistics-window-year",
      "category":     "statistics-window",
      "severity":     "error",              # "error" | "warning" | "info" (after config overrides)
      "message":      "…",                   # Chinese
      "location":     {"row": 5, "column": 62},
      "end_location": {"row": 5, "column": 66},
      "fix":          null | {
          "applicability": "safe" | "unsafe",
          "message": "…",
          "edits": [{"content": "2024", "location": {…}, "end_location": {…}}]
      },
      "related":      [{"message": "…", "location": {…}, "end_location": {…}}]
    }

For a Word, web-page or PDF input (a document with an origin map) each
diagnostic and each related entry also has an ``"origin"`` object: where the
place is in the original file, e.g. ``{"kind": "cell", "table": 3, "row": 5,
"column": 2, "column_label": "商业企业", "description": "第3个表格第5行第2列（“商业企业”列）"}``
or ``{"kind": "paragraph", "paragraph": 12, "description": "第12段"}`` (only
the fields that apply; see `gklint.source.origin.Origin`). Plain-text inputs
keep exactly the keys above. ``location`` then indexes the text gklint
extracted from the file.

File names are the path as the operating system gave it. A name that is not
valid in the filesystem encoding (on Linux: not UTF-8, e.g. a GBK-named file)
cannot be JSON text as is: ``filename`` then shows each undecodable byte as
``\\xNN`` (the same form as the text output), and an extra key
``"filename_bytes"`` holds the exact name as hexadecimal bytes
(``bytes.fromhex(...)`` in Python) so a tool can open the file. The document
is always valid UTF-8 JSON.

Rows and columns are 1-based. Columns count Unicode code points of the
decoded text (not bytes, not UTF-16 units), so "一二三" has columns 1, 2, 3.
``end_location`` is exclusive: it points just past the last character, as in
ruff. New keys may be added in a later major version only.
"""

from __future__ import annotations

import json
from typing import Any

from gklint.diagnostics import Diagnostic, Span
from gklint.output import FileResult
from gklint.safe_text import escape_surrogates, has_surrogates, os_bytes
from gklint.source.document import SourceDocument

DIAGNOSTIC_KEYS = (
    "filename",
    "code",
    "name",
    "category",
    "severity",
    "message",
    "location",
    "end_location",
    "fix",
    "related",
)


def _location(doc: SourceDocument, offset: int) -> dict[str, int]:
    pos = doc.position(offset)
    return {"row": pos.line + 1, "column": pos.column + 1}


def _range(doc: SourceDocument, span: Span) -> dict[str, Any]:
    return {"location": _location(doc, span.start), "end_location": _location(doc, span.end)}


def diagnostic_to_dict(doc: SourceDocument, diag: Diagnostic) -> dict[str, Any]:
    fix = None
    if diag.fix is not None:
        fix = {
            "applicability": diag.fix.applicability.value,
            "message": diag.fix.message,
            "edits": [{"content": edit.content, **_range(doc, edit.span)} for edit in diag.fix.edits],
        }
    out = {
        "filename": escape_surrogates(doc.display_name),
        "code": diag.code,
        "name": diag.name,
        "category": diag.category,
        "severity": diag.severity.label,
        "message": diag.message,
        **_range(doc, diag.span),
        "fix": fix,
        "related": [
            {"message": rel.message, **_range(doc, rel.span), **_origin(doc, rel.span)}
            for rel in diag.related
        ],
    }
    out.update(_origin(doc, diag.span))
    if has_surrogates(doc.display_name):
        out["filename_bytes"] = os_bytes(doc.display_name).hex()
    return out


def _origin(doc: SourceDocument, span: Span) -> dict[str, Any]:
    """`{"origin": {...}}` for a document read from Word/HTML/PDF, else nothing."""
    if doc.origin is None:
        return {}
    found = doc.origin.at(span.start)
    return {"origin": found.to_json()} if found is not None else {}


def render(results: list[FileResult]) -> str:
    items = [diagnostic_to_dict(r.document, d) for r in results for d in r.diagnostics]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
