"""followup keeps the intake's mode and owner, and refuses a read-only intake (F2).

Recording a reading replaces the intake with a new file (temp file, fsync, rename). That
file used to be mode 0600 and owned by whoever ran followup: a shared 0666 intake owned
by a colleague became root-only, and a read-only (0444) intake was rewritten.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from test_followup_cli import BANK, make_intake
from typer.testing import CliRunner

from ldconsult import followup as fu
from ldconsult.base.errors import WriteError
from ldconsult.cli import app
from ldconsult.intake import load

NOBODY = 65534


@pytest.fixture
def intake(tmp_path: Path) -> Path:
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    return make_intake(tmp_path, bank)


def record(path: Path, *args: str) -> object:
    return CliRunner().invoke(app, ["followup", str(path), "--metric", "15", *args])


@pytest.mark.parametrize("mode", [0o666, 0o644, 0o640, 0o600])
def test_recording_keeps_the_mode(intake: Path, mode: int) -> None:
    intake.chmod(mode)
    r = record(intake)
    assert r.exit_code == 0, r.stderr
    assert stat.S_IMODE(intake.stat().st_mode) == mode
    assert len(load(intake).history) == 1


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another user")
def test_recording_keeps_another_users_ownership(intake: Path) -> None:
    intake.chmod(0o666)
    os.chown(intake, NOBODY, NOBODY)
    r = record(intake)
    assert r.exit_code == 0, r.stderr
    st = intake.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (NOBODY, NOBODY, 0o666)


@pytest.mark.parametrize("mode", [0o444, 0o400])
def test_a_read_only_intake_is_refused_and_left_alone(intake: Path, mode: int) -> None:
    intake.chmod(mode)
    before = intake.read_bytes()
    r = record(intake)
    assert r.exit_code == 2
    assert r.stderr == (f"ldconsult: error: {intake}: is read-only (mode {mode:04o}); make it "
                        "writable (chmod u+w) to record a reading\n")
    assert intake.read_bytes() == before
    assert stat.S_IMODE(intake.stat().st_mode) == mode


def test_show_still_works_on_a_read_only_intake(intake: Path) -> None:
    intake.chmod(0o444)
    r = CliRunner().invoke(app, ["followup", str(intake), "--show"])
    assert r.exit_code == 0, r.stderr


def test_an_intake_another_user_owns_is_refused_when_its_owner_cannot_be_kept(
        intake: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As a normal user (uid 1000), a new file cannot be given to the intake's owner.
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.setattr(os, "access", lambda *a, **k: True)
    with pytest.raises(WriteError, match=r"it belongs to \S+, and ldconsult replaces the file"):
        fu.check_writable(intake)


# ---------------------------------------------------------------------------------------
# The lock file is removed when followup is done

def test_no_lock_file_is_left_beside_the_intake(intake: Path) -> None:
    r = record(intake)
    assert r.exit_code == 0, r.stderr
    assert sorted(p.name for p in intake.parent.iterdir()) == ["bank.yaml", "intake.yaml"]


def test_a_lock_file_left_by_a_killed_run_is_used_and_removed(intake: Path) -> None:
    stale = intake.with_name("intake.yaml.lock")
    stale.write_bytes(b"")
    assert record(intake).exit_code == 0
    assert not stale.exists()


def test_a_symlink_as_lock_file_is_refused(intake: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    intake.with_name("intake.yaml.lock").symlink_to(victim)
    r = record(intake)
    assert r.exit_code == 2 and "cannot create the lock file" in r.stderr
    assert victim.read_text() == "keep"


def test_removing_the_lock_file_keeps_the_lock_exclusive(tmp_path: Path) -> None:
    """Many threads take the lock at once (each open() is its own flock owner); the
    holder removes the file as it leaves. Never are two inside at the same time."""
    import threading
    import time

    target = tmp_path / "intake.yaml"
    target.write_text("x")
    inside, most, rounds = [0], [0], []
    guard = threading.Lock()

    def worker() -> None:
        for _ in range(15):
            with fu.file_lock(target, timeout=30):
                with guard:
                    inside[0] += 1
                    most[0] = max(most[0], inside[0])
                time.sleep(0.002)
                with guard:
                    inside[0] -= 1
                    rounds.append(1)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(rounds) == 8 * 15
    assert most[0] == 1
    assert not target.with_name("intake.yaml.lock").exists()


# ---------------------------------------------------------------------------------------
# A hard-linked intake keeps its links (G5): the atomic rename made a new file under one
# name, and the other name kept the old content. Now the reading is written into the
# same file, in place, under a lock on the file itself, after a backup copy.

@pytest.fixture
def linked(intake: Path) -> Path:
    other = intake.with_name("team-copy.yaml")
    os.link(intake, other)
    return other


def test_a_reading_recorded_through_one_name_shows_through_the_other(
        intake: Path, linked: Path) -> None:
    inode = intake.stat().st_ino
    r = record(intake)
    assert r.exit_code == 0, r.stderr
    assert intake.stat().st_ino == linked.stat().st_ino == inode
    assert intake.stat().st_nlink == 2
    assert [h.metric for h in load(linked).history] == [15]


def test_readings_through_both_names_add_up_and_nothing_is_left_beside_them(
        intake: Path, linked: Path) -> None:
    before = intake.read_bytes()
    assert record(intake).exit_code == 0
    r = CliRunner().invoke(app, ["followup", str(linked), "--metric", "12"])
    assert r.exit_code == 0, r.stderr
    assert [h.metric for h in load(intake).history] == [15, 12]
    assert intake.read_bytes().startswith(before)  # appended: nothing earlier rewritten
    assert sorted(p.name for p in intake.parent.iterdir()) == ["bank.yaml", "intake.yaml",
                                                               "team-copy.yaml"]


@pytest.mark.parametrize("mode", [0o666, 0o640])
def test_a_linked_intake_keeps_its_mode(intake: Path, linked: Path, mode: int) -> None:
    intake.chmod(mode)
    assert record(intake).exit_code == 0
    assert stat.S_IMODE(linked.stat().st_mode) == mode


def test_a_backup_left_by_an_interrupted_write_stops_the_next_one(intake: Path,
                                                                  linked: Path) -> None:
    backup = intake.with_name(".intake.yaml.followup-backup")
    backup.write_bytes(intake.read_bytes())
    before = intake.read_bytes()
    r = record(intake)
    assert r.exit_code == 2
    assert r.stderr == (f"ldconsult: error: {intake}: a backup from an interrupted follow-up "
                        f"is still there ({backup.name}); compare it with the intake, keep "
                        "the right one, and remove the backup\n")
    assert intake.read_bytes() == before and backup.exists()


def test_a_failed_write_in_place_leaves_the_intake_as_it_was(
        intake: Path, linked: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = intake.read_bytes()
    real = os.pwrite

    def full_disk(fd: int, data: bytes, offset: int) -> int:
        real(fd, data[:10], offset)  # a part lands, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full_disk)
    r = record(intake)
    assert r.exit_code == 2
    assert r.stderr == f"ldconsult: error: {intake}: cannot write: the disk is full\n"
    assert intake.read_bytes() == linked.read_bytes() == before
    assert not intake.with_name(".intake.yaml.followup-backup").exists()
