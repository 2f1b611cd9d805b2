"""Saving survives a killed process, and every refused write is one clear line.

Root ignores file permissions, so a read-only folder is simulated where needed: a path
under a regular file (ENOTDIR), or the file system call raising the errno it would raise.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ldconsult import intake as intake_mod
from ldconsult.base import atomic
from ldconsult.base.errors import ExitCode, WriteError
from ldconsult.cli import app
from ldconsult.intake import BankRef, Intake

WRITER = textwrap.dedent("""
    import sys
    from ldconsult import intake
    from ldconsult.base import atomic
    from ldconsult.intake import BankRef, Intake
    path = sys.argv[1]
    versions = [intake.dumps(Intake(bank=BankRef(id="mini", version="1"),
                                    answers={f"q{i}": f"{tag} " * 400 for i in range(60)}))
                for tag in ("first", "second")]
    print("ready", flush=True)
    n = 0
    while True:
        atomic.atomic_write(path, versions[n % 2], force=True)
        n += 1
""")


@pytest.mark.slow
def test_sigkill_during_saves_never_leaves_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "intake.yaml"
    original = intake_mod.save(Intake(bank=BankRef(id="mini", version="1"),
                                      answers={"problem": "original"}), path)
    assert original.exists()
    rng = random.Random(1234)
    rewritten = 0
    for _ in range(8):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)],
                                 stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.25))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
            child.stdout.close()  # type: ignore[union-attr]
        loaded = intake_mod.load(path)  # parses, and is one complete version
        answers = loaded.answers
        assert answers == {"problem": "original"} or (
            len(answers) == 60 and len(set(answers.values())) == 1)
        rewritten += len(answers) == 60
        assert (path.stat().st_mode & 0o777) == 0o600
    assert rewritten, "the child never got to save: the test proved nothing"


def _sample() -> Intake:
    return Intake(bank=BankRef(id="mini", version="1"), answers={"problem": "new"})


def _raise(err: int) -> Any:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise OSError(err, os.strerror(err))
    return boom


SIMULATED = {
    "read-only folder (EACCES on create)": ("tempfile.mkstemp", errno.EACCES,
                                            "permission denied (is the folder read-only?)"),
    "read-only file system (EROFS)": ("os.replace", errno.EROFS, "the file system is read-only"),
    "full disk on fsync (ENOSPC)": ("os.fsync", errno.ENOSPC, "the disk is full"),
    "quota exceeded (EDQUOT)": ("os.fsync", errno.EDQUOT, "the disk quota is exceeded"),
    "file locked by another process (EBUSY)": ("os.replace", errno.EBUSY,
                                               "the file is locked or busy"),
    "text file busy (ETXTBSY)": ("os.replace", errno.ETXTBSY, "the file is locked or busy"),
    "other error keeps strerror": ("os.replace", errno.EIO, os.strerror(errno.EIO)),
}


@pytest.mark.parametrize("target, err, reason", SIMULATED.values(), ids=list(SIMULATED))
def test_refused_write_is_one_line_write_error_and_keeps_the_old_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, err: int,
        reason: str) -> None:
    path = intake_mod.save(Intake(bank=BankRef(id="mini", version="1"),
                                  answers={"problem": "old"}), tmp_path / "i.yaml")
    before = path.read_bytes()
    module, name = target.rsplit(".", 1)
    monkeypatch.setattr(sys.modules[module], name, _raise(err))
    with pytest.raises(WriteError) as info:
        intake_mod.save(_sample(), path, force=True)
    monkeypatch.undo()
    assert str(info.value) == f"{path}: cannot write: {reason}"
    assert info.value.exit_code == ExitCode.USAGE
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["i.yaml"]


def test_full_disk_while_writing_the_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fh: Any) -> None:
            self.fh = fh

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: Any) -> None:
            self.fh.close()

        write = staticmethod(_raise(errno.ENOSPC))

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Full(real_fdopen(*a, **k)))
    with pytest.raises(WriteError, match="cannot write: the disk is full"):
        atomic.atomic_write(tmp_path / "x.yaml", "a: 1\n")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_output_path_under_a_regular_file(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(WriteError) as info:
        intake_mod.save(_sample(), blocker / "i.yaml")
    assert str(info.value).startswith(f"{blocker / 'i.yaml'}: cannot write: ")
    assert "\n" not in str(info.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_real_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(WriteError, match="permission denied"):
            intake_mod.save(_sample(), folder / "i.yaml")
    finally:
        folder.chmod(0o700)


def test_cli_turns_a_refused_write_into_one_line_and_exit_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_bank_path: Path) -> None:
    # 'banks' has no writing command; any command's WriteError passes the same boundary.
    import ldconsult.cli.commands.banks as cmd

    def refuse(paths: Any) -> int:
        atomic.atomic_write(tmp_path / "out.yaml", "a: 1\n")
        return 0

    monkeypatch.setattr(os, "fsync", _raise(errno.ENOSPC))
    monkeypatch.setattr(cmd, "validate_banks", refuse)
    result = CliRunner().invoke(app, ["banks", "validate", str(mini_bank_path)])
    assert result.exit_code == 2
    assert result.stderr == f"ldconsult: error: {tmp_path / 'out.yaml'}: cannot write: the disk is full\n"
