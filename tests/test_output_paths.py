"""-o writes only to a regular file or a new path (F1, F15, F16).

The atomic write renames a temp file over the target, so any target would be replaced by
a regular file: a symlink (the link, not its target), a FIFO, a device node (as root,
``-o /dev/null --force`` would have replaced /dev/null) or a dangling symlink even
without --force. Each is refused with one line and exit 2, and left as it was.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from test_render_fixtures import save_example
from typer.testing import CliRunner

from ldconsult.base import atomic
from ldconsult.base.errors import WriteError
from ldconsult.cli import app


@pytest.fixture
def intake_file(tmp_path: Path) -> Path:
    return save_example(tmp_path / "crm.yaml")


def export(intake: Path, *args: str) -> object:
    return CliRunner().invoke(app, ["export", str(intake), *args])


def refused(r: object, why: str) -> None:
    assert r.exit_code == 2, r.stderr
    assert r.stdout == ""
    assert len(r.stderr.splitlines()) == 1 and why in r.stderr, r.stderr


def test_a_dangling_symlink_is_not_replaced_even_without_force(intake_file: Path,
                                                               tmp_path: Path) -> None:
    link = tmp_path / "memo.md"
    link.symlink_to(tmp_path / "nowhere" / "memo.md")
    refused(export(intake_file, "-o", str(link)), "is a symbolic link, not a regular file")
    assert link.is_symlink() and not link.exists()


def test_a_symlink_to_a_file_is_not_replaced_with_force(intake_file: Path,
                                                        tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("keep me")
    link = tmp_path / "memo.md"
    link.symlink_to(real)
    refused(export(intake_file, "-o", str(link), "--force"), "is a symbolic link")
    assert link.is_symlink() and real.read_text() == "keep me"


def test_a_fifo_is_not_replaced_with_force(intake_file: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    refused(export(intake_file, "-o", str(fifo), "--force"), "is a named pipe (FIFO)")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_node_is_not_replaced_with_force(intake_file: Path, tmp_path: Path) -> None:
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
    refused(export(intake_file, "-o", str(node), "--force"), "is a device, not a regular file")
    assert stat.S_ISCHR(node.lstat().st_mode)


def test_dev_null_is_refused_before_anything_is_written() -> None:
    # Only the check runs here: nothing is written whatever it answers.
    with pytest.raises(WriteError, match="is a device"):
        atomic.check_output("/dev/null", force=True)


def test_a_folder_is_refused(intake_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "memos"
    folder.mkdir()
    refused(export(intake_file, "-o", str(folder), "--force"), "is a folder, not a regular file")
    assert folder.is_dir()


def test_a_regular_file_is_still_replaced_with_force(intake_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    out.write_text("old")
    r = export(intake_file, "-o", str(out), "--force")
    assert r.exit_code == 0, r.stderr
    assert out.read_text().startswith("# ")


def test_a_missing_folder_is_refused_not_created(intake_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "memo.md"
    refused(export(intake_file, "-o", str(out)),
            f"the folder {tmp_path / 'new'} does not exist (create it first)")
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_mean_stdout(intake_file: Path, name: str) -> None:
    r = export(intake_file, "-o", name)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("# Training for the new CRM go-live")
    assert r.stderr == ""


def test_an_unsearchable_folder_is_one_line_and_exit_2(intake_file: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # What a normal user meets in a folder they may not search (root ignores the mode).
    real_lstat = os.lstat
    locked = tmp_path / "locked"

    def lstat(path: object, *a: object, **kw: object) -> os.stat_result:
        if str(path).startswith(str(locked)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_lstat(path, *a, **kw)

    monkeypatch.setattr(os, "lstat", lstat)
    refused(export(intake_file, "-o", str(locked / "memo.md")),
            "permission denied (a folder on the way cannot be searched)")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_really_unsearchable_folder(intake_file: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    (locked / "inner").mkdir(parents=True)
    locked.chmod(0o000)
    try:
        refused(export(intake_file, "-o", str(locked / "inner" / "memo.md")),
                "permission denied")
    finally:
        locked.chmod(0o700)


def test_interview_refuses_a_missing_folder_before_asking(tmp_path: Path,
                                                          mini_bank_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("problem: Wrong refunds\nfeedback_speed: weeks\naudience_size: 40\n")
    out = tmp_path / "nowhere" / "i.yaml"
    r = CliRunner().invoke(app, ["interview", "--bank", str(mini_bank_path), "--answers",
                                 str(answers), "-o", str(out)])
    refused(r, "does not exist (create it first)")
    assert not out.parent.exists()


def test_interview_refuses_a_symlink_output(tmp_path: Path, mini_bank_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("problem: Wrong refunds\nfeedback_speed: weeks\naudience_size: 40\n")
    out = tmp_path / "i.yaml"
    out.symlink_to(tmp_path / "elsewhere.yaml")
    r = CliRunner().invoke(app, ["interview", "--bank", str(mini_bank_path), "--answers",
                                 str(answers), "-o", str(out), "--force"])
    refused(r, "is a symbolic link")
    assert not (tmp_path / "elsewhere.yaml").exists()
