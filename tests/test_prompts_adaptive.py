"""The adaptive interview at the keyboard (prompt_toolkit pipe input): Ctrl-O for more
questions, the review screen's list of what was not asked, the intro and the progress
line. The engine is a stand-in (tests/fake_engine.py): could_do, feedback and, through
changed, late can change the plan; often, colour and remark cannot."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from fake_engine import use_fake_engine
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from ldconsult.interview.adaptive import AdaptiveInterview
from ldconsult.interview.prompts import QuestionaryPrompter

ENTER, CTRL_O, DOWN = "\r", "\x0f", "\x1b[B"
CLOCK = lambda: dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.timezone.utc)  # noqa: E731
BASICS = ["Claims are wrong", ENTER, "40", ENTER]
# could_do "No", feedback "Weeks later", changed: tick "A new system", late: yes
PLAN = ["2", ENTER, "2", ENTER, "1", ENTER, "y"]


def _interview(monkeypatch: pytest.MonkeyPatch, *keys: str) -> tuple[Any, str]:
    loaded = use_fake_engine(monkeypatch)
    screen = io.StringIO()
    engine = AdaptiveInterview(loaded, clock=CLOCK)
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        pipe.close()  # running out of keys fails with EOFError, never hangs
        prompter = QuestionaryPrompter(input=pipe, output=PlainTextOutput(screen))
        with prompter.session():
            count, seconds = engine.basics_promise()
            prompter.intro("Adaptive test", 9, 9, None, basics=(count, 1))
            result = engine.run(prompter)
    return result, screen.getvalue()


def test_ctrl_o_asks_the_next_useful_questions_once_the_plan_is_settled(monkeypatch):
    result, screen = _interview(monkeypatch, *BASICS, CTRL_O, *PLAN,
                                "1", ENTER, "1", ENTER, "fine", ENTER, ENTER)
    assert "up to 5 more will be asked" in screen
    assert result.asked[-3:] == ["often", "colour", "remark"]
    assert (result.answers["often"], result.answers["colour"]) == ("daily", "red")


def test_the_review_lists_what_was_not_asked_and_why(monkeypatch):
    loaded = use_fake_engine(monkeypatch)
    engine = AdaptiveInterview(loaded, asked=["problem", "who", "could_do", "feedback",
                                              "changed"], answers={"changed": ["nothing"]})
    choices = QuestionaryPrompter._not_asked_choices(engine.not_asked(), 79)
    assert [str(c.title) for c in choices] == [
        "── Not asked (3): could not change the plan; choose one to ask it",
        "? How often is the task done?", "? Which colour is the form?", "? Anything else?"]
    assert [c.value for c in choices[1:]] == [("ask", "often"), ("ask", "colour"),
                                              ("ask", "remark")]


def test_choosing_a_question_not_asked_on_the_review_asks_it(monkeypatch):
    # Save, Ask more, the six answers, often, colour: nine steps down.
    result, _ = _interview(monkeypatch, *BASICS, *PLAN, DOWN * 9 + ENTER, "2", ENTER, ENTER)
    assert result.answers["colour"] == "blue"
    assert "colour" in result.asked and "colour" not in result.not_asked


def test_ctrl_o_on_the_review_asks_more_questions(monkeypatch):
    result, _ = _interview(monkeypatch, *BASICS, *PLAN, CTRL_O, "2", ENTER, "1", ENTER,
                           ENTER, ENTER)
    assert result.asked[-3:] == ["often", "colour", "remark"]
    assert result.not_asked == {}


def test_the_intro_names_the_basics_and_the_more_questions_key(monkeypatch):
    _, screen = _interview(monkeypatch, *BASICS, *PLAN, ENTER)
    assert "First the 2 basics (about 1 min), then only the questions whose answers" in screen
    assert "Ctrl-O = more questions" in screen


def test_the_progress_line_counts_the_basics_then_what_can_change_the_plan(monkeypatch):
    _, screen = _interview(monkeypatch, *BASICS, *PLAN, ENTER)
    assert "The basics · basics 1 of 2, then only what can change the plan" in screen
    assert "The work · question 3 · " in screen
    assert "The work · question 6 · the last that could change this plan" in screen
    assert "at most" not in screen.split("basics 1 of 2")[-1]  # a count, never a promise
