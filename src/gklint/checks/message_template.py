"""Rule-pack message templates: ``{name}`` placeholders substituted as plain text, nothing else.

Packs are data shared between provinces and cities, so a message must never do more
than insert text. Python's format mini-language would let a pack pad a field to a
gigabyte (``{match:>999999999}``), crash on a bad conversion (``{match!z}``) or reach
Python objects through attribute access (``{match.__class__}``). Here the syntax is:

- ``{name}``: a placeholder; ``name`` is a word (letters, digits, underscore, CJK), and
  must be one the rule offers (checked when the pack is loaded);
- ``{{`` and ``}}``: a literal brace;
- anything else between braces (``{}``, ``{0}``, ``{match:5}``, ``{match!r}``,
  ``{match.x}``, ``{a[0]}``), or a lone ``}``: rejected at load with a Chinese message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import NamedTuple

_TOKEN = re.compile(r"\{\{|\}\}|\{(\w+)\}|\{[^{}]*\}?|\}")


class TemplateError(ValueError):
    """The message is not a valid template (the text is Chinese)."""


class MessageTemplate(NamedTuple):
    """A parsed message: literal text and placeholder names, alternating."""

    parts: tuple[tuple[str, bool], ...]  # (text, is_placeholder)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(text for text, placeholder in self.parts if placeholder)

    def render(self, values: Mapping[str, str] | Callable[[str], str]) -> str:
        """The message with each placeholder replaced by its value, as plain text."""
        get = values if callable(values) else values.__getitem__
        return "".join(get(text) if placeholder else text for text, placeholder in self.parts)

    def outline(self, mark: str = "…") -> str:
        """The message with `mark` for each placeholder (for one-line rule listings)."""
        return self.render(lambda _name: mark)


def parse(message: str, allowed: frozenset[str] | set[str]) -> MessageTemplate:
    """Parse `message`; raises TemplateError for bad syntax or a placeholder not in `allowed`."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for token in _TOKEN.finditer(message):
        if token.start() > pos:
            parts.append((message[pos : token.start()], False))
        pos = token.end()
        text = token.group()
        if text in ("{{", "}}"):
            parts.append((text[0], False))
            continue
        name = token.group(1)
        if name is None:
            if text == "}":
                raise TemplateError("message 中有单独的 }；要写字面的花括号请用 {{ 和 }}")
            if not text.endswith("}"):
                raise TemplateError("message 中的花括号不配对；要写字面的花括号请用 {{ 和 }}")
            raise TemplateError(
                f"message 中的占位符 {text} 无效：占位符只能写成 {{名称}}（如 {{match}}），"
                "不支持格式说明、转换或属性访问"
            )
        if name not in allowed:
            offered = "、".join("{" + n + "}" for n in sorted(allowed))
            raise TemplateError(f"message 中的占位符 {{{name}}} 无效；可用 {offered}")
        parts.append((name, True))
    if pos < len(message):
        parts.append((message[pos:], False))
    return MessageTemplate(tuple(parts))
