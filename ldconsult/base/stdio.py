"""stdout that fails in one line: a full disk, a closed stdout, a broken pipe.

Installed by the entry point before any command runs. Results are written to stdout by
many writers (plain writes, Rich consoles, Typer's help), so the guard sits on the
stream itself: an ``OSError`` from a write or a flush becomes :class:`OutputError` (an
``LdError``: one line, exit 2) instead of an internal error (exit 3) or a raw traceback
(``--version > /dev/full``). ``BrokenPipeError`` passes through: the reader has gone,
which is not an error, and the callers exit quietly. After a failure the descriptor is
pointed at /dev/null, so the data still buffered cannot fail again at exit ("Exception
ignored in ...").

Imports nothing beyond the standard library: ``ldconsult --version`` stays fast.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

from ldconsult.base.errors import OutputError

_WHY = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exceeded",
        errno.EBADF: "stdout is closed", errno.EIO: "an input/output error"}


class GuardedStdout:
    """A text stream that turns write failures into :class:`OutputError`, once."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._failed = False

    def write(self, text: str) -> int:
        self._guard("write", text)
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._guard("flush")

    def __getattr__(self, name: str) -> Any:  # encoding, isatty, fileno, buffer, ...
        if self._stream is None:
            raise AttributeError(name)
        return getattr(self._stream, name)

    def _guard(self, method: str, *args: Any) -> None:
        if self._failed:
            return  # already reported; the rest of the output has nowhere to go
        if self._stream is None:  # closed before we started: only a write needs it
            if method == "flush":
                return
            self._fail(OSError(errno.EBADF, "closed"))
        try:
            getattr(self._stream, method)(*args)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:  # ValueError: "I/O operation on closed file"
            self._fail(exc)

    def _fail(self, exc: Exception) -> None:
        self._failed = True
        silence(self._stream)
        if isinstance(exc, OSError):
            why = _WHY.get(exc.errno or 0) or exc.strerror or str(exc)
        else:  # ValueError: I/O operation on closed file
            why = "stdout is closed"
        raise OutputError(f"cannot write the output: {why}")


def write_bytes(data: bytes, stream: Any = None) -> None:
    """Binary output (a Word document) on stdout, after the text already written; a
    failure is one line, as for text."""
    stream = stream or sys.stdout
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        raise OutputError("cannot write binary output to this stdout: use -o FILE")
    try:
        buffer.write(data)
        buffer.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:
        silence(buffer)
        why = _WHY.get(getattr(exc, "errno", None) or 0) or "stdout is closed"
        raise OutputError(f"cannot write the output: {why}") from None


def is_terminal(stream: Any) -> bool:
    """True only when ``stream`` exists, has a descriptor, and is a terminal."""
    try:
        return stream is not None and os.isatty(stream.fileno())
    except (AttributeError, OSError, ValueError):  # closed, detached or replaced
        return False


def silence(stream: Any) -> None:
    """Point ``stream``'s descriptor at /dev/null, so what is still buffered (or written
    later) cannot fail again, at exit for one. Quietly does nothing for a stream
    without a descriptor. The descriptor opened for it is closed again."""
    try:
        fd = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (AttributeError, OSError, ValueError):
        return
    try:
        os.dup2(null, fd)
    except OSError:
        pass
    finally:
        os.close(null)


def install() -> None:
    """Guard sys.stdout; give a missing stderr (closed at start) a place to write."""
    if not isinstance(sys.stdout, GuardedStdout):
        sys.stdout = GuardedStdout(sys.stdout)  # type: ignore[assignment]
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
