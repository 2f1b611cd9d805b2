"""Judgment that generalizes (docs/method.md, sections 3-5): one situation per test, stated
in words that hold in any industry, fed as signals. Each case names the one reason it
tests; the expectations come from the method (Gilbert, Mager & Pipe, Harless), not from a
calibration case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from test_engine_scenarios import ENV_OK, FRAMED, signals

from ldconsult.engine import build
from ldconsult.engine.recommendation import Intervention, Recommendation

MEETING = dt.date(2026, 11, 2)  # FRAMED's deadline 2027-03-31 is 21 weeks away
CAN = {**ENV_OK, "could_do_if_life_depended": "yes"}
CANNOT = {**ENV_OK, "could_do_if_life_depended": "no", "did_it_before": "no"}
COSTED = {"audience_size": 40, "loaded_hourly_cost": 50}


def run(**given: Any) -> Recommendation:
    return build(signals(**{**FRAMED, **given}), anchor_date=MEETING)


def item(rec: Recommendation, fix: str) -> Intervention | None:
    return next((i for i in rec.interventions if i.id == fix), None)


@dataclass
class Case:
    name: str
    given: dict[str, Any]
    verdict: str | None = None
    lead: str | None = None
    has: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()
    bundled: dict[str, str] = field(default_factory=dict)  # partner -> the fix it travels with
    flags: tuple[str, ...] = ()
    no_flags: tuple[str, ...] = ()


CASES = [
    # --- The evidence decides the lead --------------------------------------------------
    Case("people never hear of their errors, which are found later → feedback leads, "
         "ahead of error-proofing",
         {**CAN, "feedback": "gap", "feedback_issues": ["absent"], "resources": "gap",
          "resource_issues": ["no_check"], "shortfall": "errors"},
         lead="faster_feedback", has=("error_proofing",)),
    Case("a habit the best performers have spreads only once people see their results: "
         "feedback first",
         {**CAN, "exemplars_exist": "yes", "exemplar_method": "habit",
          "exemplar_transferable": "yes", "task_frequency": "daily", "feedback": "gap",
          "feedback_issues": ["absent"]},
         lead="faster_feedback", has=("spread_exemplar_method",)),
    Case("some do it well under the same targets and the rest cannot → training leads, the "
         "shared target weighs half",
         {**CANNOT, "skill_kind": "judgment", "exemplars_exist": "yes", "incentives": "gap",
          "incentive_issues": ["wrong_rewarded", "conflicting_goals"]},
         verdict="blended", lead="scenario_practice", has=("change_consequences",)),
    Case("a rare, critical task partly done from memory → drills lead, the job aid follows",
         {**ENV_OK, "could_do_if_life_depended": "no", "did_it_before": "yes",
          "task_frequency": "rare", "task_criticality": "high", "reference_allowed": "partly"},
         verdict="training", lead="drills_rare_critical", has=("job_aid",)),
    Case("a training verdict is led by its training, whatever the job aid weighs",
         {**CANNOT, "task_frequency": "daily", "task_complexity": "steps",
          "reference_allowed": "yes", "change_driver": "new_system"},
         verdict="training", lead="hands_on_practice"),
    Case("a mandate that removes no cause is met, but the fix for the cause leads",
         {**CAN, "mandate": "yes", "resources": "gap", "resource_issues": ["tool"],
          "main_cause": "tool"},
         lead="tool_fix", has=("mandated_minimum",)),
    Case("some do better with other tools or under another rule → fix the work; not 'nobody "
         "does it well'",
         {**CAN, "exemplars_exist": "elsewhere", "resources": "gap", "resource_issues": ["tool"]},
         verdict="non_training", lead="tool_fix", no_flags=("no-exemplar",)),
    Case("money given away is a shortfall of its own, moved by tighter controls",
         {**CAN, "shortfall": "cost", "resources": "gap", "resource_issues": ["lax_controls"]},
         lead="tighten_controls"),
    # --- Shortcuts run after the grid ---------------------------------------------------
    Case("nothing measurable but the requester has not chosen a measure → find out first",
         {**CAN, "metric": None, "metric_kind": "not_chosen"}, verdict="more_info"),
    Case("one person who lacks the capacity for the task is a gap to fix, not a lapse",
         {**CAN, "spread": "individual", "capacity": "gap"},
         verdict="non_training", has=("reassignment_selection",), no_flags=("low-stakes",)),
    # --- Stakes -------------------------------------------------------------------------
    Case("a rate already better than comparable groups, not critical → build nothing",
         {**CAN, "feedback": "gap", "feedback_issues": ["slow"], "vs_peers": "better",
          "task_criticality": "medium"},
         verdict="no_intervention", flags=("low-stakes",)),
    Case("a rate better than peers but critical → still worth fixing",
         {**CAN, "feedback": "gap", "feedback_issues": ["slow"], "vs_peers": "better",
          "task_criticality": "high"},
         verdict="non_training", no_flags=("low-stakes",)),
    Case("a year of a non-critical problem costs less than the whole plan → build nothing",
         {**CANNOT, **COSTED, "skill_kind": "judgment", "scope": "all_new",
          "cost_of_problem": 100, "task_criticality": "medium"},
         verdict="no_intervention", flags=("low-stakes",)),
    # --- Consequences -------------------------------------------------------------------
    Case("doing it right brings nothing and the shortcut costs nothing → incentive-conflict",
         {**CAN, "incentives": "gap", "incentive_issues": ["no_reward", "no_consequence"]},
         lead="change_consequences", flags=("incentive-conflict",)),
    Case("errors met with blame → change the consequences, not a course",
         {**CAN, "incentives": "gap", "incentive_issues": ["blamed"],
          "requested_solution": "course"},
         verdict="non_training", lead="change_consequences"),
    # --- Timing: when a fix can land ----------------------------------------------------
    Case("error-proofing that lands after the deadline: a second check leads now, the "
         "error-proofing stays as the lasting fix",
         {**CAN, "resources": "gap", "resource_issues": ["no_check"], "tool_change": "half",
          "main_cause": "no_check", "deadline": "2027-01-31"},
         lead="double_check", has=("error_proofing",)),
    Case("error-proofing that acts in time leads, and the second check travels with it",
         {**CAN, "resources": "gap", "resource_issues": ["no_check"], "tool_change": "fast",
          "main_cause": "no_check"},
         lead="error_proofing", bundled={"double_check": "error_proofing"}),
    Case("a pay change at the next plan year stays, with managers' backing until then",
         {**CAN, "incentives": "gap", "incentive_issues": ["wrong_rewarded"],
          "incentive_change": "slow", "main_cause": "incentives"},
         has=("change_consequences",), bundled={"manager_support": "change_consequences"}),
    # --- What travels together ------------------------------------------------------------
    Case("a reconciled rule comes with the decision aid that carries it",
         {**CAN, "expectations": "gap", "policies_conflict": "yes", "reference_allowed": "yes"},
         lead="reconcile_policies",
         bundled={"communications_plan": "reconcile_policies", "job_aid": "reconcile_policies"}),
    Case("the best performers' method is captured first, then the training is built on it",
         {**CANNOT, "skill_kind": "judgment", "exemplars_exist": "yes"},
         bundled={"capture_exemplar_practice": "scenario_practice"}),
    Case("managers follow up on what was trained when nobody said they do",
         {**CANNOT, "skill_kind": "judgment", "manager_support": "unknown"},
         bundled={"manager_support": "scenario_practice"}),
    # --- Preconditions and format ----------------------------------------------------------
    Case("training that needs equipment people lack → the equipment is a precondition",
         {**CANNOT, "skill_kind": "hands_on", "resources": "gap",
          "resource_issues": ["equipment"]},
         has=("supply_equipment",), flags=("environment-precondition",)),
    Case("a hands-on skill asked for as a video → format-mismatch",
         {**CANNOT, "skill_kind": "hands_on", "requested_solution": "video",
          "requested_format_hours": 1},
         flags=("format-mismatch",)),
    Case("a form a rule requires is delivered as required, never argued down",
         {**CANNOT, "skill_kind": "judgment", "requested_solution": "elearning",
          "requested_format_hours": 8, "format_demand": ["gated", "length"],
          "format_demand_basis": "mandated", "mandate": "yes"},
         no_flags=("format-mismatch",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_judgment(case: Case) -> None:
    rec = run(**case.given)
    ids = [i.id for i in rec.interventions]
    if case.verdict:
        assert rec.verdict == case.verdict, rec.headline
    if case.lead:
        assert rec.lead is not None and rec.lead.id == case.lead, (ids, rec.lead_reason)
    assert set(case.has) <= set(ids), ids
    assert not set(case.lacks) & set(ids), ids
    for partner, host in case.bundled.items():
        found = item(rec, partner)
        assert found is not None and found.bundle_of == host, ids
    assert set(case.flags) <= set(rec.flag_codes()), rec.flag_codes()
    assert not set(case.no_flags) & set(rec.flag_codes()), rec.flag_codes()


def test_a_precondition_is_due_by_the_time_people_practise() -> None:
    rec = run(**{**CANNOT, "skill_kind": "hands_on", "resources": "gap",
                 "resource_issues": ["equipment"]})
    equipment, training = item(rec, "supply_equipment"), item(rec, "supervised_signoff") or \
        next(i for i in rec.interventions if i.kind == "training")
    assert equipment is not None and equipment.ready_by is not None
    assert training.start is not None and equipment.ready_by <= training.start


def test_the_training_waits_for_the_best_performers_method_it_is_built_on() -> None:
    rec = run(**CANNOT, skill_kind="judgment", exemplars_exist="yes")
    training = item(rec, "scenario_practice")
    capture = item(rec, "capture_exemplar_practice")
    assert training is not None and capture is not None
    assert "capture_exemplar_practice" in training.after
    assert capture.start is not None and training.start is not None
    assert capture.start < training.start


def test_a_mandate_says_what_the_rule_requires_and_how_the_plan_meets_it() -> None:
    rec = run(**CANNOT, skill_kind="judgment", mandate="yes",
              mandate_requires=["records", "refresher"], mandate_deadline="2027-03-01",
              mandate_refresh="yearly", mandate_terms="Annual training for everyone who signs")
    m = rec.mandate
    assert m is not None and m.by == "2027-03-01" and m.refresh == "every year"
    assert m.terms == "Annual training for everyone who signs"
    assert "a record for each person" in m.proof and m.met_by == "scenario_practice"
    assert "2027-03-01" in m.how and "every year" in m.how


def test_without_a_mandate_there_is_no_mandate_section() -> None:
    assert run(**CANNOT, skill_kind="judgment").mandate is None


def test_the_score_keeps_its_parts_and_effort_only_breaks_ties() -> None:
    rec = run(**{**CAN, "feedback": "gap", "feedback_issues": ["slow"]})
    for i in rec.interventions:
        s = i.score
        assert s is not None
        assert s.total == pytest.approx(s.evidence + s.metric + s.timing + s.leverage)
