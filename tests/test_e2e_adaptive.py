"""End to end: an adaptive interview of the default bank on a real terminal (80×24).

The installed ``ldconsult`` console script runs on a pseudo-terminal. Whatever question
comes up is recognised by its prompt and answered from one calibration case's facts
(tests/calibration/c01.answers.yaml), as a person would type them: "don't know yet"
where the case says so. The interview asks the basics, then only what can change the
plan, and ends on the review screen, which offers what was not asked. The saved intake
records the questions in the order they came up. See NOTES-prompting.md for the pexpect
rules (no CPR, wait for the question before typing, never split an escape sequence).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from keystrokes import DONT_KNOW, ENTER, SKIP, keys_for

from ldconsult import intake as intake_mod
from ldconsult.bank import banks
from ldconsult.interview import answers as answers_file
from ldconsult.interview.cursor import Interview

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SCRIPT = Path(sys.executable).parent / "ldconsult"
REPO = Path(__file__).resolve().parent.parent
CASE = REPO / "tests" / "calibration" / "c01.answers.yaml"
BANK = banks.resolve("performance-consulting")
TIMEOUT = 20
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]")
GAP = r"(?:\s|\x1b\[[0-9;?]*[A-Za-z])+"  # a line break or style codes between words
HEADER = "(?:" + GAP.join(["basics", r"\d+", "of", r"\d+"]) + "|" + GAP.join(
    ["question", r"\d+", "·"]) + ")"
REVIEW = GAP.join(["Review:", "each", "answer", "once."])


def _facts() -> dict[str, Any]:
    aset = answers_file.load(CASE, BANK.bank)
    facts: dict[str, Any] = {q: DONT_KNOW for q in aset.unknown}
    facts.update(aset.answers)
    return facts


def _reply(qid: str, facts: dict[str, Any]) -> Any:
    q = BANK.bank.question(qid)
    if qid in facts:
        return facts[qid]
    return DONT_KNOW if q.allow_unknown else SKIP


def _prompt(qid: str) -> str:
    return GAP.join(re.escape(w) for w in " ".join(BANK.bank.question(qid).prompt.split())
                    [:30].split())


def test_an_adaptive_interview_asks_the_basics_then_what_can_change_the_plan(tmp_path):
    if not SCRIPT.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    env.update(PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm-256color", NO_COLOR="1")
    child = pexpect.spawn(str(SCRIPT), [
        "interview", "--title", "Scam checks", "--requester", "Head of Compliance",
        "--interviewer", "L&D lead", "--meeting-date", "2026-10-12", "-o", "scam.yaml"],
        cwd=str(tmp_path), env=env, encoding="utf-8", codec_errors="replace",
        timeout=TIMEOUT, dimensions=(24, 80))
    facts, ids = _facts(), [q.id for q in BANK.bank.questions()]
    prompts = [_prompt(q) for q in ids]
    asked: list[str] = []
    try:
        child.expect(re.escape("Ctrl-O = more questions"))
        while True:
            if child.expect([HEADER, REVIEW]) == 1:
                break
            qid = ids[child.expect(prompts)]
            asked.append(qid)
            child.send(keys_for(BANK.bank.question(qid), _reply(qid, facts)))
        # the list is longer than the screen: its top offers to ask what was left out
        child.expect(GAP.join(["Ask", "more:", "the", "5", "most", "useful", "of", "the",
                               "questions", "not", "asked"]))
        child.send(ENTER)
        child.expect("Saved: ")
        child.expect(pexpect.EOF)
    except (pexpect.TIMEOUT, pexpect.EOF) as exc:
        tail = ANSI.sub("", child.before or "")[-1500:]
        pytest.fail(f"{type(exc).__name__} after {asked}; the screen ended with:\n{tail}")
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    saved = intake_mod.load(tmp_path / "scam.yaml")
    basics = [q.id for q in BANK.bank.questions() if q.always]
    assert saved.asked == asked and asked[:len(basics)] == basics
    given = answers_file.load(CASE, BANK.bank)
    full = Interview(BANK, answers=given.answers, unknown=given.unknown).visible_ids()
    assert len(asked) < len(full)
    assert set(saved.not_asked) == set(full) - set(asked)
