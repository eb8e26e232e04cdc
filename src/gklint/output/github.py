"""GitHub Actions workflow commands (``--format github``): inline annotations on pull requests.

One line per finding::

    ::error file=报告.txt,line=5,col=62,endLine=5,endColumn=66,title=GK203::统计期限的年份…

``error``/``warning``/``notice`` follow the finding's severity. Escaping is
GitHub's (actions/toolkit ``command.ts``): in the message ``%``, CR and LF
become ``%25``, ``%0D``, ``%0A``; in property values also ``:`` → ``%3A`` and
``,`` → ``%2C``. Columns are 1-based code points; GitHub only draws column
ranges on a single line, which is what a finding usually is. For a Word,
web-page or PDF input the annotation names only the file, and the message
starts with the place in words (第12段, 第三部分表格第5行第3列).
"""

from __future__ import annotations

from pathlib import Path

from gklint.diagnostics import Severity
from gklint.output import FileResult

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: list[FileResult]) -> str:
    lines = []
    for result in results:
        doc = result.document
        name = Path(doc.display_name).as_posix() if doc.display_name != "-" else "-"
        for diag in result.diagnostics:
            message = diag.message
            props = {"file": name}
            if doc.source_format == "text":
                start, end = doc.position(diag.span.start), doc.position(diag.span.end)
                props.update(
                    line=str(start.line + 1),
                    col=str(start.column + 1),
                    endLine=str(end.line + 1),
                    endColumn=str(end.column + 1),
                )
            else:  # Word/HTML/PDF: lines of the extracted text are not the file's; say the place in words
                place = doc.describe_origin(diag.span.start)
                message = f"{place}：{message}" if place else message
            props["title"] = diag.code
            joined = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
            lines.append(f"::{_COMMAND[diag.severity]} {joined}::{escape_data(message)}\n")
    return "".join(lines)
