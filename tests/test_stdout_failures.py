"""stdout failures and usage errors are one line (F12, F16).

- ``recommend X > /dev/full`` exited 3 (internal error), ``--version > /dev/full``
  printed a raw traceback, and a closed stdout gave an AttributeError. Now: one line,
  exit 2. A broken pipe (``| head``) stays quiet.
- A usage error from the parser was Typer's five- or six-line box. Now one line, like
  every other error; ``--help`` is unchanged.

The stream cases need a real process (a real /dev/full, a closed descriptor, a pipe).
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

FULL = Path("/dev/full")


@pytest.fixture(scope="module")
def intake_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_example(tmp_path_factory.mktemp("stdout") / "crm.yaml")


COMMANDS = [["--version"], ["--help"], ["recommend", "{i}"], ["recommend", "{i}", "-f", "json"],
            ["export", "{i}"], ["review", "{i}"], ["review", "{i}", "-f", "csv"],
            ["banks", "list"], ["banks", "schema"]]
IDS = [" ".join(c).replace("{i}", "X") for c in COMMANDS]


def run(args: list[str], intake: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    argv = [a.replace("{i}", str(intake)) for a in args]
    return subprocess.run([sys.executable, "-m", "ldconsult", *argv], text=True, timeout=60,
                          stderr=subprocess.PIPE, **kw)


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", COMMANDS, ids=IDS)
def test_a_full_disk_is_one_line_and_exit_2(args: list[str], intake_file: Path) -> None:
    with FULL.open("w") as full:
        r = run(args, intake_file, stdout=full)
    assert r.returncode == 2
    assert r.stderr == "ldconsult: error: cannot write the output: the disk is full\n"


@pytest.mark.parametrize("args", COMMANDS, ids=IDS)
def test_a_closed_stdout_is_one_line_and_exit_2(args: list[str], intake_file: Path) -> None:
    r = run(args, intake_file, preexec_fn=lambda: os.close(1))
    assert r.returncode == 2
    assert r.stderr == "ldconsult: error: cannot write the output: stdout is closed\n"


@pytest.mark.parametrize("args", [["recommend", "{i}"], ["export", "{i}"],
                                  ["review", "{i}", "-f", "json"], ["--version"]],
                         ids=["recommend", "export", "review", "version"])
def test_a_broken_pipe_is_quiet(args: list[str], intake_file: Path) -> None:
    argv = " ".join(f"'{a.replace('{i}', str(intake_file))}'" for a in args)
    r = subprocess.run(["bash", "-c", f"set -o pipefail; '{sys.executable}' -m ldconsult "
                        f"{argv} | head -c 1 >/dev/null"], capture_output=True, text=True,
                       timeout=60)
    assert r.stderr == ""
    assert r.returncode == 0


def test_writing_to_a_file_needs_no_stdout(intake_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    r = run(["export", "{i}", "-o", str(out)], intake_file, preexec_fn=lambda: os.close(1))
    assert r.returncode == 0, r.stderr
    assert out.read_text().startswith("# ")


# ---------------------------------------------------------------------------------------
# Usage errors

@pytest.mark.parametrize("args, words", [
    (["recommend", "--format", "xx", "i.yaml"], "Invalid value for '--format'"),
    (["recommend"], "Missing argument"),
    (["nosuch"], "No such command 'nosuch'"),
    (["recommend", "i.yaml", "--fromat", "json"], "No such option: --fromat"),
    (["banks", "shw"], "No such command 'shw'"),
    (["review", "-j", "many", "i.yaml"], "Invalid value for '--jobs'"),
])
def test_a_usage_error_is_one_line(args: list[str], words: str) -> None:
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert len(r.stderr.splitlines()) == 1, r.stderr
    assert r.stderr.startswith("ldconsult: error: ") and words in r.stderr
    assert "--help')" in r.stderr and "Value error" not in r.stderr
    assert "╭" not in r.stderr


def test_a_usage_error_echoing_an_escape_is_inert() -> None:
    r = CliRunner().invoke(app, ["recommend", "--format", "\x1b]0;x\x07", "i.yaml"])
    assert r.exit_code == 2
    assert r.stderr.startswith("ldconsult: error: Invalid value for '--format'")
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr


def test_help_is_unchanged() -> None:
    r = CliRunner().invoke(app, ["recommend", "--help"])
    assert r.exit_code == 0
    assert "Usage: ldconsult recommend [OPTIONS]" in r.stdout and "╭─ Options" in r.stdout


def test_no_arguments_still_shows_the_help() -> None:
    r = CliRunner().invoke(app, [])
    assert "Usage: ldconsult [OPTIONS] COMMAND" in r.stdout
    assert "error" not in r.stderr
