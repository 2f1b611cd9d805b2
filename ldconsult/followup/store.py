"""Appending a reading to an intake file: under a lock, atomically, bytes kept.

See :mod:`ldconsult.followup` for why it is done this way.
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import yaml

from ldconsult import intake as intake_mod
from ldconsult.base.atomic import atomic_write
from ldconsult.base.atomic import why_write_failed as _why
from ldconsult.base.errors import LdError, OverwriteError, WriteError
from ldconsult.base.files import MAX_BYTES, decode, read_bytes
from ldconsult.base.yamlio import dump_yaml, parse_json, parse_yaml
from ldconsult.intake import Intake, Reading

try:  # POSIX; on Windows there is no flock and appends are not serialised.
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

LOCK_TIMEOUT = 10.0


def append_reading(path: str | os.PathLike[str], reading: Reading, *,
                   lock_timeout: float = LOCK_TIMEOUT) -> Intake:
    """Append ``reading`` to the intake at ``path``; return the intake as written."""
    target = Path(os.path.realpath(path))
    with file_lock(target, timeout=lock_timeout):
        st = check_writable(target)
        if st.st_nlink > 1:
            return _append_in_place(target, reading, lock_timeout)
        data = read_bytes(target)  # re-read under the lock: another run may have appended
        new, text = _with_reading(target, data, reading)
        # The rename makes a new file: give it the intake's mode and owner, so a shared
        # intake stays shared and a colleague's intake stays theirs.
        atomic_write(target, text, force=True, mode=stat.S_IMODE(st.st_mode) & 0o777,
                     owner=(st.st_uid, st.st_gid))
    return new


def _with_reading(target: Path, data: bytes, reading: Reading) -> tuple[Intake, str]:
    """The intake in ``data`` with ``reading`` appended, and the text to write."""
    name = str(target)
    is_json = target.suffix.lower() == ".json"
    old = intake_mod.from_data(parse_json(data, name) if is_json else parse_yaml(data, name),
                               name, data)
    new = old.model_copy(update={"history": [*old.history, reading]})
    text = _new_text(target, data, new, reading)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise WriteError("the intake would grow past the size ldconsult reads back "
                         f"({MAX_BYTES // 1024} KiB); start a new intake for the next "
                         "iteration", path=name)
    return new, text


# ---------------------------------------------------------------------------------------
# A hard-linked intake: written in place, so every name keeps showing the same file

def backup_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.followup-backup")


def _append_in_place(target: Path, reading: Reading, timeout: float) -> Intake:
    """Record ``reading`` in the very file ``target`` names (a rename would leave its other
    names with the old content). Each name has its own lock file, so the file itself is
    locked too; a backup copy is written first and removed once the new text is in place,
    and a failed write puts the old bytes back."""
    fd = os.open(target, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW)
    try:
        if fcntl is not None:
            _acquire(fd, target, time.monotonic() + timeout, timeout)
        if not _names(target, fd):
            raise WriteError("the intake was replaced while waiting for it; try again",
                             path=str(target))
        data = read_bytes(target)
        new, text = _with_reading(target, data, reading)
        backup = _backup(target, data)
        _overwrite(fd, data, text.encode("utf-8"), target)
        backup.unlink()
    finally:
        os.close(fd)  # releases the lock on the file
    return new


def _backup(target: Path, data: bytes) -> Path:
    backup = backup_path(target)
    try:
        atomic_write(backup, decode(data, str(target)), force=False, mode=0o600)
    except OverwriteError:
        raise WriteError(f"a backup from an interrupted follow-up is still there "
                         f"({backup.name}); compare it with the intake, keep the right "
                         "one, and remove the backup", path=str(target)) from None
    return backup


def _overwrite(fd: int, old: bytes, new: bytes, target: Path) -> None:
    """Write ``new`` over ``old`` in the open file: only the tail when it is appended."""
    start = len(old) if new.startswith(old) else 0
    try:
        _write_at(fd, new[start:], start)
        os.ftruncate(fd, len(new))
        os.fsync(fd)
    except OSError as exc:
        try:  # the backup stays if even this fails
            _write_at(fd, old[start:], start)
            os.ftruncate(fd, len(old))
            os.fsync(fd)
        except OSError:
            raise WriteError(f"{_why(exc)}; the intake as it was is in "
                             f"{backup_path(target).name}", path=str(target)) from None
        backup_path(target).unlink()
        raise WriteError(_why(exc), path=str(target)) from None


def _write_at(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        done = os.pwrite(fd, view, offset)
        view, offset = view[done:], offset + done


def check_writable(path: str | os.PathLike[str]) -> os.stat_result:
    """The intake's stat, if a reading may be recorded in it (else WriteError, exit 2).

    A read-only intake (no write permission bit, as after ``chmod a-w``) is refused even
    for root, who could write it anyway. So is one whose owner or group a new file could
    not be given: the atomic rename makes a new file, and only root may give a file to
    another user (or to a group its user is not in).
    """
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
    except OSError as exc:
        raise WriteError(f"cannot record a reading: {exc.strerror or exc}",
                         path=str(path)) from None
    if not st.st_mode & 0o222:
        raise WriteError(f"is read-only (mode {stat.S_IMODE(st.st_mode):04o}); make it writable "
                         "(chmod u+w) to record a reading", path=str(path))
    if not os.access(target, os.W_OK):
        raise WriteError("you may not write to this intake (permission denied)", path=str(path))
    if not _may_give(st):
        raise WriteError(f"{_owned_by(st)}, and ldconsult replaces the file to record a "
                         "reading (atomically), which would change that: ask the owner to "
                         "record it", path=str(path))
    return st


@contextmanager
def file_lock(target: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on ``<target>.lock`` (poll until ``timeout`` seconds), and
    remove the lock file when done, so no empty file is left beside the intake.

    Removing a lock file is safe only because every holder checks, once it has the lock,
    that the path still names the very file it locked. Only the holder removes the file,
    and before it unlocks: a process that was waiting on the removed file then gets a
    lock nobody can see, notices, and starts again on the new one.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    lock_path = target.with_name(target.name + ".lock")
    deadline = time.monotonic() + timeout
    fd = _lock_current(lock_path, target, deadline, timeout)
    try:
        yield
    finally:
        with suppress(OSError):
            os.unlink(lock_path)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _lock_current(lock_path: Path, target: Path, deadline: float, timeout: float) -> int:
    """An fd locked exclusively on the file that ``lock_path`` names now."""
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                         0o600)
        except OSError as exc:
            raise WriteError(f"cannot create the lock file {lock_path.name}: "
                             f"{exc.strerror or exc}", path=str(target)) from None
        try:
            _acquire(fd, target, deadline, timeout)
            if _names(lock_path, fd):
                return fd
            fcntl.flock(fd, fcntl.LOCK_UN)  # the holder before us removed it: again
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _names(path: Path, fd: int) -> bool:
    try:
        here = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)


def _acquire(fd: int, target: Path, deadline: float, timeout: float) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise WriteError(f"locked by another process (waited {timeout:g} s for "
                                 f"{target.name}.lock); try again", path=str(target)) from None
            time.sleep(0.02)


def _new_text(path: Path, data: bytes, new: Intake, reading: Reading) -> str:
    if path.suffix.lower() == ".json":
        return json.dumps(new.to_data(), indent=2, ensure_ascii=False) + "\n"
    text = decode(data, str(path))
    appended = _appended_yaml(text, reading)
    if appended is not None and _same(appended, new, str(path)):
        return appended
    return intake_mod.dumps(new)


def _appended_yaml(text: str, reading: Reading) -> str | None:
    """``text`` with one more history item at its end, or None if the layout won't allow."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode) or root.flow_style or not root.value:
        return None
    item = _reading_data(reading)
    block = dump_yaml({"history": [item]})
    keys = [k.value for k, _ in root.value]
    body = text if text.endswith("\n") else text + "\n"
    if "history" not in keys:
        return body + block
    key, seq = root.value[-1]
    if key.value != "history" or not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
        return None
    items = block.split("\n", 1)[1]
    indent = " " * seq.start_mark.column
    return body + "".join(indent + line if line else line for line in items.splitlines(True))


def _reading_data(reading: Reading) -> dict[str, Any]:
    return reading.model_dump(mode="json")  # as Intake.to_data() writes a history item


def _same(text: str, expected: Intake, name: str) -> bool:
    try:
        return intake_mod.from_data(parse_yaml(text, name), name).to_data() == expected.to_data()
    except (LdError, ValueError):
        return False


def _may_give(st: os.stat_result) -> bool:
    """Whether a file we create can be given ``st``'s owner and group."""
    if not hasattr(os, "geteuid") or os.geteuid() == 0:
        return True
    return st.st_uid == os.geteuid() and (st.st_gid == os.getegid()
                                           or st.st_gid in os.getgroups())


def _owned_by(st: os.stat_result) -> str:
    try:
        import grp
        import pwd

        user = pwd.getpwuid(st.st_uid).pw_name
        group = grp.getgrgid(st.st_gid).gr_name
    except (ImportError, KeyError):
        user, group = str(st.st_uid), str(st.st_gid)
    if st.st_uid == os.geteuid():
        return f"it belongs to group {group}, which you are not in"
    return f"it belongs to {user}"
