"""Every key keeps what is being typed: the text and the cursor, the pointer, the ticks,
the filter. Driven through the engine with prompt_toolkit pipe input (the pty versions
are in test_e2e_keys.py)."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.plain_text import PlainTextOutput

from ldconsult.bank import banks
from ldconsult.interview.cursor import Interview
from ldconsult.interview.prompts import QuestionaryPrompter

ENTER, DOWN, UP, LEFT, SPACE = "\r", "\x1b[B", "\x1b[A", "\x1b[D", " "
CTRL_Z, CTRL_B, CTRL_N, CTRL_D, F1 = "\x1a", "\x02", "\x0e", "\x04", "\x1bOP"
CTRL_O = "\x0f"  # more questions
NOTE = CTRL_N + "ask Sam" + ENTER  # the note prompt comes up; the note is typed there
CLOCK = lambda: dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.timezone.utc)  # noqa: E731
KEYS_BANK = Path(__file__).parent / "fixtures" / "keys-bank.yaml"


@pytest.fixture
def mini(mini_bank_path: Path) -> banks.LoadedBank:
    return banks.load_file(mini_bank_path)


@pytest.fixture
def keyset() -> banks.LoadedBank:
    return banks.load_file(KEYS_BANK)


@pytest.fixture
def run() -> Iterator:
    """Ask question ``qid`` of ``loaded`` (through the engine) with these keystrokes."""
    screens: list[io.StringIO] = []

    def ask(loaded: banks.LoadedBank, qid: str, *keys: str,
            answers: dict | None = None) -> Interview:
        screen = io.StringIO()
        screens.append(screen)
        eng = Interview(loaded, answers=answers, clock=CLOCK)
        with create_pipe_input() as pipe:
            pipe.send_text("".join(keys))
            pipe.close()  # running out of keys fails with EOFError, never hangs
            prompter = QuestionaryPrompter(input=pipe, output=PlainTextOutput(screen))
            with prompter.session():  # from the question, back and forward, until past it
                target = i = next(n for n, q in enumerate(eng.questions) if q.id == qid)
                while i <= target:
                    i += 1 if eng.ask_one(prompter, i) == "next" else -1
        eng.screen = screen.getvalue()  # type: ignore[attr-defined]
        return eng

    yield ask


# "Refunds rong", the cursor moved back 4 (before "rong"), the key, then "w" and Enter:
# "Refunds wrong" proves both the text and the cursor came back.
TYPED, FIX = ("Refunds rong", LEFT * 4), ("w", ENTER)


@pytest.mark.parametrize("key", [F1, NOTE, CTRL_D, CTRL_Z, CTRL_B, CTRL_O],
                         ids=["F1 help", "Ctrl-N note", "Ctrl-D not offered",
                              "Ctrl-Z at the first question", "Ctrl-B at the first question",
                              "Ctrl-O more questions"])
def test_a_key_in_a_text_box_keeps_the_text_and_the_cursor(run, mini, key):
    eng = run(mini, "problem", *TYPED, key, *FIX)
    assert eng.answers["problem"] == "Refunds wrong"


def test_question_mark_in_an_empty_box_is_help_and_what_follows_is_typed(run, mini):
    eng = run(mini, "problem", "?", "Why? Nobody checks", ENTER)
    assert eng.answers["problem"] == "Why? Nobody checks"
    assert "Why we ask: A course is a solution" in eng.screen


def test_a_note_is_kept_and_the_answer_typed_before_it_too(run, mini):
    eng = run(mini, "problem", *TYPED, NOTE, *FIX)
    assert eng.notes == {"problem": "ask Sam"}
    assert eng.answers["problem"] == "Refunds wrong"


@pytest.mark.parametrize("key", ["?", F1, NOTE, CTRL_O],
                         ids=["? help", "F1 help", "Ctrl-N note", "Ctrl-O more questions"])
def test_a_key_in_a_list_keeps_the_pointer(run, mini, key):
    eng = run(mini, "feedback_speed", DOWN, key, ENTER)
    assert eng.answers["feedback_speed"] == "weeks"


def test_back_and_forward_again_keeps_the_pointer(run, mini):
    # Down to "weeks", back to the problem (Enter keeps it), forward: still on "weeks".
    eng = run(mini, "feedback_speed", DOWN, CTRL_Z, ENTER, ENTER,
              answers={"problem": "Refunds wrong"})
    assert eng.answers == {"problem": "Refunds wrong", "feedback_speed": "weeks"}


@pytest.mark.parametrize("key", ["?", F1, NOTE, CTRL_Z],
                         ids=["? help", "F1 help", "Ctrl-N note", "Ctrl-Z back"])
def test_a_key_in_a_multi_select_keeps_the_ticks_and_the_pointer(run, keyset, key):
    before = {"problem": "x", "audience_size": 3, "deadline": "2027-03-31"}
    back = ENTER if key == CTRL_Z else ""  # back on the date: Enter keeps it, forward again
    # Space ticks 1; the number key 3 ticks 3 and moves there; Down to 4; the key;
    # Space ticks 4 (only if the pointer came back to 4).
    eng = run(keyset, "obstacles", SPACE, "3", DOWN, key, back, SPACE, ENTER, answers=before)
    assert eng.answers["obstacles"] == ["tool", "time", "info"]


def test_number_keys_tick_and_untick_boxes(run, keyset):
    eng = run(keyset, "obstacles", "2", "4", "2", ENTER)
    assert eng.answers["obstacles"] == ["info"]


def test_ctrl_d_where_dont_know_is_not_offered_says_so_in_one_line(run, mini):
    eng = run(mini, "audience_size", "4", CTRL_D, CTRL_D, "0", ENTER,
              answers={"problem": "x"})
    assert eng.answers["audience_size"] == 40
    said = [line.strip() for line in eng.screen.splitlines() if "is not offered here" in line]
    assert said == ["✗ this question needs an answer (\"don't know yet\" is not offered here)"]


def test_ctrl_o_where_every_question_is_asked_already_says_so_in_one_line(run, mini):
    eng = run(mini, "problem", "Refunds wrong", CTRL_O, ENTER)
    assert eng.answers["problem"] == "Refunds wrong"
    said = [line.strip() for line in eng.screen.splitlines() if "asked already" in line]
    assert said == ["✗ every question that applies is asked already"]


def test_ctrl_d_where_dont_know_is_offered_answers_it(run, keyset):
    eng = run(keyset, "deadline", CTRL_D, answers={"problem": "x", "audience_size": 3})
    assert "deadline" in eng.unknown and "deadline" not in eng.answers


def test_the_note_prompt_shows_the_question_not_its_id(run, mini):
    eng = run(mini, "problem", NOTE, "Refunds wrong", ENTER)
    assert "Note for: What is the problem, in business terms?" in eng.screen
    assert "'problem'" not in eng.screen


def test_a_date_said_in_words_is_stored_as_iso_and_shown_resolved(run, keyset):
    eng = run(keyset, "deadline", "end of March", ENTER,
              answers={"problem": "x", "audience_size": 3})
    assert eng.answers["deadline"] == "2027-03-31"
    assert "→ 2027-03-31 (Wednesday 31 March 2027, in 4 months)" in eng.screen


def test_the_date_hint_gives_examples_after_today(run, keyset):
    eng = run(keyset, "deadline", "2027-01-15", ENTER,
              answers={"problem": "x", "audience_size": 3})
    assert "e.g. end of February, Q2 2027, in 6 weeks or 2027-01-15" in eng.screen


def test_the_money_hint_does_not_suggest_a_size(run, keyset):
    answers = {"problem": "x", "audience_size": 3, "deadline": "2027-03-31",
               "obstacles": ["tool"], "feedback_speed": "weeks"}
    eng = run(keyset, "hourly_cost", "65", ENTER, answers=answers)
    assert eng.answers["hourly_cost"] == 65
    assert "25000" not in eng.screen and "an amount in your currency" in eng.screen


LONG_LIST = textwrap.dedent("""\
    id: long
    title: Long list
    version: 1
    sections:
      - id: s
        title: S
        questions:
          - id: team
            prompt: Which team?
            type: select
            choices:
    """) + "".join(f"          - {{value: t{n}, label: Team {name}}}\n"
                   for n, name in enumerate("alpha bravo charlie delta echo foxtrot golf "
                                            "hotel india juliet kilo lima mike".split()))


@pytest.mark.parametrize("key", [F1, NOTE], ids=["F1 help", "Ctrl-N note"])
def test_a_key_in_a_long_list_keeps_the_filter(run, tmp_path, key):
    path = tmp_path / "long.yaml"
    path.write_text(LONG_LIST, encoding="utf-8")
    eng = run(banks.load_file(path), "team", "lim", key, ENTER)
    assert eng.answers["team"] == "t11"  # Team lima: the filter "lim" was still typed


def test_keys_work_with_no_output_at_all(mini):
    """DummyOutput has no size to wrap to: the prompter still asks and keeps input."""
    eng = Interview(mini, clock=CLOCK)
    with create_pipe_input() as pipe:
        pipe.send_text("Refunds rong" + LEFT * 4 + F1 + "w" + ENTER)
        pipe.close()
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput())
        with prompter.session():
            eng.ask_one(prompter, 0)
    assert eng.answers["problem"] == "Refunds wrong"
