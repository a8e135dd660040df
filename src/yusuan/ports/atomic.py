"""Atomic file output: every file yusuan writes appears whole or not at all.

The content goes to a temporary file in the target's own folder (same file system, so the
final rename is atomic), is flushed to disk (fsync), and only then replaces the target with
``os.replace``.  A crash, a kill or a full disk in the middle of writing leaves an existing
output exactly as it was; at worst a hidden ``.~<name>.*`` temporary file stays behind.

Output paths are vetted first: a target that is a symbolic link is refused unless the link
points to a file of the same name (a deliberate alias, written through to the real file), so
``-o`` can never overwrite an unrelated file the link happens to point at.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from yusuan.errors import UserError

TEMP_PREFIX = ".~"  # hidden, and skipped by folder audits like Excel's own '~$' lock files


def resolve_output(target: Path) -> Path:
    """The file to replace for ``target``: itself, or the file a same-named symlink points to.

    Raises UserError (one Chinese line) for a symlink to another name, a folder, or a parent
    path that is a file."""
    target = Path(target)
    if target.is_symlink():
        real = Path(os.path.realpath(target))
        if real.name != target.name:
            raise UserError(f"{target} 是指向 {real} 的符号链接；为免覆盖其他文件，请用 -o 指定一个普通文件名。")
        target = real
    if target.is_dir():
        raise UserError(f"{target} 是文件夹，请指定要保存的文件名。")
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise UserError(f"无法写入 {target}：{parent} 是文件，不是文件夹。")
            break
    return target


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` and move the finished file onto ``target`` atomically.

    ``write`` creates the file at the path it is given (the path has ``target``'s suffix, so
    writers that look at it behave).  Returns the path written (a same-named symlink's file)."""
    target = resolve_output(Path(target))
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.stem}.", suffix=target.suffix, dir=folder)
    except OSError as exc:
        raise _write_error(target, exc, in_folder=True) from None
    os.close(fd)
    temp = Path(name)
    try:
        write(temp)
        _fsync(temp)
        os.chmod(temp, _mode_for(target))
        os.replace(temp, target)
    except BaseException as exc:  # also KeyboardInterrupt: never leave a half file under the real name
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, UserError):
            raise _write_error(target, exc) from None
        raise
    _fsync_folder(folder)
    return target


def _write_error(target: Path, exc: OSError, in_folder: bool = False) -> UserError:
    """One Chinese line for ``exc``; ``in_folder``: creating the temporary file in the target's
    folder failed (so the folder, not an open file, is what refuses)."""
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and in_folder:
        return UserError(f"无法写入 {target}：文件夹 {target.parent} 没有写入权限（只读），请用 -o 换一个可写的位置。")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(f"无法写入 {target}：文件被拒绝替换（可能正在 Excel / Word 中打开），请关闭文件后重试。原有文件未改动。")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return UserError(f"无法写入 {target}：路径中有同名文件挡住了文件夹，请换一个输出位置。")
    if exc.errno == errno.ENOSPC:
        return UserError(f"无法写入 {target}：磁盘空间不足。原有文件未改动。")
    return UserError(f"无法写入 {target}（{exc.strerror or exc}）。原有文件未改动。")


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a folder for this."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _mode_for(target: Path) -> int:
    """An existing output keeps its permissions; a new one gets the usual 0666 less umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
