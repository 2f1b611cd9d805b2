"""Hand-made recommendations for the renderer tests, one per verdict, plus sanity tests.

The renderers only read a Recommendation, so these fixtures let them be tested without
the engine. Other render tests import ``RECS``, ``fixture_intake`` and ``fixture_bank``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from ldconsult.bank import banks
from ldconsult.engine.recommendation import (
    GRID,
    VERDICT_LABELS,
    Cause,
    Checkpoint,
    Economics,
    Evidence,
    Flag,
    Intervention,
    Measurement,
    Missing,
    NextStep,
    Recommendation,
    Requested,
    Result,
)
from ldconsult.intake import BankRef, Intake, Meta, save
from ldconsult.interview import answers as answers_mod

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
STAMP = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)
BANK_PATH = HERE / "golden" / "fixtures" / "render-bank.yaml"
HOSTILE = "Ops [red]boss[/] | <b>x</b> `code` *em* _u_ [link](http://x) # 1. - + !"

LABELS = dict(GRID) | {"feedback": "Feedback", "manager_support": "Manager support"}


def ev(question: str, answer: str, meaning: str = "", prompt: str = "") -> Evidence:
    return Evidence(question=question, prompt=prompt, answer=answer, meaning=meaning)


def cause(cell: str, state: str, summary: str = "", *evidence: Evidence) -> Cause:
    row = "individual" if cell in ("knowledge_skill", "capacity", "motives") else "environment"
    return Cause(cell=cell, label=LABELS[cell], row=row, state=state,  # type: ignore[arg-type]
                 summary=summary, evidence=evidence)


def causes(**states: str) -> tuple[Cause, ...]:
    cells = [c for c, _ in GRID] + ["feedback", "manager_support"]
    return tuple(cause(c, states.get(c, "unknown"), f"{LABELS[c]} looks {states.get(c, 'unknown')}.")
                 for c in cells)


MEASURE = Measurement(
    kpi="Return rate of online orders", source="Returns dashboard (Ops analytics, Priya)",
    baseline="18% (2026-10-01)", target="12%", deadline="2027-03-31", metric_kind="business",
    leading_indicators=("Orders checked against the size guide", "Size-chart page views"),
    behaviours=("Agent confirms size with the customer before dispatch",),
    observers=("Team leads, weekly call sampling",),
    drivers=("Team leads coach on the size check",),
    checkpoints=(Checkpoint(day=30, date="2027-01-01", check="Leading indicators moving?"),
                 Checkpoint(day=60, date="2027-01-31", check="Behaviour seen in sampled calls?"),
                 Checkpoint(day=90, date="2027-03-02", check="Return rate against target")),
)

ECON = Economics(
    cost_of_problem_monthly=42000, audience_size=120, loaded_hourly_cost=45,
    requested_hours_per_person=16, requested_cost=86400, recommended_hours_per_person=1.5,
    recommended_cost=12100, requested_cost_per_person=720, recommended_cost_per_person=100.8,
    payback_months=0.3, roi_percent_first_year=4065,
    notes=("Benefit assumes half of the problem's cost is recovered.",),
)


def _training() -> Recommendation:
    return Recommendation(
        intake_title="Claims assessors miss fraud signals", requester="Maria Lopez (Claims)",
        meeting_date="2026-11-20", bank="render-fixture", verdict="training",
        headline="New assessors cannot yet spot fraud patterns; scenario practice closes the gap "
                 "faster than the requested slide course.",
        reframed_problem="Fraudulent claims paid rose from 2.1% to 3.4% among assessors in "
                         "their first year.",
        problem_as_stated="We need a fraud awareness course.",
        causes=causes(expectations="ok", resources="ok", incentives="ok", feedback="ok",
                      manager_support="ok", knowledge_skill="gap", capacity="ok", motives="ok"),
        interventions=(Intervention(
            id="scenario-practice", kind="training", title="Scenario practice on real cases",
            owner="L&D", effort="medium", lead=True,
            summary="Twelve branching cases built from exemplar assessors' reasoning.",
            duration="3 × 45-minute sessions over three weeks, then monthly drills",
            why=(ev("could_do", "no", "could_do_if_life_depended=no",
                    "Could they do it if their life depended on it?"),
                 ev("task_complexity", "Judgment calls", "task_complexity=judgment",
                    "Is it steps or judgment?"))),),
        flags=(Flag(code="format-mismatch", severity="medium",
                    message="A 2-hour course was asked for; judgment skills need spaced "
                            "practice instead."),),
        requested=Requested(solution="course", format_hours=2, as_stated="A fraud awareness course",
                            finding="A one-off course informs but does not build judgment.",
                            how_we_serve_the_goal="The same hours, spread as practice, serve "
                                                  "the goal better."),
        measurement=MEASURE, economics=ECON,
        risks=("Exemplars may be too busy to share cases.",),
        next_steps=(NextStep(action="Book two exemplar assessors for case interviews",
                             owner="L&D", due="2026-12-04"),),
    )


def _non_training() -> Recommendation:
    return Recommendation(
        intake_title="Returns rose after the new catalogue", requester="Dana (Ops)",
        meeting_date="2026-11-23", bank="render-fixture", verdict="non_training",
        headline="Returns are driven by an unclear size guide and a slow feedback loop, not by "
                 "a skill gap: fix the guide and the feedback first.",
        reframed_problem="Return rate rose from 12% to 18% since the new catalogue.",
        problem_as_stated="Agents need a two-day product course.",
        causes=causes(expectations="gap", feedback="gap", resources="gap", incentives="ok",
                      manager_support="ok", knowledge_skill="ok", capacity="ok",
                      motives="unknown"),
        interventions=(
            Intervention(id="job-aid", kind="non_training", title="Size-guide checklist in the "
                         "order tool", owner="L&D with the order-tool owner", effort="low",
                         lead=True, summary="A one-page check used at the moment of the order.",
                         why=(ev("reference_ok", "yes", "reference_allowed=yes",
                                 "Can a reference be open while doing the task?"),), cost=2500),
            Intervention(id="feedback-loop", kind="non_training", title="Weekly returns feedback "
                         "to each agent", owner="Team leads (referral)", referral=True,
                         effort="low", summary="Each agent sees their own returns weekly.",
                         why=(ev("feedback_speed", "Weeks later or never", "feedback=gap",
                                 "How soon do people learn whether they did it right?"),)),
        ),
        also_consider=(Intervention(
            id="comms-plan", kind="non_training", title="Communications plan",
            owner="Communications", referral=True, effort="low",
            summary="Tell agents what changed in the catalogue and where the guide lives."),),
        flags=(
            Flag(code="solution-first", severity="high",
                 message="The request named a course before the problem was described."),
            Flag(code="environment-cause", severity="high",
                 message="Training was requested, but the causes are in the environment."),
        ),
        requested=Requested(solution="course", format_hours=16,
                            as_stated="Two-day product course",
                            finding="The agents already know the products; the guide misleads "
                                    "them.",
                            how_we_serve_the_goal="A checklist and weekly feedback reach the "
                                                  "same goal in weeks, not months."),
        measurement=MEASURE, economics=ECON,
        risks=("The order tool's release window is monthly.",),
        next_steps=(NextStep(action="Draft the size-guide checklist with two exemplars",
                             owner="L&D", due="2026-12-01"),
                    NextStep(action="Agree the weekly returns report", owner="Ops analytics",
                             due="2026-12-08")),
    )


def _blended() -> Recommendation:
    rec = _non_training()
    return rec.model_copy(update={
        "verdict": "blended", "intake_title": "New CRM go-live",
        "headline": "The CRM screens hide the key field, and new hires have never done a "
                    "renewal: fix the screen, then run a short practice lab.",
        "causes": causes(expectations="ok", resources="gap", incentives="ok", feedback="ok",
                         manager_support="gap", knowledge_skill="gap", capacity="ok",
                         motives="ok"),
        "interventions": rec.interventions + (Intervention(
            id="practice-lab", kind="training", title="Renewal practice lab", owner="L&D",
            effort="medium", summary="Hands-on lab in the CRM sandbox.",
            duration="90 minutes, in groups of eight"),),
    })


def _more_info() -> Recommendation:
    return Recommendation(
        intake_title="Communication skills for engineers", requester="Head of Engineering",
        meeting_date="2026-11-23", bank="render-fixture", verdict="more_info",
        headline="We cannot yet say what problem a communication class would solve; two "
                 "facts are needed first.",
        problem_as_stated="Engineers need to communicate better.",
        causes=causes(),
        flags=(Flag(code="no-metric", severity="high",
                    message="No measure says what 'better' would look like."),
               Flag(code="no-baseline", severity="medium", message="No baseline."),
               Flag(code="missing-field-voice", severity="low",
                    message="No engineer or team lead was in the conversation.")),
        requested=Requested(solution="workshop", as_stated="A communication class"),
        measurement=Measurement(vanity_warning="Course satisfaction was proposed as the "
                                               "measure: it cannot show the problem is solved."),
        next_steps=(NextStep(action="Meet again with a team lead and a product manager",
                             owner="L&D", due="2026-12-07"),),
        missing=(Missing(item="Which hand-offs go wrong, and how often",
                         ask="Two team leads", why="names the performance gap"),
                 Missing(item="The metric and its baseline", ask="The requester",
                         why="so we can tell whether anything worked")),
    )


def _no_intervention() -> Recommendation:
    return Recommendation(
        intake_title="Font choice on slides", requester="Marketing",
        meeting_date="2026-11-23", bank="render-fixture", verdict="no_intervention",
        headline="This is a preference, not a performance problem: a note in the brand "
                 "guide is enough.",
        causes=causes(expectations="gap", resources="ok", incentives="ok", feedback="ok",
                      manager_support="ok", knowledge_skill="ok", capacity="ok", motives="ok"),
        flags=(Flag(code="low-stakes", severity="info",
                    message="The problem costs little; a heavy fix would cost more."),),
        next_steps=(NextStep(action="Add one line to the brand guide", owner="Marketing"),),
    )


def _followup() -> Recommendation:
    return _non_training().model_copy(update={"result": Result(
        status="on_track", latest=15.5, latest_date="2027-01-15", baseline=18, target=12,
        direction="lower", progress_percent=42.0, deadline="2027-03-31", days_left=75,
        trend=(18, 17.1, 15.5), readings=3, behaviours_seen="partly",
        message="Returns are falling at the rate needed to reach the target on time.",
        next_iteration=("Keep the checklist; sample five orders per agent next month.",),
        next_checkpoint="2027-01-31")})


def _hostile() -> Recommendation:
    rec = _non_training()
    return rec.model_copy(update={
        "intake_title": HOSTILE, "requester": HOSTILE, "headline": HOSTILE,
        "interventions": (rec.interventions[0].model_copy(update={
            "title": HOSTILE, "owner": HOSTILE, "summary": HOSTILE,
            "why": (ev("q", HOSTILE, "x", HOSTILE),)}),),
        "flags": (Flag(code="solution-first", severity="high", message=HOSTILE),),
        "next_steps": (NextStep(action=HOSTILE, owner=HOSTILE, due="2026-12-01"),),
        "missing": (Missing(item=HOSTILE, ask=HOSTILE, why=HOSTILE),),
        "risks": (HOSTILE,),
    })


RECS = {
    "training": _training(), "non_training": _non_training(), "blended": _blended(),
    "more_info": _more_info(), "no_intervention": _no_intervention(),
    "followup": _followup(), "hostile": _hostile(),
}


def fixture_bank() -> banks.LoadedBank:
    return banks.load_file(BANK_PATH)


def fixture_intake(**answers: object) -> Intake:
    loaded = fixture_bank()
    base: dict[str, object] = {
        "problem": "Returns rose from 12% to 18% since the new catalogue.\nMostly sizes.",
        "requested": "course", "format_hours": 16, "audience_size": 120,
        "feedback_speed": "weeks", "reference_ok": True, "cost_month": 42000,
        "deadline": "2027-03-31",
    }
    base.update(answers)
    return Intake.model_validate({
        "bank": {"id": loaded.bank.id, "version": loaded.bank.version, "sha256": loaded.sha256},
        "status": "complete", "created": "2026-11-23T10:00:00+00:00",
        "updated": "2026-11-23T10:30:00+00:00",
        "meta": {"title": "Returns rose after the new catalogue", "requester": "Dana (Ops)",
                 "interviewer": "Sam (L&D)", "meeting_date": "2026-11-23"},
        "answers": base, "unknown": ["exemplars"],
        "notes": {"feedback_speed": "Reports come monthly from the warehouse."},
    })


def intake_from_answers(answers_file: Path, bank_id: str = "performance-consulting") -> Intake:
    """An intake as the interview would save it from an answers file, with fixed times."""
    loaded = banks.resolve(bank_id)
    got = answers_mod.load(answers_file, loaded.bank)
    return Intake(bank=BankRef(id=loaded.bank.id, version=loaded.bank.version,
                               sha256=loaded.sha256),
                  status="complete", created=STAMP, updated=STAMP, meta=Meta(**got.meta),
                  answers=got.answers, unknown=got.unknown, notes=got.notes)


def save_example(path: Path, example: str = "crm-go-live", **meta: Any) -> Path:
    """An example intake (examples/answers/<example>.yaml) saved at ``path``, with the
    given ``meta`` fields (title, requester, ...) replaced."""
    intake = intake_from_answers(Path(__file__).resolve().parent.parent / "examples"
                                 / "answers" / f"{example}.yaml")
    if meta:
        intake = intake.model_copy(update={"meta": intake.meta.model_copy(update=meta)})
    save(intake, path, force=True)
    return path


@pytest.mark.parametrize("verdict", list(VERDICT_LABELS))
def test_every_verdict_has_a_fixture(verdict: str) -> None:
    assert RECS[verdict].verdict == verdict


def test_fixture_intake_matches_the_fixture_bank() -> None:
    loaded = fixture_bank()
    intake = fixture_intake()
    assert not intake.orphans({q.id for q in loaded.bank.questions()})


GOAL_CASES = [("2027-03-31", "12% by 2027-03-31"), (None, "12% (no deadline agreed yet)")]


def with_deadline(rec, deadline):
    """The recommendation with its measurement's deadline replaced."""
    return rec.model_copy(update={"measurement": rec.measurement.model_copy(
        update={"deadline": deadline})})
