"""Run a user's memo template with limits on CPU time, memory and output size.

Jinja2's sandbox stops a template from reading files or running code, but not from
working forever: two nested ``range(100000)`` loops ran for over 196 s, a nested
``caller()`` macro for over 377 s, and ``range(10)|slice(100000000)|list`` reached
4.1 GB. So a user's template runs in a forked child process with ``resource`` limits:
CPU seconds (``RLIMIT_CPU``: the kernel stops it), address space (``RLIMIT_AS``: a
MemoryError), and a cap on the text it may produce, counted as it is generated. The
parent also keeps a wall-clock deadline. A template over a limit is a
:class:`TemplateError`: one line, exit 2. Forking hands the child the memo context
without copying or pickling it; the child ends with ``os._exit`` so it never flushes
or cleans up anything of the parent's.

The built-in template does not come here: it is ours, and the normal export stays fast.
Without ``fork`` (Windows) the template runs in-process with the output cap only.
"""

from __future__ import annotations

import json
import os
import select
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ldconsult.base.errors import LdError, TemplateError


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 5
    memory_bytes: int = 256 * 1024 * 1024  # on top of what the process already maps
    output_bytes: int = 5 * 1024 * 1024


TEMPLATE_LIMITS = Limits()
_MEMORY_EXIT = 97  # the child ran out of its memory budget
_WALL_FACTOR, _WALL_SLACK = 3, 2.0  # wall-clock deadline: cpu * factor + slack


def render(chunks: Callable[[], Iterable[str]], name: str, limits: Limits = TEMPLATE_LIMITS) -> str:
    """The text ``chunks()`` yields, produced within ``limits`` (else TemplateError)."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return _collect(chunks, name, limits)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its outcome is what the tests check
        os.close(read_end)
        _child(chunks, name, limits, write_end)
    os.close(write_end)
    try:
        data = _read(read_end, pid, name, limits)
        status = _wait(pid)
    finally:
        os.close(read_end)
        _kill(pid)
    return _outcome(data, status, name, limits)


def _collect(chunks: Callable[[], Iterable[str]], name: str, limits: Limits) -> str:
    parts, size = [], 0
    for chunk in chunks():
        size += len(chunk.encode("utf-8", "surrogatepass"))
        if size > limits.output_bytes:
            raise TemplateError(f"template output is over the {_mib(limits.output_bytes)} "
                                "limit (a loop too big?)", path=name)
        parts.append(chunk)
    return "".join(parts)


def _child(chunks: Callable[[], Iterable[str]], name: str, limits: Limits,
           out: int) -> None:  # pragma: no cover - runs in the forked child
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
        _apply(limits)
        try:
            reply = {"text": _collect(chunks, name, limits)}
        except LdError as exc:
            reply = {"error": exc.message, "line": exc.line}
        _send(out, json.dumps(reply, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    except MemoryError:
        code = _MEMORY_EXIT
    except BaseException:  # noqa: BLE001 - whatever happens, the child must not return
        code = 1
    finally:
        os._exit(code)


def _apply(limits: Limits) -> None:  # pragma: no cover - runs in the forked child
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = limits.cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    mapped = _mapped_bytes()
    if mapped is not None:
        budget = mapped + limits.memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (budget, budget))


def _mapped_bytes() -> int | None:
    """The address space this process maps now (Linux), so the limit is a budget on top."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _send(fd: int, data: bytes) -> None:  # pragma: no cover - runs in the forked child
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read(fd: int, pid: int, name: str, limits: Limits) -> bytes:
    """All the child sends, until it closes the pipe; kill it past the deadline or cap."""
    deadline = time.monotonic() + _wall(limits)
    cap = limits.output_bytes * 6 + 4096  # JSON escapes at most six bytes per byte
    chunks, size = [], 0
    while True:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(0.0, left))
        if not ready:
            _kill(pid)
            raise TemplateError(f"template took too long (over {_wall(limits):g} s); "
                                "simplify it", path=name)
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > cap:
            _kill(pid)
            raise TemplateError(f"template output is over the {_mib(limits.output_bytes)} "
                                "limit (a loop too big?)", path=name)
        chunks.append(chunk)


def _wall(limits: Limits) -> float:
    return limits.cpu_seconds * _WALL_FACTOR + _WALL_SLACK


def _wait(pid: int) -> int:
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:  # pragma: no cover
            continue


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _outcome(data: bytes, status: int, name: str, limits: Limits) -> str:
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
        raise TemplateError(f"template used more than {limits.cpu_seconds} s of CPU time (a "
                            "loop too big?); simplify it", path=name)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == _MEMORY_EXIT:
        raise TemplateError(f"template needed more than {_mib(limits.memory_bytes)} of memory "
                            "(a list too big?); simplify it", path=name)
    try:
        reply = json.loads(data.decode("utf-8", "surrogatepass"))
    except ValueError:
        raise TemplateError("template rendering failed (the process rendering it stopped "
                            f"with status {status})", path=name) from None
    if "error" in reply:
        raise TemplateError(reply["error"], path=name, line=reply.get("line"))
    return str(reply["text"])


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):g} MiB"
