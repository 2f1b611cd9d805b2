"""End to end, as the meeting sees it: the installed console script on a pseudo-terminal
of 80 and of 60 columns, its output drawn by a terminal emulator (pyte), so the tests
read the screen a person reads, not the bytes.

- Dates count from the meeting; a yearless go-live offers both readings; a target
  before the meeting is refused in words that are never cut at the edge.
- The terminal shrinking to 60 columns mid-question shows the question once, whole.
- SIGTERM and SIGHUP keep the draft and print the --resume command, as Ctrl-C does,
  and that command is never broken inside a word.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest

from ldconsult import intake as intake_mod

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SCRIPT = Path(sys.executable).parent / "ldconsult"
ENTER, CTRL_U, CTRL_C = "\r", "\x15", "\x03"
ROWS = 24
BANK = """\
id: meeting-dates
title: Meeting dates
version: 1
description: Three dates, as a meeting gives them.
sections:
  - id: dates
    title: Dates
    questions:
      - id: go_live
        prompt: When does (or did) the new portal go live for the counter staff?
        type: date
        provides: go_live
      - id: deadline
        prompt: By when should the wrong-fee rate be back under two per cent?
        type: date
        allow_unknown: true
        provides: deadline
      - id: started
        prompt: When did the wrong fees start?
        type: date
        tense: past
      - id: audience_size
        prompt: How many technicians work the counter and the satellite office?
        type: integer
        min: 1
"""
META = ["--title", "Wrong fees", "--requester", "Dana", "--interviewer", "Lee",
        "--meeting-date", "2026-11-02"]


class _Screen(pyte.Screen):
    """A screen that answers the program's questions (where is the cursor?), as a real
    terminal does: prompt_toolkit then lays out its whole prompt, the toolbar under the
    box (the date as it is read) included, which it leaves out when it cannot ask."""

    child = None

    def write_process_input(self, data: str) -> None:
        if self.child is not None:
            self.child.send(data)


class Terminal:
    """A child process on a pseudo-terminal, and the screen it draws."""

    def __init__(self, cwd: Path, args: list[str], cols: int) -> None:
        if not SCRIPT.exists():
            pytest.skip(f"console script not installed next to {sys.executable}")
        env = {k: v for k, v in os.environ.items()
               if k not in ("COLUMNS", "LINES", "PROMPT_TOOLKIT_NO_CPR")}
        env.update(TERM="xterm-256color", NO_COLOR="1")
        self.screen = _Screen(cols, ROWS)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(str(SCRIPT), ["interview", *args], cwd=str(cwd), env=env,
                                   encoding="utf-8", codec_errors="replace", timeout=15,
                                   dimensions=(ROWS, cols))
        self.screen.child = self.child
        self.child.logfile_read = self

    # pexpect's logfile: everything the child writes is drawn on the screen
    def write(self, data: str) -> None:
        self.stream.feed(data)

    def flush(self) -> None:
        pass

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def words(self) -> str:
        """The screen as one line of words: a phrase found here was not cut mid-word."""
        return " ".join(self.text().split())

    def wait(self, phrase: str, timeout: float = 15) -> None:
        """Until ``phrase`` (whole words) is on the screen."""
        deadline = time.monotonic() + timeout
        while " ".join(phrase.split()) not in self.words():
            if time.monotonic() > deadline:
                raise AssertionError(f"not on the screen: {phrase!r}\n{self.text()}")
            self.pump(0.1)

    def pump(self, seconds: float) -> None:
        try:
            self.child.expect(pexpect.TIMEOUT, timeout=seconds)
        except pexpect.EOF:
            pass

    def settle(self) -> None:
        """Until the child has drawn everything (nothing new for a moment)."""
        before = None
        while before != self.text():
            before = self.text()
            self.pump(0.3)

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def resize(self, cols: int) -> None:
        self.screen.resize(ROWS, cols)
        self.child.setwinsize(ROWS, cols)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def start(tmp_path: Path, bank: Path, cols: int, *more: str) -> Terminal:
    term = Terminal(tmp_path, ["--bank", str(bank), *META, *more], cols)
    term.wait("When does (or did) the new portal go live")
    return term


# ---------------------------------------------------------------------------------------
# Dates in the meeting, at 80 and at 60 columns

@pytest.mark.parametrize("cols", [80, 60])
def test_dates_count_from_the_meeting_and_every_line_breaks_between_words(
        tmp_path: Path, bank: Path, cols: int) -> None:
    term = start(tmp_path, bank, cols)
    try:
        # A go-live without a year may be behind us or ahead: both are offered.
        term.send("1 November")
        term.wait("→ 1 November 2026 or 1 November 2027? (you choose after Enter)")
        term.send(ENTER)
        term.wait("“1 November”: which one?")
        term.wait("Sunday 1 November 2026, 1 day before the meeting")
        term.wait("Monday 1 November 2027, 12 months after the meeting")
        term.send(ENTER)  # the nearer one
        term.wait("→ 2026-11-01 (Sunday 1 November 2026, 1 day before the meeting)")
        # A target before the meeting is refused, in words that are never cut.
        term.wait("By when should the wrong-fee rate be back under two per cent?")
        term.send("2026-10-01")
        term.wait("→ Thursday 1 October 2026, 5 weeks before the meeting ✗ before the meeting")
        term.send(ENTER)
        term.wait("2026-10-01 is before the meeting (2026-11-02): a target is reached after "
                  "it; give a later date (or \"don't know yet\")")
        term.send(CTRL_U + "in 6 weeks")
        term.wait("→ Monday 14 December 2026, 6 weeks after the meeting")
        term.send(ENTER)
        term.wait("→ 2026-12-14 (Monday 14 December 2026, 6 weeks after the meeting)")
        # A question about the past reads a yearless date back; a long reason is whole.
        term.wait("When did the wrong fees start?")
        term.send("soonish" + ENTER)
        term.wait("'soonish' is not a date I can read; try e.g. start of August, last "
                  "summer, 3 weeks ago or 2026-09-15")
        term.send(CTRL_U + "1 December" + ENTER)
        term.wait("→ 2025-12-01 (Monday 1 December 2025, 11 months before the meeting)")
        term.wait("How many technicians work the counter")
        term.send("22" + ENTER)
        term.wait("Save, or choose an answer to change it")
        term.send(ENTER)
        term.wait("Saved:")
        assert term.finish() == 0
    finally:
        term.child.close(force=True)
    saved = intake_mod.load(tmp_path / "intakes" / "2026-11-02-wrong-fees.yaml")
    assert saved.answers == {"go_live": "2026-11-01", "deadline": "2026-12-14",
                             "started": "2025-12-01", "audience_size": 22}


# ---------------------------------------------------------------------------------------
# The projector steals half the screen

def test_shrinking_to_60_columns_mid_question_shows_it_once_and_whole(
        tmp_path: Path, bank: Path) -> None:
    term = start(tmp_path, bank, 80)
    try:
        term.send("2027-01-15" + ENTER)
        prompt = "By when should the wrong-fee rate be back under two per cent?"
        term.wait(prompt)
        term.send("end of Ma")
        term.settle()
        term.resize(60)
        term.settle()
        assert term.words().count(prompt) == 1, term.text()
        assert term.words().count("Section 1 · Dates · question 2") == 1, term.text()
        assert "› end of Ma" in term.text()  # what was typed is still there
        assert all(len(line) <= 60 for line in term.screen.display)
        term.send("rch 2027" + ENTER)
        term.wait("→ 2027-03-31 (Wednesday 31 March 2027, 5 months after the meeting)")
        term.send(CTRL_C)
        term.wait("Keep a draft")
        term.send(ENTER)
        assert term.finish() == 130
    finally:
        term.child.close(force=True)
    draft = intake_mod.load(tmp_path / "intakes" / ".2026-11-02-wrong-fees.draft.yaml")
    assert draft.answers == {"go_live": "2027-01-15", "deadline": "2027-03-31"}


# ---------------------------------------------------------------------------------------
# Stopped from outside: SIGTERM, SIGHUP (G8); and the --resume command at 60 columns

RESUME = "intakes/.2026-11-02-wrong-fees.draft.yaml"


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "Ctrl-C"])
@pytest.mark.parametrize("cols", [80, 60])
def test_stopping_keeps_the_draft_and_prints_the_resume_command_whole(
        tmp_path: Path, bank: Path, how: str, cols: int) -> None:
    term = start(tmp_path, bank, cols)
    try:
        term.send("2027-01-15" + ENTER)
        term.wait("By when should the wrong-fee rate")
        term.send("end of Ma")
        if how == "Ctrl-C":
            term.send(CTRL_C)
            term.wait("Keep a draft")
            term.send(ENTER)
        else:
            term.child.kill(getattr(signal, how))
            term.wait(f"ldconsult: stopped by {how}")
        term.wait(f"draft kept: {RESUME}")
        assert term.finish() == 130
    finally:
        term.child.close(force=True)
    lines = [line.rstrip() for line in term.screen.display]
    command = f"ldconsult interview --resume {RESUME}"
    if cols >= len(command) + 2:
        assert f"  {command}" in lines or any(line.endswith(command) for line in lines)
    else:  # split only with a shell line continuation, the path whole on its own line
        at = lines.index("  ldconsult interview --resume \\")
        assert lines[at + 1] == f"    {RESUME}"
    draft = intake_mod.load(tmp_path / RESUME)
    assert draft.status == "draft" and draft.answers == {"go_live": "2027-01-15"}
    assert draft.cursor == "deadline"
    assert not re.search(r"Traceback|Error", term.text())
