"""Who wrote the report: a 人民政府 (any level) or a department — from the title's body name."""

from __future__ import annotations

from gklint.model.report import Report
from gklint.regexcache import compile_re
from gklint.ruledata import content_rules

_SPACES = compile_re(r"\s+")
_PUNCTUATION = compile_re(r"[（）()“”\"'《》·]")
_YEAR_SUFFIX = compile_re(r"\d{4}年?度?$")


def organisation(report: Report) -> str:
    """The body's name from the title, whitespace removed ("" when there is no title)."""
    return _SPACES.sub("", report.title.org) if report.title is not None else ""


def normalised_organisation(name: str) -> str:
    """A name comparable across years: no spaces, brackets or the trailing year words."""
    name = _SPACES.sub("", name)
    name = _PUNCTUATION.sub("", name)
    return _YEAR_SUFFIX.sub("", name)


def is_government(report: Report, extra_suffixes: tuple[str, ...] = ()) -> bool | None:
    """True for a 人民政府's own report, False for a department's, None when the title says nothing."""
    org = organisation(report)
    if not org:
        return None
    rules = content_rules()["organisation"]
    if any(org.endswith(s) for s in (*rules["government_suffixes"], *extra_suffixes)):
        return True
    if any(org.endswith(s) for s in rules["not_place_suffixes"]):
        return None  # a development zone's 管委会
    if any(org.endswith(s) for s in rules["place_suffixes"]):
        return True  # "天津市2020年…": the place's government
    if any(org.endswith(s) for s in rules["department_suffixes"]):
        return False
    return None  # 管委会, 实验区…: not clearly either


def same_organisation(a: str, b: str) -> bool:
    """Same body across two years: equal once normalised, or one adds the parent place
    ("次邱镇人民政府" and "汶上县次邱镇人民政府")."""
    a, b = normalised_organisation(a), normalised_organisation(b)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= 4 and long.endswith(short))
