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
from typer.testing import CliRunner

from ldconsult import followup as fu
from ldconsult.cli import app
from ldconsult.errors import WriteError
from ldconsult.intake import load
from test_followup_cli import BANK, make_intake

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
