"""JUnit XML (``--format junit``) for GitLab CI test reports and Jenkins.

One ``<testcase>`` per checked file (a clean file is a passing test), one
``<failure>`` per finding inside it. The XML is built with ElementTree, which
escapes ``& < > "``; characters XML 1.0 cannot hold at all (control
characters from a damaged draft) are replaced by U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from gklint.output import FileResult

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(results: list[FileResult]) -> str:
    failures = sum(len(r.diagnostics) for r in results)
    counts = {"tests": str(len(results)), "failures": str(failures), "errors": "0"}
    suites = ET.Element("testsuites", {"name": "gklint", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "gklint", **counts})
    for result in results:
        doc = result.document
        name = _clean(doc.display_name)
        case = ET.SubElement(suite, "testcase", {"name": name, "classname": name, "file": name})
        for diag in result.diagnostics:
            pos = doc.position(diag.span.start)
            where = f"{pos.line + 1}:{pos.column + 1}"
            failure = ET.SubElement(
                case,
                "failure",
                {"message": _clean(f"{where} {diag.code} {diag.message}"), "type": diag.code},
            )
            failure.text = _clean(
                f"{doc.display_name}:{where}: {diag.code} [{diag.severity.label}] {diag.message}"
            )
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
