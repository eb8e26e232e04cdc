"""Hostile and unlucky input at the edges (issue 7): file names, folders, truncated files, packs, TOML."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gklint import cli, config
from gklint.checks import phrases
from gklint.checks.message_template import TemplateError, parse
from gklint.ruledata import catalog
from gklint.safe_text import escape_surrogates, os_bytes
from gklint.source.decode import decode_bytes
from pdfbuild import build_pdf
from test_cli import CLEAN_2024, EXAMPLE, copy_report, run, run_process
from test_phrases import pack, rule_with

NON_UTF8_NAME = b"\xb1\xa8\xb8\xe6-\xff.txt"  # "报告" in GBK, then a byte that is never UTF-8


@pytest.fixture(autouse=True)
def _fresh_config() -> None:
    config.clear_cache()


# --- file names of any bytes ------------------------------------------------------------------


def _non_utf8_file(folder: Path) -> Path:
    target = os.path.join(os.fsencode(folder), NON_UTF8_NAME)
    with open(target, "wb") as fh:
        fh.write(EXAMPLE.read_bytes())
    return Path(os.fsdecode(target))


@pytest.mark.skipif(os.name == "nt", reason="Windows file names are UTF-16, never undecodable bytes")
def test_non_utf8_file_name_in_text_and_json_output(tmp_path: Path) -> None:
    path = _non_utf8_file(tmp_path)
    text = run_process(path, "--no-color")
    assert text.returncode == 1, text.stderr.decode()
    out = text.stdout.decode("utf-8")  # strict: stdout is valid UTF-8
    assert "\\xb1\\xa8\\xb8\\xe6-\\xff.txt:" in out
    as_json = run_process(tmp_path, "--format", "json")
    assert as_json.returncode == 1, as_json.stderr.decode()
    items = json.loads(as_json.stdout.decode("utf-8"))
    assert items and all(i["filename"].endswith("\\xb1\\xa8\\xb8\\xe6-\\xff.txt") for i in items)
    assert {bytes.fromhex(i["filename_bytes"]) for i in items} == {os.fsencode(path)}


def test_a_valid_name_has_no_filename_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, EXAMPLE, "--format", "json")
    assert code == 1 and all("filename_bytes" not in i for i in json.loads(out))


def test_missing_non_utf8_path_message_is_printable(tmp_path: Path) -> None:
    missing = os.fsdecode(os.path.join(os.fsencode(tmp_path), NON_UTF8_NAME))
    result = run_process(missing)
    assert result.returncode == 2
    assert "\\xff.txt" in result.stderr.decode("utf-8") and "Traceback" not in result.stderr.decode()


def test_escape_surrogates() -> None:
    assert escape_surrogates("报告\udcff.txt") == "报告\\xff.txt"
    assert escape_surrogates("a\ud800b") == "a\\ud800b"
    assert escape_surrogates("报告.txt") == "报告.txt"
    assert os_bytes("\udcff") == b"\xff"
    assert os_bytes("a\ud800") == "a\ud800".encode("utf-8", "surrogatepass")


# --- folders ----------------------------------------------------------------------------------


def test_unreadable_folder_is_an_error_not_a_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated (tests often run as root, who can read anything); the real case is below.
    copy_report(CLEAN_2024, tmp_path / "ok" / "甲.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == os.fspath(locked):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", os.fspath(locked))  # type: ignore[call-overload]
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run(capsys, tmp_path)
    assert code == 2
    assert f"无法读取目录 {locked}：没有访问权限" in err
    assert out.endswith("未发现问题。\n")  # the readable report was still checked
    code, out, err = run(capsys, locked)
    assert code == 2 and "没有访问权限" in err and "没有找到可检查的报告文件" not in err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any folder")
def test_unreadable_folder_for_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    copy_report(CLEAN_2024, locked / "甲.txt")
    locked.chmod(0)
    try:
        code, _, err = run(capsys, locked)
        inner_code, _, inner_err = run(capsys, locked / "甲.txt")
    finally:
        locked.chmod(0o755)
    assert code == 2 and "没有访问权限" in err
    assert inner_code == 2 and "Traceback" not in inner_err


# --- a file cut in the middle of a character --------------------------------------------------


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("cut", [1, 2])
def test_truncated_utf8_is_read_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bom: bytes, cut: int
) -> None:
    data = CLEAN_2024.read_bytes().rstrip() + "结尾".encode()
    path = tmp_path / "截断.txt"
    path.write_bytes(bom + data[:-cut])
    code, out, err = run(capsys, path, "--format", "json")
    assert code == 0, err
    (item,) = json.loads(out)
    assert item["code"] == "GK010" and item["severity"] == "warning"
    assert f"{3 - cut} 个字节" in item["message"]
    decoded = decode_bytes(bom + data[:-cut])
    assert decoded.text.endswith("结") and decoded.dropped_tail == "尾".encode()[: 3 - cut]
    assert decoded.encoding == ("utf-8-sig" if bom else "utf-8")


def test_invalid_bytes_mid_file_are_still_refused() -> None:
    with pytest.raises(Exception, match="无法识别文件编码"):
        decode_bytes("报告".encode() + b"\xff\xfe\xfd" + "结尾".encode() + b"\x80")


def test_an_empty_file_cut_mid_character(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "空.txt"
    path.write_bytes("报".encode()[:2])
    code, out, _ = run(capsys, path, "--format", "json")
    assert sorted(i["code"] for i in json.loads(out)) == ["GK001", "GK010"]
    assert code == 0  # both are warnings


# --- rule-pack messages: placeholders only ------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "needle"),
    [
        ("{match!r}", "不支持格式说明、转换或属性访问"),
        ("{match!z}", "不支持格式说明"),
        ("{match:d}", "不支持格式说明"),
        ("{match:>999999999}", "不支持格式说明"),
        ("{match.__class__}", "不支持格式说明"),
        ("{match[0]}", "不支持格式说明"),
        ("{}", "不支持格式说明"),
        ("{0}", "占位符 {0} 无效"),
        ("a } b", "单独的 }"),
        ("{match", "花括号不配对"),
    ],
)
def test_unsafe_message_templates_are_rejected_at_load(tmp_path: Path, message: str, needle: str) -> None:
    path = pack(tmp_path, rule_with(message=message))
    with pytest.raises(phrases.RulePackError, match="第 1 条规则") as info:
        phrases.load_packs((path,), catalog())
    assert needle in str(info.value)


def test_message_placeholders_are_plain_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack_path = pack(
        tmp_path,
        rule_with(
            pattern="(?P<who>主要)问题。",
            message="{{字面}}“{match}”在{section}：{who}{{{who}}}",
        ),
    )
    (tmp_path / "gklint.toml").write_text(f'rule-packs = ["{pack_path.name}"]\n', encoding="utf-8")
    report = copy_report(EXAMPLE, tmp_path / "报告.txt")
    code, out, err = run(capsys, report, "--format", "json", "--select", "BJ101")
    assert code == 0, err  # pack rules default to warnings
    messages = {i["message"] for i in json.loads(out)}
    assert messages == {"{字面}“主要问题。”在五、存在的主要问题及改进情况：主要{主要}"}


def test_template_parser() -> None:
    template = parse("a{{b}}c{x}{y}", {"x", "y"})
    assert template.render({"x": "{y}", "y": "%s"}) == "a{b}c{y}%s"  # values are never re-read
    assert template.outline() == "a{b}c……"
    assert template.names == {"x", "y"}
    with pytest.raises(TemplateError, match=r"可用 \{x\}"):
        parse("{z}", {"x"})


# --- absurd nesting in TOML ------------------------------------------------------------------


def test_deeply_nested_config_is_a_config_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "gklint.toml").write_text("select = " + "[" * 100_000 + "]" * 100_000 + "\n")
    report = copy_report(EXAMPLE, tmp_path / "报告.txt")
    code, _, err = run(capsys, report)
    assert code == 2
    assert "嵌套层数过多" in err and "内部错误" not in err


def test_deeply_nested_rule_pack_is_a_pack_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nested = tmp_path / "深.toml"
    nested.write_text("[[rule]]\ncode = " + "{a = " * 50_000 + "1" + "}" * 50_000 + "\n")
    (tmp_path / "gklint.toml").write_text('rule-packs = ["深.toml"]\n', encoding="utf-8")
    report = copy_report(EXAMPLE, tmp_path / "报告.txt")
    code, _, err = run(capsys, report)
    assert code == 2
    assert "嵌套层数过多" in err and "内部错误" not in err
    assert cli.EXIT_ERROR == 2


@pytest.mark.parametrize(
    "pattern", ["x{4294967294}", "(?:(?:(?:a{100}){100}){100}){100}", "(?:[0-9]{1000}){1000}文"]
)
def test_patterns_that_would_hang_the_compiler_are_rejected(tmp_path: Path, pattern: str) -> None:
    # `regex` expands counted repetition when compiling, before any search timeout applies.
    path = pack(tmp_path, rule_with(pattern=pattern))
    with pytest.raises(phrases.RulePackError, match="计数重复过大"):
        phrases.load_packs((path,), catalog())


def test_ordinary_counted_repetition_is_accepted(tmp_path: Path) -> None:
    path = pack(tmp_path, rule_with(pattern=r"(?:20[0-9]{2}){1,3}年\p{Han}{2,8}[{]{2}"))
    assert "BJ101" in phrases.load_packs((path,), catalog()).rules


# bench/fuzz.py, binary-formats seed 3783: r007.pdf with these bytes changed.
_FLIPPED_R007 = [(310821, 61), (320482, 162), (368852, 30), (127718, 86), (146757, 229), (332147, 200), (20828, 65), (359376, 130), (384593, 44), (32817, 175), (199184, 242), (76858, 131), (224299, 161), (106551, 128), (151249, 205), (70323, 36), (161452, 234), (44362, 35), (247039, 183), (211113, 66), (8290, 51), (67455, 147), (97117, 2), (137285, 128), (52169, 71), (305755, 31), (151989, 9), (234724, 161), (346749, 219)]  # fmt: skip


def test_a_pdf_whose_page_tree_breaks_on_close_is_a_read_error() -> None:
    # pdfminer raised again while the reader closed the damaged file, over its Chinese message.
    from gklint.source.readers import ReadError, read_bytes

    original = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "files" / "r007.pdf"
    if not original.is_file():
        pytest.skip("../shared corpus PDFs are not available")
    data = bytearray(original.read_bytes())
    for at, value in _FLIPPED_R007:
        data[at] = value
    with pytest.raises(ReadError, match="PDF 文件已损坏"):
        read_bytes(bytes(data), Path("报告.pdf"))


def test_a_docx_claiming_an_unsupported_zip_version_is_a_read_error() -> None:
    # bench/fuzz.py binary-formats seed 26383: zipfile raised NotImplementedError("zip file version 23.2").
    from gklint.docxwrite import report_to_docx
    from gklint.source.readers import ReadError, read_bytes

    data = bytearray(report_to_docx(CLEAN_2024.read_text(encoding="utf-8")))
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 232  # "version needed to extract" 23.2
    with pytest.raises(ReadError, match="Word 文件已损坏"):
        read_bytes(bytes(data), Path("报告.docx"))


def _pdf_without_media_box() -> bytes:
    """A one-page text PDF whose page has no MediaBox: pdfminer warns (in English) and carries on."""
    stream = b"BT /F1 24 Tf 72 700 Td (Hello) Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    return build_pdf(objects)


def test_a_damaged_pdf_prints_no_english_library_warnings(tmp_path: Path) -> None:
    """pdfminer's warnings ("MediaBox missing from /Page…") reached the clerk's terminal through
    Python's last-resort logging handler: dozens of English lines for one damaged PDF."""
    pytest.importorskip("pdfplumber")
    path = tmp_path / "报告.pdf"
    path.write_bytes(_pdf_without_media_box())
    result = run_process("--format", "concise", path)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2 and "MediaBox" not in err
    assert all(line.startswith(("错误：", "警告：")) for line in err.splitlines()), err
