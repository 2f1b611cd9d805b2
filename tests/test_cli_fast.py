"""`ldconsult interview` starts without Typer (first question sooner), and means the same."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from ldconsult.cli import fast as cli_fast
from ldconsult.cli.typer_app import app


def typer_params(args: list[str]) -> dict:
    command = typer.main.get_command(app).commands["interview"]  # type: ignore[attr-defined]
    return command.make_context("interview", list(args)).params


COMMON = [
    [],
    ["--bank", "quick-triage"],
    ["-b", "tests/fixtures/mini-bank.yaml", "-o", "out.yaml", "--force"],
    ["--answers", "a.yaml", "--no-summary"],
    ["-a", "a.yaml", "--summary", "--full"],
    ["--resume", "intakes/.x.draft.yaml"],
    ["--title", "Returns errors", "--requester", "Dana (Ops)", "--interviewer", "Priya",
     "--meeting-date", "2026-11-16"],
    ["--title=Returns errors", "--out=intakes/r.yaml", "--meeting-date=end of March"],
    ["--title", ""],
    ["--all-questions", "-a", "a.yaml"],
]


@pytest.mark.parametrize("args", COMMON, ids=lambda a: " ".join(a) or "(none)")
def test_the_fast_start_reads_a_command_line_exactly_as_typer_does(args):
    assert cli_fast.parse(args) == typer_params(args)


@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["--bank"], ["--bank", "--force"], ["-o", "-"], ["extra"],
    ["--title", "a", "--title", "b"], ["-oout.yaml"], ["-o=out.yaml"], ["--nope"],
    ["--force=yes"],
], ids=" ".join)
def test_anything_unusual_is_left_to_typer(args):
    assert cli_fast.parse(args) is None


def test_every_option_of_the_typer_command_is_known_to_the_fast_start():
    command = typer.main.get_command(app).commands["interview"]  # type: ignore[attr-defined]
    typer_options = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
    fast = set(cli_fast.VALUES) | set(cli_fast.FLAGS)
    assert typer_options - {"--help", "-h"} == fast
    assert {p.name for p in command.params} == set(cli_fast.DEFAULTS)


PROBE = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write("MODULES=" + json.dumps(sorted(sys.modules)) + "\\n"))
sys.argv = ["ldconsult", "interview", "--bank", sys.argv[1]]
from ldconsult.cli import main
main()
"""


def test_interview_runs_without_importing_typer_and_keeps_the_error_boundary(
        tmp_path: Path, mini_bank_path: Path):
    done = subprocess.run([sys.executable, "-c", PROBE, str(mini_bank_path)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2  # no terminal: the one-line usage error, not a traceback
    first = done.stderr.splitlines()[0]
    assert first.startswith("ldconsult: error: ") and "--answers" in first
    modules = json.loads(done.stderr.split("MODULES=", 1)[1])
    assert not [m for m in modules if m == "typer" or m.startswith("typer.")]
