"""The plan's fingerprint (engine.outcome): what an adaptive interview compares.

It must say exactly what the full recommendation says (the verdict, the lead, the plan's
first three rows, each fix with those that travel with it, the warnings of medium or high severity, the checkpoint dates), for every
calibration case and example; and how much two plans differ, in the order that matters
to a stakeholder. It runs the engine without words, so it is also checked to leave the
signals it is given as they were.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ldconsult.bank import banks
from ldconsult.bank.signals import Signals, derive
from ldconsult.engine import anchor_date, build
from ldconsult.engine.outcome import (
    CHECKS,
    DETAIL,
    ESTIMATE,
    FIXES,
    LEAD,
    SAME,
    SIZE,
    VERDICT,
    Outcome,
    outcome,
    size_bucket,
)
from ldconsult.interview import answers as answers_file

REPO = Path(__file__).resolve().parent.parent
FILES = sorted((REPO / "tests" / "calibration").glob("c*.answers.yaml")) + sorted(
    (REPO / "examples" / "answers").glob("*.yaml"))
BANK = banks.resolve("performance-consulting")
TODAY = dt.date(2026, 1, 15)


def _case(path: Path) -> tuple[Signals, dt.date]:
    aset = answers_file.load(path, BANK.bank, today=TODAY)
    anchor = anchor_date(aset.meta.get("meeting_date"), TODAY)
    return derive(BANK.bank.questions(), aset.answers, aset.unknown), anchor


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem.split(".")[0])
def test_the_fingerprint_is_what_the_full_recommendation_says(path: Path) -> None:
    sig, anchor = _case(path)
    got = outcome(sig, anchor)
    rec = build(_case(path)[0], bank=BANK.bank, anchor_date=anchor)
    lead = next((i.id for i in rec.interventions if i.lead), None)
    rows = tuple((i.id, tuple(b.id for b in rec.interventions if b.bundle_of == i.id))
                 for i in rec.interventions if i.bundle_of is None)[:3]
    assert (got.verdict, got.lead, got.fixes) == (rec.verdict, lead, rows)
    assert got.flags == tuple(f.code for f in rec.flags if f.severity in ("medium", "high"))
    assert got.checks == tuple(c.date for c in rec.measurement.checkpoints)


@pytest.mark.parametrize("path", FILES[:3], ids=lambda p: p.stem.split(".")[0])
def test_the_fingerprint_leaves_the_signals_as_they_were(path: Path) -> None:
    sig, anchor = _case(path)
    values, evidence = dict(sig.values), {k: list(v) for k, v in sig.evidence.items()}
    outcome(sig, anchor)
    assert (sig.values, sig.evidence) == (values, evidence)


BASE = Outcome("training", "job_aid", 1, (("job_aid", ()), ("a", ()), ("b", ())),
               ("solution-first",), ("2027-01-31",), ((), ()))


@pytest.mark.parametrize("change, level", [
    ({}, SAME),
    ({"detail": (("x",), ())}, DETAIL),
    ({"estimate": ("cost_of_problem",)}, ESTIMATE),
    ({"estimate": ("cost_of_problem",), "checks": ("2027-02-28",)}, CHECKS),
    ({"checks": ("2027-02-28",)}, CHECKS),
    ({"flags": ()}, FIXES),
    ({"fixes": (("job_aid", ()), ("b", ()), ("a", ()))}, FIXES),
    ({"fixes": (("job_aid", ("c",)), ("a", ()), ("b", ()))}, FIXES),
    ({"size": 2}, SIZE),
    ({"lead": "scenario_practice"}, LEAD),
    ({"verdict": "blended", "lead": "x", "size": None}, VERDICT),
], ids=["same", "detail", "estimate", "checks over estimate", "checks", "flags", "fixes", "companion", "size", "lead", "verdict"])
def test_a_change_counts_at_the_highest_level_it_reaches(change: dict, level: int) -> None:
    from dataclasses import replace

    assert BASE.change(replace(BASE, **change)) == level


@pytest.mark.parametrize("hours, bucket", [(0.25, 0), (0.5, 0), (0.75, 1), (1.0, 1), (3.0, 3),
                                           (8.0, 4), (40.0, 7)])
def test_training_hours_fall_in_doubling_buckets(hours: float, bucket: int) -> None:
    assert size_bucket(hours) == bucket


def _plan_with(path: Path, **answers: object) -> Outcome:
    aset = answers_file.load(path, BANK.bank, today=TODAY)
    anchor = anchor_date(aset.meta.get("meeting_date"), TODAY)
    return outcome(derive(BANK.bank.questions(), {**aset.answers, **answers},
                          set(aset.unknown) - set(answers)), anchor)


C15 = REPO / "tests" / "calibration" / "c15.answers.yaml"  # training, both costs unknown


@pytest.mark.parametrize("answers, estimate", [
    ({}, ("loaded_hourly_cost", "cost_of_problem")),
    ({"monthly_cost": 20000}, ("loaded_hourly_cost",)),
    ({"monthly_cost": 20000, "loaded_hourly_cost": 60}, ()),
], ids=["both unknown", "the hourly cost unknown", "both known"])
def test_a_plan_that_acts_lists_the_estimate_inputs_it_lacks(answers, estimate) -> None:
    assert _plan_with(C15, **answers).estimate == estimate


def test_a_plan_that_builds_nothing_wants_no_estimate() -> None:
    plan = _plan_with(C15, monthly_cost=100, loaded_hourly_cost=60)
    assert (plan.verdict, plan.estimate) == ("no_intervention", ())


def test_neither_cost_alone_decides_that_the_plan_is_dearer_than_the_problem() -> None:
    """Only both together can: the adaptive interview asks for them as the estimate's inputs,
    which each answer changes, since no single answer changes the verdict."""
    verdicts = [_plan_with(C15, **a).verdict for a in (
        {"monthly_cost": 100}, {"loaded_hourly_cost": 60},
        {"monthly_cost": 100, "loaded_hourly_cost": 60})]
    assert verdicts == ["training", "training", "no_intervention"]
