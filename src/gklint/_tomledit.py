"""Minimal, comment-preserving edits of TOML text (used to add per-file ignores).

No TOML writer in the standard library keeps comments, and users annotate
their config files, so this scans the text just enough to know where each
table header and key/value statement starts and ends, then inserts new text
at the right place. Callers re-parse the result to verify the edit.
"""

from __future__ import annotations

import copy
import sys
from typing import Any, NamedTuple

_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class EditError(Exception):
    """The text has a shape this editor does not handle (message is Chinese)."""


class Statement(NamedTuple):
    kind: str  # "table", "array-table" or "kv"
    path: tuple[str, ...]  # full dotted path (table path + key for "kv")
    table: tuple[str, ...]  # the table the statement lives in
    start: int
    end: int  # end of the statement (before trailing comment / newline)
    line_end: int  # position of the newline ending the statement's last line (or len)
    value_start: int = -1


def quote(s: str) -> str:
    """A TOML basic string for `s`."""
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


class TomlNestingError(ValueError):
    """Arrays or inline tables nested deeper than the parser can follow."""


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text; raises ValueError (tomllib.TOMLDecodeError, TomlNestingError) when invalid."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except RecursionError:
        # tomllib recurses once per nesting level: "a = [[[[…" thousands deep is no
        # configuration anyone writes, and must be a clear error, not an internal one.
        raise TomlNestingError("数组或内联表的嵌套层数过多（超过解析器的限制），请检查文件内容") from None


def _unquote_basic(raw: str) -> str:
    return loads("k = " + raw)["k"]


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)

    def skip_ws(self, pos: int) -> int:
        while pos < self.n and self.text[pos] in " \t":
            pos += 1
        return pos

    def skip_ws_nl_comments(self, pos: int) -> int:
        while pos < self.n:
            ch = self.text[pos]
            if ch in " \t\r\n":
                pos += 1
            elif ch == "#":
                pos = self.line_end(pos)
            else:
                break
        return pos

    def line_end(self, pos: int) -> int:
        nl = self.text.find("\n", pos)
        return self.n if nl == -1 else nl

    def string_end(self, pos: int) -> int:
        """`pos` is at an opening quote; return the position just past the string."""
        t = self.text
        for delim in ('"""', "'''"):
            if t.startswith(delim, pos):
                end = t.find(delim, pos + 3)
                while end != -1 and delim == '"""' and _escaped(t, end):
                    end = t.find(delim, end + 1)
                if end == -1:
                    raise EditError("多行字符串没有结束")
                end += 3
                while end < self.n and t[end] == delim[0]:  # up to two quotes may close early
                    end += 1
                return end
        quote_char = t[pos]
        i = pos + 1
        while i < self.n:
            ch = t[i]
            if ch == "\\" and quote_char == '"':
                i += 2
                continue
            if ch == quote_char:
                return i + 1
            if ch == "\n":
                break
            i += 1
        raise EditError("字符串没有结束")

    def key(self, pos: int) -> tuple[tuple[str, ...], int]:
        parts: list[str] = []
        while True:
            pos = self.skip_ws(pos)
            if pos >= self.n:
                raise EditError("键名不完整")
            ch = self.text[pos]
            if ch in "\"'":
                end = self.string_end(pos)
                raw = self.text[pos:end]
                parts.append(_unquote_basic(raw) if ch == '"' else raw[1:-1])
                pos = end
            else:
                end = pos
                while end < self.n and self.text[end] in _BARE_KEY_CHARS:
                    end += 1
                if end == pos:
                    raise EditError(f"无法识别的键名（第 {self.text.count(chr(10), 0, pos) + 1} 行）")
                parts.append(self.text[pos:end])
                pos = end
            pos = self.skip_ws(pos)
            if pos < self.n and self.text[pos] == ".":
                pos += 1
                continue
            return tuple(parts), pos

    def value_end(self, pos: int) -> tuple[int, int, int]:
        """Scan a value starting at `pos`.

        Returns (end, last_token_end, close_bracket) where for an array
        `last_token_end` is the end of its last element or comma (or just past
        "[" when empty) and `close_bracket` the position of its "]"; both are
        -1 for other values.
        """
        t = self.text
        if pos < self.n and t[pos] in "[{":
            depth, i = 0, pos
            last_token_end, outer_is_array = -1, t[pos] == "["
            while i < self.n:
                ch = t[i]
                if ch in "\"'":
                    i = self.string_end(i)
                    if depth == 1:
                        last_token_end = i
                    continue
                if ch == "#":
                    if depth == 0:
                        break
                    i = self.line_end(i)
                    continue
                if ch in "[{":
                    depth += 1
                    i += 1
                    if depth == 1:
                        last_token_end = i
                    continue
                if ch in "]}":
                    depth -= 1
                    if depth == 0:
                        close = i if outer_is_array else -1
                        return i + 1, (last_token_end if outer_is_array else -1), close
                    i += 1
                    if depth == 1:
                        last_token_end = i
                    continue
                if ch not in " \t\r\n" and depth == 1:
                    last_token_end = i + 1
                i += 1
            raise EditError("数组或内联表没有结束")
        if t.startswith(('"', "'"), pos):
            return self.string_end(pos), -1, -1
        end = pos
        while end < self.n and t[end] not in "#\r\n":
            end += 1
        return len(t[pos:end].rstrip()) + pos, -1, -1

    def statements(self) -> list[Statement]:
        out: list[Statement] = []
        table: tuple[str, ...] = ()
        pos = 0
        while True:
            pos = self.skip_ws_nl_comments(pos)
            if pos >= self.n:
                return out
            start = pos
            if self.text[pos] == "[":
                array = self.text.startswith("[[", pos)
                path, pos = self.key(pos + (2 if array else 1))
                closing = "]]" if array else "]"
                if not self.text.startswith(closing, pos):
                    raise EditError("表头没有以 ] 结束")
                pos += len(closing)
                table = path
                out.append(
                    Statement("array-table" if array else "table", path, path, start, pos, self.line_end(pos))
                )
                continue
            key, pos = self.key(pos)
            if pos >= self.n or self.text[pos] != "=":
                raise EditError(f"第 {self.text.count(chr(10), 0, start) + 1} 行缺少 =")
            value_start = self.skip_ws(pos + 1)
            end, _, _ = self.value_end(value_start)
            out.append(Statement("kv", table + key, table, start, end, self.line_end(end), value_start))
            pos = end


def _escaped(text: str, pos: int) -> bool:
    backslashes = 0
    while pos - 1 - backslashes >= 0 and text[pos - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _line_indent(text: str, pos: int) -> str:
    line_start = text.rfind("\n", 0, pos) + 1
    i = line_start
    while i < len(text) and text[i] in " \t":
        i += 1
    return text[line_start:i]


def _inline(value: Any) -> str:
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{quote(k)} = {_inline(v)}" for k, v in value.items()) + " }"
    raise EditError(f"无法写出类型为 {type(value).__name__} 的值")


def _add_to_array(text: str, scanner: _Scanner, st: Statement, item: str, nl: str) -> str:
    if text[st.value_start] != "[":
        raise EditError("已有的值不是数组")
    _, last, close = scanner.value_end(st.value_start)
    current = loads("v = " + text[st.value_start : st.end])["v"]
    if item in current:
        return text
    new = quote(item)
    multiline = "\n" in text[last:close]
    opened_empty = text[last - 1] == "[" and not current
    if opened_empty:
        insertion = new
    elif text[last - 1] == ",":
        insertion = f"{nl}{_line_indent(text, last - 1)}{new}," if multiline else f" {new},"
    else:
        insertion = f",{nl}{_line_indent(text, last - 1)}{new}" if multiline else f", {new}"
    return text[:last] + insertion + text[last:]


def add_to_string_array(text: str, table_path: tuple[str, ...], key: str, item: str) -> str:
    """Return `text` with `item` in the string array at ``table_path.key`` (created when missing)."""
    nl = "\r\n" if "\r\n" in text else "\n"
    scanner = _Scanner(text)
    statements = scanner.statements()
    target = (*table_path, key)
    depth = len(table_path)
    for st in statements:
        if st.kind == "kv" and st.path == target:
            return _add_to_array(text, scanner, st, item, nl)
    for st in statements:
        if st.kind == "kv" and st.path == table_path:
            # An inline table: rewrite just that value on its one line.
            value = loads("v = " + text[st.value_start : st.end])["v"]
            if not isinstance(value, dict):
                raise EditError("per-file-ignores 不是表")
            value.setdefault(key, [])
            if item not in value[key]:
                value[key].append(item)
            return text[: st.value_start] + _inline(value) + text[st.end :]
    # Entries of the table written as statements (under [table] or as dotted keys):
    # append a new statement after the last one, in the same table, so it reads naturally.
    siblings = [
        st for st in statements if st.kind == "kv" and st.path[:depth] == table_path and len(st.path) > depth
    ]
    if siblings:
        last = siblings[-1]
        relative = target[len(last.table) :]
        line = ".".join(quote(p) if set(p) - _BARE_KEY_CHARS or not p else p for p in relative[:-1])
        line = (line + "." if line else "") + f"{quote(key)} = [{quote(item)}]"
        insert_at = last.line_end
        return text[:insert_at] + nl + _line_indent(text, last.start) + line + text[insert_at:]
    entry = f"{quote(key)} = [{quote(item)}]"
    for st in statements:
        if st.kind == "table" and st.path == table_path:
            return text[: st.line_end] + nl + entry + text[st.line_end :]
    header = "[" + ".".join(table_path) + "]"
    block = f"{header}{nl}{entry}{nl}"
    # In pyproject.toml keep the new table next to the other [tool.gklint...] tables.
    parent = table_path[:-1]
    if parent:
        owned = [i for i, st in enumerate(statements) if st.kind != "kv" and st.path[: len(parent)] == parent]
        if owned:
            following = next((st for st in statements[owned[-1] + 1 :] if st.kind != "kv"), None)
            if following is not None:
                at = following.start
                return text[:at] + block + nl + text[at:]
    if not text:
        return block
    sep = nl if text.endswith("\n") else nl + nl
    return text + sep + block


def expected_after(
    before: dict[str, Any], table_path: tuple[str, ...], key: str, item: str
) -> dict[str, Any]:
    """The parsed document `add_to_string_array` must produce (for verification)."""
    result = copy.deepcopy(before)
    node = result
    for part in table_path:
        node = node.setdefault(part, {})
    items = node.setdefault(key, [])
    if item not in items:
        items.append(item)
    return result
