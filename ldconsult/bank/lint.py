"""What is wrong with a bank, each problem with where it is (file:line:col and key path).

Two kinds: what the pydantic models rejected, said in plain words with a did-you-mean
(``pydantic_problems``), and what a schema cannot see (``lint``): duplicate ids,
conditions that name unknown or later questions, defaults outside the choices, and
signals outside the vocabulary. Loading calls both (:mod:`ldconsult.bank.banks`).
"""

from __future__ import annotations

import difflib
from collections import Counter
from typing import Any

from pydantic import BaseModel, ValidationError

from ldconsult.bank import conditions, patterns
from ldconsult.bank import signals as sig
from ldconsult.bank.model import (
    Bank,
    Choice,
    Question,
    QuestionType,
    Section,
    Threshold,
)
from ldconsult.base.errors import Problem
from ldconsult.base.plainerrors import kind_of, plain_message
from ldconsult.base.yamlio import locate


def pydantic_problems(exc: ValidationError, raw: Any, marks: dict, name: str) -> list[Problem]:
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        where = locate(marks, loc)
        out.append(Problem(f"{_breadcrumb(loc, raw)}: {_pydantic_message(err, loc)}",
                           name, **where))
    return sorted(out, key=lambda p: (p.line or 0, p.column or 0))


def _pydantic_message(err: dict[str, Any], loc: tuple[Any, ...]) -> str:
    if err["type"] == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(loc)
        near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{near[0]}'?" if near else f" (allowed: {', '.join(allowed)})"
        return f"unknown key '{key}'{hint}"
    if err["type"] == "literal_error" and loc and loc[-1] == "type":
        got = err.get("input")
        near = difflib.get_close_matches(str(got), list(QuestionType.__args__), n=1, cutoff=0.5)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        return f"unknown question type '{got}'{hint} (types: {', '.join(QuestionType.__args__)})"
    if err["type"] == "model_type":
        name = str((err.get("ctx") or {}).get("class_name", ""))
        example = _EXAMPLES.get(name, "key: value")
        return f"expected a mapping, e.g. {example}; got {kind_of(err.get('input'))}"
    if err["type"] == "string_pattern_mismatch":
        return f"'{err.get('input')}' is not a valid id ({'snake_case' if 'a-z0-9_' in str(err.get('ctx')) else 'kebab-case'})"
    return plain_message(err)


_EXAMPLES = {"Choice": "{value: weeks, label: Weeks later}",
             "Question": "{id: my_question, prompt: ..., type: text}",
             "Section": "{id: my_section, title: ..., questions: [...]}",
             "Threshold": "{gte: 10, signals: {worth_solving: 'yes'}}"}


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = Bank
    walk = [p for p in loc[:-1] if not isinstance(p, int)]
    nested = {"sections": Section, "questions": Question, "choices": Choice,
              "thresholds": Threshold}
    for part in walk:
        model = nested.get(str(part), model)
    return list(model.model_fields)


def _breadcrumb(loc: tuple[Any, ...], raw: Any) -> str:
    """A readable key path, naming sections and questions by id: sections[problem].questions[kpi].type"""
    parts: list[str] = []
    node = raw
    for p in loc:
        if isinstance(p, int) and isinstance(node, list) and parts:
            # A list index: name the item by its id (or a choice by its value).
            item = node[p] if p < len(node) and isinstance(node[p], dict) else {}
            ident = item.get("id", item.get("value"))
            parts[-1] += f"[{ident}]" if ident is not None else f"[{p}]"
        else:  # a key, including a non-text key such as 0 in a mapping
            parts.append(str(p))
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts) or "bank"


def lint(bank: Bank, marks: dict | None = None, name: str | None = None) -> list[Problem]:
    """What the schema cannot see. ``marks`` locates each problem in the file."""
    marks = marks or {}
    problems: list[Problem] = []

    def add(msg: str, loc: tuple[Any, ...]) -> None:
        problems.append(Problem(msg, name, **locate(marks, loc)))

    seen: dict[str, tuple[Any, ...]] = {}
    by_id = {q.id: q for q in bank.questions()}
    section_ids: set[str] = set()
    earlier: set[str] = set()
    for si, section in enumerate(bank.sections):
        sloc = ("sections", si)
        if section.id in section_ids:
            add(f"duplicate section id '{section.id}'", sloc + ("id",))
        section_ids.add(section.id)
        # ``earlier`` is only read by the checks: no copy per condition (quadratic).
        if section.when is not None:
            _lint_condition(section.when, by_id, earlier, sloc + ("when",), add)
        for qi, q in enumerate(section.questions):
            qloc = sloc + ("questions", qi)
            if q.id in seen:
                add(f"duplicate question id '{q.id}' (first used at line "
                    f"{locate(marks, seen[q.id]).get('line', '?')})", qloc + ("id",))
            else:
                seen[q.id] = qloc + ("id",)
            if q.when is not None:
                _lint_condition(q.when, by_id, earlier, qloc + ("when",), add)
            if q.always:
                _lint_always(q, section, by_id, qloc, add)
            _lint_question(q, qloc, add)
            earlier.add(q.id)
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _lint_condition(raw: dict[str, Any], by_id: dict[str, Question], earlier: set[str],
                    loc: tuple[Any, ...], add: Any) -> None:
    try:
        cond = conditions.parse(raw)
    except conditions.ConditionError as exc:
        add(f"when: {exc}", loc + exc.path)
        return
    for err in conditions.check(cond, by_id, earlier):
        add(f"when: {err}", loc + err.path)


def _lint_always(q: Question, section: Section, by_id: dict[str, Question],
                 loc: tuple[Any, ...], add: Any) -> None:
    """A basic is asked before anything else: a condition on it may read only other
    basics, or it would depend on a question an adaptive interview may never ask."""
    for where, raw in (("when", q.when), ("section when", section.when)):
        if raw is None:
            continue
        try:
            refs = conditions.parse(raw).refs()
        except conditions.ConditionError:
            continue  # reported by _lint_condition
        for ref in sorted(r for r in refs if r in by_id and not by_id[r].always):
            add(f"question '{q.id}' is always asked, but its {where} reads '{ref}', which "
                f"is not: mark '{ref}' always: true too, or drop the condition",
                loc + ("always",))


def _lint_question(q: Question, loc: tuple[Any, ...], add: Any) -> None:
    has_choices = q.type in ("select", "multi_select")
    if has_choices and not q.choices:
        add(f"question '{q.id}' is a {q.type} and needs choices", loc + ("type",))
    if not has_choices and q.choices:
        add(f"question '{q.id}' is a {q.type}: choices apply only to select and "
            "multi_select", loc + ("choices",))
    values = q.choice_values
    counts = Counter(values)  # linear: list.count per choice took 21 s for 20,000 choices
    for dup in [v for v, n in counts.items() if n > 1]:
        add(f"question '{q.id}' has the choice value '{dup}' twice", loc + ("choices",))
    _lint_default(q, values, loc, add)
    if q.type != "confirm" and (q.signals_if_true or q.signals_if_false):
        add(f"signals_if_true/false apply only to confirm questions; '{q.id}' is {q.type}",
            loc + ("signals_if_true" if q.signals_if_true else "signals_if_false",))
    if q.thresholds and q.type not in conditions.NUMERIC_TYPES:
        add(f"thresholds apply only to numeric questions; '{q.id}' is {q.type}",
            loc + ("thresholds",))
    if q.pattern is not None:
        for why in patterns.problems(q.pattern):
            add(why, loc + ("pattern",))
    if q.min is not None and q.max is not None and q.min > q.max:
        add(f"min ({q.min:g}) is greater than max ({q.max:g})", loc + ("min",))
    if q.provides is not None:
        _lint_provides(q, loc, add)
    if q.tense is not None and q.type != "date":
        add(f"tense applies only to date questions; '{q.id}' is {q.type}", loc + ("tense",))
    for ci, c in enumerate(q.choices or []):
        _lint_signals(c.signals, loc + ("choices", ci, "signals"), add)
    _lint_signals(q.signals_if_true, loc + ("signals_if_true",), add)
    _lint_signals(q.signals_if_false, loc + ("signals_if_false",), add)
    for ti, t in enumerate(q.thresholds):
        _lint_signals(t.signals, loc + ("thresholds", ti, "signals"), add)


def _lint_default(q: Question, values: list[str], loc: tuple[Any, ...], add: Any) -> None:
    if q.default is None:
        return
    defaults = q.default if isinstance(q.default, list) else [q.default]
    if q.type in ("select", "multi_select"):
        known = set(values)
        for d in defaults:
            if str(d) not in known:
                near = difflib.get_close_matches(str(d), values, n=1, cutoff=0.6)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                add(f"default '{d}' is not one of the choices of '{q.id}'{hint}",
                    loc + ("default",))
        return
    if q.type == "confirm" and not isinstance(q.default, bool):
        add(f"default of '{q.id}' should be true or false (unquoted), not {q.default!r}",
            loc + ("default",))
        return
    from ldconsult.bank.values import coerce

    try:
        coerce(q, q.default)
    except ValueError as exc:
        add(f"default of '{q.id}' is invalid: {exc}", loc + ("default",))


def _lint_provides(q: Question, loc: tuple[Any, ...], add: Any) -> None:
    name = q.provides or ""
    entry = sig.VOCABULARY.get(name)
    if entry is None:
        near = difflib.get_close_matches(name, list(sig.VOCABULARY), n=1, cutoff=0.6)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        add(f"provides names unknown signal '{name}'{hint}", loc + ("provides",))
        return
    kind, allowed, _ = entry
    if not isinstance(allowed, str):
        add(f"signal '{name}' takes fixed values ({', '.join(allowed)}); set it from "
            "choices' signals instead of 'provides'", loc + ("provides",))
    elif q.type not in sig.TEXT_KINDS[allowed]:
        add(f"signal '{name}' is {allowed}; a {q.type} question cannot provide it",
            loc + ("provides",))


def _lint_signals(mapping: dict[str, Any], loc: tuple[Any, ...], add: Any) -> None:
    for name, value in mapping.items():
        why = sig.check_signal(name, value)
        if why:
            add(why, loc + (name,))
