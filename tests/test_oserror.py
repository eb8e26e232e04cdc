"""Every refused file operation is explained in Chinese; unknown errors keep the system's words."""

import errno
import os
from pathlib import Path

import pytest

from gklint.oserror import reason


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOENT, "不存在"),
        (errno.EACCES, "没有访问权限"),
        (errno.ENOSPC, "磁盘空间不足"),
        (errno.EROFS, "只读"),
        (errno.EISDIR, "文件夹"),
    ],
)
def test_common_errors_are_explained_in_chinese(code: int, words: str) -> None:
    exc = OSError(code, os.strerror(code), "报告.txt")
    assert words in reason(exc) and os.strerror(code) not in reason(exc)


def test_an_error_without_chinese_words_keeps_the_system_text() -> None:
    assert reason(OSError(errno.ECONNRESET, "Connection reset by peer")) == "Connection reset by peer"
    assert reason(OSError("something odd")) == "something odd"
    assert reason(ValueError("not an OS error")) == "not an OS error"


def test_a_permission_error_without_errno_is_still_a_permission_error() -> None:
    assert reason(PermissionError("denied")) == "没有访问权限"


def test_a_real_missing_file(tmp_path: Path) -> None:
    with pytest.raises(OSError) as info:
        (tmp_path / "无此文件.txt").read_bytes()
    assert reason(info.value) == "文件或文件夹不存在"
