"""One more answer merged into signals already derived (signals.with_answer, with_unknown):
the same signals as deriving all the answers again, which an adaptive interview relies on
to try every possible answer quickly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from ldconsult.bank import banks
from ldconsult.bank.signals import (
    VOCABULARY,
    Signals,
    derive,
    first_wins,
    with_answer,
    with_unknown,
)
from ldconsult.interview import answers as answers_file

REPO = Path(__file__).resolve().parent.parent
FILES = sorted((REPO / "tests" / "calibration").glob("c*.answers.yaml"))
BANK = banks.resolve("performance-consulting")
QUESTIONS = BANK.bank.questions()


def _normal(sig: Signals) -> tuple[Any, ...]:
    """Signals with set values and evidence lists compared as sets (their order is the
    order answers came in)."""
    values = {k: frozenset(v) if isinstance(v, list) else v for k, v in sig.values.items()}
    evidence = {k: frozenset(v) for k, v in sig.evidence.items()}
    return values, evidence, {k: frozenset(v) for k, v in sig.unknown_from.items()}


def _cases() -> list[tuple[str, str]]:
    out = []
    for path in FILES:
        aset = answers_file.load(path, BANK.bank, today=dt.date(2026, 1, 1))
        out += [(path.stem.split(".")[0], q.id) for q in QUESTIONS if q.id in aset.answers]
    return out


@pytest.mark.parametrize("case, qid", _cases())
def test_an_answer_merged_last_gives_what_deriving_all_gives(case: str, qid: str) -> None:
    aset = answers_file.load(REPO / "tests" / "calibration" / f"{case}.answers.yaml",
                             BANK.bank, today=dt.date(2026, 1, 1))
    q = BANK.bank.question(qid)
    before = derive(QUESTIONS, {k: v for k, v in aset.answers.items() if k != qid},
                    aset.unknown)
    setters = {n: ev[0].question for n, ev in before.evidence.items() if ev and first_wins(n)}
    pos = {x.id: i for i, x in enumerate(QUESTIONS)}
    if any(pos[setters[n]] > pos[qid] for n in q.signal_names() if n in setters):
        pytest.skip("a later answer set one of its first-wins signals: the caller derives")
    merged = with_answer(before, q, aset.answers[qid])
    assert _normal(merged) == _normal(derive(QUESTIONS, aset.answers, aset.unknown))
    assert _normal(before) == _normal(derive(
        QUESTIONS, {k: v for k, v in aset.answers.items() if k != qid}, aset.unknown))


def test_an_answer_that_adds_nothing_gives_the_same_signals_back() -> None:
    q = BANK.bank.question("standard_known")
    sig = derive(QUESTIONS, {"standard_written": "unclear"})  # expectations: gap already
    assert with_answer(sig, q, "known") is sig  # "ok" never beats "gap"
    assert with_answer(sig, BANK.bank.question("request_in_their_words"), "x") is sig


def test_dont_know_lists_what_the_question_could_have_set_and_nothing_else() -> None:
    q = BANK.bank.question("feedback_timing")
    sig = derive(QUESTIONS, {"standard_written": "unclear"})
    got = with_unknown(sig, q)
    assert (got.values, got.evidence) == (sig.values, sig.evidence)
    assert got.unknown_from == {n: ["feedback_timing"] for n in q.signal_names()}
    assert sig.unknown_from == {}


@pytest.mark.parametrize("name", sorted(VOCABULARY))
def test_cells_and_sets_combine_every_answer_the_rest_take_the_first(name: str) -> None:
    assert first_wins(name) is (VOCABULARY[name][0] not in ("cell", "set"))
