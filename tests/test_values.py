"""values.coerce: the single validation of an answer, typed or from a file, per type."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ldconsult.bank.model import Choice, Question
from ldconsult.bank.values import CASTERS, coerce, display


def q(qtype: str, **kw: Any) -> Question:
    choices = kw.pop("choices", None)
    if choices is not None:
        kw["choices"] = [Choice(value=v, label=label) for v, label in choices]
    return Question(id="q", prompt="?", type=qtype, **kw)  # type: ignore[arg-type]


ROLES = [("manager", "Team manager"), ("agent", "Front-line agent"), ("hr", None)]

VALID = [
    # money
    ("money", {}, "$12,000", 12000),
    ("money", {}, "40k", 40000),
    ("money", {}, "1.5m", 1500000),
    ("money", {}, "€ 2.5K", 2500),
    ("money", {}, "3bn", 3000000000),
    ("money", {}, "1 200 EUR", 1200),
    ("money", {}, "12.50", 12.5),
    ("money", {}, 99, 99),
    ("money", {}, ".5", 0.5),
    # numbers
    ("number", {}, "3.5", 3.5),
    ("number", {}, "-4", -4),
    ("number", {}, "1_000", 1000),
    ("number", {}, 7.0, 7),
    ("integer", {}, "12", 12),
    ("integer", {}, "2k", 2000),
    ("integer", {}, 5.0, 5),
    # scale
    ("scale", {}, "1", 1),
    ("scale", {}, 5, 5),
    ("scale", {"min": 0, "max": 10}, "10", 10),
    # confirm
    ("confirm", {}, "y", True),
    ("confirm", {}, "No", False),
    ("confirm", {}, " yes ", True),
    ("confirm", {}, "true", True),
    ("confirm", {}, "off", False),
    ("confirm", {}, False, False),
    # date
    ("date", {}, "2026-03-31", "2026-03-31"),
    ("date", {}, " 2026-03-31 ", "2026-03-31"),
    ("date", {}, dt.date(2026, 3, 31), "2026-03-31"),
    ("date", {}, dt.datetime(2026, 3, 31, 9, 30), "2026-03-31"),
    # text
    ("text", {}, "  Dana  ", "Dana"),
    ("text", {}, "two\nlines", "two lines"),
    ("text", {}, 42, "42"),
    ("long_text", {}, "\n line one\nline two \n", "line one\nline two"),
    # select
    ("select", {"choices": ROLES}, "manager", "manager"),
    ("select", {"choices": ROLES}, "Team Manager", "manager"),  # label, any case
    ("select", {"choices": ROLES}, " AGENT ", "agent"),
    # multi_select
    ("multi_select", {"choices": ROLES}, "agent, manager", ["manager", "agent"]),
    ("multi_select", {"choices": ROLES}, "Front-line agent,hr", ["agent", "hr"]),
    ("multi_select", {"choices": ROLES}, ["hr", "hr", "manager"], ["manager", "hr"]),
    ("multi_select", {"choices": ROLES, "required": False}, "", None),
    # constraints that hold
    ("number", {"min": 1, "max": 10}, "10", 10),
    ("text", {"min_length": 3, "max_length": 5}, "abcde", "abcde"),
    ("text", {"pattern": r"^[A-Z]{3}-\d+$"}, "ABC-12", "ABC-12"),
    ("multi_select", {"choices": ROLES, "min": 1, "max": 2}, "hr", ["hr"]),
    # optional and empty
    ("text", {"required": False}, "   ", None),
    ("number", {"required": False}, None, None),
    ("multi_select", {"choices": ROLES, "required": False}, [], None),
]


@pytest.mark.parametrize("qtype, kw, raw, expected", VALID,
                         ids=[f"{t}:{r!r}" for t, _, r, _ in VALID])
def test_coerce_accepts(qtype: str, kw: dict[str, Any], raw: Any, expected: Any) -> None:
    value = coerce(q(qtype, **kw), raw)
    assert value == expected
    assert type(value) is type(expected)


INVALID = [
    ("money", {}, "-5", "cannot be negative"),
    ("money", {}, "lots", "'lots' is not a number (e.g. 12, 3.5, 1,200 or 40k)"),
    ("number", {}, "1e999", "not a number"),
    ("number", {}, float("inf"), "the number is too large"),
    ("number", {}, float("nan"), "expected a finite number"),
    ("number", {}, True, "expected a number"),
    ("number", {}, [1], "expected a number"),
    ("integer", {}, "2.5", "expected a whole number, got 2.5"),
    ("scale", {}, "6", "choose a whole number from 1 to 5"),
    ("scale", {}, 0, "choose a whole number from 1 to 5"),
    ("scale", {"min": 0, "max": 10}, 11, "from 0 to 10"),
    ("scale", {}, "3.5", "expected a whole number"),
    ("confirm", {}, "maybe", "answer yes or no"),
    ("confirm", {}, 1, "answer yes or no"),
    ("date", {}, "03/04/2026", "could be day/month or month/day"),
    ("date", {}, "2026-02-30", "February has no day 30"),
    ("date", {}, "soonish", "is not a date I can read; try e.g. end of"),
    ("date", {}, 20260331, "is not a date"),
    ("text", {}, True, "expected text"),
    ("text", {}, {"a": 1}, "expected text"),
    ("select", {"choices": ROLES}, "managr", "'managr' is not a choice; did you mean 'manager'?"),
    ("select", {"choices": ROLES}, "zzz", "(choices: manager, agent, hr)"),
    ("select", {"choices": ROLES}, ["manager"], "expected one of the choices"),
    ("select", {"choices": ROLES}, True, "expected one of the choices"),
    ("multi_select", {"choices": ROLES}, "hr, boss", "'boss' is not a choice"),
    ("multi_select", {"choices": ROLES}, 3, "expected a list of choices"),
    ("multi_select", {"choices": ROLES}, [["hr"]], "expected a list of choices"),
    ("multi_select", {"choices": ROLES}, ",,,", "an answer is required"),
    # constraints
    ("number", {"min": 1}, "0", "must be at least 1"),
    ("money", {"max": 1000}, "2k", "must be at most 1000"),
    ("text", {"min_length": 3}, "ab", "at least 3 characters"),
    ("long_text", {"max_length": 5}, "abcdef", "under 5 characters"),
    ("text", {"pattern": r"^[A-Z]{3}-\d+$", "placeholder": "ABC-123"}, "abc",
     "does not match the expected form (ABC-123)"),
    ("multi_select", {"choices": ROLES, "min": 2}, "hr", "choose at least 2"),
    ("multi_select", {"choices": ROLES, "max": 1}, "hr, agent", "choose at most 1"),
    # required
    ("text", {}, "", "an answer is required"),
    ("text", {}, "   ", "an answer is required"),
    ("number", {}, None, "an answer is required"),
    ("multi_select", {"choices": ROLES}, [], "an answer is required"),
    ("select", {"choices": ROLES, "allow_unknown": True}, "",
     "an answer is required (or choose \"Don't know yet\")"),
]


@pytest.mark.parametrize("qtype, kw, raw, message", INVALID,
                         ids=[f"{t}:{r!r}" for t, _, r, _ in INVALID])
def test_coerce_rejects_with_a_human_message(qtype: str, kw: dict[str, Any], raw: Any,
                                             message: str) -> None:
    with pytest.raises(ValueError) as info:
        coerce(q(qtype, **kw), raw)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_every_question_type_has_a_caster() -> None:
    assert set(CASTERS) == set(Question.model_fields["type"].annotation.__args__)


DISPLAY = [
    ("select", {"choices": ROLES}, "manager", "Team manager"),
    ("select", {"choices": ROLES}, "hr", "hr"),
    ("multi_select", {"choices": ROLES}, ["manager", "hr"], "Team manager, hr"),
    ("confirm", {}, True, "yes"),
    ("confirm", {}, False, "no"),
    ("money", {}, 12000, "12,000"),
    ("money", {}, 12.5, "12.50"),
    ("number", {}, 25000, "25,000"),
    ("number", {}, 3.5, "3.5"),
    ("text", {}, None, "—"),
    ("text", {}, "[red]x", "[red]x"),
]


@pytest.mark.parametrize("qtype, kw, value, shown", DISPLAY,
                         ids=[f"{t}:{v!r}" for t, _, v, _ in DISPLAY])
def test_display(qtype: str, kw: dict[str, Any], value: Any, shown: str) -> None:
    assert display(q(qtype, **kw), value) == shown


def test_display_without_a_question_still_reads_well() -> None:
    assert display(None, ["a", "b"]) == "a, b"
    assert display(None, True) == "yes"
    assert display(None, 123456) == "123,456"


@pytest.mark.parametrize("raw", ["caf\udce9", ["ok", "\ud800"]])
def test_text_that_cannot_be_saved_as_utf8_is_rejected(raw: Any) -> None:
    qtype = "multi_select" if isinstance(raw, list) else "text"
    kw = {"choices": ROLES} if isinstance(raw, list) else {}
    with pytest.raises(ValueError, match="not valid text"):
        coerce(q(qtype, **kw), raw)


@pytest.mark.parametrize("qtype, kw, raw, shown", [
    ("select", {"choices": ROLES}, "line one\nline two", "'line one line two' is not a choice"),
    ("date", {}, "x" * 100, "'" + "x" * 39 + "…' is not a date I can read"),
    ("number", {}, "a\u2028b", "'a b' is not a number"),
])
def test_messages_quote_the_input_on_one_short_line(qtype: str, kw: dict[str, Any], raw: Any,
                                                    shown: str) -> None:
    with pytest.raises(ValueError) as info:
        coerce(q(qtype, **kw), raw)
    assert str(info.value).startswith(shown)
    assert len(str(info.value).splitlines()) == 1
