"""Readers open only regular files, non-blocking, and check before reading (F8, F14, F16).

A FIFO given as any input (an intake, --bank, --template, --answers, a review glob) used
to block forever in open(), waiting for a writer. These run the real command in a
subprocess with a timeout, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_render_fixtures import save_example
from typer.testing import CliRunner

from ldconsult.cli import app

FIFO_SAYS = "is a named pipe (FIFO), not a regular file; ldconsult reads only regular files"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    save_example(tmp_path / "crm.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    return tmp_path


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ldconsult", *args], cwd=folder,
                          capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("args", [
    ["recommend", "pipe.yaml"],
    ["recommend", "crm.yaml", "--bank", "pipe.yaml"],
    ["export", "crm.yaml", "--template", "pipe.yaml"],
    ["followup", "pipe.yaml", "--show"],
    ["interview", "--answers", "pipe.yaml", "-o", "new.yaml"],
    ["banks", "validate", "pipe.yaml"],
], ids=["intake", "bank", "template", "followup", "answers", "banks-validate"])
def test_a_fifo_input_is_refused_at_once(work: Path, args: list[str]) -> None:
    r = run(work, *args)
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.splitlines()) == 1 and FIFO_SAYS in r.stderr, r.stderr


def test_a_fifo_matched_by_a_review_glob_is_listed_as_unreadable(work: Path) -> None:
    r = run(work, "review", "*.yaml", "--format", "csv")
    assert r.returncode == 4, r.stderr
    assert len(r.stdout.splitlines()) == 2  # the header and crm.yaml
    assert f"could not read pipe.yaml: {FIFO_SAYS}" in r.stderr


@pytest.mark.parametrize("target", [".", "sub"], ids=["the folder", "a folder inside it"])
def test_a_fifo_found_in_a_review_folder_is_listed_as_unreadable_like_a_glob_match(
        work: Path, target: str) -> None:
    if target == "sub":  # the walk goes down into folders
        (work / "sub").mkdir()
        os.rename(work / "pipe.yaml", work / "sub" / "pipe.yaml")
    r = run(work, "review", ".", "--format", "csv")
    assert r.returncode == 4, r.stderr
    assert len(r.stdout.splitlines()) == 2  # the header and crm.yaml
    name = os.path.join(".", "sub", "pipe.yaml") if target == "sub" else "./pipe.yaml"
    assert f"could not read {name}: {FIFO_SAYS}" in r.stderr


def test_a_dangling_symlink_in_a_review_folder_is_listed_as_missing(work: Path) -> None:
    (work / "gone.yaml").symlink_to(work / "nowhere.yaml")
    os.unlink(work / "pipe.yaml")
    r = run(work, "review", ".", "--format", "csv")
    assert r.returncode == 4, r.stderr
    assert "could not read ./gone.yaml: no such file" in r.stderr


def test_devices_are_not_read(work: Path) -> None:
    r = CliRunner().invoke(app, ["recommend", "/dev/zero"])
    assert r.exit_code == 2
    assert "/dev/zero: is a device, not a regular file" in r.stderr


@pytest.mark.parametrize("args", [["recommend", "crm.yaml", "--bank", "loop"],
                                  ["recommend", "crm.yaml", "--bank", "./loop.yaml"],
                                  ["banks", "show", "loop"], ["banks", "show", "loop.yaml"],
                                  ["banks", "validate", "loop.yaml"], ["recommend", "loop.yaml"]])
def test_a_symlink_loop_is_one_line_and_exit_2(work: Path, args: list[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    for a, b in (("loop", "loop2"), ("loop2", "loop"), ("loop.yaml", "loop.yaml")):
        (work / a).symlink_to(work / b)
    monkeypatch.chdir(work)
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 2, r.stderr
    assert len(r.stderr.splitlines()) == 1
    assert "too many levels of symbolic links (a symlink loop?)" in r.stderr


def test_a_template_with_a_nul_byte_is_called_binary_not_yaml(work: Path) -> None:
    template = work / "memo.md.j2"
    template.write_bytes(b"# {{ rec.headline }}\x00\n")
    r = CliRunner().invoke(app, ["export", str(work / "crm.yaml"), "--template", str(template)])
    assert r.exit_code == 2
    assert r.stderr == (f"ldconsult: error: {template}: looks like a binary file (it has NUL "
                        "bytes), not a text template\n")
