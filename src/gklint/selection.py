"""Which rules run and at what severity, from the resolved `Settings`."""

from __future__ import annotations

from pathlib import Path

from gklint.diagnostics import Severity
from gklint.ruledata import RuleInfo
from gklint.settings import Settings


def selector_matches(selector: str, rule: RuleInfo) -> bool:
    sel = selector.strip()
    if not sel:
        return False
    if sel.upper() == "ALL":
        return True
    if sel.upper().startswith(rule.code[:2]) and rule.code.startswith(sel.upper()):
        return True  # a code or a code prefix: "GK3", "GK301"
    if rule.code.startswith(sel):
        return True
    return sel in (rule.name, rule.category)


def _specificity(selector: str, rule: RuleInfo) -> int:
    """Longer (more specific) selectors win, as in ruff: GK301 beats GK3 beats ALL."""
    sel = selector.strip()
    if sel.upper() == "ALL":
        return 0
    if sel == rule.category:
        return 1
    if sel == rule.name:
        return 10
    return 1 + len(sel)


def _best(selectors: tuple[str, ...], rule: RuleInfo) -> int:
    return max((_specificity(s, rule) for s in selectors if selector_matches(s, rule)), default=-1)


def _relative(path: Path | None, root: Path | None) -> str | None:
    if path is None:
        return None
    try:
        base = root if root is not None else Path.cwd()
        return path.resolve().relative_to(base.resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def path_matches(pattern: str, rel: str) -> bool:
    import fnmatch  # only with per-file-ignores

    pattern = pattern.strip().lstrip("./") if pattern.startswith("./") else pattern.strip()
    name = rel.rsplit("/", 1)[-1]
    return (
        fnmatch.fnmatch(rel, pattern)
        or fnmatch.fnmatch(name, pattern)
        or fnmatch.fnmatch(rel, pattern.rstrip("/") + "/*")
        or rel.startswith(pattern.rstrip("/") + "/")
    )


def is_enabled(rule: RuleInfo, settings: Settings, path: Path | None = None) -> bool:
    chosen = _best(settings.select + settings.extend_select, rule)
    if chosen < 0:
        return False
    ignored = _best(settings.ignore, rule)
    if ignored >= chosen:
        return False
    if not settings.per_file_ignores:
        return True  # no need to resolve the path (a filesystem call) for every rule
    rel = _relative(path, settings.root)
    if rel is not None:
        for pattern, selectors in settings.per_file_ignores:
            if path_matches(pattern, rel) and any(selector_matches(s, rule) for s in selectors):
                return False
    return True


def effective_severity(rule: RuleInfo, settings: Settings) -> Severity:
    best, severity = -1, rule.severity
    for selector, override in settings.severity:
        if selector_matches(selector, rule):
            spec = _specificity(selector, rule)
            if spec >= best:  # equally specific: the later entry (nearer config, command line) wins
                best, severity = spec, override
    return severity
