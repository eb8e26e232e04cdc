"""The command line: in-process through `cli.main` (fast) and as a real subprocess."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from gklint import cli, config

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE = ROOT / "examples" / "example-report.txt"
# Seeds 000 and 002 with the content the content rules ask for (考核/评议/追究 results, the
# 信息处理费 sentence, a problem in 五) added, so that they stay "clean" and "one warning".
CLEAN_2024 = ROOT / "tests" / "data" / "clean-report-2024.txt"  # no findings
WARN_ONLY = ROOT / "tests" / "data" / "warn-only-2023.txt"  # a single GK201 warning


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("FORCE_COLOR", "NO_COLOR", "GKLINT_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    config.clear_cache()


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_process(
    *argv: str | Path, stdin: bytes | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "GKLINT_DEBUG")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "gklint", *map(str, argv)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def codes_in(out: str) -> list[str]:
    return [item["code"] for item in json.loads(out)]


def copy_report(src: Path, dest: Path, encoding: str = "utf-8") -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(src.read_text(encoding="utf-8").encode(encoding))
    return dest


# --- checking -------------------------------------------------------------------------------


def test_clean_report_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, CLEAN_2024)
    assert code == 0
    assert out == "未发现问题。\n"
    assert err == ""


def test_example_report_reports_its_documented_defects(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", EXAMPLE)
    assert code == 1
    for expected in ("GK203 [error]", "GK303 [error]", "GK104 [warning]"):
        assert expected in out
    # One wrong cell, one finding: the other relations it breaks are in the message.
    assert "GK301 [error]" not in out and "GK302 [error]" not in out
    assert "同一格还使" in out
    assert f"{EXAMPLE}:4:137: GK203" in out
    assert out.rstrip().endswith(
        "涉及 1 个文件；其中 3 个附带修复建议（1 个不安全，需人工确认），可用 --fix 自动修复（不安全的修复另加 --unsafe-fixes）或在编辑器中一键应用。"
    )


def test_fail_on_controls_the_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, WARN_ONLY)[0] == 0
    assert run(capsys, WARN_ONLY, "--fail-on", "warning")[0] == 1
    assert run(capsys, WARN_ONLY, "--fail-on=info")[0] == 1
    assert run(capsys, EXAMPLE, "--fail-on", "error")[0] == 1


def test_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, EXAMPLE, "--exit-zero")
    assert code == 0
    assert "GK303" in out


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, EXAMPLE, "--format", "json")
    assert code == 1
    items = json.loads(out)
    assert sorted(i["code"] for i in items) == ["GK104", "GK203", "GK303"]
    gk203 = next(i for i in items if i["code"] == "GK203")
    assert gk203["location"] == {"row": 4, "column": 137}
    assert gk203["filename"] == str(EXAMPLE)
    assert gk203["fix"]["applicability"] == "safe"
    line = EXAMPLE.read_text(encoding="utf-8").split("\n")[3]
    assert line[136:140] == "2023"  # the column counts code points of a CJK line
    assert run(capsys, EXAMPLE, "--output-format=json")[1] == out


def test_concise_output_is_one_line_per_problem(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, EXAMPLE, "--format", "concise", "--quiet")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{EXAMPLE}:") for line in lines)


def test_statistics(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, EXAMPLE, "--statistics")
    assert code == 1
    rows = out.splitlines()
    assert rows[0].startswith("数量")
    assert {row.split()[1] for row in rows[1:4]} == {"GK104", "GK203", "GK303"}
    assert "applicant-total" in out
    assert "共发现 3 个问题" in out
    code, out, _ = run(capsys, EXAMPLE, "--statistics", "--format", "json")
    assert {item["code"]: item["count"] for item in json.loads(out)} == {
        "GK104": 1,
        "GK203": 1,
        "GK303": 1,
    }


def test_quiet_drops_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, CLEAN_2024, "-q")[1] == ""
    out = run(capsys, EXAMPLE, "--quiet")[1]
    assert "GK303" in out and "共发现" not in out


def test_select_ignore_extend_select(capsys: pytest.CaptureFixture[str]) -> None:
    assert codes_in(run(capsys, EXAMPLE, "--format", "json", "--select", "GK104")[1]) == ["GK104"]
    out = run(capsys, EXAMPLE, "--format", "json", "--ignore", "GK3,statistics-window")[1]
    assert codes_in(out) == ["GK104"]
    out = run(capsys, EXAMPLE, "--format", "json", "--select", "GK2", "--extend-select", "heading-wording")[1]
    assert sorted(codes_in(out)) == ["GK104", "GK203"]
    out = run(capsys, EXAMPLE, "--format", "json", "--ignore", "GK301", "--ignore", "GK302")[1]
    assert sorted(codes_in(out)) == ["GK104", "GK203", "GK303"]


def test_unknown_selector_on_command_line_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, EXAMPLE, "--select", "GK999")
    assert code == 2
    assert "GK999 不匹配任何规则" in err
    assert out == ""


def test_year_override(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, EXAMPLE, "--format", "json", "--year", "2023")[1]
    assert "GK203" not in codes_in(out)
    code, _, err = run(capsys, EXAMPLE, "--year", "twenty")
    assert code == 2 and "整数" in err


def test_colour_only_when_forced_and_not_disabled(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "\x1b[" not in run(capsys, EXAMPLE)[1]  # captured output is not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run(capsys, EXAMPLE)[1]
    assert "\x1b[" not in run(capsys, EXAMPLE, "--no-color")[1]


# --- inputs ---------------------------------------------------------------------------------


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = EXAMPLE.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "-", "--format", "json")
    assert code == 1
    assert {i["filename"] for i in json.loads(out)} == {"-"}
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "--stdin-filename", "报告.txt", "-")
    assert code == 1
    assert "报告.txt:4:137: GK203" in out


def test_stdin_filename_finds_config_and_per_file_ignores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "gklint.toml").write_text("[per-file-ignores]\n'草稿.txt' = ['GK3']\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes())))
    out = run(capsys, "--stdin-filename", tmp_path / "草稿.txt", "--format", "json", "-")[1]
    assert sorted(codes_in(out)) == ["GK104", "GK203"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_give_the_same_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    expected = json.loads(run(capsys, EXAMPLE, "--format", "json")[1])
    path = copy_report(EXAMPLE, tmp_path / "报告.txt", encoding)
    code, out, err = run(capsys, path, "--format", "json")
    assert (code, err) == (1, "")
    got = json.loads(out)
    strip = lambda items: [{k: v for k, v in i.items() if k != "filename"} for i in items]  # noqa: E731
    assert strip(got) == strip(expected)


def test_missing_file_is_exit_2_with_chinese_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "没有这个文件.txt")
    assert code == 2
    assert err == "错误：找不到文件或目录：没有这个文件.txt\n"
    assert out == ""  # no misleading "未发现问题"


def test_missing_file_next_to_a_good_one_still_reports_the_good_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, EXAMPLE, "nope.txt")
    assert code == 2
    assert "GK303" in out
    assert "找不到文件或目录：nope.txt" in err


def test_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(bytes(range(256)) * 8)
    code, out, err = run(capsys, path)
    assert code == 2
    assert out == ""
    assert "二进制" in err and str(path) in err
    assert "Traceback" not in err


def test_undecodable_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x81\x30" * 50 + b"\xff\xfe\xfd" * 3)
    code, _, err = run(capsys, path)
    assert code == 2
    assert err.startswith("错误：") and "Traceback" not in err


def test_directory_walk_honours_exclude(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "gklint.toml").write_text("exclude = ['旧稿/', '*-备份.txt']\n", encoding="utf-8")
    copy_report(EXAMPLE, tmp_path / "2024" / "甲.txt")
    copy_report(EXAMPLE, tmp_path / "2024" / "乙.md")
    copy_report(EXAMPLE, tmp_path / "2024" / "甲-备份.txt")
    copy_report(EXAMPLE, tmp_path / "旧稿" / "丙.txt")
    copy_report(EXAMPLE, tmp_path / ".git" / "丁.txt")
    (tmp_path / "2024" / "图.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, out, err = run(capsys, tmp_path, "--format", "json")
    assert code == 1, err
    files = sorted({Path(i["filename"]).relative_to(tmp_path).as_posix() for i in json.loads(out)})
    assert files == ["2024/乙.md", "2024/甲.txt"]
    # a file named explicitly is checked even when excluded, as in ruff
    assert run(capsys, tmp_path / "旧稿" / "丙.txt")[0] == 1


def test_a_directory_without_reports_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A CI gate pointed at the wrong folder must fail, not pass having checked nothing.
    (tmp_path / "说明.png").write_bytes(b"\x89PNG")
    code, out, err = run(capsys, tmp_path)
    assert code == 2
    assert "没有找到可检查的报告文件" in err and "没有检查任何内容" in err
    assert out == ""
    code, out, _ = run(capsys, tmp_path, "--format", "json", "--exit-zero")
    assert (code, json.loads(out)) == (2, [])


# --- configuration --------------------------------------------------------------------------


def test_config_discovery_per_file_ignores_and_severity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = copy_report(EXAMPLE, tmp_path / "reports" / "2024.txt")
    (tmp_path / "gklint.toml").write_text(
        "ignore = ['GK3']\n[per-file-ignores]\n'reports/2024.txt' = ['GK203']\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, report, "--format", "json")
    assert (code, codes_in(out)) == (0, ["GK104"])
    # a nearer pyproject.toml with [tool.gklint] wins over the outer gklint.toml
    (tmp_path / "reports" / "pyproject.toml").write_text(
        "[tool.gklint]\nselect = ['GK104']\n[tool.gklint.severity]\nGK104 = 'error'\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, report, "--format", "json")
    assert code == 1
    assert [(i["code"], i["severity"]) for i in json.loads(out)] == [("GK104", "error")]
    # --config replaces discovery
    other = tmp_path / "other.toml"
    other.write_text("select = ['GK203']\n", encoding="utf-8")
    assert codes_in(run(capsys, report, "--format", "json", "--config", other)[1]) == ["GK203"]


def test_bad_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = copy_report(EXAMPLE, tmp_path / "r.txt")
    cfg = tmp_path / "gklint.toml"
    cfg.write_text("selekt = ['GK1']\n", encoding="utf-8")
    code, out, err = run(capsys, report)
    assert code == 2
    assert str(cfg) in err and "selekt" in err and "未知的配置项" in err
    assert out == ""
    cfg.write_text("ignore = ['GK9999']\n", encoding="utf-8")
    code, _, err = run(capsys, report)
    assert code == 2 and "GK9999 不匹配任何规则" in err
    assert run(capsys, report, "--config", tmp_path / "missing.toml")[0] == 2


def test_rule_pack_via_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = copy_report(EXAMPLE, tmp_path / "r.txt")
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "local.toml").write_text(
        "[[rule]]\ncode = 'BJ101'\nname = 'old-office-name'\npattern = '党政办'\nmessage = '“{match}”是旧称'\n",
        encoding="utf-8",
    )
    (tmp_path / "gklint.toml").write_text(
        "rule-packs = ['packs/local.toml']\nselect = ['BJ']\n", encoding="utf-8"
    )
    code, out, err = run(capsys, report, "--format", "json")
    assert code == 0, err  # pack rules default to warning
    items = json.loads(out)
    assert items and {i["code"] for i in items} == {"BJ101"}
    assert items[0]["message"] == "“党政办”是旧称"
    stats = run(capsys, report, "--statistics")[1]
    assert "BJ101" in stats and "old-office-name" in stats
    # `gklint rule` sees pack rules of the config in the current folder
    (tmp_path / "packs" / "local.toml").write_text("[[rule]]\ncode = 'GK001'\n", encoding="utf-8")
    code, _, err = run(capsys, report)
    assert code == 2
    assert "规则包" in err and "local.toml" in err and "Traceback" not in err


# --- rule documentation ---------------------------------------------------------------------


def test_rule_prints_the_doc_page(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rule", "GK301")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "# GK301 applications-balance"
    assert "- 类别：table-sum" in lines
    assert "- 默认级别：错误（error）" in lines
    assert "- 来源：内置规则" in lines
    assert "## " in out  # the catalogue's Markdown body follows
    assert run(capsys, "rule", "applications-balance")[1] == out
    assert run(capsys, "rule", "gk301")[1] == out


def test_rule_all(capsys: pytest.CaptureFixture[str]) -> None:
    from gklint.ruledata import catalog

    code, out, _ = run(capsys, "rule", "--all")
    assert code == 0
    for rule in catalog():
        assert f"# {rule} " in out
    items = json.loads(run(capsys, "rule", "--all", "--format", "json")[1])
    assert [i["code"] for i in items] == sorted(catalog())
    assert set(items[0]) == {"code", "name", "category", "severity", "summary", "doc", "origin"}


def test_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rule", "GK3011")
    assert code == 2
    assert "未知的规则 GK3011" in err and "GK301" in err
    assert out == ""
    assert run(capsys, "rule")[0] == 2


def test_rule_sees_pack_rules_of_the_current_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "p.toml").write_text(
        "[[rule]]\ncode = 'BJ101'\nname = 'old-office-name'\npattern = '党政办'\nmessage = '旧称'\n"
        "doc = '## 检查什么\\n旧的机构名称。'\n",
        encoding="utf-8",
    )
    (tmp_path / "gklint.toml").write_text("rule-packs = ['p.toml']\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "rule", "BJ101")
    assert code == 0
    assert out.startswith("# BJ101 old-office-name\n")
    assert f"- 来源：规则包 {tmp_path / 'p.toml'}" in out
    assert "旧的机构名称。" in out


# --- usage, version, errors -------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from gklint import __version__

    assert run(capsys, "--version") == (0, f"gklint {__version__}\n", "")


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "用法" in out and "gklint rule" in out
    code, out, _ = run(capsys, "check", "--help")
    assert code == 0 and "--fail-on" in out and "--output-format" in out


def test_no_paths_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 2 and out == "" and "请指定要检查的文件或目录" in err
    code, _, err = run(capsys, "check", "--exit-zero")
    assert code == 2 and "请指定要检查的文件或目录" in err


def test_unknown_option_suggests_the_right_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, EXAMPLE, "--fail-onn", "warning")
    assert code == 2
    assert "未知的选项 --fail-onn" in err and "--fail-on" in err
    code, _, err = run(capsys, EXAMPLE, "--format", "xml")
    assert code == 2 and "xml" in err and "json" in err
    code, _, err = run(capsys, EXAMPLE, "--select")
    assert code == 2 and "需要一个取值" in err


def test_internal_errors_become_a_chinese_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gklint.engine

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("测试用的故障")

    monkeypatch.setattr(gklint.engine, "lint_document", boom)
    code, _, err = run(capsys, EXAMPLE)
    assert code == 2
    assert "内部错误" in err and "测试用的故障" in err and "Traceback" not in err
    with pytest.raises(RuntimeError):  # tests and GKLINT_DEBUG users still get the exception
        cli.run([str(EXAMPLE)])
    monkeypatch.setenv("GKLINT_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main([str(EXAMPLE)])


def test_server_is_imported_lazily_and_gets_the_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    fake = types.ModuleType("gklint.lsp.server")
    fake.main = lambda argv=None: calls.append(list(argv or [])) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gklint.lsp.server", fake)
    assert cli.main(["server", "--log-level", "INFO"]) == 0
    assert calls == [["--log-level", "INFO"]]


# --- as a real process ----------------------------------------------------------------------


def test_process_exit_codes_and_utf8_output() -> None:
    proc = run_process(EXAMPLE, "--format", "json")
    assert proc.returncode == 1
    assert sorted(codes_in(proc.stdout.decode("utf-8"))) == ["GK104", "GK203", "GK303"]
    assert run_process(CLEAN_2024).returncode == 0
    assert run_process("--version").stdout.decode().startswith("gklint ")


def test_process_stdin_gb18030() -> None:
    data = EXAMPLE.read_text(encoding="utf-8").encode("gb18030")
    proc = run_process("-", stdin=data)
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 1
    assert "-:4:137: GK203 [error]" in out


def test_process_binary_input_has_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)
    proc = run_process(path)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2
    assert "二进制" in err
    assert "Traceback" not in err
    proc = run_process(tmp_path / "missing.txt")
    assert proc.returncode == 2 and "找不到文件或目录" in proc.stderr.decode("utf-8")


def test_cli_never_imports_pygls_or_regex_for_a_plain_check() -> None:
    script = (
        "import sys\n"
        "from gklint.cli import main\n"
        f"code = main([{str(EXAMPLE)!r}, '--exit-zero', '-q'])\n"
        "main(['rule', 'GK301'])\n"
        "heavy = sorted(m for m in ('pygls', 'lsprotocol', 'regex', 'argparse', 'importlib.metadata', 'pickle')"
        " if m in sys.modules)\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode("utf-8").splitlines()[-1] == "HEAVY="


# What a plain check must not load: other formats' readers, other outputs, the editor and web
# adapters, and libraries only some runs need (start-up is most of a one-report run).
_NOT_FOR_A_TEXT_CHECK = (
    "lxml",
    "docx",
    "pdfplumber",
    "pdfminer",
    "starlette",
    "uvicorn",
    "pygls",
    "lsprotocol",
    "tomlkit",
    "jsonschema",
    "regex",
    "difflib",
    "argparse",
    "json",
    "pickle",
    "threading",
    "zipfile",
    "gklint.source.html",
    "gklint.source.docx",
    "gklint.source.pdf",
    "gklint.parallel",
    "gklint.fix",
    "gklint.output.json_output",
    "gklint.output.sarif",
    "gklint.output.html_report",
    "gklint.output.review",
    "gklint.web",
    "gklint.lsp",
    "gklint.annotate",
    "gklint.docxwrite",
)


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_a_check_imports_only_what_the_run_needs(tmp_path: Path, suffix: str) -> None:
    """Linting one .txt (or one web page) in a fresh interpreter loads none of the unrelated modules."""
    from seed_html import render_html

    text = EXAMPLE.read_text(encoding="utf-8")
    report = tmp_path / f"报告{suffix}"
    report.write_text(render_html(text) if suffix == ".html" else text, encoding="utf-8")
    allowed = {"lxml", "gklint.source.html"} if suffix == ".html" else set()
    script = (
        "import sys\n"
        "from gklint.cli import main\n"
        f"main([{str(report)!r}, '--exit-zero', '-q'])\n"
        f"names = {_NOT_FOR_A_TEXT_CHECK!r}\n"
        "print('LOADED=' + ','.join(sorted(n for n in names if n in sys.modules)))\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    loaded = set(
        filter(None, proc.stdout.decode("utf-8").splitlines()[-1].removeprefix("LOADED=").split(","))
    )
    assert loaded == allowed


def test_parallel_run_matches_sequential(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gklint import parallel

    for i in range(3):
        for seed in (EXAMPLE, WARN_ONLY, CLEAN_2024):
            copy_report(seed, tmp_path / f"{i}_{seed.name}")
    monkeypatch.setenv("GKLINT_NO_PARALLEL", "1")
    sequential = run(capsys, tmp_path, "--format", "json")
    if hasattr(os, "fork"):
        monkeypatch.delenv("GKLINT_NO_PARALLEL")
        monkeypatch.setattr(parallel, "worker_count", lambda n: 2)
        assert run(capsys, tmp_path, "--format", "json") == sequential
    assert sequential[0] == 1
    assert len({i["filename"] for i in json.loads(sequential[1])}) == 6  # the clean copies report nothing


def test_rule_docs_survive_a_broken_discovered_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "gklint.toml").write_text("select = [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "rule", "GK301")
    assert code == 0
    assert out.startswith("# GK301 ")
    assert "警告" in err and "只显示内置规则" in err
    assert run(capsys, "rule", "GK301", "--config", tmp_path / "gklint.toml")[0] == 2
