"""Fuzzing `when` conditions: parse raises only ConditionError; evaluate and check never raise."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ldconsult.bank.conditions import (
    COMPARE_OPS,
    OPERATORS,
    Cond,
    ConditionError,
    check,
    parse,
)
from ldconsult.bank.model import Choice, Question

QIDS = ["role", "size", "tools", "aid", "name", "when_", "x"]
VALUES = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
          | st.sampled_from(QIDS + ["manager", "crm", "1", "true"]))
ANY_DATA = st.recursive(VALUES, lambda kids: st.lists(kids, max_size=3)
                        | st.dictionaries(st.sampled_from(list(OPERATORS) + QIDS) | st.text(max_size=5),
                                          kids, max_size=3), max_leaves=20)


def _well_formed() -> st.SearchStrategy[Any]:
    leaf = st.one_of(
        st.builds(lambda op, q: {op: q}, st.sampled_from(["answered", "unanswered", "unknown"]),
                  st.sampled_from(QIDS)),
        st.builds(lambda q, v: {q: v}, st.sampled_from(QIDS), VALUES.filter(lambda v: v is not None)),
        st.builds(lambda op, q, v: {op: {q: v}}, st.sampled_from(COMPARE_OPS),
                  st.sampled_from(QIDS), VALUES | st.lists(VALUES, min_size=1, max_size=3)),
    )
    return st.recursive(leaf, lambda kids: st.builds(lambda c: {"not": c}, kids)
                        | st.builds(lambda op, cs: {op: cs}, st.sampled_from(["all", "any"]),
                                    st.lists(kids, min_size=1, max_size=3)), max_leaves=10)


ANSWERS = st.dictionaries(st.sampled_from(QIDS), ANY_DATA, max_size=6)
UNKNOWN = st.lists(st.sampled_from(QIDS), max_size=3)
QUESTIONS = {q.id: q for q in [
    Question(id="role", prompt="?", type="select", choices=[Choice(value="manager")]),
    Question(id="tools", prompt="?", type="multi_select", choices=[Choice(value="crm")]),
    Question(id="size", prompt="?", type="integer"),
    Question(id="aid", prompt="?", type="confirm", allow_unknown=True),
    Question(id="name", prompt="?", type="text"),
]}


def _parse(raw: Any) -> Cond | None:
    try:
        return parse(raw)
    except ConditionError as exc:
        assert len(str(exc).splitlines()) == 1
        assert isinstance(exc.path, tuple)
        return None


@settings(max_examples=200, deadline=None)
@given(raw=ANY_DATA | _well_formed(), answers=ANSWERS, unknown=UNKNOWN)
def test_parse_evaluate_and_check_never_raise_anything_else(raw: Any, answers: dict[str, Any],
                                                            unknown: list[str]) -> None:
    cond = _parse(raw)
    if cond is None:
        return
    assert cond.evaluate(answers, unknown) in (True, False)
    assert cond.refs() <= set(QIDS) | {str(k) for k in _keys(raw)}
    for problem in check(cond, QUESTIONS, {"role", "tools", "size", "aid"}):
        assert isinstance(problem, ConditionError) and len(str(problem).splitlines()) == 1


@settings(max_examples=200, deadline=None)
@given(raw=_well_formed(), answers=ANSWERS, unknown=UNKNOWN)
def test_not_is_the_exact_negation(raw: Any, answers: dict[str, Any], unknown: list[str]) -> None:
    cond = _parse(raw)
    if cond is None:
        return
    negated = parse({"not": raw})
    assert negated.evaluate(answers, unknown) is (not cond.evaluate(answers, unknown))


@settings(max_examples=200, deadline=None)
@given(raw=_well_formed(), unknown=UNKNOWN)
def test_every_value_test_is_false_when_nothing_is_answered(raw: Any, unknown: list[str]) -> None:
    cond = _parse(raw)
    if cond is None or cond.op in ("not", "all", "any"):
        return
    expected = cond.op == "unanswered" or (cond.op == "unknown" and cond.question in unknown)
    assert cond.evaluate({}, unknown) is expected


def _keys(raw: Any) -> set[Any]:
    out: set[Any] = set()
    stack = [raw]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            out |= set(item)
            stack += list(item.values())
        elif isinstance(item, list):
            stack += item
        elif isinstance(item, str):
            out.add(item)
    return out
