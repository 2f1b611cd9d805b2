"""End to end: `ldconsult followup` asks for a reading on a real pseudo-terminal.

stdout is redirected to a file, as a script would: the prompts must still be drawn on
the terminal, and the file must hold only the JSON status.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import pytest

from ldconsult import intake as intake_mod

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.e2e
SCRIPT = Path(sys.executable).parent / "ldconsult"
TIMEOUT = 20
# A plan with training, so the learners' question is asked too (meeting 2026-11-05).
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "intakes" / \
    "sales-objection-handling.yaml"


def test_prompts_for_a_reading_while_stdout_goes_to_a_file(tmp_path: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    path = tmp_path / "intake.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm-256color",
           "NO_COLOR": "1", "COLUMNS": "100", "LINES": "30"}
    command = f"{shlex.quote(str(SCRIPT))} followup intake.yaml --format json > status.json"
    child = pexpect.spawn("/bin/sh", ["-c", command], cwd=str(tmp_path), env=env,
                          encoding="utf-8", timeout=TIMEOUT, dimensions=(30, 100))
    child.expect_exact("Average discount on closed deals: value now (baseline 18% (Q3 2026), "
                       "target 12%)?")
    child.send("16\r")
    child.expect_exact("Date of the reading")
    child.send("\r")
    child.expect_exact("behaviours seen on the job?")
    child.send("\r")
    child.expect_exact("What do learners say?")
    child.send("clearer now\r")
    child.expect_exact("What do managers observe?")
    child.send("\r")
    child.expect_exact("Anything else")
    child.send("pilot team\r")
    child.expect_exact("Recorded 16")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    status = json.loads((tmp_path / "status.json").read_text(encoding="utf-8"))
    assert status["latest"] == 16 and status["behaviours_seen"] == "yes"
    reading = intake_mod.load(path).history[-1]
    assert (reading.learner_feedback, reading.note) == ("clearer now", "pilot team")
