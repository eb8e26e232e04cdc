"""Binary Word (.doc) and WPS (.wps) files: converted to .docx by LibreOffice, when it is installed.

The conversion runs in a private temporary folder with its own LibreOffice
profile (`-env:UserInstallation`), so it neither touches the user's profile nor
collides with a LibreOffice window the user has open, and it is given a time
limit. Without LibreOffice the user is told how to save the file as .docx.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from gklint.oserror import reason as os_reason
from gklint.source.document import SourceDocument
from gklint.source.readers import ReadError

CONVERT_TIMEOUT = 120  # seconds; a first LibreOffice start on a slow machine takes 10–20 s

_HOW_TO_SAVE = (
    "请在 Word 中选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”；"
    "或在 WPS 中选择“文件 → 另存为”，文件类型选“Microsoft Word 文件（*.docx）”，然后检查另存的 .docx 文件。"
)


def find_soffice() -> str | None:
    """LibreOffice's command, if installed (GKLINT_SOFFICE overrides, e.g. to a portable copy)."""
    configured = os.environ.get("GKLINT_SOFFICE")
    if configured:
        return configured if Path(configured).exists() or shutil.which(configured) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def _write_profile_settings(profile: Path, settings: Mapping[str, str]) -> None:
    """Seed a fresh LibreOffice profile with configuration values, as the Options dialog would store them.

    `settings` maps a full configuration path to its value, e.g.
    "/org.openoffice.Office.Writer/Notes/DisplayWidthFactor" → "2.0".
    """
    items = []
    for key, value in settings.items():
        group, _, name = key.rpartition("/")
        items.append(
            f'<item oor:path={quoteattr(group)}><prop oor:name={quoteattr(name)} oor:op="fuse">'
            f"<value>{escape(value)}</value></prop></item>"
        )
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(items)
        + "\n</oor:items>\n",
        encoding="utf-8",
    )


def convert_with_soffice(
    source: Path,
    target_format: str,
    out_dir: Path,
    timeout: float = CONVERT_TIMEOUT,
    *,
    settings: Mapping[str, str] | None = None,
) -> Path:
    """Run `soffice --headless --convert-to target_format` on `source`; the converted file's path.

    `target_format` is LibreOffice's filter spec ("docx", or 'pdf:writer_pdf_Export:{…}').
    `settings` (configuration path → value) are written into the private profile before LibreOffice
    starts, for options that have no filter parameter (see `_write_profile_settings`).
    Raises ReadError (Chinese) when LibreOffice is missing, fails or times out.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ReadError("没有找到 LibreOffice（soffice）。")
    with tempfile.TemporaryDirectory(prefix="gklint-lo-profile-") as profile:
        if settings:
            _write_profile_settings(Path(profile), settings)
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target_format,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired as exc:
            raise ReadError(f"LibreOffice 转换超过 {timeout:.0f} 秒仍未完成，已放弃。") from exc
        except OSError as exc:
            raise ReadError(f"无法运行 LibreOffice（{os_reason(exc)}）。") from exc
    suffix = "." + target_format.split(":", 1)[0]
    converted = out_dir / (source.stem + suffix)
    if result.returncode != 0 or not converted.exists():
        detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip().splitlines()
        raise ReadError("LibreOffice 无法转换该文件" + (f"（{detail[-1]}）" if detail else "") + "。")
    return converted


def read_legacy_word(data: bytes, path: Path | None) -> SourceDocument:
    """A .doc/.wps (OLE2 compound file): convert to .docx in a temporary folder and read that."""
    suffix = path.suffix.lower() if path is not None else ".doc"
    kind = "WPS 文件（.wps）" if suffix == ".wps" else "旧版 Word 文件（.doc）"
    if suffix in (".docx", ".docm"):
        kind = "加密的 Word 文件或扩展名被改为 .docx 的旧版 Word 文件"
    if find_soffice() is None:
        raise ReadError(
            f"这是{kind}，gklint 只能直接读取 .docx。{_HOW_TO_SAVE}（安装 LibreOffice 后 gklint 也可自动转换。）"
        )
    from gklint.source.docx import read_docx

    with tempfile.TemporaryDirectory(prefix="gklint-doc-") as work:
        folder = Path(work)
        # A fixed ASCII name: the user's file name may not survive LibreOffice's command line on every system.
        source = folder / ("report" + (suffix if suffix in (".doc", ".wps") else ".doc"))
        source.write_bytes(data)
        out_dir = folder / "out"
        out_dir.mkdir()
        try:
            converted = convert_with_soffice(source, "docx", out_dir)
        except ReadError as exc:
            raise ReadError(f"这是{kind}，需要先转换为 .docx：{exc} {_HOW_TO_SAVE}") from exc
        doc = read_docx(converted.read_bytes(), path)
    doc.meta["converted_from"] = suffix.lstrip(".")
    return doc
