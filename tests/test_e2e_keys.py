"""On a real terminal (80×24): every key keeps what is being typed.

The installed console script runs on a pseudo-terminal with the keys bank (one question
of each kind). Each key is pressed with something half-typed; the test waits for the
prompt to come back, finishes the answer, and reads the saved intake. See
NOTES-prompting.md for the rules: no CPR, wait for the screen before typing, never split
an escape sequence.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from ldconsult import intake as intake_mod

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SCRIPT = Path(sys.executable).parent / "ldconsult"
BANK = Path(__file__).parent / "fixtures" / "keys-bank.yaml"
TIMEOUT = 15
ENTER, DOWN, LEFT, SPACE = "\r", "\x1b[B", "\x1b[D", " "
CTRL_B, CTRL_D, CTRL_N, CTRL_Z, F1 = "\x02", "\x04", "\x0e", "\x1a", "\x1bOP"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]")


def spawn(cwd: Path):
    if not SCRIPT.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    env.update(PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm-256color", NO_COLOR="1")
    return pexpect.spawn(str(SCRIPT), ["interview", "--bank", str(BANK), "--title", "Keys",
                                       "--requester", "Dana", "--interviewer", "Priya",
                                       "--meeting-date", "2026-11-29", "-o", "keys.yaml"],
                         cwd=str(cwd), env=env, encoding="utf-8", codec_errors="replace",
                         timeout=TIMEOUT, dimensions=(24, 80))


def drawn(text: str) -> str:
    """A pattern for ``text`` as drawn: style and cursor codes may come between letters."""
    return "(?:\x1b\\[[0-9;?]*[ -/]*[@-~])*".join(re.escape(c) for c in text)


def wait(child, pattern: str, what: str) -> None:
    try:
        child.expect(pattern)
    except (pexpect.TIMEOUT, pexpect.EOF) as exc:
        tail = ANSI.sub("", child.before or "")[-1500:]
        raise AssertionError(f"waiting for {what}: {type(exc).__name__}; the screen ended "
                             f"with:\n{tail}") from None


def test_every_key_keeps_the_input_on_a_real_terminal(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    try:
        # A text box: half-typed, the cursor moved back; F1 (help) and Ctrl-N (a note)
        # each bring back the text with the cursor where it was.
        wait(child, r"What is the problem", "the first question")
        child.send("Claims rong")
        child.send(LEFT * 4)  # escape sequences, whole in one send
        child.send(F1)
        wait(child, r"Why we ask: A course is a solution", "the help")
        wait(child, drawn("Claims rong"), "the text typed before F1")
        child.send("w")
        child.send(CTRL_N)
        wait(child, r"Note for: What is the problem", "the note prompt, with the question")
        child.send("from Dana" + ENTER)
        wait(child, r"Note: from Dana", "the note under the question")
        wait(child, drawn("Claims wrong"), "the text typed before Ctrl-N")
        child.send(ENTER)

        # An integer without "don't know": Ctrl-D says so; Ctrl-Z goes back and forward
        # again; the digits typed come back each time.
        wait(child, r"How many people do this task\?", "the number question")
        child.send("4")
        child.send(CTRL_D)
        wait(child, r"is not offered here", "the one-line refusal of Ctrl-D")
        child.send(CTRL_Z)
        wait(child, r"back to the previous question", "the step back")
        wait(child, r"What is the problem", "the first question again")
        child.send(ENTER)
        wait(child, r"How many people do this task\?", "the number question again")
        wait(child, drawn("› 4"), "the digit typed before Ctrl-Z")
        child.send("0" + ENTER)

        wait(child, r"By when should the target be reached\?", "the date question")
        child.send("end of March")
        child.send(CTRL_B)  # back, then forward: the phrase is still there
        wait(child, r"How many people do this task\?", "the number question, from the date")
        child.send(ENTER)
        wait(child, drawn("end of March"), "the date phrase typed before Ctrl-B")
        child.send(ENTER)
        wait(child, r"→ 20\d\d-03-31 \(\w+day 31 March", "the date resolved, to confirm it")

        # A multi-select: ticks and the pointer survive a note and help; number keys tick.
        wait(child, r"What gets in the way of doing it right\?", "the multi-select")
        child.send(SPACE)
        child.send("3")
        child.send(DOWN)
        child.send(CTRL_N)
        wait(child, r"Note for: What gets in the way", "the note prompt of the multi-select")
        child.send("ask Sam" + ENTER)
        wait(child, r"Note: ask Sam", "the note under the multi-select")
        child.send("?")
        wait(child, r"Extra clicks, timeouts", "the help of the multi-select")
        child.send(SPACE + ENTER)  # ticks the fourth box: the pointer stayed there

        # A select: the pointer survives help.
        wait(child, r"How soon do people learn", "the select")
        child.send(DOWN)
        child.send(F1)
        wait(child, r"No extra help for this question", "the help of the select")
        child.send(ENTER)

        wait(child, r"an amount in your currency", "the money question and its hint")
        child.send(ENTER)  # optional: skipped
        wait(child, r"Save, or choose an answer", "the review")
        child.send(ENTER)
        wait(child, r"Saved: keys\.yaml", "the saved message")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0

    saved = intake_mod.load(tmp_path / "keys.yaml")
    assert saved.answers["problem"] == "Claims wrong"
    assert saved.answers["audience_size"] == 40
    assert saved.answers["deadline"].endswith("-03-31")
    assert saved.answers["obstacles"] == ["tool", "time", "info"]
    assert saved.answers["feedback_speed"] == "weeks"
    assert saved.notes == {"problem": "from Dana", "obstacles": "ask Sam"}
