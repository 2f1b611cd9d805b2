"""End to end: the installed `ldconsult` console script on a real pseudo-terminal.

A whole quick-triage interview, with one step back (Ctrl-Z), one Ctrl-C that keeps a
draft, and a `--resume` that finishes it. Keys are sent only after the question's text
is on screen, and escape sequences are never split (see NOTES-prompting.md).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ldconsult import intake as intake_mod

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.e2e
SCRIPT = Path(sys.executable).parent / "ldconsult"
TIMEOUT = 20
CTRL_Z = "\x1a"


def spawn(cwd: Path, *args: str):
    if not SCRIPT.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm-256color",
           "NO_COLOR": "1", "COLUMNS": "100", "LINES": "30"}
    return pexpect.spawn(str(SCRIPT), ["interview", *args], cwd=str(cwd), env=env,
                         encoding="utf-8", timeout=TIMEOUT, dimensions=(30, 100))


def answer(child, question: str, keys: str) -> None:
    child.expect_exact(question)
    child.send(keys)


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_quick_triage_with_back_ctrl_c_and_resume(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--bank", "quick-triage", "--title", "Expense classes",
                  "--requester", "Dana (Finance)", "--interviewer", "Lee",
                  "--meeting-date", "2026-11-23")
    child.expect_exact("Ctrl-Z = back")  # the intro announces the keys
    answer(child, "What was asked for?", "1")
    child.send("\r")
    answer(child, "What business problem would that solve?",
           "Lodging tax on the wrong line in 70% of claims\r")
    answer(child, "What does it cost or risk if nothing changes?", CTRL_Z)
    # Back on the previous question, with the answer pre-filled: Enter keeps it.
    answer(child, "What business problem would that solve?", "\r")
    answer(child, "What does it cost or risk if nothing changes?", "2")
    child.send("\r")
    answer(child, "Who does the work?", "Travellers who file expense claims\r")
    answer(child, "How many people is that?", "600\r")
    child.expect_exact("Which number would show it is fixed?")
    child.sendintr()
    answer(child, "Keep a draft", "\r")
    child.expect_exact("--resume")
    assert finish(child) == 130

    draft = tmp_path / "intakes" / ".2026-11-23-expense-classes.draft.yaml"
    saved = intake_mod.load(draft)
    assert saved.status == "draft" and saved.cursor == "metric"
    assert saved.answers == {"requested_solution": "course",
                             "business_problem": "Lodging tax on the wrong line in 70% of "
                                                 "claims",
                             "stakes": "noticeable",
                             "audience": "Travellers who file expense claims",
                             "audience_size": 600}

    child = spawn(tmp_path, "--resume", str(draft.relative_to(tmp_path)), "--no-summary")
    answer(child, "Which number would show it is fixed?", "Claims returned per month\r")
    answer(child, "What most likely gets in the way today?", "3")
    child.send("\r")
    answer(child, "could they do it right today?", "4")
    child.send("\r")
    answer(child, "can they look things up meanwhile?", "6")
    child.send("\r")
    answer(child, "What is the agreed next step?", "2")
    child.send("\r")
    answer(child, "Save, or choose an answer to change it", "\r")
    child.expect_exact("Saved:")
    assert finish(child) == 0

    final = intake_mod.load(tmp_path / "intakes" / "2026-11-23-expense-classes.yaml")
    assert final.status == "complete" and final.meta.requester == "Dana (Finance)"
    assert final.answers["main_blocker"] == "tools"
    assert final.answers["could_do_if_life_depended"] == "never_learned"
    assert final.answers["task_profile"] == "monthly_reference"
    assert final.answers["next_step"] == "get_data"
    assert len(final.answers) == 10 and not draft.exists()




@pytest.mark.parametrize("redirect", ["</dev/null", "<&-"])
def test_missing_or_closed_stdin_is_a_clear_exit_2(tmp_path: Path, redirect: str) -> None:
    import shlex
    import subprocess

    if not SCRIPT.exists():
        pytest.skip("console script not installed")
    cmd = f"exec {shlex.quote(str(SCRIPT))} interview --bank quick-triage {redirect}"
    r = subprocess.run(["sh", "-c", cmd], cwd=tmp_path, capture_output=True, text=True,
                       timeout=TIMEOUT)
    assert r.returncode == 2, r.stderr
    assert "no terminal" in r.stderr and "Traceback" not in r.stderr


def test_kill_9_loses_at_most_the_answer_being_typed(tmp_path: Path) -> None:
    import signal

    child = spawn(tmp_path, "--bank", "quick-triage", "--title", "Crash", "--requester", "A",
                  "--interviewer", "B", "--meeting-date", "2026-11-23")
    answer(child, "What was asked for?", "5")
    child.send("\r")
    answer(child, "What business problem would that solve?", "Rework on 30% of orders\r")
    answer(child, "What does it cost or risk if nothing changes?", "1")
    child.send("\r")
    answer(child, "Who does the work?", "half-typed ans")
    child.kill(signal.SIGKILL)
    child.close(force=True)
    draft = intake_mod.load(tmp_path / "intakes" / ".2026-11-23-crash.draft.yaml")
    assert draft.answers == {"requested_solution": "job_aid",
                             "business_problem": "Rework on 30% of orders",
                             "stakes": "serious"}
    assert draft.cursor == "audience"
