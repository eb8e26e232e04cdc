"""A rule's documentation page, as Markdown text and as a file editors can open.

`gklint rule GK301` prints the page; the language server links each
diagnostic's code to the same page written into the gklint cache folder, so
the link works offline, in any editor, for built-in and rule-pack rules alike.
"""

from pathlib import Path

from gklint import __version__
from gklint.cachefile import cache_dir
from gklint.ruledata import RuleInfo

# The public page of a built-in rule is RULE_DOC_BASE + code + ".html" (SARIF helpUri; the
# language server's fallback link when the cache folder cannot be written).
RULE_DOC_BASE = "https://gklint.readthedocs.io/zh/latest/rules/"


def rule_markdown(rule: RuleInfo) -> str:
    origin = "内置规则" if rule.origin == "gklint" else f"规则包 {rule.origin}"
    return (
        f"# {rule.code} {rule.name}\n\n"
        f"{rule.summary}\n\n"
        f"- 类别：{rule.category}\n"
        f"- 默认级别：{rule.severity.chinese}（{rule.severity.label}）\n"
        f"- 来源：{origin}\n\n"
        f"{rule.doc}\n"
    )


def rule_doc_file(rule: RuleInfo) -> Path | None:
    """The page as a file (written once per version and content); None if it cannot be written."""
    folder = cache_dir()
    if folder is None:
        return None
    text = rule_markdown(rule)
    path = folder / "docs" / __version__ / f"{rule.code}.md"
    try:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except (OSError, ValueError):
        return None
    return path
