"""End to end: the full default interview (performance-consulting, --all-questions) on a
real terminal (the adaptive one: tests/test_e2e_adaptive.py).

The installed ``ldconsult`` console script runs on a pseudo-terminal, in a temporary
directory. The answers come from one table (question id → answer); keystrokes are
derived from each question's type and choices, and each question is recognised by the
start of its prompt, so rewording or reordering choices does not break the test.

One long run covers what a real meeting does: a step back (Ctrl-Z), "don't know yet"
(Ctrl-D) on text, money and select questions, a note (Ctrl-N), the terminal shrinking
to 80 columns, Ctrl-C with the draft kept, ``--resume`` to the end, two edits on the
review screen, and the summary with NO_COLOR set. Cheaper runs check colour handling and that no
terminal means exit 2 at once (see NOTES-prompting.md for the pexpect rules: no CPR,
wait for the question before typing, never split an escape sequence).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from keystrokes import CTRL_N, CTRL_U, CTRL_Z, DONT_KNOW, ENTER, SKIP, keys_for

from ldconsult import intake as intake_mod
from ldconsult.bank import banks, values
from ldconsult.base import yamlio
from ldconsult.interview.cursor import Interview

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SCRIPT = Path(sys.executable).parent / "ldconsult"
REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 15
BANK = banks.resolve("performance-consulting")
META = {"--title": "Expense tool classes", "--requester": "VP Finance Operations",
        "--interviewer": "Priya (L&D)", "--meeting-date": "2026-11-16"}
OUT = Path("intakes") / "2026-11-16-expense-tool-classes.yaml"


# Every question asked, in order, with the answer given. did_it_before and the training
# questions stay hidden (they could do it if their life depended on it), and so do the
# mandate's details (no mandate).
ANSWERS: dict[str, Any] = {
    "requested_solution": "course",
    "request_in_their_words": "Two 4-hour classes on the expense tool",
    "requested_hours": 8,
    "format_demand": ["length", "live"],
    "format_demand_basis": "preference",
    "mandate": "no",
    "business_problem": "70% of hotel claims put the lodging tax on the wrong line",
    "shortfall": "errors",
    "problem_spread": "widespread",
    "vs_peers": "similar",
    "cost_of_inaction": "noticeable",
    "monthly_cost": DONT_KNOW,
    "strategic_goal": SKIP,
    "changes": ["new_system"],
    "go_live": DONT_KNOW,
    "audience": "Travellers who file claims",
    "audience_size": 600,
    "work_setting": ["office", "field"],
    "desired_performance": "Enter the lodging tax on its own line",
    "metric_kind": "business",
    "metric": "Share of hotel claims returned for correction",
    "metric_source": "Monthly expense audit report",
    "metric_cadence": "monthly",
    "baseline": "70% (October audit)",
    "target": "Under 10%",
    "deadline": "2027-03-31",
    "exemplars_exist": "same_conditions",
    "exemplar_method": "habit",
    "exemplar_practice": "They ask the hotel for an itemised folio",
    "exemplar_transferable": "yes",
    "exemplar_count": SKIP,
    "standard_written": "unclear",
    "standard_known": "known",
    "sources_agree": "agree",
    # Ctrl-C here in the first run; --resume goes on from this question
    "feedback_timing": "weeks_later",
    "feedback_specific": "generic",
    "cue_perceivable": "yes",
    "error_check": "reliable",
    "obstacles": ["tool"],
    "tool_change": "slow",
    "right_way_consequence": "nothing",
    "wrong_way_consequence": "corrected",
    "goals_conflict": False,
    "manager_support": "indifferent",
    "could_do_if_life_depended": "yes",
    "capacity": DONT_KNOW,
    "motives": "motivated",
    "main_cause": "tool",
    "cause_basis": "data",
    "task_frequency": "monthly",
    "task_criticality": "medium",
    "skill_kind": "procedure",
    "reference_allowed": "yes",
    "voices": ["sponsor", "managers"],
    "requester_owns": DONT_KNOW,
    "loaded_hourly_cost": 65,
    "other_changes": DONT_KNOW,
}
STOP_AT = "feedback_timing"
# Notes added with Ctrl-N before answering (before STOP_AT: they must survive the resume).
NOTES = {"baseline": "From the finance controller; not checked yet"}
# On the review screen: text typed to filter the list to one answer, and the new answer.
EDITS = {"target": ("count as success", "Under 5% by March"),
         "metric_cadence": ("How often is it", "weekly")}


# ---------------------------------------------------------------------------------------
# Keys

def expected(answers: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The saved answers (as the program coerces them) and the unknown ids, in bank order."""
    saved, unknown = {}, []
    for q in BANK.bank.questions():
        raw = answers.get(q.id, SKIP)
        if raw == DONT_KNOW:
            unknown.append(q.id)
        elif raw != SKIP:
            saved[q.id] = values.coerce(q, raw)
    return saved, unknown


def _prompt_re(qid: str) -> str:
    q = BANK.bank.question(qid)
    assert q is not None, f"the bank has no question '{qid}'"
    return re.escape(" ".join(q.prompt.split())[:30])


# ---------------------------------------------------------------------------------------
# Driving the terminal

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]")


def plain(text: str) -> str:
    return ANSI.sub("", text or "")


def env(*, no_color: bool = True) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items()
         if k not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE",
                      "TTY_INTERACTIVE", "COLUMNS", "LINES")}  # size comes from the pty
    e.update(PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm-256color")
    if no_color:
        e["NO_COLOR"] = "1"
    return e


def spawn(cwd: Path, args: Iterable[str], *, cols: int, no_color: bool = True):
    if not SCRIPT.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    return pexpect.spawn(str(SCRIPT), ["interview", *args], cwd=str(cwd),
                         env=env(no_color=no_color), encoding="utf-8",
                         codec_errors="replace", timeout=TIMEOUT, dimensions=(30, cols))


def wait(child, pattern: str, what: str) -> None:
    """``child.expect`` that says what it waited for and what the screen showed."""
    try:
        child.expect(pattern)
    except (pexpect.TIMEOUT, pexpect.EOF) as exc:
        tail = plain(child.before)[-1200:]
        raise AssertionError(f"waiting for {what}: {type(exc).__name__}; the screen ended "
                             f"with:\n{tail}") from None


def reach(child, qid: str) -> None:
    """Wait until question ``qid`` is asked (its header, then its prompt)."""
    # At 80 columns the header may wrap: a line break (and style codes) between words.
    gap = r"(?:\s|\x1b\[[0-9;?]*[A-Za-z])+"
    header = "(?:" + gap.join(["question", r"\d+", "·", "(?:up", "to", r"\d+", "to", "go|the",
                              "last", "one)"]) + "|" + gap.join(
        ["changing", "an", "answer,", "then", "back", "to", "the", "review"]) + ")"
    wait(child, header, f"the header of '{qid}'")
    wait(child, _prompt_re(qid), f"the prompt of '{qid}'")


def give(child, qid: str, value: Any) -> None:
    reach(child, qid)
    if qid in NOTES:  # the note first; then the question is asked again (same header)
        child.send(CTRL_N)
        wait(child, "Note for: " + _prompt_re(qid), f"the note prompt of '{qid}'")
        child.send(NOTES[qid] + ENTER)
        wait(child, re.escape(f"Note: {NOTES[qid]}"), f"the note under '{qid}'")
        wait(child, _prompt_re(qid), f"the prompt of '{qid}', asked again")
    child.send(keys_for(BANK.bank.question(qid), value))


def drive(child, first: str, stop: str | None = None) -> None:
    """Answer the table from ``first`` up to (not including) ``stop``."""
    ids = list(ANSWERS)
    for qid in ids[ids.index(first): ids.index(stop) if stop else None]:
        give(child, qid, ANSWERS[qid])


def finish(child) -> int:
    wait(child, pexpect.EOF, "the end of the program")
    child.close()
    return child.exitstatus


def colour_codes(text: str) -> list[str]:
    """SGR parameters that set a colour (16-colour, 256-colour or true colour)."""
    found = []
    for params in re.findall(r"\x1b\[([0-9;]*)m", text):
        parts = params.split(";")
        for p in parts:
            if p.isdigit() and (30 <= int(p) <= 38 or 40 <= int(p) <= 48
                                or 90 <= int(p) <= 107):
                found.append(params)
                break
    return found


def verdict_label(final: intake_mod.Intake) -> str:
    from ldconsult.engine import recommend
    from ldconsult.engine.recommendation import VERDICT_LABELS

    return VERDICT_LABELS[recommend(final, BANK).verdict]


# ---------------------------------------------------------------------------------------
# The full interview

def test_full_default_interview_back_unknown_resize_stop_resume_and_review_edits(
        tmp_path: Path) -> None:
    meta = [x for pair in META.items() for x in pair]
    child = spawn(tmp_path, [*meta, "--all-questions"], cols=120)
    try:
        wait(child, re.escape("Ctrl-Z = back"), "the intro with the keys")
        drive(child, "requested_solution", "audience_size")
        # Back from audience_size: audience is asked again with its answer filled in,
        # so Enter alone keeps it (an empty box would be refused: it is required).
        reach(child, "audience_size")
        child.send(CTRL_Z)
        wait(child, "back to the previous question", "the step back")
        reach(child, "audience")
        wait(child, re.escape(ANSWERS["audience"]), "the earlier answer, filled in")
        child.send(ENTER)
        drive(child, "audience_size", "desired_performance")
        reach(child, "desired_performance")
        child.setwinsize(30, 80)  # the projector steals half the screen mid-question
        child.send(keys_for(BANK.bank.question("desired_performance"),
                            ANSWERS["desired_performance"]))
        drive(child, "metric_kind", STOP_AT)
        reach(child, STOP_AT)
        child.sendintr()
        wait(child, "Keep a draft", "the offer to keep a draft")
        child.send(ENTER)
        # the whole path; on a narrow terminal after a shell line continuation (" \")
        wait(child, r"--resume (?:\\\r?\n\s*)?(\S+)\r?\n", "the --resume command")
        resume_arg = child.match.group(1).strip()
        assert finish(child) == 130
    finally:
        child.close(force=True)

    draft_path = tmp_path / resume_arg
    draft = intake_mod.load(draft_path)
    ids = list(ANSWERS)
    before = {k: ANSWERS[k] for k in ids[: ids.index(STOP_AT)]}
    assert draft.status == "draft" and draft.cursor == STOP_AT
    assert (draft.answers, draft.unknown) == expected(before)
    assert draft.notes == NOTES

    child = spawn(tmp_path, ["--resume", resume_arg], cols=80)
    try:
        restored = sum(map(len, expected(before)))
        wait(child, rf"Resuming: {restored} answers restored", "the resume message")
        drive(child, STOP_AT)
        wait(child, "Save, or choose an answer", "the review screen")
        # The list is long: filter it to the answer with a note, see the note, clear it.
        child.send("value today")
        wait(child, "✎ note: " + re.escape(NOTES["baseline"]), "the note on the review")
        child.send("\x7f" * len("value today"))
        for n, (qid, (search, new)) in enumerate(EDITS.items()):
            if n:
                wait(child, "Save, or choose an answer", "the review screen")
            child.send(search + ENTER)  # the long list filters as you type
            reach(child, qid)
            if BANK.bank.question(qid).type == "text":
                wait(child, re.escape(str(ANSWERS[qid])), "the answer being edited")
                child.send(CTRL_U + keys_for(BANK.bank.question(qid), new))
            else:
                child.send(keys_for(BANK.bank.question(qid), new))
        wait(child, "Save, or choose an answer", "the review screen after the edits")
        child.send(ENTER)
        wait(child, "Saved: ", "the saved message")
        summary = child.before
        assert finish(child) == 0
    finally:
        child.close(force=True)

    final = intake_mod.load(tmp_path / OUT)
    answers = {**ANSWERS, **{qid: new for qid, (_, new) in EDITS.items()}}
    assert final.status == "complete" and final.cursor is None
    assert (final.answers, final.unknown) == expected(answers)
    assert final.answers["audience"] == ANSWERS["audience"]  # kept through the step back
    assert final.notes == NOTES
    assert final.meta.requester == META["--requester"]
    assert final.meta.meeting_date == dt.date(2026, 11, 16).isoformat()
    assert not draft_path.exists()
    assert colour_codes(summary) == []
    assert re.search(r"VERDICT\s+" + re.escape(verdict_label(final)), plain(summary))


# ---------------------------------------------------------------------------------------
# Colour, and no terminal

@pytest.mark.parametrize("no_color", [True, False], ids=["NO_COLOR", "colour"])
def test_summary_colour_follows_no_color(tmp_path: Path, no_color: bool) -> None:
    """With every answer in a file nothing is asked: the summary follows at once."""
    answers = REPO / "examples" / "answers" / "expense-tool-course.yaml"
    child = spawn(tmp_path, ["--answers", str(answers), "-o", "out.yaml"], cols=80,
                  no_color=no_color)
    try:
        wait(child, "Saved: ", "the saved message")
        summary = child.before
        assert finish(child) == 0
    finally:
        child.close(force=True)
    assert "VERDICT" in summary
    assert (colour_codes(summary) == []) is no_color


def _partial_answers(tmp_path: Path, drop: list[str]) -> Path:
    data = yamlio.load_data(REPO / "examples" / "answers" / "expense-tool-course.yaml")
    data["answers"] = {k: v for k, v in data["answers"].items() if k not in drop}
    path = tmp_path / "partial.yaml"
    path.write_text(yamlio.dump_yaml(data), encoding="utf-8")
    return path


# Without a terminal, what is missing: with --all-questions every required question on the
# path; adaptive, the basics (always asked) and the required questions the interview would
# ask that the file does not answer (cause_basis is not asked: it cannot change this plan).
MISSING = {("all", "nothing"): Interview(BANK).missing_required(),
           ("all", "partial"): ["audience_size", "cause_basis"],
           ("adaptive", "nothing"): [q for q in Interview(BANK).missing_required()
                                     if BANK.bank.question(q).always],
           ("adaptive", "partial"): ["audience_size"]}


@pytest.mark.parametrize("stdin", ["devnull", "pipe"])
@pytest.mark.parametrize("given", ["nothing", "partial"])
@pytest.mark.parametrize("mode", ["all", "adaptive"])
def test_no_terminal_exits_2_at_once_naming_answers_and_missing_ids(
        tmp_path: Path, stdin: str, given: str, mode: str) -> None:
    if not SCRIPT.exists():
        pytest.skip("console script not installed")
    missing = MISSING[mode, given]
    args = ["--all-questions"] if mode == "all" else []
    if given == "partial":
        args += ["--answers", str(_partial_answers(tmp_path, MISSING["all", "partial"]))]
    feed = {"stdin": subprocess.DEVNULL} if stdin == "devnull" else {
        "input": "1\r\n" * 60}  # keystrokes that must not be taken as answers
    try:
        r = subprocess.run([str(SCRIPT), "interview", *args], cwd=tmp_path, env=env(),
                           capture_output=True, text=True, timeout=TIMEOUT, **feed)
    except subprocess.TimeoutExpired:
        pytest.fail(f"no exit after {TIMEOUT} s without a terminal: it waits for input")
    assert r.returncode == 2, r.stderr
    assert "--answers" in r.stderr and "Traceback" not in r.stderr
    listed = re.search(r"missing required answers: ([\w, ]+);", r.stderr)
    assert listed, r.stderr
    assert listed.group(1).split(", ") == missing
    assert given == "partial" or {"requested_solution", "business_problem"} <= set(missing)
    assert not (tmp_path / "intakes").exists()  # no draft, no intake
