"""Why the operating system refused a file operation, in words a clerk understands.

`OSError.strerror` is the C library's English text ("No such file or directory"); the people gklint is for
read Chinese, so every message about a file that could not be read or written says the reason through
`reason()`. Unknown errors keep the system's own text, so nothing is hidden.
"""

import errno

_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被其他程序使用",
    errno.ETXTBSY: "文件正被其他程序使用",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENFILE: "同时打开的文件太多",
    errno.ELOOP: "符号链接循环",
    errno.EIO: "读写磁盘时出错",
    errno.EINVAL: "文件名或操作无效",
    errno.EFBIG: "文件太大",
}


def reason(exc: BaseException) -> str:
    """The Chinese reason for `exc`, or the system's text when gklint has no words for it."""
    if isinstance(exc, OSError):
        if exc.errno in _REASONS:
            return _REASONS[exc.errno]
        if isinstance(exc, PermissionError):
            return "没有访问权限"
        return exc.strerror or str(exc)
    return str(exc)
