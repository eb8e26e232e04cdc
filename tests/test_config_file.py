"""Configuration discovery, parsing, validation, overrides and the per-file-ignore editor."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from gklint import config
from gklint.diagnostics import Severity
from gklint.ruledata import catalog
from gklint.settings import Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    config.clear_cache()


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def touch_later(path: Path, content: str) -> None:
    """Rewrite a file so that its mtime/size signature surely changes."""
    time.sleep(0.01)
    path.write_text(content, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


# --- discovery ------------------------------------------------------------------------------


def test_no_config_anywhere_gives_none_and_defaults(tmp_path: Path) -> None:
    report = write(tmp_path / "a" / "报告.txt", "x")
    found = config.find_config(report)
    assert found is None or tmp_path not in found.parents  # nothing inside the test folder
    assert config.load_settings(None) == Settings()


def test_nearest_config_wins(tmp_path: Path) -> None:
    outer = write(tmp_path / "gklint.toml", "year = 2023\n")
    inner = write(tmp_path / "sub" / "gklint.toml", "year = 2024\n")
    assert config.find_config(tmp_path / "sub" / "deep" / "r.txt") == inner
    assert config.find_config(tmp_path / "other" / "r.txt") == outer
    assert config.settings_for(tmp_path / "sub" / "r.txt").year == 2024


def test_gklint_toml_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.gklint]\nyear = 2020\n")
    g = write(tmp_path / "gklint.toml", "year = 2021\n")
    assert config.find_config(tmp_path / "r.txt") == g


def test_pyproject_without_gklint_table_is_skipped(tmp_path: Path) -> None:
    outer = write(tmp_path / "gklint.toml", "year = 2022\n")
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n[tool.ruff]\nline-length = 1\n")
    assert config.find_config(tmp_path / "sub" / "r.txt") == outer


def test_pyproject_with_gklint_table_counts(tmp_path: Path) -> None:
    write(tmp_path / "gklint.toml", "year = 2022\n")
    inner = write(
        tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.gklint]\nignore = ['GK104']\n"
    )
    assert config.find_config(tmp_path / "sub" / "r.txt") == inner
    settings = config.settings_for(tmp_path / "sub" / "r.txt")
    assert settings.ignore == ("GK104",)
    assert settings.root == tmp_path / "sub"
    assert settings.config_path == inner


def test_broken_unrelated_pyproject_is_not_an_error(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project\nthis is not toml")
    assert config.find_config(tmp_path / "r.txt") != tmp_path / "pyproject.toml"


def test_broken_pyproject_with_gklint_table_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.gklint]\nselect = [\n")
    with pytest.raises(config.ConfigError, match="不是有效的 TOML"):
        config.find_config(tmp_path / "r.txt")


def test_find_config_accepts_a_folder(tmp_path: Path) -> None:
    g = write(tmp_path / "reports" / "gklint.toml", "")
    assert config.find_config(tmp_path / "reports") == g


# --- parsing --------------------------------------------------------------------------------


FULL = """\
# 本单位的检查设置
select = ["ALL"]
extend-select = ["GK5"]
ignore = ["GK105"]
rule-packs = ["packs/local.toml"]
exclude = ["旧稿/"]
include = ["*.md"]
year = 2024

[per-file-ignores]
"草稿/*.txt" = ["GK201", "GK202"]

[severity]
GK104 = "info"
table-sum = "warning"
"""


def test_all_keys_parse(tmp_path: Path) -> None:
    write(tmp_path / "packs" / "local.toml", "")
    path = write(tmp_path / "gklint.toml", FULL)
    s = config.load_settings(path)
    assert s.select == ("ALL",)
    assert s.extend_select == ("GK5",)
    assert s.ignore == ("GK105",)
    assert s.rule_packs == (tmp_path / "packs" / "local.toml",)
    assert s.exclude == ("旧稿/",)
    assert s.include == ("*.md",)
    assert s.year == 2024
    assert s.per_file_ignores == (("草稿/*.txt", ("GK201", "GK202")),)
    assert s.severity == (("GK104", Severity.INFO), ("table-sum", Severity.WARNING))
    assert s.root == tmp_path
    config.check_selectors(s, catalog(), str(path))  # every selector above is real


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("selekt = ['ALL']\n", "selekt"),
        ("extend_select = ['GK1']\n", "应写作 extend-select"),
        ("select = 'GK101'\n", "必须是字符串列表"),
        ("ignore = [101]\n", "必须是字符串列表"),
        ("year = '2024'\n", "必须是整数年份"),
        ("year = true\n", "必须是整数年份"),
        ("year = 1024\n", "不是合理的报告年度"),
        ("per-file-ignores = ['a']\n", "必须是表"),
        ("[per-file-ignores]\n'a.txt' = 'GK101'\n", "per-file-ignores"),
        ("[severity]\nGK104 = 'fatal'\n", "只能是"),
        ("[severity]\nGK104 = 3\n", "severity.GK104"),
        ("rule-packs = ['missing.toml']\n", "找不到规则包文件"),
        ("select = [\n", "不是有效的 TOML"),
    ],
)
def test_bad_values_raise_chinese_error_naming_file_and_key(
    tmp_path: Path, content: str, needle: str
) -> None:
    path = write(tmp_path / "gklint.toml", content)
    with pytest.raises(config.ConfigError) as info:
        config.load_settings(path)
    message = str(info.value)
    assert needle in message
    assert str(path) in message


def test_non_utf8_config_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "gklint.toml"
    path.write_bytes("year = 2024 # 注释\n".encode("gb18030"))
    with pytest.raises(config.ConfigError, match="UTF-8"):
        config.load_settings(path)


def test_tool_gklint_must_be_a_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool]\ngklint = 3\n")
    with pytest.raises(config.ConfigError, match=r"tool\.gklint"):
        config.load_settings(path)


def test_unknown_selector_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path / "gklint.toml", "ignore = ['GK999']\n[per-file-ignores]\n'a' = ['nonsense-rule']\n"
    )
    s = config.load_settings(path)
    with pytest.raises(config.ConfigError, match="GK999 不匹配任何规则"):
        config.check_selectors(s, catalog(), str(path))
    assert (
        config.unknown_selectors(("GK3", "table-sum", "applications-balance", "ALL", "gk301"), catalog())
        == []
    )
    assert config.unknown_selectors(("GK99", "typo"), catalog()) == ["GK99", "typo"]


def test_explicit_config_is_used_instead_of_discovery(tmp_path: Path) -> None:
    write(tmp_path / "gklint.toml", "year = 2023\n")
    other = write(tmp_path / "elsewhere" / "custom.toml", "year = 2021\n")
    assert config.settings_for(tmp_path / "r.txt", explicit_config=other).year == 2021
    with pytest.raises(config.ConfigError, match="找不到配置文件"):
        config.settings_for(tmp_path / "r.txt", explicit_config=tmp_path / "nope.toml")


# --- overrides ------------------------------------------------------------------------------


def test_overrides_select_replaces_extend_and_ignore_add(tmp_path: Path) -> None:
    path = write(
        tmp_path / "gklint.toml",
        "select = ['GK1']\nextend-select = ['GK2']\nignore = ['GK104']\nyear = 2020\n",
    )
    base = config.load_settings(path)
    s = config.apply_overrides(base, {"extend_select": ["GK3"], "ignore": ["GK105"], "year": 2024})
    assert s.select == ("GK1",)
    assert s.extend_select == ("GK2", "GK3")
    assert s.ignore == ("GK104", "GK105")
    assert s.year == 2024
    s = config.apply_overrides(base, {"select": ["GK301"], "ignore": ["GK302"]})
    assert s.select == ("GK301",)
    assert s.extend_select == ()  # a new select starts afresh, as in ruff
    assert s.ignore == ("GK302",)


def test_overrides_skip_none_and_validate(tmp_path: Path) -> None:
    base = Settings()
    assert config.apply_overrides(base, {"select": None, "ignore": None}) == base
    with pytest.raises(config.ConfigError, match="编辑器设置"):
        config.apply_overrides(base, {"select": "GK101"}, "编辑器设置")
    with pytest.raises(config.ConfigError, match="未知的配置项"):
        config.apply_overrides(base, {"colour": True})


def test_settings_for_applies_overrides_on_top_of_the_file(tmp_path: Path) -> None:
    write(tmp_path / "gklint.toml", "ignore = ['GK104']\n")
    s = config.settings_for(tmp_path / "r.txt", overrides={"ignore": ["GK105"]})
    assert s.ignore == ("GK104", "GK105")


# --- caching --------------------------------------------------------------------------------


def test_parsed_file_is_cached_and_reloaded_when_it_changes(tmp_path: Path) -> None:
    path = write(tmp_path / "gklint.toml", "year = 2023\n")
    first = config.load_settings(path)
    assert config.load_settings(path) is first
    touch_later(path, "year = 2024\n")
    assert config.load_settings(path).year == 2024


# --- exclude --------------------------------------------------------------------------------


def test_is_excluded_relative_to_config_folder(tmp_path: Path) -> None:
    path = write(tmp_path / "gklint.toml", "exclude = ['旧稿/', '*.bak.txt']\n")
    s = config.load_settings(path)
    (tmp_path / "旧稿").mkdir()
    assert config.is_excluded(tmp_path / "旧稿", s)
    assert config.is_excluded(tmp_path / "旧稿" / "2019.txt", s)
    assert config.is_excluded(tmp_path / "新稿" / "a.bak.txt", s)
    assert not config.is_excluded(tmp_path / "新稿" / "a.txt", s)
    assert not config.is_excluded(tmp_path / "a.txt", Settings())


# --- add_per_file_ignore ----------------------------------------------------------------------


def parsed(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_add_ignore_creates_table_and_keeps_comments(tmp_path: Path) -> None:
    original = "# 本单位设置\nselect = ['ALL']  # 全部规则\n"
    path = write(tmp_path / "gklint.toml", original)
    config.add_per_file_ignore(path, "草稿/报告.txt", "GK201")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original)
    assert parsed(path)["per-file-ignores"] == {"草稿/报告.txt": ["GK201"]}
    assert config.load_settings(path).per_file_ignores == (("草稿/报告.txt", ("GK201",)),)


def test_add_ignore_appends_to_existing_entry_and_table(tmp_path: Path) -> None:
    original = (
        "select = ['ALL']\n\n[per-file-ignores]\n# 草稿不查统计期限\n"
        '"草稿/*.txt" = ["GK201"]  # 保留\n\n[severity]\nGK104 = "info"\n'
    )
    path = write(tmp_path / "gklint.toml", original)
    config.add_per_file_ignore(path, "草稿/*.txt", "GK202")
    config.add_per_file_ignore(path, "a.txt", "GK101")
    text = path.read_text(encoding="utf-8")
    assert "# 草稿不查统计期限" in text and "# 保留" in text
    assert parsed(path)["per-file-ignores"] == {"草稿/*.txt": ["GK201", "GK202"], "a.txt": ["GK101"]}
    assert parsed(path)["severity"] == {"GK104": "info"}
    # the new entry landed inside [per-file-ignores], before [severity]
    assert text.index('"a.txt"') < text.index("[severity]")


def test_add_ignore_is_idempotent(tmp_path: Path) -> None:
    path = write(tmp_path / "gklint.toml", "[per-file-ignores]\n'a.txt' = ['GK101']\n")
    before = path.read_text(encoding="utf-8")
    config.add_per_file_ignore(path, "a.txt", "GK101")
    assert path.read_text(encoding="utf-8") == before


def test_add_ignore_multiline_array_keeps_layout(tmp_path: Path) -> None:
    path = write(
        tmp_path / "gklint.toml", '[per-file-ignores]\n"r.txt" = [\n    "GK101",  # 说明\n    "GK102",\n]\n'
    )
    config.add_per_file_ignore(path, "r.txt", "GK201")
    assert path.read_text(encoding="utf-8") == (
        '[per-file-ignores]\n"r.txt" = [\n    "GK101",  # 说明\n    "GK102",\n    "GK201",\n]\n'
    )


def test_add_ignore_to_empty_array_and_inline_table(tmp_path: Path) -> None:
    path = write(tmp_path / "gklint.toml", "[per-file-ignores]\n'r.txt' = []\n")
    config.add_per_file_ignore(path, "r.txt", "GK201")
    assert parsed(path)["per-file-ignores"] == {"r.txt": ["GK201"]}
    path = write(
        tmp_path / "g2" / "gklint.toml", "per-file-ignores = { 'x.txt' = ['GK1'] }  # 行内\nyear = 2024\n"
    )
    config.add_per_file_ignore(path, "y.txt", "GK201")
    assert parsed(path) == {"per-file-ignores": {"x.txt": ["GK1"], "y.txt": ["GK201"]}, "year": 2024}
    assert "# 行内" in path.read_text(encoding="utf-8")


def test_add_ignore_in_pyproject_next_to_tool_gklint(tmp_path: Path) -> None:
    original = "[project]\nname = 'x'\n\n[tool.gklint]\nselect = ['ALL']\n\n[tool.ruff]\nline-length = 100\n"
    path = write(tmp_path / "pyproject.toml", original)
    config.add_per_file_ignore(path, "报告/*.txt", "GK104")
    text = path.read_text(encoding="utf-8")
    data = parsed(path)
    assert data["tool"]["gklint"]["per-file-ignores"] == {"报告/*.txt": ["GK104"]}
    assert data["tool"]["ruff"] == {"line-length": 100}
    assert text.index("[tool.gklint.per-file-ignores]") < text.index("[tool.ruff]")
    assert config.find_config(tmp_path / "报告" / "a.txt") == path


def test_add_ignore_creates_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gklint.toml"
    config.add_per_file_ignore(path, "a.txt", "GK101")
    assert parsed(path) == {"per-file-ignores": {"a.txt": ["GK101"]}}


def test_add_ignore_quotes_awkward_globs(tmp_path: Path) -> None:
    path = write(tmp_path / "gklint.toml", "")
    glob = 'we"ird\\name.txt'
    config.add_per_file_ignore(path, glob, "GK101")
    assert parsed(path)["per-file-ignores"] == {glob: ["GK101"]}


def test_add_ignore_preserves_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "gklint.toml"
    path.write_bytes(b"\xef\xbb\xbfselect = ['ALL']\r\n")
    config.add_per_file_ignore(path, "a.txt", "GK101")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert tomllib.loads(data.decode("utf-8-sig"))["per-file-ignores"] == {"a.txt": ["GK101"]}


def test_add_ignore_refuses_to_corrupt_and_leaves_file_alone(tmp_path: Path) -> None:
    # per-file-ignores is a string here: no edit can mean "add an ignore".
    original = "per-file-ignores = 'nonsense'\n"
    path = write(tmp_path / "gklint.toml", original)
    with pytest.raises(config.ConfigError, match="手动"):
        config.add_per_file_ignore(path, "a.txt", "GK101")
    assert path.read_text(encoding="utf-8") == original


def test_add_ignore_invalidates_the_cache(tmp_path: Path) -> None:
    path = write(tmp_path / "gklint.toml", "year = 2024\n")
    assert config.load_settings(path).per_file_ignores == ()
    config.add_per_file_ignore(path, "a.txt", "GK101")
    assert config.load_settings(path).per_file_ignores == (("a.txt", ("GK101",)),)


def test_add_ignore_next_to_dotted_keys(tmp_path: Path) -> None:
    path = write(tmp_path / "gklint.toml", "year = 2024\nper-file-ignores.'a.txt' = ['GK101']  # 点号写法\n")
    config.add_per_file_ignore(path, "b.txt", "GK102")
    text = path.read_text(encoding="utf-8")
    assert parsed(path) == {"year": 2024, "per-file-ignores": {"a.txt": ["GK101"], "b.txt": ["GK102"]}}
    assert 'per-file-ignores."b.txt" = ["GK102"]' in text
    assert "# 点号写法" in text


def test_add_ignore_is_not_fooled_by_brackets_and_hashes_in_strings(tmp_path: Path) -> None:
    original = (
        'title = "报告 [草稿] # 不是注释"\n'
        "notes = '''\n[per-file-ignores]\n多行字符串里的假表头\n'''\n"
        '[per-file-ignores]\n"x]#.txt" = ["GK1", # 注释里的 ]\n  "GK2"]\n'
    )
    path = tmp_path / "gklint.toml"
    path.write_text(original, encoding="utf-8")
    # unknown keys (title, notes) are a load error, but the editor must still edit correctly
    config.add_per_file_ignore(path, "x]#.txt", "GK3")
    data = parsed(path)
    assert data["per-file-ignores"] == {"x]#.txt": ["GK1", "GK2", "GK3"]}
    assert data["notes"] == "[per-file-ignores]\n多行字符串里的假表头\n"
    assert data["title"] == "报告 [草稿] # 不是注释"
