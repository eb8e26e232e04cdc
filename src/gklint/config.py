"""Find, parse and validate gklint configuration; build `Settings` from it.

Configuration lives in a standalone ``gklint.toml`` (top-level keys) or in
``pyproject.toml`` under ``[tool.gklint]``. The file nearest to the linted
report wins (walking up from the report's folder); inside one folder
``gklint.toml`` beats ``pyproject.toml``, and a ``pyproject.toml`` without a
``[tool.gklint]`` table is skipped, as ruff does.

Keys (kebab-case in TOML):

=================== ============================================ =========================
key                 value                                        example
=================== ============================================ =========================
select              list of selectors                            ``["ALL"]``
extend-select       list of selectors, added to ``select``       ``["GK5"]``
ignore              list of selectors                            ``["GK104"]``
per-file-ignores    table: glob → list of selectors              ``{"草稿/*" = ["GK2"]}``
severity            table: selector → "error"|"warning"|"info"   ``{GK104 = "info"}``
rule-packs          list of TOML paths, relative to the config   ``["规则/本地.toml"]``
exclude             list of globs skipped when walking folders   ``["旧稿/"]``
include             list of globs the language server lints      ``["*.txt"]``
year                report year used when the text does not say  ``2024``
extend              another config file this one builds on       ``"../上级规则.toml"``
previous            last year's report (GK80x), any input format ``"2023年报.docx"``
pair-previous       find last year's report in the same folder   ``true`` (default)
copy-threshold      GK804: share of copied sentences reported    ``0.5`` (default)
government-suffixes extra body endings treated as 人民政府       ``["街道办事处"]``
deadline-department GK901: a department's deadline (next year)   ``"01-31"`` (default)
deadline-government GK901: a 人民政府's deadline (next year)     ``"03-31"`` (default)
=================== ============================================ =========================

``extend`` (path relative to the file that names it) inherits a province's or
city's settings: the extended file is read first and the nearer file's keys
are layered on top — ``year`` and the content-rule keys replace; ``select`` replaces and starts the
selection afresh (the extended ``extend-select``/``ignore`` are dropped, as on
the command line); every other list or table is added to, and for
``severity`` the nearer file wins. Rule-pack paths are relative to the file
that names them; ``per-file-ignores`` and ``exclude`` globs are relative to the
nearest config's folder. A cycle of ``extend`` is an error.

A selector is a rule code (``GK301``), a code prefix (``GK3``), a rule name
(``applications-balance``), a category (``table-sum``) or ``ALL``.

Parsed files are cached by path and invalidated when their mtime or size
changes, because the language server asks for settings on every keystroke.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gklint.diagnostics import Severity
from gklint.oserror import reason as os_reason
from gklint.regexcache import compile_re
from gklint.settings import Settings

GKLINT_TOML = "gklint.toml"
PYPROJECT_TOML = "pyproject.toml"

_LIST_KEYS = ("select", "extend-select", "ignore", "rule-packs", "exclude", "include")
# Content rules (GK6xx–GK9xx): scalars a nearer layer replaces.
_CONTENT_KEYS = (
    "previous",
    "pair-previous",
    "copy-threshold",
    "government-suffixes",
    "deadline-department",
    "deadline-government",
)
_KNOWN_KEYS = (*_LIST_KEYS, "per-file-ignores", "severity", "year", "extend", *_CONTENT_KEYS)
_ADDED_FIELDS = (
    "extend_select",
    "ignore",
    "exclude",
    "include",
    "rule_packs",
    "per_file_ignores",
    "severity",
)
# Fields a nearer layer replaces rather than adds to.
_REPLACED_FIELDS = ("year", *(k.replace("-", "_") for k in _CONTENT_KEYS))
MAX_EXTEND_DEPTH = 20
_YEAR_RANGE = (1990, 2100)


class ConfigError(Exception):
    """A configuration file or option is invalid. The message is Chinese and names file and key."""


# --- reading TOML -------------------------------------------------------------------------


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    # The TOML parser is imported on demand: most runs with no config file never need it.
    from gklint._tomledit import loads

    try:
        return loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise ConfigError(f"配置文件 {path} 不是有效的 TOML：{exc}") from exc


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"配置文件 {path} 不是 UTF-8 编码（TOML 文件必须使用 UTF-8）。") from exc
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件 {path}：{os_reason(exc)}") from exc


# path → (stat signature, gklint table or None when a pyproject has no [tool.gklint])
_RAW_CACHE: dict[Path, tuple[tuple[int, int], dict[str, Any] | None]] = {}
# config path → (signature of it and of every file it extends, settings)
_SETTINGS_CACHE: dict[Path, tuple[tuple[tuple[Path, tuple[int, int] | None], ...], Settings]] = {}


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def clear_cache() -> None:
    """Forget every parsed config file (the language server calls this on file events)."""
    _RAW_CACHE.clear()
    _SETTINGS_CACHE.clear()


def _gklint_table(path: Path) -> dict[str, Any] | None:
    """The gklint options in `path`, or None for a pyproject.toml without [tool.gklint]."""
    sig = _signature(path)
    if sig is None:
        raise ConfigError(f"找不到配置文件：{path}")
    cached = _RAW_CACHE.get(path)
    if cached is not None and cached[0] == sig:
        return cached[1]
    text = _read_text(path)
    table: dict[str, Any] | None
    if path.name == PYPROJECT_TOML:
        # A textual pre-check keeps unrelated (possibly broken) pyproject files from
        # costing a TOML parse or producing an error that is not about gklint.
        if not re.search(r"^\s*\[\s*tool\s*\.\s*gklint\b|^\s*tool\s*\.\s*gklint\b", text, re.MULTILINE):
            table = None
        else:
            tool = _parse_toml(path, text).get("tool", {})
            raw = tool.get("gklint") if isinstance(tool, dict) else None
            if raw is not None and not isinstance(raw, dict):
                raise ConfigError(f"配置文件 {path} 中的 tool.gklint 必须是一个表（table）。")
            table = raw
    else:
        table = _parse_toml(path, text)
    _RAW_CACHE[path] = (sig, table)
    return table


# --- discovery -----------------------------------------------------------------------------


def find_config(path: Path) -> Path | None:
    """The config file that governs `path` (a report file or a folder), or None.

    Starts in the folder itself (or the file's folder) and walks up to the
    filesystem root; the first folder with a usable config file wins.
    """
    path = Path(os.path.abspath(path))
    start = path if _is(path, Path.is_dir) else path.parent
    for folder in (start, *start.parents):
        candidate = folder / GKLINT_TOML
        if _is(candidate, Path.is_file):
            return candidate
        candidate = folder / PYPROJECT_TOML
        if _is(candidate, Path.is_file) and _gklint_table(candidate) is not None:
            return candidate
    return None


def _is(path: Path, test: Callable[[Path], bool]) -> bool:
    """`path.is_file()` / `is_dir()`, False where a folder may not be entered (PermissionError).

    Reading the report itself then fails with a clear message of its own.
    """
    try:
        return test(path)
    except OSError:
        return False


# --- validation ----------------------------------------------------------------------------


def _where(source: str, key: str) -> str:
    return f"{source} 中的 {key}"


def _str_list(value: Any, source: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{_where(source, key)} 必须是字符串列表，例如 {key} = ["GK101"]。')
    return tuple(v.strip() for v in value if v.strip())


def _severity_value(value: Any, source: str, key: str) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(f'{_where(source, key)} 必须是 "error"、"warning" 或 "info"。')
    try:
        return Severity.parse(value)
    except ValueError:
        raise ConfigError(
            f'{_where(source, key)} 的值 {value!r} 无效，只能是 "error"、"warning" 或 "info"。'
        ) from None


def _year(value: Any, source: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{_where(source, 'year')} 必须是整数年份，例如 year = 2024。")
    low, high = _YEAR_RANGE
    if not low <= value <= high:
        raise ConfigError(f"{_where(source, 'year')} 的值 {value} 不是合理的报告年度（{low}–{high}）。")
    return value


def _validate(raw: dict[str, Any], source: str, base: Path | None) -> dict[str, Any]:
    """Turn a raw TOML table into Settings keyword arguments (snake_case), or raise ConfigError."""
    options: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _KNOWN_KEYS:
            hint = ""
            if key.replace("_", "-") in _KNOWN_KEYS:
                hint = f"（应写作 {key.replace('_', '-')}）"
            known = "、".join(_KNOWN_KEYS)
            raise ConfigError(f"{_where(source, key)}：未知的配置项{hint}。可用的配置项：{known}。")
        field = key.replace("-", "_")
        if key in ("select", "extend-select", "ignore", "exclude", "include"):
            options[field] = _str_list(value, source, key)
        elif key == "rule-packs":
            packs = _str_list(value, source, key)
            resolved = []
            for item in packs:
                pack = Path(item).expanduser()
                if not pack.is_absolute() and base is not None:
                    pack = base / pack
                pack = Path(os.path.normpath(pack))
                if not pack.is_file():
                    raise ConfigError(f"{_where(source, key)}：找不到规则包文件 {pack}。")
                resolved.append(pack)
            options[field] = tuple(resolved)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(
                    f'{_where(source, key)} 必须是表，例如 [per-file-ignores] "草稿/*.txt" = ["GK201"]。'
                )
            options[field] = tuple(
                (glob, _str_list(codes, source, f"{key}.{glob!r}")) for glob, codes in value.items()
            )
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f'{_where(source, key)} 必须是表，例如 [severity] GK104 = "info"。')
            options[field] = tuple(
                (selector, _severity_value(level, source, f"{key}.{selector}"))
                for selector, level in value.items()
            )
        elif key in _CONTENT_KEYS:
            options[field] = _content_value(key, value, source, base)
        else:  # year
            options[field] = _year(value, source)
    return options


_DEADLINE = compile_re(r"(\d{1,2})-(\d{1,2})")


def _content_value(key: str, value: Any, source: str, base: Path | None) -> Any:
    """Validate one content-rule setting (see Settings for what each means)."""
    if key == "previous":
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                f'{_where(source, key)} 必须是上年报告的文件路径，例如 previous = "2023年报.docx"。'
            )
        path = Path(value.strip()).expanduser()
        if not path.is_absolute() and base is not None:
            path = base / path
        if not path.is_file():
            raise ConfigError(f"{_where(source, key)}：找不到上年报告文件 {path}。")
        return path
    if key == "pair-previous":
        if not isinstance(value, bool):
            raise ConfigError(f"{_where(source, key)} 必须是 true 或 false。")
        return value
    if key == "copy-threshold":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            raise ConfigError(f"{_where(source, key)} 必须是 0 到 1 之间的小数，例如 copy-threshold = 0.5。")
        return float(value)
    if key == "government-suffixes":
        return _str_list(value, source, key)
    match = _DEADLINE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None or not (1 <= int(match[1]) <= 12 and 1 <= int(match[2]) <= 31):
        raise ConfigError(f'{_where(source, key)} 必须是次年的“月-日”，例如 {key} = "01-31"。')
    return f"{int(match[1]):02d}-{int(match[2]):02d}"


def unknown_selectors(selectors: tuple[str, ...], rules: dict[str, Any]) -> list[str]:
    """Selectors that match no rule — a typo would otherwise silently select nothing."""
    from gklint.selection import selector_matches

    return [s for s in selectors if not any(selector_matches(s, rule) for rule in rules.values())]


def check_selectors(settings: Settings, rules: dict[str, Any], source: str) -> None:
    """Raise ConfigError naming the first selector in `settings` that matches no rule."""
    groups: list[tuple[str, tuple[str, ...]]] = [
        ("select", settings.select),
        ("extend-select", settings.extend_select),
        ("ignore", settings.ignore),
        ("severity", tuple(s for s, _ in settings.severity)),
    ]
    groups += [(f"per-file-ignores.{glob!r}", sel) for glob, sel in settings.per_file_ignores]
    for key, selectors in groups:
        bad = unknown_selectors(selectors, rules)
        if bad:
            raise ConfigError(
                f"{_where(source, key)}：{'、'.join(bad)} 不匹配任何规则。"
                "选择器可以是规则代码（GK301）、代码前缀（GK3）、规则名称、类别或 ALL；"
                "可用 gklint rule --all 查看全部规则。"
            )


# --- building Settings ---------------------------------------------------------------------


Layer = tuple[Path, dict[str, Any]]  # a config file and its validated options (Settings field names)


def _layers(config_path: Path, chain: tuple[Path, ...] = ()) -> list[Layer]:
    """The validated options of `config_path` and of every file it extends, farthest first."""
    config_path = Path(os.path.abspath(config_path))
    if config_path in chain:
        names = " → ".join(str(p) for p in (*chain, config_path))
        raise ConfigError(f"配置文件的 extend 形成了循环：{names}。请删除其中一处 extend。")
    if len(chain) >= MAX_EXTEND_DEPTH:
        raise ConfigError(f"配置文件 {config_path} 的 extend 层数超过 {MAX_EXTEND_DEPTH} 层。")
    table = _gklint_table(config_path)
    if table is None:
        raise ConfigError(f"配置文件 {config_path} 中没有 [tool.gklint] 表。")
    table = dict(table)
    extend = table.pop("extend", None)
    layers: list[Layer] = []
    if extend is not None:
        if not isinstance(extend, str) or not extend.strip():
            raise ConfigError(
                f'{_where(str(config_path), "extend")} 必须是配置文件的路径，例如 extend = "../上级规则.toml"。'
            )
        parent = Path(extend.strip()).expanduser()
        if not parent.is_absolute():
            parent = config_path.parent / parent
        parent = Path(os.path.normpath(parent))
        if not parent.is_file():
            raise ConfigError(f"{_where(str(config_path), 'extend')}：找不到要继承的配置文件 {parent}。")
        layers = _layers(parent, (*chain, config_path))
    layers.append((config_path, _validate(table, str(config_path), config_path.parent)))
    return layers


def _merge(layers: list[Layer]) -> tuple[dict[str, Any], dict[str, list[Path]]]:
    """Settings keyword arguments from layers (farthest first), and which files set each field."""
    options: dict[str, Any] = {}
    origins: dict[str, list[Path]] = {}
    for source, layer in layers:
        if "select" in layer:
            options.update(select=layer["select"], extend_select=(), ignore=())
            origins.update(select=[source], extend_select=[], ignore=[])
        for field in _ADDED_FIELDS:
            if field in layer:
                options[field] = tuple(options.get(field, ())) + tuple(layer[field])
                origins.setdefault(field, []).append(source)
        for field in _REPLACED_FIELDS:
            if field in layer:
                options[field] = layer[field]
                origins[field] = [source]
    return options, origins


def load_settings(config_path: Path | None) -> Settings:
    """Settings from one config file and the files it extends (None → the defaults). Cached per file."""
    if config_path is None:
        return Settings()
    config_path = Path(os.path.abspath(config_path))
    cached = _SETTINGS_CACHE.get(config_path)
    if cached is not None and all(_signature(p) == sig for p, sig in cached[0]):
        return cached[1]
    layers = _layers(config_path)
    options, _ = _merge(layers)
    settings = Settings(config_path=config_path, root=config_path.parent, **options)
    sigs = tuple((path, _signature(path)) for path, _ in layers)
    if all(sig is not None for _, sig in sigs):
        _SETTINGS_CACHE[config_path] = (sigs, settings)
    return settings


def describe_settings(path: Path, *, explicit_config: Path | None = None) -> str:
    """`gklint --show-settings FILE`: the resolved settings for `path` and where each came from."""
    governing = explicit_config if explicit_config is not None else find_config(path)
    lines = [f"# {path} 的生效配置"]
    if governing is None:
        lines.append("# 未找到配置文件（gklint.toml 或 pyproject.toml 中的 [tool.gklint]），全部为默认值")
        layers: list[Layer] = []
    else:
        if explicit_config is not None and not Path(explicit_config).is_file():
            raise ConfigError(f"找不到配置文件：{explicit_config}")
        layers = _layers(governing)
        chain = " ← ".join(str(p) for p, _ in reversed(layers))
        lines.append(f"# 配置文件：{chain}")
    options, origins = _merge(layers)
    settings = Settings(**options)
    for field in Settings._fields:
        if field in ("config_path", "root", "extra"):
            continue
        value = getattr(settings, field)
        sources = origins.get(field)
        where = "、".join(dict.fromkeys(str(p) for p in sources)) if sources else "默认值"
        lines.append(f"{field.replace('_', '-')} = {_show(value)}  # 来自：{where}")
    return "\n".join(lines) + "\n"


def _show(value: Any) -> str:
    """A setting in TOML-like notation."""
    import json

    if value is None:
        return "（未设置）"
    if isinstance(value, Severity):
        return json.dumps(value.label)
    if isinstance(value, Path):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, tuple) and all(isinstance(v, tuple) and len(v) == 2 for v in value) and value:
        return (
            "{ "
            + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {_show(v)}" for k, v in value)
            + " }"
        )
    if isinstance(value, tuple):
        return (
            "["
            + ", ".join(
                _show(v) if not isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value
            )
            + "]"
        )
    return json.dumps(value, ensure_ascii=False)


def apply_overrides(settings: Settings, overrides: dict[str, Any], source: str = "命令行参数") -> Settings:
    """Layer command-line (or editor) options on top of file settings.

    Keys are Settings field names. ``select`` replaces the file's ``select``,
    ``extend-select`` and ``ignore`` (ruff's rule: a later layer that selects
    starts afresh); ``extend_select``, ``ignore``, ``exclude``, ``include``,
    ``rule_packs``, ``per_file_ignores`` and ``severity`` are added; ``year``
    replaces. None values are skipped so callers can pass unset flags as-is.
    """
    raw = {k.replace("_", "-"): v for k, v in overrides.items() if v is not None}
    for key in ("select", "extend-select", "ignore", "exclude", "include", "rule-packs"):
        if isinstance(raw.get(key), tuple):
            raw[key] = list(raw[key])
    for key in ("per-file-ignores", "severity"):
        if isinstance(raw.get(key), list | tuple):
            raw[key] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in raw[key]}
    base = Path.cwd()
    options = _validate(raw, source, base)
    changes: dict[str, Any] = {}
    if "select" in options:
        changes.update(select=options["select"], extend_select=(), ignore=())
    for field in _ADDED_FIELDS:
        if field in options:
            current = changes.get(field, getattr(settings, field))
            changes[field] = tuple(current) + tuple(options[field])
    for field in _REPLACED_FIELDS:
        if field in options:
            changes[field] = options[field]
    return settings._replace(**changes) if changes else settings


def settings_for(
    path: Path | None,
    *,
    explicit_config: Path | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """The settings for linting `path`: explicit config, else the nearest one, plus overrides."""
    if explicit_config is not None:
        if not Path(explicit_config).is_file():
            raise ConfigError(f"找不到配置文件：{explicit_config}")
        governing: Path | None = explicit_config
    else:
        governing = find_config(path if path is not None else Path.cwd() / "-")
    settings = load_settings(governing)
    if overrides:
        settings = apply_overrides(settings, overrides)
    return settings


def is_excluded(path: Path, settings: Settings) -> bool:
    """Whether a folder walk should skip `path` (globs relative to the config's folder)."""
    if not settings.exclude:
        return False
    from gklint.selection import path_matches

    base = settings.root if settings.root is not None else Path.cwd()
    try:
        rel = Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(base))).as_posix()
    except ValueError:
        rel = Path(path).as_posix()
    # A folder also matches patterns written with a trailing slash ("旧稿/").
    candidates = (rel, rel + "/") if Path(path).is_dir() else (rel,)
    return any(path_matches(pattern, c) for pattern in settings.exclude for c in candidates)


# --- editing: add a per-file ignore ------------------------------------------------------------


def add_per_file_ignore(config_path: Path, relative_glob: str, code: str) -> None:
    """Add `code` to ``per-file-ignores[relative_glob]`` in `config_path`, editing minimally.

    Comments and formatting elsewhere in the file are kept. The edit is
    verified by re-parsing; if the result would not mean exactly "the old
    settings plus this ignore", the file is left untouched and ConfigError is
    raised. A missing file is created (``gklint.toml`` style unless the name
    is ``pyproject.toml``).
    """
    config_path = Path(config_path)
    in_pyproject = config_path.name == PYPROJECT_TOML
    if config_path.exists():
        raw_bytes = config_path.read_bytes()
        bom = raw_bytes.startswith(b"\xef\xbb\xbf")
        try:
            text = raw_bytes.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"配置文件 {config_path} 不是 UTF-8 编码，无法自动修改。") from exc
    else:
        bom, text = False, ""
    before = _parse_toml(config_path, text)
    table_path = ("tool", "gklint", "per-file-ignores") if in_pyproject else ("per-file-ignores",)
    new_text = _tomlkit_add(config_path, text, table_path, relative_glob, code)
    if new_text == text:
        return
    after = _parse_toml(config_path, new_text)
    if after != _expected_after(before, table_path, relative_glob, code):
        raise ConfigError(
            f"无法安全地自动修改配置文件 {config_path}（修改后的含义与预期不符）。请手动在 per-file-ignores 中添加。"
        )
    data = new_text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    from gklint.fix import write_atomic

    write_atomic(config_path, data)
    _RAW_CACHE.pop(Path(os.path.abspath(config_path)), None)
    _SETTINGS_CACHE.pop(Path(os.path.abspath(config_path)), None)


def _tomlkit_add(config_path: Path, text: str, table_path: tuple[str, ...], key: str, item: str) -> str:
    """`text` with `item` added to the string array ``table_path[key]``, through tomlkit.

    tomlkit (imported only for this editor action) keeps comments, order,
    quoting and layout of everything it does not touch; a missing table is
    added as a ``[per-file-ignores]`` (or ``[tool.gklint.per-file-ignores]``)
    section, an existing inline or dotted table is extended in place.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    newline = "\r\n" if "\r\n" in text else "\n"
    try:
        document = tomlkit.parse(text)
        node: Any = document
        for depth, part in enumerate(table_path):
            if part not in node:
                # The innermost missing table is a real [section]; intermediate ones only name it.
                node[part] = tomlkit.table(is_super_table=depth < len(table_path) - 1)
            node = node[part]
            if not isinstance(node, dict):
                raise ConfigError(
                    f"无法自动修改配置文件 {config_path}：{'.'.join(table_path[: depth + 1])} 不是表。"
                    "请手动在 per-file-ignores 中添加。"
                )
        if key not in node:
            node[key] = [item]
        else:
            values = node[key]
            if not isinstance(values, list):
                raise ConfigError(
                    f"无法自动修改配置文件 {config_path}：per-file-ignores 中 {key!r} 的值不是列表。"
                    "请手动在 per-file-ignores 中添加。"
                )
            if item in values:
                return text
            values.append(item)
        out = tomlkit.dumps(document)
    except TOMLKitError as exc:
        raise ConfigError(
            f"无法自动修改配置文件 {config_path}：{exc}。请手动在 per-file-ignores 中添加。"
        ) from exc
    if newline == "\r\n":
        out = out.replace("\r\n", "\n").replace("\n", "\r\n")
    return out


def _expected_after(
    before: dict[str, Any], table_path: tuple[str, ...], key: str, item: str
) -> dict[str, Any]:
    """What the edited file must parse to: the old settings plus this one ignore (verification)."""
    import copy

    result = copy.deepcopy(before)
    node = result
    for part in table_path:
        node = node.setdefault(part, {})
    items = node.setdefault(key, [])
    if item not in items:
        items.append(item)
    return result
