"""The declarative ``when`` mini-language for questions and sections.

A condition is YAML data, never code. Each mapping has exactly one key:

=====================  ===============================================================
``{answered: q}``      q has a real answer (not skipped, not "don't know")
``{unanswered: q}``    q has no real answer (skipped, hidden, or not reached)
``{unknown: q}``       q was answered "don't know yet"
``{q: v}``             shorthand for ``{equals: {q: v}}``
``{equals: {q: v}}``   q's answer is exactly v
``{not_equals: ...}``  q is answered and is not v
``{in: {q: [a, b]}}``  q's answer is one of the list
``{not_in: ...}``      q is answered and is none of the list
``{contains: {q: v}}`` multi-select q includes v
``{gte|gt|lte|lt: {q: n}}``  numeric comparison (numbers, money, scale, integers)
``{all: [c, ...]}``    every condition holds
``{any: [c, ...]}``    at least one holds
``{not: c}``           c does not hold
=====================  ===============================================================

A test on a question with no real answer is false (except ``unanswered``/``unknown``).
At bank load, :func:`check` verifies that each referenced question exists and comes
earlier, that values are among its choices, and that the operator suits its type.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

PRESENCE_OPS = ("answered", "unanswered", "unknown")
COMPARE_OPS = ("equals", "not_equals", "in", "not_in", "contains", "gte", "gt", "lte", "lt")
LOGIC_OPS = ("all", "any", "not")
OPERATORS = PRESENCE_OPS + COMPARE_OPS + LOGIC_OPS
MAX_PATH = 100  # key-path length inside one condition (about 50 levels of all/any/not)
NUMERIC_TYPES = frozenset({"number", "integer", "money", "scale"})
CHOICE_TYPES = frozenset({"select", "multi_select"})

_NUMERIC: dict[str, Callable[[float, float], bool]] = {
    "gte": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "lte": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
}


_LINE_BREAKS = re.compile("[\n\r\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


class ConditionError(ValueError):
    """A malformed condition. ``path`` is the key path inside the condition."""

    def __init__(self, message: str, path: tuple[Any, ...] = ()) -> None:
        # One line, always: a question id from a file may hold a line break.
        super().__init__(_LINE_BREAKS.sub(lambda m: repr(m.group())[1:-1], message))
        self.path = path


@dataclass(frozen=True)
class Cond:
    op: str
    question: str | None = None
    value: Any = None
    children: tuple[Cond, ...] = ()
    # Written as {q: v} rather than {equals: {q: v}}: only changes where problems point.
    shorthand: bool = field(default=False, compare=False)

    def evaluate(self, answers: Mapping[str, Any], unknown: Iterable[str] = ()) -> bool:
        op = self.op
        if op == "all":
            return all(c.evaluate(answers, unknown) for c in self.children)
        if op == "any":
            return any(c.evaluate(answers, unknown) for c in self.children)
        if op == "not":
            return not self.children[0].evaluate(answers, unknown)
        q = self.question or ""
        if op == "unknown":
            return q in unknown
        has = _has_answer(answers, q)
        if op == "answered":
            return has
        if op == "unanswered":
            return not has
        if not has:
            return False
        return _compare(op, answers[q], self.value)

    def refs(self) -> set[str]:
        """Every question id this condition reads."""
        out = {self.question} if self.question else set()
        for child in self.children:
            out |= child.refs()
        return out


def _has_answer(answers: Mapping[str, Any], q: str) -> bool:
    value = answers.get(q)
    return value is not None and value != "" and value != []


def _compare(op: str, actual: Any, expected: Any) -> bool:
    if op == "equals":
        return _same(actual, expected)
    if op == "not_equals":
        return not _same(actual, expected)
    if op == "in":
        return any(_same(actual, e) for e in expected)
    if op == "not_in":
        return not any(_same(actual, e) for e in expected)
    if op == "contains":
        return isinstance(actual, list) and any(_same(a, expected) for a in actual)
    if isinstance(actual, bool) or not isinstance(actual, (int, float)):
        return False
    return _NUMERIC[op](actual, expected)


def _same(a: Any, b: Any) -> bool:
    # Strict: True is not 1, "1" is not 1 (no JavaScript-style loose equality).
    return type(a) is type(b) and a == b or (
        isinstance(a, (int, float)) and isinstance(b, (int, float))
        and not isinstance(a, bool) and not isinstance(b, bool) and a == b)


def parse(raw: Any, path: tuple[Any, ...] = ()) -> Cond:
    """Turn condition data into a :class:`Cond`, or raise :class:`ConditionError`."""
    if len(path) > MAX_PATH:  # a hand-written condition is never this deep; recursion is
        raise ConditionError("conditions are nested too deeply", path)
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ConditionError("a condition is a mapping with exactly one key, e.g. "
                             "{answered: q} or {q: value}", path)
    (key, arg), = raw.items()
    key = str(key)
    here = path + (key,)
    if key in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            raise ConditionError(f"'{key}' takes a non-empty list of conditions", here)
        return Cond(key, children=tuple(parse(c, here + (i,)) for i, c in enumerate(arg)))
    if key == "not":
        return Cond("not", children=(parse(arg, here),))
    if key in PRESENCE_OPS:
        if not isinstance(arg, str) or not arg:
            raise ConditionError(f"'{key}' takes a question id, e.g. {{{key}: my_question}}",
                                 here)
        return Cond(key, question=arg)
    if key in COMPARE_OPS:
        if not isinstance(arg, dict) or len(arg) != 1:
            raise ConditionError(f"'{key}' takes one question and a value, e.g. "
                                 f"{{{key}: {{my_question: value}}}}", here)
        (q, value), = arg.items()
        _check_operand(key, value, here + (str(q),))
        return Cond(key, question=str(q), value=value)
    # Shorthand {question: value}; close misspellings of operators get a hint. A key that
    # can be a question id is one, so only the others are compared (a bank has dozens of
    # shorthands, all parsed before the interview's first question).
    if not key.isidentifier():
        import difflib

        near = difflib.get_close_matches(key, OPERATORS, n=1, cutoff=0.8)
        if near:
            raise ConditionError(f"unknown operator '{key}'; did you mean '{near[0]}'?", here)
    _check_operand("equals", arg, here)
    return Cond("equals", question=key, value=arg, shorthand=True)


def _check_operand(op: str, value: Any, path: tuple[Any, ...]) -> None:
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"'{op}' needs a non-empty list of values", path)
    elif op in _NUMERIC:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConditionError(f"'{op}' needs a number, got {value!r}", path)
    elif isinstance(value, (dict, list)) or value is None:
        raise ConditionError(f"'{op}' needs a single value, got {value!r}", path)


def check(cond: Cond, questions: Mapping[str, Any], earlier: set[str],
          path: tuple[Any, ...] = ()) -> list[ConditionError]:
    """Problems with a parsed condition against the bank.

    ``questions`` maps id → question model (with ``type`` and ``choices``); ``earlier``
    holds the ids that come before the condition's owner.
    """
    problems: list[ConditionError] = []
    for i, child in enumerate(cond.children):
        sub = path + (cond.op,) + ((i,) if cond.op != "not" else ())
        problems += check(child, questions, earlier, sub)
    if cond.question is None:
        return problems
    q = cond.question
    if cond.shorthand:
        here = path + (q,)
    else:
        here = path + (cond.op, q) if cond.op not in PRESENCE_OPS else path + (cond.op,)
    if q not in questions:
        hint = _did_you_mean(q, questions)
        if not hint and cond.shorthand:  # {answerd: q} reads as a question named 'answerd'
            hint = _did_you_mean(q, OPERATORS).replace("did you mean", "did you mean the "
                                                       "operator")
        problems.append(ConditionError(f"condition names unknown question '{q}'{hint}", here))
        return problems
    if q not in earlier:
        problems.append(ConditionError(
            f"condition names question '{q}', which is not asked before this one", here))
    model = questions[q]
    problems += _check_types(cond, model, here)
    return problems


def _check_types(cond: Cond, model: Any, path: tuple[Any, ...]) -> list[ConditionError]:
    qtype = model.type
    if cond.op in PRESENCE_OPS:
        if cond.op == "unknown" and not getattr(model, "allow_unknown", False):
            return [ConditionError(f"'{cond.question}' does not allow \"don't know\", so "
                                   "{unknown: ...} can never hold", path)]
        return []
    if cond.op in _NUMERIC:
        if qtype not in NUMERIC_TYPES:
            return [ConditionError(f"'{cond.op}' compares numbers, but '{cond.question}' is "
                                   f"a {qtype} question", path)]
        return []
    if cond.op == "contains" and qtype != "multi_select":
        return [ConditionError(f"'contains' needs a multi_select question; '{cond.question}' "
                               f"is {qtype}", path)]
    values = cond.value if cond.op in ("in", "not_in") else [cond.value]
    if qtype in CHOICE_TYPES:
        allowed = [c.value for c in model.choices or []]
        return [ConditionError(f"'{v}' is not a choice of '{cond.question}'"
                               f"{_did_you_mean(str(v), allowed)}", path)
                for v in values if v not in allowed]
    if qtype == "confirm":
        return [ConditionError(f"'{cond.question}' is a yes/no question: compare it with "
                               f"true or false, not {v!r}", path)
                for v in values if not isinstance(v, bool)]
    if qtype in NUMERIC_TYPES:
        return [ConditionError(f"'{cond.question}' is a {qtype} question: compare it with a "
                               f"number, not {v!r}", path)
                for v in values if isinstance(v, bool) or not isinstance(v, (int, float))]
    return []


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    import difflib

    near = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{near[0]}'?" if near else ""
