"""Fuzzing the loaders: whatever the bytes, only our own one-line errors come out.

Banks (validate_file, load_file), intakes (intake.load) and answers files
(answers.load) get random bytes, random YAML trees (deep, huge strings, control
characters), and text in the wrong encoding.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ldconsult import intake
from ldconsult.bank import banks
from ldconsult.base.errors import LdError
from ldconsult.interview import answers

FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
MINI = banks.load_file(Path(__file__).parent / "fixtures" / "mini-bank.yaml").bank
_counter = itertools.count()

LOADERS: dict[str, Callable[[Path], Any]] = {
    "bank validate": banks.validate_file,
    "bank load": banks.load_file,
    "intake": intake.load,
    "answers": lambda p: answers.load(p, MINI),
}

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats()
           | st.text(max_size=30) | st.sampled_from([
               "\x00", "\x07bell", "\x1b[31mred", "\r\n", "\t", "\u2028", "\ufeff", "😀",
               "é" * 5000, "x" * 200000, "[red]", "{{ 7*7 }}", "!!python/object", "*a", "&a",
               "2026-13-45", "0x1F", "1e400", ".nan", "~", "null", "yes", "NO"]))
KEYS = st.sampled_from([
    "id", "title", "version", "sections", "questions", "prompt", "type", "choices", "value",
    "when", "signals", "provides", "default", "min", "max", "pattern", "thresholds", "all",
    "any", "not", "answered", "in", "gte", "bank", "answers", "unknown", "notes", "meta",
    "status", "history", "problem", "feedback_speed", "audience_size", "has_checklist",
    "schema_version", "created", "cursor", "meeting_date", "feedback", "select", "integer",
]) | st.text(max_size=8)
TREES = st.recursive(SCALARS, lambda kids: st.lists(kids, max_size=4)
                     | st.dictionaries(KEYS, kids, max_size=5), max_leaves=40)


def _path(tmp_path: Path, suffix: str = ".yaml") -> Path:
    return tmp_path / f"f{next(_counter)}{suffix}"


def _only_our_errors(load: Callable[[Path], Any], path: Path) -> None:
    try:
        load(path)
    except LdError as exc:
        text = str(exc)
        assert len(text.splitlines()) == 1, text
        assert text.startswith(str(path)), text
        for problem in getattr(exc, "problems", []):
            assert len(str(problem).splitlines()) == 1
    else:
        return


def _validate_problems_are_one_line(path: Path) -> None:
    try:
        problems = banks.validate_file(path)
    except LdError:
        return
    for p in problems:
        assert len(str(p).splitlines()) == 1 and str(p).startswith(str(path)), str(p)


@pytest.mark.parametrize("loader", list(LOADERS))
@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(tmp_path: Path, loader: str, data: bytes) -> None:
    path = _path(tmp_path)
    path.write_bytes(data)
    _only_our_errors(LOADERS[loader], path)


def _dump(tree: Any) -> str:
    try:
        return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, RecursionError):
        return repr(tree)


@pytest.mark.parametrize("loader", list(LOADERS))
@FUZZ
@given(tree=TREES, suffix=st.sampled_from([".yaml", ".json"]))
def test_random_yaml_and_json_trees(tmp_path: Path, loader: str, tree: Any, suffix: str) -> None:
    import json

    path = _path(tmp_path, suffix)
    if suffix == ".json":
        path.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8", errors="replace")
    else:
        path.write_text(_dump(tree), encoding="utf-8", errors="replace")
    _only_our_errors(LOADERS[loader], path)
    if loader == "bank validate":
        _validate_problems_are_one_line(path)


def _bank_like(draw: st.DrawFn) -> dict[str, Any]:
    """A bank that is mostly right, with random values in random places."""
    question = st.fixed_dictionaries(
        {"id": st.sampled_from(["problem", "feedback_speed", "size", "x y", "Problem"]),
         "prompt": st.sampled_from(["P", "", "\x1b]0;t\x07?"]),
         "type": st.sampled_from(["text", "select", "multi_select", "confirm", "integer",
                                  "money", "scale", "date", "number", "long_text", "nope"])},
        optional={"choices": st.lists(st.fixed_dictionaries(
                      {"value": SCALARS}, optional={"signals": st.dictionaries(KEYS, SCALARS | st.lists(SCALARS, max_size=2), max_size=2),
                                                    "label": SCALARS}), max_size=3),
                  "when": TREES, "default": TREES, "provides": KEYS,
                  "min": SCALARS, "max": SCALARS, "pattern": st.sampled_from(["(", "[a-", "^a$", "x"]),
                  "thresholds": st.lists(st.fixed_dictionaries(
                      {"signals": st.dictionaries(KEYS, SCALARS, max_size=2)},
                      optional={"gte": SCALARS, "lt": SCALARS}), max_size=2),
                  "signals_if_true": st.dictionaries(KEYS, SCALARS, max_size=2),
                  "required": SCALARS, "allow_unknown": SCALARS, "min_length": SCALARS})
    return {"id": draw(st.sampled_from(["mini", "Bad Id", ""])), "title": "T",
            "version": draw(SCALARS),
            "sections": [{"id": "s", "title": "S",
                          "questions": draw(st.lists(question, min_size=1, max_size=4))}]}


@FUZZ
@given(bank=st.composite(_bank_like)())
def test_nearly_valid_banks(tmp_path: Path, bank: dict[str, Any]) -> None:
    path = _path(tmp_path)
    path.write_text(_dump(bank), encoding="utf-8", errors="replace")
    _only_our_errors(banks.load_file, path)
    _validate_problems_are_one_line(path)


@pytest.mark.parametrize("loader", list(LOADERS))
@FUZZ
@given(text=st.text(max_size=300), encoding=st.sampled_from(["utf-16", "utf-16-le",
                                                              "utf-32", "latin-1", "cp1252"]))
def test_wrong_encodings(tmp_path: Path, loader: str, text: str, encoding: str) -> None:
    path = _path(tmp_path)
    path.write_bytes(("id: café\n" + text).encode(encoding, errors="replace"))
    _only_our_errors(LOADERS[loader], path)


@pytest.mark.parametrize("loader", list(LOADERS))
@pytest.mark.parametrize("doc", [
    "[" * 3000, "{" * 3000 + "}" * 3000, "- " * 3000 + "x", "a: " + "[" * 150 + "]" * 150,
    "x: " + "y" * 900_000, "\x00" * 10, "\ufeff\ufeff", "%YAML 1.1\n---\n", "--- |\n  \x85",
    "a: !!binary AAAA\n", "a: !!set {x}\n", "a: !!omap [{x: 1}]\n", "? [a]\n: b\n",
    "a: 1\na: 2\n", "bank: {id: x, version: 1}\nanswers: {problem: {a: [1]}}\n",
    "answers: {problem: x}\nunknown: {a: 1}\nnotes: [1]\nmeta: 3\n",
    "created: 99999-01-01\nbank: {id: x, version: '1'}\nanswers: {}\n",
])
def test_edge_documents(tmp_path: Path, loader: str, doc: str) -> None:
    path = _path(tmp_path)
    path.write_text(doc, encoding="utf-8")
    _only_our_errors(LOADERS[loader], path)
