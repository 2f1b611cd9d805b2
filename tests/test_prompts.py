"""The questionary prompter, driven by keystrokes through a prompt_toolkit pipe."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from ldconsult.bank import banks
from ldconsult.interview.cursor import Interview
from ldconsult.interview.prompts import QuestionaryPrompter
from ldconsult.interview.protocol import BACK, HELP, UNKNOWN, Context, Reply

ENTER, DOWN, UP = "\r", "\x1b[B", "\x1b[A"
CTRL_Z, CTRL_B, CTRL_N, CTRL_D, CTRL_C = "\x1a", "\x02", "\x0e", "\x04", "\x03"


@pytest.fixture
def loaded(mini_bank_path: Path) -> banks.LoadedBank:
    return banks.load_file(mini_bank_path)


def ask(prompter: QuestionaryPrompter, loaded: banks.LoadedBank, qid: str,
        **ctx: object) -> Reply:
    q = loaded.bank.question(qid)
    section = loaded.bank.section_of(qid)
    with prompter.session():
        return prompter.ask(q, Context(section=section, section_no=1, section_count=1,
                                       number=1, total=4, **ctx))


@pytest.mark.parametrize("typed, expected", [
    ("Wrong refunds" + ENTER, Reply("answer", "Wrong refunds")),
    ("?", HELP),
    ("Why? Nobody knows" + ENTER, Reply("answer", "Why? Nobody knows")),
    (CTRL_Z, BACK),
    (CTRL_B, BACK),
    ("\x1bOP", HELP),
])
def test_text_prompt_replies(keys, loaded, typed, expected):
    assert ask(keys(typed), loaded, "problem") == expected


@pytest.mark.parametrize("typed, expected", [
    ("2" + ENTER, Reply("answer", "weeks")),
    (DOWN + ENTER, Reply("answer", "weeks")),
    ("3" + ENTER, UNKNOWN),
    (CTRL_D, UNKNOWN),
    ("?", HELP),
    (CTRL_Z, BACK),
])
def test_select_prompt_replies(keys, loaded, typed, expected):
    assert ask(keys(typed), loaded, "feedback_speed") == expected


def test_select_starts_on_the_current_answer(keys, loaded):
    assert ask(keys(ENTER), loaded, "feedback_speed", current="weeks") == \
        Reply("answer", "weeks")


def test_invalid_number_is_refused_inline_until_it_is_valid(keys, loaded):
    # "lots" fails validation inside the prompt; erase it and type a number.
    assert ask(keys("lots", ENTER, "\x08" * 4, "40", ENTER), loaded, "audience_size") == \
        Reply("answer", "40")


def test_ctrl_d_where_dont_know_is_not_offered_ends_the_prompt_for_the_engine_to_say_so(
        keys, loaded):
    assert ask(keys("12", CTRL_D), loaded, "audience_size") == UNKNOWN


def test_ctrl_n_asks_for_a_note(keys, loaded):
    assert ask(keys(CTRL_N, "ask Sam", ENTER), loaded, "problem") == Reply("note", "ask Sam")


def test_optional_confirm_offers_skip(keys, loaded):
    assert ask(keys("3", ENTER), loaded, "has_checklist") == Reply("answer", None)


def test_ctrl_c_raises_keyboard_interrupt(keys, loaded):
    with pytest.raises(KeyboardInterrupt):
        ask(keys(CTRL_C), loaded, "problem")


def test_running_out_of_keys_fails_fast_instead_of_hanging(keys, loaded):
    with pytest.raises(EOFError):
        ask(keys("half an ans"), loaded, "problem")


def test_whole_interview_with_back_note_dont_know_and_review_edit(keys, loaded):
    prompter = keys(
        "Refunds wrong", ENTER,          # problem
        "2", ENTER,                      # feedback_speed: weeks
        CTRL_Z,                          # back to feedback_speed
        CTRL_N, "ask Sam", ENTER,        # a note on it
        ENTER,                           # keep "weeks" (the current answer)
        "40", ENTER,                     # audience_size
        "2", ENTER,                      # has_checklist: no
        DOWN, DOWN, ENTER,               # review: edit feedback_speed
        "3", ENTER,                      # don't know yet → has_checklist hidden
        ENTER,                           # review: save
    )
    eng = Interview(loaded)
    with prompter.session():
        result = eng.run(prompter)
    assert result.answers == {"problem": "Refunds wrong", "audience_size": 40}
    assert result.unknown == ["feedback_speed"]
    assert result.notes == {"feedback_speed": "ask Sam"}
    assert eng.hidden_answered() == ["has_checklist"]


def sample(q):
    """A valid stored answer, so the widget is built with a current value (the re-ask case)."""
    from ldconsult.bank.values import coerce

    raw = {"select": (q.choice_values or [""])[-1], "multi_select": q.choice_values[:1],
           "confirm": False, "scale": 3, "number": 20, "integer": 20, "money": 20,
           "date": "2027-01-15"}.get(q.type, "x" * max(q.min_length or 0, 8))
    return coerce(q, raw)


@pytest.mark.parametrize("bank_id", sorted(banks.shipped()))
def test_every_question_of_every_shipped_bank_gets_a_widget(bank_id):
    """Building the widget is where a bad default or choice would blow up in a meeting."""
    from prompt_toolkit.application import create_app_session

    from ldconsult.interview import widgets

    loaded = banks.resolve(bank_id)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        for q in loaded.bank.questions():
            ctx = Context(section=loaded.bank.section_of(q.id), section_no=1,
                          section_count=1, number=1, total=1, current=sample(q))
            assert widgets.build(q, ctx, None, 79).application is not None


def test_screen_shows_progress_keys_and_hidden_answers_on_review(loaded):
    import io

    from prompt_toolkit.output.plain_text import PlainTextOutput

    screen = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("".join(["Refunds wrong", ENTER, "2", ENTER, "40", ENTER, "1", ENTER,
                                DOWN, DOWN, ENTER, "1", ENTER, ENTER]))
        pipe.close()
        prompter = QuestionaryPrompter(input=pipe, output=PlainTextOutput(screen))
        eng = Interview(loaded)
        with prompter.session():
            prompter.intro("Mini bank", 2, 3, "intakes/.x.draft.yaml")
            eng.run(prompter)
    text = screen.getvalue()
    assert "Ctrl-Z = back" in text and "? = help" in text and ".x.draft.yaml" in text
    assert "Section 1 · Basics · question 4 · the last one" in text
    assert "question 1 · up to 3 to go, about 2 min" in text
    # the hidden answer is named by its question, never by its id
    assert "Is there a checklist?" in text and "has_checklist" not in text
