"""gklint's own regular expressions, compiled once per machine instead of once per run.

Compiling gklint's ~120 patterns (Chinese character classes, long alternations) took ~15 ms of a
~70 ms `gklint 报告.txt` (bench/RESULTS.md, "Command line"): `re` parses each pattern and optimises
its character sets in Python on every start. `compile_re` stores what `re` computes — the
pattern's SRE code, flags and group names — in a marshal file in gklint's cache folder, and
rebuilds the pattern object from it with `_sre.compile`, the call `re` itself ends with.

The entry is keyed on the pattern text and flags, so a changed pattern (rules/*.toml, code) is
simply a new entry; the file is keyed on the interpreter's exact version and SRE magic number,
so a Python upgrade never reads another version's code. Anything unexpected — an interpreter
without these internals (CPython < 3.11, PyPy), a corrupt or unwritable file, `GKLINT_NO_CACHE`
— falls back to `re.compile`. Only gklint's fixed patterns go through here, never user input.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, AnyStr

from gklint.cachefile import cache_dir, read_marshal, write_marshal

try:  # CPython ≥ 3.11: the same internals `re.compile` uses
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other interpreters compile normally
    _sre = None

# (pattern, flags) → (flags, code, groups - 1, group index, index group): `_sre.compile`'s arguments.
_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_Key = tuple[str | bytes, int]

_table: dict[_Key, _Entry] | None = None
_used: set[_Key] = set()
_dirty = False
_MAX_STALE = 1000  # entries of patterns no longer used that the file may keep


def _file() -> Path | None:
    folder = cache_dir()
    if folder is None or _sre is None or sys.implementation.name != "cpython":
        return None
    return folder / f"patterns.{sys.implementation.cache_tag}.{sys.hexversion:x}.{_sre.MAGIC}.marshal"


def _load() -> dict[_Key, _Entry]:
    path = _file()
    data = read_marshal(path) if path is not None else None
    return data if isinstance(data, dict) else {}


def _save() -> None:
    """Write the table back (at exit) when this process compiled a pattern it did not have."""
    path = _file()
    if not _dirty or _table is None or path is None:
        return
    table = _table
    if len(table) > len(_used) + _MAX_STALE:  # patterns changed many times: keep only today's
        table = {key: table[key] for key in _used if key in table}
    write_marshal(path, table)  # read-only home: compile every time, as without the cache


def _entry(pattern: str | bytes, flags: int) -> _Entry:
    """What `re._compiler.compile` passes to `_sre.compile` for this pattern."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are an int subclass
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _build(pattern: AnyStr, entry: _Entry) -> re.Pattern[AnyStr]:
    flags, code, groups, groupindex, indexgroup = entry
    compiled: re.Pattern[AnyStr] = _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
    return compiled


def _same(mine: re.Pattern[AnyStr], reference: re.Pattern[AnyStr]) -> bool:
    return (mine.pattern, mine.flags, mine.groups, dict(mine.groupindex)) == (
        reference.pattern,
        reference.flags,
        reference.groups,
        dict(reference.groupindex),
    )


def compile_re(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, from the cache when this interpreter has compiled it before."""
    global _table, _dirty
    flags = int(flags)
    if _table is None:
        _table = _load()
    key = (pattern, flags)
    cached: Any = _table.get(key)
    if cached is not None:
        try:
            compiled = _build(pattern, cached)
        except (TypeError, ValueError, RuntimeError, OverflowError):
            _table.pop(key, None)  # not a valid entry for this interpreter: compile it afresh
        else:
            _used.add(key)
            return compiled
    reference = re.compile(pattern, flags)
    if _file() is None:
        return reference
    try:
        entry = _entry(pattern, flags)
        mine = _build(pattern, entry)
    except Exception:
        return reference
    if not _same(mine, reference):
        return reference
    if not _dirty:
        import atexit

        atexit.register(_save)
    _table[key] = entry
    _used.add(key)
    _dirty = True
    return reference
