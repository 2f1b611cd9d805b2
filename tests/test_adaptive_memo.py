"""Outcomes kept by signal state (interview.memo): reused for another set of "don't
know" answers only where the engine did not look, recomputed where it did."""

from __future__ import annotations

import datetime as dt

import pytest

from ldconsult.bank.signals import Signals
from ldconsult.engine.outcome import Outcome
from ldconsult.interview import memo as memo_mod
from ldconsult.interview.memo import Memo, signal_key

RUNS: list[str] = []


def looks_at_stakes(sig: Signals, anchor: dt.date) -> Outcome:
    """A stand-in engine that reads one "don't know" entry, as the real one reads the
    stakes'."""
    RUNS.append("run")
    verdict = "more_info" if "worth_solving" in sig.unknown_from else "training"
    return Outcome(verdict, None, None, (), (), (), ())


@pytest.mark.parametrize("unknown, runs", [
    ({"feedback": ["q1"]}, 1),  # an entry the engine never looked up: the same outcome
    ({"worth_solving": ["q2"]}, 2),  # one it looked up: worked out again
], ids=["not looked at", "looked at"])
def test_dont_know_answers_reuse_an_outcome_only_where_the_engine_did_not_look(
        monkeypatch, unknown, runs):
    monkeypatch.setattr(memo_mod, "outcome", looks_at_stakes)
    RUNS.clear()
    memo, sig = Memo(dt.date(2026, 1, 1)), Signals({"feedback": "gap"})
    key = (signal_key(sig), None)
    first = memo.outcome(key, sig)
    again = memo.outcome(key, Signals(sig.values, sig.evidence, unknown))
    assert len(RUNS) == runs
    assert (again.verdict == first.verdict) is (runs == 1)
