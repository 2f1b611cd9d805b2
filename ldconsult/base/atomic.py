"""Writing a file atomically, and refusing to overwrite unless asked.

Temp file in the same folder, fsync, rename; mode 0600 by default; no clobbering unless
asked (a hard link makes the no-clobber check and the move one step). Only a new path or a
regular file is written, and every refusal is one line (:class:`WriteError`,
:class:`OverwriteError`).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from ldconsult.base.errors import LdError, OverwriteError, WriteError
from ldconsult.base.files import file_kind


def atomic_write(path: str | os.PathLike[str], text: str | bytes, *, force: bool = True,
                 mode: int = 0o600, make_folders: bool = False,
                 owner: tuple[int, int] | None = None) -> Path:
    """Write ``text`` (UTF-8 text, or bytes as they are) to ``path`` atomically: temp file
    in the same folder, fsync, rename.

    Only a new path, or with ``force`` a regular file, is written: a symlink (even a
    dangling one), a device, a FIFO or a folder is refused (WriteError), since the rename
    would replace it with a regular file. With ``force=False`` an existing file is never
    replaced (OverwriteError). The folder must exist unless ``make_folders``. ``owner``
    (uid, gid) gives the new file that owner (to keep a file's owner when replacing it).
    A failed write leaves the previous file as it was.
    """
    target = Path(path)
    check_output(target, force=force, make_folders=make_folders)
    folder = _folder(target)
    try:
        if make_folders:
            folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(why_write_failed(exc), path=str(target)) from None
    try:
        with (os.fdopen(fd, "wb") if isinstance(text, bytes)
              else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if owner is not None:
            _chown(tmp, owner)
        os.chmod(tmp, mode)
        _move_into_place(tmp, target, force)
    except LdError:
        _remove_quietly(tmp)
        raise
    except OSError as exc:
        _remove_quietly(tmp)
        raise WriteError(why_write_failed(exc), path=str(target)) from None
    except BaseException:
        _remove_quietly(tmp)
        raise
    _fsync_dir(folder)
    return target


def check_output(path: str | os.PathLike[str], *, force: bool,
                 make_folders: bool = False) -> None:
    """Refuse an output path that is not a new path or (with ``force``) a regular file,
    in one clear line: before a command does its work, and again just before writing."""
    target = Path(path)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        if not make_folders:
            _check_folder(target)
        return
    except PermissionError:  # Path.exists() would raise it: a folder we may not search
        raise WriteError("cannot write: permission denied (a folder on the way cannot be "
                         "searched)", path=str(target)) from None
    except OSError as exc:  # a file used as a folder, a symlink loop on the way, ...
        raise WriteError(why_write_failed(exc), path=str(target)) from None
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(f"is {file_kind(st.st_mode)}, not a regular file; ldconsult writes only "
                         "to a regular file or a new path" + (" ('-' is stdout)"
                                                              if stat.S_ISCHR(st.st_mode)
                                                              else ""), path=str(target))
    if not force:
        raise OverwriteError("already exists (use --force to overwrite)", path=str(target))


def _check_folder(target: Path) -> None:
    folder = _folder(target)
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        raise WriteError(f"the folder {folder} does not exist (create it first)",
                         path=str(target)) from None
    except OSError as exc:
        raise WriteError(why_write_failed(exc), path=str(target)) from None
    if not stat.S_ISDIR(st.st_mode):
        raise WriteError(f"{folder} is not a folder", path=str(target))


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _chown(path: str, owner: tuple[int, int]) -> None:
    st = os.stat(path)
    if (st.st_uid, st.st_gid) != owner:
        os.chown(path, *owner)


def _move_into_place(tmp: str, target: Path, force: bool) -> None:
    """Rename ``tmp`` to ``target``. Without ``force``, a hard link makes the no-clobber
    check and the move one atomic step: link() fails if anything at all is there, even a
    dangling symlink that appeared since the check."""
    check_output(target, force=force)
    if force:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OverwriteError("already exists (use --force to overwrite)",
                             path=str(target)) from None
    except OSError:  # no hard links on this file system (FAT, some network shares)
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def why_write_failed(exc: OSError) -> str:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EACCES: "permission denied (is the folder read-only?)",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.EBUSY: "the file is locked or busy",
        errno.ETXTBSY: "the file is locked or busy",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.ELOOP: "too many levels of symbolic links (a symlink loop?)",
        errno.ENAMETOOLONG: "the name is too long",
    }
    return "cannot write: " + reasons.get(exc.errno or 0, exc.strerror or str(exc))


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _fsync_dir(folder: Path) -> None:
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

