"""Validation problems in our own words.

pydantic's messages ("Input should be a valid boolean") change between its releases, and
they speak of "input" where our users think of keys and values. Each common error type
gets one sentence here, shared by banks, intakes and answers files; anything rarer falls
back to pydantic's text.
"""

from __future__ import annotations

from typing import Any


def kind_of(value: Any) -> str:
    """A short, user-facing description of a YAML value."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    return f"{value!r}"[:40]


def _expected(what: str) -> Any:
    return lambda err: f"expected {what}; got {kind_of(err.get('input'))}"


def _one_of(err: dict[str, Any]) -> str:
    expected = str((err.get("ctx") or {}).get("expected", ""))
    return f"expected {expected}; got {kind_of(err.get('input'))}" if expected \
        else f"not an allowed value: {kind_of(err.get('input'))}"


_BY_TYPE: dict[str, Any] = {
    "missing": lambda err: "required key is missing",
    "string_type": _expected("text"),
    "bool_type": _expected("true or false"),
    "bool_parsing": _expected("true or false"),
    "int_type": _expected("a whole number"),
    "int_parsing": _expected("a whole number"),
    "int_from_float": _expected("a whole number"),
    "float_type": _expected("a number"),
    "float_parsing": _expected("a number"),
    "finite_number": _expected("a finite number"),
    "list_type": _expected("a list (one '- ' item per entry)"),
    "dict_type": _expected("a mapping (key: value)"),
    "value_error": lambda err: str((err.get("ctx") or {}).get("error") or err.get("msg")),
    "literal_error": _one_of,
    "enum": _one_of,
}


def plain_message(err: dict[str, Any]) -> str:
    """One pydantic error (from ``ValidationError.errors()``) as a sentence of ours."""
    render = _BY_TYPE.get(str(err.get("type")))
    return render(err) if render else str(err.get("msg", "invalid value"))
