"""Fuzzing values.coerce and signals.derive: any raw answer gives a value or a ValueError."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ldconsult.bank import banks, signals
from ldconsult.bank.model import Choice, Question
from ldconsult.bank.values import CASTERS, coerce, display

RAW = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.dates() | st.datetimes() | st.sampled_from(["40k", "$1,2,3", "1e308k", "--5", "1.5bn",
                                                      " y ", "2026-02-29", "é,é", ",", "\x00", "a\nb", "x\u2028y",
                                                      "long " * 50]),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=3), kids, max_size=2),
    max_leaves=8)
CHOICES = [Choice(value="a", label="Alpha"), Choice(value="b"), Choice(value="1")]
MINI = banks.load_file(Path(__file__).parent / "fixtures" / "mini-bank.yaml").bank


def _question(qtype: str, required: bool, bounds: tuple[Any, Any]) -> Question:
    kw: dict[str, Any] = {"min": bounds[0], "max": bounds[1]} if qtype != "text" else {
        "min_length": 1, "max_length": 5, "pattern": "^[a-z]"}
    if qtype in ("select", "multi_select"):
        kw["choices"] = CHOICES
    return Question(id="q", prompt="?", type=qtype, required=required, **kw)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(qtype=st.sampled_from(sorted(CASTERS)), required=st.booleans(),
       bounds=st.sampled_from([(None, None), (1, 3), (0, 10), (-5, 5)]), raw=RAW)
def test_coerce_returns_a_storable_value_or_raises_value_error(qtype: str, required: bool,
                                                               bounds: tuple[Any, Any],
                                                               raw: Any) -> None:
    q = _question(qtype, required, bounds)
    try:
        value = coerce(q, raw)
    except ValueError as exc:
        assert str(exc) and len(str(exc).splitlines()) == 1 and len(str(exc)) < 300
        return
    assert value is None or isinstance(value, (bool, int, float, str, list))
    if value is not None:
        assert coerce(q, value) == value  # a stored value is accepted again as is
        assert isinstance(display(q, value), str)
        if isinstance(value, str):
            value.encode("utf-8")
    if isinstance(value, (dt.date, dt.datetime)):
        raise AssertionError("dates are stored as ISO text")


ANSWER = st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8) \
    | st.lists(st.sampled_from(["same_day", "weeks", "x"]), max_size=3) \
    | st.sampled_from(["same_day", "weeks"])


@settings(max_examples=200, deadline=None)
@given(answers=st.dictionaries(st.sampled_from([q.id for q in MINI.questions()] + ["gone"]),
                               ANSWER, max_size=5),
       unknown=st.lists(st.sampled_from([q.id for q in MINI.questions()]), max_size=2))
def test_derive_never_raises_and_only_sets_vocabulary_signals(answers: dict[str, Any],
                                                              unknown: list[str]) -> None:
    result = signals.derive(MINI.questions(), answers, unknown)
    assert set(result.values) <= set(signals.VOCABULARY)
    for name, evidence in result.evidence.items():
        assert name in result.values and evidence
