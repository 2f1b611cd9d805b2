"""The `when` mini-language: parsing, evaluation semantics, refs, and the bank-time check."""

from __future__ import annotations

from typing import Any

import pytest

from ldconsult.bank.conditions import Cond, ConditionError, check, parse
from ldconsult.bank.model import Choice, Question

ANSWERS: dict[str, Any] = {
    "role": "manager", "size": 12, "cost": 2500.5, "tools": ["crm", "email"],
    "has_aid": False, "name": "Dana", "empty_text": "", "empty_list": [],
}
UNKNOWN = ["deadline"]

EVALUATE = [
    # presence
    ({"answered": "role"}, True),
    ({"answered": "missing"}, False),
    ({"answered": "empty_text"}, False),
    ({"answered": "empty_list"}, False),
    ({"answered": "has_aid"}, True),  # False is a real answer
    ({"answered": "deadline"}, False),  # "don't know" is not an answer
    ({"unanswered": "missing"}, True),
    ({"unanswered": "role"}, False),
    ({"unanswered": "deadline"}, True),
    ({"unknown": "deadline"}, True),
    ({"unknown": "role"}, False),
    # equality, shorthand and explicit
    ({"role": "manager"}, True),
    ({"role": "agent"}, False),
    ({"equals": {"role": "manager"}}, True),
    ({"has_aid": False}, True),
    ({"size": 12}, True),
    ({"size": 12.0}, True),  # numbers compare by value
    ({"not_equals": {"role": "agent"}}, True),
    ({"not_equals": {"role": "manager"}}, False),
    ({"not_equals": {"missing": "x"}}, False),  # unanswered: every test is false
    # membership
    ({"in": {"role": ["agent", "manager"]}}, True),
    ({"in": {"role": ["agent"]}}, False),
    ({"not_in": {"role": ["agent"]}}, True),
    ({"not_in": {"role": ["manager"]}}, False),
    ({"not_in": {"missing": ["x"]}}, False),
    ({"contains": {"tools": "crm"}}, True),
    ({"contains": {"tools": "erp"}}, False),
    ({"contains": {"role": "manager"}}, False),  # not a list
    # numeric
    ({"gte": {"size": 12}}, True),
    ({"gt": {"size": 12}}, False),
    ({"lte": {"cost": 2500.5}}, True),
    ({"lt": {"cost": 2500.5}}, False),
    ({"gt": {"name": 1}}, False),  # text never compares as a number
    ({"gt": {"has_aid": -1}}, False),  # a bool is not a number
    ({"lt": {"missing": 5}}, False),
    # logic
    ({"all": [{"role": "manager"}, {"gte": {"size": 10}}]}, True),
    ({"all": [{"role": "manager"}, {"gte": {"size": 20}}]}, False),
    ({"any": [{"role": "agent"}, {"gte": {"size": 10}}]}, True),
    ({"any": [{"role": "agent"}, {"unknown": "role"}]}, False),
    ({"not": {"role": "agent"}}, True),
    ({"not": {"answered": "missing"}}, True),
    ({"not": {"lt": {"missing": 5}}}, True),  # not(false on unanswered) holds
    ({"all": [{"any": [{"role": "x"}, {"not": {"unknown": "role"}}]}]}, True),
]


@pytest.mark.parametrize("raw, expected", EVALUATE, ids=[str(r) for r, _ in EVALUATE])
def test_evaluate(raw: dict[str, Any], expected: bool) -> None:
    assert parse(raw).evaluate(ANSWERS, UNKNOWN) is expected


STRICT = [
    ("flag", True, 1, False),
    ("flag", 1, True, False),
    ("n", 1, "1", False),
    ("n", "1", 1, False),
    ("flag", False, 0, False),
    ("n", 0, "", False),
    ("n", 1, 1.0, True),
    ("s", "Yes", "yes", False),  # case matters: stored values are exact
]


@pytest.mark.parametrize("qid, answer, expected, holds", STRICT,
                         ids=[f"{a!r} vs {e!r}" for _, a, e, _ in STRICT])
def test_equality_is_strict(qid: str, answer: Any, expected: Any, holds: bool) -> None:
    assert parse({qid: expected}).evaluate({qid: answer}) is holds
    assert parse({"in": {qid: [expected]}}).evaluate({qid: answer}) is holds


def test_shorthand_equals_explicit_equals() -> None:
    assert parse({"role": "manager"}) == parse({"equals": {"role": "manager"}})
    assert parse({"role": "manager"}).shorthand and not parse({"equals": {"role": "x"}}).shorthand


def test_refs_lists_every_question_read() -> None:
    cond = parse({"all": [{"role": "manager"}, {"any": [{"gte": {"size": 3}},
                                                        {"not": {"unknown": "deadline"}}]}]})
    assert cond.refs() == {"role", "size", "deadline"}
    assert parse({"answered": "x"}).refs() == {"x"}


PARSE_ERRORS = [
    ("not a mapping", ["role"], "a mapping with exactly one key", ()),
    ("two keys", {"a": 1, "b": 2}, "exactly one key", ()),
    ("empty all", {"all": []}, "'all' takes a non-empty list", ("all",)),
    ("any of a mapping", {"any": {"a": 1}}, "'any' takes a non-empty list", ("any",)),
    ("answered of a list", {"answered": ["a"]}, "'answered' takes a question id", ("answered",)),
    ("equals two questions", {"equals": {"a": 1, "b": 2}}, "one question and a value",
     ("equals",)),
    ("in of a scalar", {"in": {"a": "x"}}, "'in' needs a non-empty list", ("in", "a")),
    ("gte of text", {"gte": {"a": "ten"}}, "'gte' needs a number", ("gte", "a")),
    ("gte of a bool", {"gte": {"a": True}}, "'gte' needs a number", ("gte", "a")),
    ("equals a list", {"a": [1]}, "'equals' needs a single value", ("a",)),
    ("equals null", {"a": None}, "'equals' needs a single value", ("a",)),
    ("misspelt operator", {"not-in": {"a": [1]}}, "did you mean 'not_in'?", ("not-in",)),
    ("nested error keeps its path", {"all": [{"answered": "a"}, {"gt": {"b": "x"}}]},
     "'gt' needs a number", ("all", 1, "gt", "b")),
]


@pytest.mark.parametrize("raw, message, path", [c[1:] for c in PARSE_ERRORS],
                         ids=[c[0] for c in PARSE_ERRORS])
def test_parse_errors_name_the_problem_and_its_path(raw: Any, message: str,
                                                    path: tuple[Any, ...]) -> None:
    with pytest.raises(ConditionError, match=message) as info:
        parse(raw)
    assert info.value.path == path
    assert "\n" not in str(info.value)


def test_deeply_nested_condition_is_a_condition_error_not_a_recursion_error() -> None:
    raw: Any = {"answered": "a"}
    for _ in range(5000):
        raw = {"not": raw}
    with pytest.raises(ConditionError, match="nested too deeply"):
        parse(raw)


# ---------------------------------------------------------------------------------------
# check(): against the bank

def _q(qid: str, qtype: str, *choices: str, allow_unknown: bool = False) -> Question:
    return Question(id=qid, prompt="?", type=qtype, allow_unknown=allow_unknown,  # type: ignore[arg-type]
                    choices=[Choice(value=c) for c in choices] or None)


QUESTIONS = {q.id: q for q in [
    _q("role", "select", "manager", "agent"), _q("tools", "multi_select", "crm", "erp"),
    _q("size", "integer"), _q("name", "text"), _q("aid", "confirm"),
    _q("deadline", "date", allow_unknown=True), _q("later", "text"),
]}
EARLIER = set(QUESTIONS) - {"later"}

CHECK = [
    ({"rol": "manager"}, "unknown question 'rol'; did you mean 'role'?", ("rol",)),
    ({"answerd": "role"}, "did you mean the operator 'answered'?", ("answerd",)),
    ({"answered": "nope"}, "unknown question 'nope'", ("answered",)),
    ({"answered": "later"}, "'later', which is not asked before this one", ("answered",)),
    ({"role": "managr"}, "'managr' is not a choice of 'role'; did you mean 'manager'?",
     ("role",)),
    ({"in": {"role": ["agent", "boss"]}}, "'boss' is not a choice of 'role'", ("in", "role")),
    ({"gte": {"name": 3}}, "'gte' compares numbers, but 'name' is a text question",
     ("gte", "name")),
    ({"lt": {"role": 3}}, "'lt' compares numbers, but 'role' is a select question",
     ("lt", "role")),
    ({"contains": {"role": "agent"}}, "'contains' needs a multi_select question",
     ("contains", "role")),
    ({"contains": {"tools": "sap"}}, "'sap' is not a choice of 'tools'", ("contains", "tools")),
    ({"aid": "yes"}, "'aid' is a yes/no question: compare it with true or false", ("aid",)),
    ({"size": "ten"}, "'size' is a integer question: compare it with a number", ("size",)),
    ({"size": True}, "compare it with a number", ("size",)),
    ({"unknown": "role"}, "does not allow \"don't know\"", ("unknown",)),
    ({"all": [{"answered": "name"}, {"not": {"rol": "x"}}]}, "unknown question 'rol'",
     ("all", 1, "not", "rol")),
]


@pytest.mark.parametrize("raw, message, path", CHECK, ids=[str(c[0]) for c in CHECK])
def test_check_reports_bank_problems_with_their_path(raw: dict[str, Any], message: str,
                                                     path: tuple[Any, ...]) -> None:
    problems = check(parse(raw), QUESTIONS, EARLIER)
    assert len(problems) == 1
    assert message in str(problems[0])
    assert problems[0].path == path


@pytest.mark.parametrize("raw", [
    {"role": "manager"}, {"in": {"role": ["agent"]}}, {"contains": {"tools": "crm"}},
    {"gte": {"size": 3}}, {"aid": False}, {"unknown": "deadline"}, {"name": "Dana"},
    {"any": [{"answered": "name"}, {"not": {"unanswered": "size"}}]},
])
def test_check_accepts_well_formed_conditions(raw: dict[str, Any]) -> None:
    assert check(parse(raw), QUESTIONS, EARLIER) == []


def test_check_reports_every_problem_not_only_the_first() -> None:
    cond = parse({"all": [{"rol": "x"}, {"answered": "later"}, {"gte": {"name": 1}}]})
    assert len(check(cond, QUESTIONS, EARLIER)) == 3


def test_cond_is_hashable_and_frozen() -> None:
    cond = parse({"role": "manager"})
    assert isinstance(cond, Cond) and hash(cond) == hash(parse({"equals": {"role": "manager"}}))
    with pytest.raises(AttributeError):
        cond.op = "x"  # type: ignore[misc]


def test_condition_errors_stay_on_one_line_even_for_odd_ids() -> None:
    (problem,) = check(parse({"a\nb": 1}), QUESTIONS, EARLIER)
    assert str(problem) == "condition names unknown question 'a\\nb'"
    assert len(str(problem).splitlines()) == 1
