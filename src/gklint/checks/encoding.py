"""GK010: the file ends in the middle of a character (an interrupted download or copy)."""

from __future__ import annotations

from collections.abc import Iterator

from gklint.checks.context import CheckContext
from gklint.diagnostics import Diagnostic, Span


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    dropped = ctx.doc.dropped_tail
    if not dropped:
        return
    end = len(ctx.text)
    yield ctx.diagnostic(
        "GK010",
        f"文件末尾的 {len(dropped)} 个字节（{dropped.hex(' ')}）不是完整的 UTF-8 字符：文件可能在下载或复制时被截断。"
        "已忽略这几个字节并检查其余内容；请核对报告结尾是否完整。",
        Span(end, end),
        data={"dropped_bytes": dropped.hex()},
    )
