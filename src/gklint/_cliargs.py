"""A small command-line option parser with Chinese messages.

argparse prints its errors and help headings in English and costs a
noticeable share of gklint's start-up time; gklint's options are few and
simple (flags, values, comma lists), so this parser covers them directly.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy understands this)
if TYPE_CHECKING:
    from typing import Any


class UsageError(Exception):
    """Wrong command-line usage (message is Chinese)."""


class Opt:
    """One option. A plain class, not a dataclass: `gklint --version` should not pay for `dataclasses`."""

    __slots__ = ("choices", "dest", "help", "kind", "metavar", "names")

    def __init__(
        self,
        names: tuple[str, ...],
        dest: str,
        kind: str,  # "flag", "value", "int" or "list" (comma-separated, repeatable)
        help: str,
        metavar: str = "",
        choices: tuple[str, ...] = (),
    ) -> None:
        self.names = names
        self.dest = dest
        self.kind = kind
        self.help = help
        self.metavar = metavar
        self.choices = choices

    def default(self) -> Any:
        return {"flag": False, "list": None}.get(self.kind)


def _suggest(name: str, options: tuple[Opt, ...]) -> str:
    import difflib

    names = [n for o in options for n in o.names if n.startswith("--")]
    close = difflib.get_close_matches(name, names, n=1)
    return f"（是不是想用 {close[0]}？）" if close else ""


def _convert(opt: Opt, name: str, value: str) -> Any:
    if opt.choices and value not in opt.choices:
        raise UsageError(f"选项 {name} 的取值 {value!r} 无效，可选：{'、'.join(opt.choices)}。")
    if opt.kind == "int":
        try:
            return int(value)
        except ValueError:
            raise UsageError(f"选项 {name} 需要一个整数，收到 {value!r}。") from None
    if opt.kind == "list":
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def parse(argv: list[str], options: tuple[Opt, ...]) -> tuple[dict[str, Any], list[str]]:
    """Split `argv` into option values (by `dest`) and positional arguments.

    Supports ``--name value``, ``--name=value``, repeated list options and
    ``--`` to end options. A lone ``-`` is a positional (stdin).
    """
    values: dict[str, Any] = {o.dest: o.default() for o in options}
    by_name = {n: o for o in options for n in o.names}
    positional: list[str] = []
    only_positional = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if only_positional or arg == "-" or not arg.startswith("-"):
            positional.append(arg)
            continue
        if arg == "--":
            only_positional = True
            continue
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        opt = by_name.get(name)
        if opt is None:
            raise UsageError(f"未知的选项 {name}{_suggest(name, options)}")
        if opt.kind == "flag":
            if eq:
                raise UsageError(f"选项 {name} 不需要取值。")
            values[opt.dest] = True
            continue
        if eq:
            raw = inline
        elif i < len(argv):
            raw = argv[i]
            i += 1
        else:
            raise UsageError(f"选项 {name} 需要一个取值（{opt.metavar or '值'}）。")
        value = _convert(opt, name, raw)
        if opt.kind == "list":
            values[opt.dest] = (values[opt.dest] or []) + value
        else:
            values[opt.dest] = value
    return values, positional


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def format_options(options: tuple[Opt, ...]) -> str:
    """The option list for --help, aligned in terminal columns."""
    rows = []
    for o in options:
        left = ", ".join(o.names) + (f" {o.metavar}" if o.metavar else "")
        rows.append((left, o.help))
    width = max(_width(left) for left, _ in rows) + 2
    return "\n".join(f"  {left}{' ' * (width - _width(left))}{text}" for left, text in rows)
