"""Reading a file safely: only regular files, a size limit, no binary, clear errors.

Every error is one line naming the file (:class:`InputFileError`): missing, a folder, a
FIFO or device, a symlink loop, too big, UTF-16, binary, not UTF-8. Used for YAML and JSON
(``yamlio``), the bank cache, and text templates.
"""

from __future__ import annotations

import errno
import os
import stat

from ldconsult.base.errors import InputFileError

MAX_BYTES = 1024 * 1024


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES,
               kind: str = "YAML or JSON text") -> bytes:
    """Read a whole regular file with clear errors: missing, a folder, a FIFO or device,
    a symlink loop, too big, binary. ``kind`` names what the file should be.

    Only regular files are opened: the path is checked first (opening a device can have
    effects of its own), then opened non-blocking (a FIFO swapped in meanwhile cannot
    make open() wait for a writer forever) and checked again on the open descriptor.
    """
    name = str(path)
    try:
        regular_stat(name)
        fd = os.open(name, os.O_RDONLY | _NONBLOCK | _CLOEXEC | _NOCTTY)
    except OSError as exc:
        raise _unreadable(exc, name) from None
    try:
        st = _regular(os.fstat(fd), name)
        if st.st_size > max_bytes:
            raise InputFileError(f"file is {_size(st.st_size)}, over the {_size(max_bytes)} "
                                 "limit", path=name)
        data = _read_up_to(fd, max_bytes + 1)
    except OSError as exc:
        raise _unreadable(exc, name) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise InputFileError(f"file is over the {_size(max_bytes)} limit", path=name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFileError("is UTF-16 text; save it as UTF-8", path=name)
    if b"\x00" in data:
        raise InputFileError(f"looks like a binary file (it has NUL bytes), not {kind}",
                             path=name)
    return data


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)


def regular_stat(path: str | os.PathLike[str]) -> os.stat_result:
    """``os.stat(path)`` when ``path`` is a regular file (symlinks followed). A path that
    cannot be stat'ed raises the ``OSError`` as it is (missing, a symlink loop, no
    permission: the caller words it); anything else (a folder, a FIFO, a device, a
    socket) raises :class:`InputFileError`. Nothing is opened."""
    name = str(path)
    return _regular(os.stat(name), name)


def _regular(st: os.stat_result, name: str) -> os.stat_result:
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError("is a directory, expected a file", path=name)
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError(f"is {file_kind(st.st_mode)}, not a regular file; ldconsult reads "
                             "only regular files", path=name)
    return st


def _unreadable(exc: OSError, name: str) -> InputFileError:
    if isinstance(exc, FileNotFoundError):
        return InputFileError("no such file", path=name)
    if exc.errno == errno.ELOOP:
        return InputFileError("too many levels of symbolic links (a symlink loop?)", path=name)
    return InputFileError(f"cannot read: {exc.strerror or exc}", path=name)


def _read_up_to(fd: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(fd, limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def decode(data: bytes, path: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputFileError(f"is not UTF-8 text (bad byte 0x{data[exc.start]:02x}; save the "
                             "file as UTF-8)", path=path, line=line, column=column) from None
    return text


def file_kind(mode: int) -> str:
    kinds = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
             (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))
    return next((word for test, word in kinds if test(mode)), "not a regular file")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n} bytes"
