"""extend = "../上级规则.toml" and --show-settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint import cli, config
from gklint.diagnostics import Severity


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    config.clear_cache()


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def province(tmp_path: Path) -> Path:
    """A province's rules one folder up; a county's gklint.toml extends them."""
    (tmp_path / "上级规则.toml").write_text(
        '# 省级统一规则\nignore = ["GK104"]\nyear = 2023\n[severity]\nGK201 = "error"\nGK3 = "warning"\n'
        '[per-file-ignores]\n"草稿/*" = ["GK2"]\n',
        encoding="utf-8",
    )
    county = tmp_path / "县"
    county.mkdir()
    (county / "gklint.toml").write_text(
        'extend = "../上级规则.toml"\nyear = 2024\nextend-select = ["GK5"]\n[severity]\nGK201 = "info"\n',
        encoding="utf-8",
    )
    return county


def test_nearer_file_overrides_and_lists_are_added(province: Path) -> None:
    settings = config.settings_for(province / "报告.txt")
    assert settings.year == 2024  # the county's
    assert settings.ignore == ("GK104",)  # inherited
    assert settings.extend_select == ("GK5",)
    assert settings.per_file_ignores == (("草稿/*", ("GK2",)),)
    assert settings.config_path == province / "gklint.toml"
    from gklint.ruledata import catalog
    from gklint.selection import effective_severity

    assert effective_severity(catalog()["GK201"], settings) is Severity.INFO  # nearer wins
    assert effective_severity(catalog()["GK301"], settings) is Severity.WARNING  # inherited


def test_select_in_the_nearer_file_starts_afresh(province: Path) -> None:
    (province / "gklint.toml").write_text('extend = "../上级规则.toml"\nselect = ["GK1"]\n', encoding="utf-8")
    settings = config.settings_for(province / "报告.txt")
    assert (settings.select, settings.ignore, settings.year) == (("GK1",), (), 2023)


def test_editing_the_extended_file_is_seen(province: Path, tmp_path: Path) -> None:
    assert config.settings_for(province / "a.txt").ignore == ("GK104",)
    (tmp_path / "上级规则.toml").write_text('ignore = ["GK105", "GK106"]\n', encoding="utf-8")
    assert config.settings_for(province / "a.txt").ignore == ("GK105", "GK106")


def test_cycles_and_missing_files_are_chinese_errors(
    capsys: pytest.CaptureFixture[str], province: Path, tmp_path: Path
) -> None:
    (tmp_path / "上级规则.toml").write_text('extend = "县/gklint.toml"\n', encoding="utf-8")
    with pytest.raises(config.ConfigError, match="extend 形成了循环"):
        config.settings_for(province / "a.txt")
    (province / "a.txt").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, province / "a.txt")
    assert code == 2 and "循环" in err and "Traceback" not in err
    (tmp_path / "上级规则.toml").write_text('extend = "无此文件.toml"\n', encoding="utf-8")
    config.clear_cache()
    with pytest.raises(config.ConfigError, match="找不到要继承的配置文件"):
        config.settings_for(province / "a.txt")
    (tmp_path / "上级规则.toml").write_text("extend = 3\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match="extend 必须是配置文件的路径"):
        config.settings_for(province / "a.txt")


def test_extend_from_pyproject(tmp_path: Path, province: Path) -> None:
    sub = province / "乡"
    sub.mkdir()
    (sub / "pyproject.toml").write_text(
        '[tool.gklint]\nextend = "../gklint.toml"\nignore = ["GK105"]\n', encoding="utf-8"
    )
    settings = config.settings_for(sub / "a.txt")
    assert settings.ignore == ("GK104", "GK105") and settings.year == 2024


def test_show_settings_names_where_each_value_came_from(
    capsys: pytest.CaptureFixture[str], province: Path, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "--show-settings", province / "报告.txt")
    assert code == 0
    county, parent = str(province / "gklint.toml"), str(tmp_path / "上级规则.toml")
    lines = out.splitlines()
    assert lines[1] == f"# 配置文件：{county} ← {parent}"
    assert f"year = 2024  # 来自：{county}" in lines
    assert f'ignore = ["GK104"]  # 来自：{parent}' in lines
    assert 'select = ["ALL"]  # 来自：默认值' in lines
    assert (
        f'severity = {{ "GK201" = "error", "GK3" = "warning", "GK201" = "info" }}  # 来自：{parent}、{county}'
        in lines
    )
    code, out, _ = run(capsys, "--show-settings", tmp_path.parent / "别处.txt")
    assert "未找到配置文件" in out


def test_tomlkit_is_imported_only_by_the_ignore_in_file_edit(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "gklint.toml").write_text("# 注释\nyear = 2024\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    script = (
        "import sys; from pathlib import Path; from gklint import cli, config\n"
        "cli.run(['--format', 'json', 'a.txt'])\n"
        "assert 'tomlkit' not in sys.modules, 'linting imported tomlkit'\n"
        "config.add_per_file_ignore(Path('gklint.toml'), 'a.txt', 'GK101')\n"
        "assert 'tomlkit' in sys.modules\n"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env={"PYTHONPATH": src}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "gklint.toml").read_text(encoding="utf-8") == (
        '# 注释\nyear = 2024\n\n[per-file-ignores]\n"a.txt" = ["GK101"]\n'
    )
