"""User rule packs: phrase rules written as data, no Python needed.

A rule pack is a TOML file of ``[[rule]]`` entries, e.g.::

    [[rule]]
    code = "BJ101"                       # ^[A-Z]{1,4}[0-9]{3,4}$, not GK (reserved for built-ins)
    name = "old-office-name"             # kebab-case, unique
    pattern = '政务公开办公室'             # regular expression (the `regex` module)
    message = "机构名称已调整，“{match}”应改为“政务公开办”"   # {match}, {section}, {named group}
    severity = "warning"                 # error | warning | info (default warning)
    category = "phrase"                  # default "phrase"
    replacement = '政务公开办'            # optional: offered as a fix (regex template)
    applicability = "unsafe"             # safe | unsafe (default unsafe)
    sections = [5, 6]                    # optional: only in the bodies of these sections
    summary = "机构旧称"                   # optional: one line for listings
    doc = "……"                           # optional: Markdown shown by `gklint rule BJ101`

Patterns run with a time budget (`DEFAULT_TIMEOUT` per rule per document):
a pattern with catastrophic backtracking is skipped for that document, and a
warning is logged on the ``gklint.phrases`` logger, rather than hanging a run
or the language server.

This module imports the third-party `regex` package, so the engine imports it
only when a pack is configured.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import regex

from gklint.checks.context import CheckContext
from gklint.checks.message_template import MessageTemplate, TemplateError
from gklint.checks.message_template import parse as parse_template
from gklint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
from gklint.oserror import reason as os_reason
from gklint.ruledata import RuleInfo

CODE_PATTERN = re.compile(r"^[A-Z]{1,4}[0-9]{3,4}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
RESERVED_PREFIX = "GK"
# Seconds per rule per document. `regex` checks its clock coarsely and may overrun
# the budget two- or threefold, so keep it small: a sane phrase pattern needs milliseconds.
DEFAULT_TIMEOUT = 0.5
DEFAULT_CATEGORY = "phrase"

_REQUIRED = ("code", "name", "pattern", "message")
_OPTIONAL = ("severity", "category", "replacement", "applicability", "sections", "summary", "doc")
# Placeholders every message may use besides the pattern's named groups (a group of the same name loses).
BUILTIN_PLACEHOLDERS = ("match", "section")
_GROUP_REF = re.compile(r"\\g<([^>]*)>|\\([0-9]+)")

log = logging.getLogger("gklint.phrases")


class RulePackError(Exception):
    """A rule pack file is invalid. The message is Chinese and names the file and the rule."""


class PhraseRule(NamedTuple):
    info: RuleInfo
    pattern: Any  # a compiled `regex` pattern
    message: MessageTemplate  # `{match}`, `{section}`, named groups: plain-text substitution only
    replacement: str | None
    applicability: Applicability
    sections: tuple[int, ...]


class Pack:
    """All rules of the configured packs, and the check that runs them."""

    def __init__(
        self,
        rules: dict[str, RuleInfo],
        phrase_rules: tuple[PhraseRule, ...],
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.rules = rules
        self.phrase_rules = phrase_rules
        self.timeout = timeout  # seconds per rule per document; tests shorten it

    def check(self, ctx: CheckContext) -> Iterator[Diagnostic]:
        for rule in self.phrase_rules:
            yield from _run(rule, ctx, self.timeout)


# --- running ---------------------------------------------------------------------------------


def _regions(rule: PhraseRule, ctx: CheckContext) -> list[tuple[int, int]]:
    if not rule.sections:
        return [(0, len(ctx.text))]
    spans = []
    for number in sorted(set(rule.sections)):
        section = ctx.report.sections.get(number)
        if section is not None:
            spans.append((section.body.start, section.body.end))
    return spans


def _find(rule: PhraseRule, text: str, regions: list[tuple[int, int]], timeout: float) -> list[Any] | None:
    """Every non-empty match in `regions`, or None when the time budget ran out.

    A manual search loop (rather than finditer) lets the budget cover the
    whole document: `regex`'s timeout applies to a single search call.
    """
    deadline = time.monotonic() + timeout
    found = []
    for lo, hi in regions:
        pos = lo
        while pos <= hi:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                match = rule.pattern.search(text, pos, hi, timeout=remaining)
            except TimeoutError:
                return None
            if match is None:
                break
            if match.end() == match.start():  # zero-width: nothing to point at
                pos = match.end() + 1
                continue
            found.append(match)
            pos = match.end()
    return found


def _section_name(ctx: CheckContext, offset: int) -> str:
    """The template title of the section `offset` lies in ("五、存在的主要问题及改进情况"), or ""."""
    for number, section in ctx.report.sections.items():
        if section.heading.span.start <= offset < section.body.end:
            spec = ctx.template.section(number)
            return f"{'一二三四五六'[number - 1]}、{spec.title}"
    return ""


def _message(rule: PhraseRule, match: Any, ctx: CheckContext) -> str:
    def value(name: str) -> str:
        if name == "match":
            return str(match.group(0))
        if name == "section":
            return _section_name(ctx, match.start())
        return str(match.group(name) or "")

    return rule.message.render(value)


def _fix(rule: PhraseRule, match: Any) -> Fix | None:
    if rule.replacement is None:
        return None
    try:
        new = match.expand(rule.replacement)
    except (regex.error, IndexError, ValueError):
        return None
    old = match.group(0)
    if new == old:
        return None
    message = f"改为“{new}”" if new else f"删除“{old}”"
    return Fix(message, (Edit(Span(match.start(), match.end()), new),), rule.applicability)


def _run(rule: PhraseRule, ctx: CheckContext, timeout: float) -> Iterable[Diagnostic]:
    matches = _find(rule, ctx.text, _regions(rule, ctx), timeout)
    if matches is None:
        log.warning(
            "规则 %s（%s）在 %s 中匹配超时（超过 %.1f 秒），本次已跳过。请简化该规则的正则表达式。",
            rule.info.code,
            rule.info.origin,
            ctx.doc.display_name,
            timeout,
        )
        return []
    return [
        ctx.diagnostic(rule.info.code, _message(rule, m, ctx), Span(m.start(), m.end()), fix=_fix(rule, m))
        for m in matches
    ]


# --- loading ---------------------------------------------------------------------------------


class _RuleProblem(Exception):
    pass


def _text(raw: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            raise _RuleProblem(f"缺少必填项 {key}")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise _RuleProblem(f"{key} 必须是非空字符串")
    return value


# Counted repetition is expanded when `regex` compiles a pattern: "x{4294967294}" or
# "(?:(?:a{100}){100}){100}" takes minutes and gigabytes before any timeout can apply.
# The product of nested counts (what compiling expands) is capped; 100,000 compiles in ~0.3 s.
MAX_REPETITION = 100_000
_COUNTED = re.compile(r"\{(\d*)(?:,(\d*))?\}[?+]?")


def _repetition(pattern: str) -> int:
    """The largest product of nested counted repetitions ({n}, {m,n}, {m,}) in `pattern`."""
    frames = [1]  # per open group: the largest product inside it so far
    worst = 1
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        value = 0  # > 0: an atom or group just ended, with this product inside it
        if ch == "\\":
            if i + 2 < n and pattern[i + 1] in "pPNxu" and pattern[i + 2] == "{":
                close = pattern.find("}", i + 2)
                i = n if close == -1 else close + 1
            else:
                i += 2
            value = 1
        elif ch == "[":  # a character class: braces inside are literal
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i, value = j + 1, 1
        elif ch == "(":
            frames.append(1)
            i += 1
        elif ch == ")":
            value = frames.pop() if len(frames) > 1 else 1
            i += 1
        else:
            i += 1
            value = 1
        if value:
            counted = _COUNTED.match(pattern, i)
            if counted is not None:
                count = max(int(x) for x in counted.groups(default="0") if x) if any(counted.groups()) else 1
                value *= max(count, 1)
                i = counted.end()
            frames[-1] = max(frames[-1], value)
            worst = max(worst, value)
            if worst > MAX_REPETITION:
                return worst  # already too many: no need to multiply further
    return max([worst, *frames])


def _compile(pattern: str) -> Any:
    repetition = _repetition(pattern)
    if repetition > MAX_REPETITION:
        raise _RuleProblem(
            f"pattern 中的计数重复过大（相当于重复 {repetition} 次，上限 {MAX_REPETITION}）："
            "编译这样的正则表达式会耗尽时间和内存；请改用 + 或 *，或减小 {m,n} 中的数字"
        )
    try:
        compiled = regex.compile(pattern)
    except regex.error as exc:
        raise _RuleProblem(
            f"pattern 不是有效的正则表达式：{exc}。提示：在 TOML 中用单引号 '...' 书写正则表达式，可避免反斜杠被转义"
        ) from None
    if compiled.fullmatch("") is not None:
        raise _RuleProblem("pattern 能匹配空字符串，这样的规则会到处报错；请确保它至少匹配一个字符")
    return compiled


def _parse_message(message: str, compiled: Any) -> MessageTemplate:
    try:
        return parse_template(message, {*BUILTIN_PLACEHOLDERS, *compiled.groupindex})
    except TemplateError as exc:
        raise _RuleProblem(str(exc)) from None


def _check_replacement(replacement: str, compiled: Any) -> None:
    for m in _GROUP_REF.finditer(replacement):
        name, number = m.group(1), m.group(2)
        if number is not None and int(number) > compiled.groups:
            raise _RuleProblem(f"replacement 引用了不存在的分组 \\{number}")
        if name is not None and not (
            name in compiled.groupindex or (name.isdigit() and int(name) <= compiled.groups)
        ):
            raise _RuleProblem(f"replacement 引用了不存在的分组 \\g<{name}>")


def _rule(raw: Any, path: Path) -> PhraseRule:
    if not isinstance(raw, dict):
        raise _RuleProblem("每条规则必须是一个表（[[rule]]）")
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise _RuleProblem(f"未知的键 {'、'.join(unknown)}；可用的键：{'、'.join(_REQUIRED + _OPTIONAL)}")
    code = _text(raw, "code", required=True) or ""
    if not CODE_PATTERN.match(code):
        raise _RuleProblem(f"code {code!r} 格式不对：应为 1–4 个大写字母加 3–4 位数字，例如 BJ101")
    if code.startswith(RESERVED_PREFIX):
        raise _RuleProblem(
            f"code {code} 以 {RESERVED_PREFIX} 开头；{RESERVED_PREFIX} 前缀保留给内置规则，请换用其他前缀"
        )
    name = _text(raw, "name", required=True) or ""
    if not NAME_PATTERN.match(name):
        raise _RuleProblem(f"name {name!r} 格式不对：应为小写英文单词加连字符，例如 old-office-name")
    compiled = _compile(_text(raw, "pattern", required=True) or "")
    message = _parse_message(_text(raw, "message", required=True) or "", compiled)
    try:
        severity = Severity.parse(_text(raw, "severity") or "warning")
    except ValueError:
        raise _RuleProblem(f"severity {raw.get('severity')!r} 无效，只能是 error、warning 或 info") from None
    category = _text(raw, "category") or DEFAULT_CATEGORY
    if not NAME_PATTERN.match(category):
        raise _RuleProblem(f"category {category!r} 格式不对：应为小写英文单词加连字符")
    replacement = _text(raw, "replacement")
    if replacement is not None:
        _check_replacement(replacement, compiled)
    applicability_raw = _text(raw, "applicability")
    if applicability_raw is not None and replacement is None:
        raise _RuleProblem("applicability 只能与 replacement 一起使用")
    if applicability_raw not in (None, "safe", "unsafe"):
        raise _RuleProblem(f"applicability {applicability_raw!r} 无效，只能是 safe 或 unsafe")
    applicability = Applicability.SAFE if applicability_raw == "safe" else Applicability.UNSAFE
    sections_raw = raw.get("sections", [])
    if not isinstance(sections_raw, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 6 for n in sections_raw
    ):
        raise _RuleProblem("sections 必须是 1 到 6 之间的整数列表，例如 sections = [5, 6]")
    summary = _text(raw, "summary") or message.outline()
    doc = _text(raw, "doc")
    if doc is None:
        doc = f"## 检查什么\n匹配正则表达式 `{compiled.pattern}` 的文字。"
        if sections_raw:
            doc += f"只检查第 {'、'.join(str(n) for n in sections_raw)} 部分的正文。"
        if replacement is not None:
            doc += f"\n\n## 自动修复\n替换为 `{replacement}`（{'安全' if applicability is Applicability.SAFE else '不安全'}）。"
    info = RuleInfo(
        code=code,
        name=name,
        category=category,
        severity=severity,
        summary=summary,
        doc=doc.strip(),
        origin=str(path),
    )
    return PhraseRule(info, compiled, message, replacement, applicability, tuple(sections_raw))


def _load_file(path: Path) -> list[Any]:
    from gklint.ruledata import load_toml

    try:
        data = load_toml(path)
    except FileNotFoundError:
        raise RulePackError(f"找不到规则包文件：{path}") from None
    except OSError as exc:
        raise RulePackError(f"无法读取规则包 {path}：{os_reason(exc)}") from None
    except UnicodeDecodeError:
        raise RulePackError(f"规则包 {path} 不是 UTF-8 编码。") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise RulePackError(f"规则包 {path} 不是有效的 TOML：{exc}") from None
    unknown = sorted(set(data) - {"rule"})
    if unknown:
        raise RulePackError(
            f"规则包 {path} 中有未知的顶层键 {'、'.join(unknown)}；规则应写在 [[rule]] 表中。"
        )
    rules = data.get("rule", [])
    if not isinstance(rules, list) or not rules:
        raise RulePackError(f"规则包 {path} 中没有规则；请用 [[rule]] 定义至少一条规则。")
    return rules


def _spaced(who: str) -> str:
    # Chinese typesetting puts a space between Latin text (a code, a path) and Chinese characters.
    return who + " " if who[-1:].isascii() else who


def _build(paths: tuple[Path, ...], builtin: dict[str, RuleInfo]) -> Pack:
    taken_codes: dict[str, str] = {code: "内置规则" for code in builtin}
    taken_names: dict[str, str] = {}
    for info in builtin.values():
        taken_names[info.name] = f"内置规则 {info.code}"
        taken_names.setdefault(info.category, "内置规则的类别")
    rules: dict[str, RuleInfo] = {}
    phrase_rules: list[PhraseRule] = []
    for path in paths:
        for index, raw in enumerate(_load_file(path), start=1):
            label = f"规则包 {path} 第 {index} 条规则"
            if isinstance(raw, dict) and isinstance(raw.get("code"), str):
                label += f"（{raw['code']}）"
            try:
                rule = _rule(raw, path)
            except _RuleProblem as exc:
                raise RulePackError(f"{label}：{exc}。") from None
            code, name = rule.info.code, rule.info.name
            if code in taken_codes:
                raise RulePackError(f"{label}：代码 {code} 已被{_spaced(taken_codes[code])}使用。")
            if name in taken_names:
                raise RulePackError(f"{label}：名称 {name} 已被{_spaced(taken_names[name])}使用。")
            taken_codes[code] = f"规则包 {path}"
            taken_names[name] = f"规则包 {path} 中的 {code}"
            rules[code] = rule.info
            phrase_rules.append(rule)
    return Pack(rules, tuple(phrase_rules))


_CACHE: dict[tuple[Any, ...], Pack] = {}


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (str(path), -1, -1)
    return (str(path), st.st_mtime_ns, st.st_size)


def load_packs(paths: tuple[Path, ...], builtin: dict[str, RuleInfo]) -> Pack:
    """Load and validate rule packs (cached until a file changes). Raises RulePackError."""
    key = (tuple(_stamp(p) for p in paths), tuple(sorted(builtin)))
    pack = _CACHE.get(key)
    if pack is None:
        pack = _build(tuple(paths), builtin)
        _CACHE[key] = pack
    return pack
