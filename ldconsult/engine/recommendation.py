"""The Recommendation contract: frozen models that the engine builds once and every
renderer (Rich summary, Markdown memo, JSON, review) only reads.

JSON field names here are a public contract (DESIGN.md, "Recommendation"). Change them
only on purpose, with a note in README and CHANGELOG, and bump SCHEMA_VERSION.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 2

Verdict = Literal["training", "non_training", "blended", "more_info", "no_intervention"]
CellState = Literal["gap", "ok", "unknown"]
Severity = Literal["high", "medium", "low", "info"]
Status = Literal["no_data", "no_change_yet", "on_track", "off_track", "target_reached"]

VERDICT_LABELS: dict[str, str] = {
    "training": "Training",
    "non_training": "Non-training fix",
    "blended": "Blended: environment fixes plus training",
    "more_info": "Find out more first",
    "no_intervention": "No intervention / clarify",
}

# Short words for tables (review); JSON and CSV keep the ids.
VERDICT_WORDS: dict[str, str] = {
    "training": "Training",
    "non_training": "Non-training fix",
    "blended": "Blended",
    "more_info": "Find out more",
    "no_intervention": "No intervention",
}
STATUS_WORDS: dict[str, str] = {"no_data": "no data yet", "no_change_yet": "no change yet",
                                "on_track": "on track", "off_track": "off track",
                                "target_reached": "target reached"}


def whole_percent(percent: float) -> int:
    """A percentage as a whole number, halves away from zero (42.5 → 43, -42.5 → -43).

    The one rounding for progress: the JSON ``progress_percent``, the status message, the
    follow-up panel, the summary and the memo all go through it, so they never disagree
    (Python's ``round`` and ``%.0f`` round halves to even: 42.5 → 42). The first
    ``round`` drops float noise (0.285 * 100 is 28.499999…).
    """
    exact = round(percent, 6)
    return int(math.copysign(math.floor(abs(exact) + 0.5), exact))


def progress_words(percent: float | None) -> str:
    """``Result.progress_percent`` as every screen and the memo show it."""
    if percent is None:
        return ""
    shown = whole_percent(percent)
    if shown < 0:
        return f"{shown}% (moved away from the target)"
    return f"{shown}% of the way from the baseline to the target"

# Gilbert's Behavior Engineering Model: environment row, then individual row.
GRID: tuple[tuple[str, str], ...] = (
    ("expectations", "Information"), ("resources", "Instruments"), ("incentives", "Incentives"),
    ("knowledge_skill", "Knowledge"), ("capacity", "Capacity"), ("motives", "Motives"),
)
ENVIRONMENT_CELLS = ("expectations", "feedback", "resources", "incentives", "manager_support")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    question: str = Field(description="Question id")
    prompt: str = Field("", description="The question as asked (short)")
    answer: str = Field(description="The answer as the user gave it")
    meaning: str = Field("", description="What the answer means, e.g. feedback=gap")


class Cause(_Frozen):
    cell: str = Field(description="Signal name of the cause cell, e.g. feedback")
    label: str
    row: Literal["environment", "individual"]
    state: CellState
    summary: str = Field(description="One sentence: what the answers show")
    evidence: tuple[Evidence, ...] = ()


class Score(_Frozen):
    """Why a fix weighs what it does (docs/method.md, "Weighing")."""

    evidence: float = Field(0, description="How many answers point to its cause, and how "
                            "they are known (data or observation count more)")
    metric: float = Field(0, description="Does it remove the main cause, and act on this "
                          "kind of shortfall")
    timing: float = Field(0, description="Can it act before the deadline or go-live")
    effort: float = Field(0, description="Low 0, medium -0.5, high -1")
    leverage: float = Field(0, description="Exemplars ready to copy, day-one need, mandate, "
                            "a check that stops escapes, the requester able to act")
    total: float = 0
    reasons: tuple[str, ...] = ()


class Intervention(_Frozen):
    id: str
    kind: Literal["training", "non_training"]
    title: str
    owner: str = Field(description="Who does it: L&D, or a referral (system owner, managers…)")
    referral: bool = False
    effort: Literal["low", "medium", "high"]
    lead: bool = Field(False, description="The intervention to start with")
    summary: str = Field(description="Memo text: what it is and why it fits")
    duration: str | None = Field(None, description="For training: suggested length and form")
    why: tuple[Evidence, ...] = ()
    cost: float | None = Field(None, description="Rough cost when the intake gives the inputs")
    hours: float | None = Field(None, description="Learner hours per person (training, demos)")
    learners: float | None = Field(None, description="How many people take it")
    start: str | None = Field(None, description="When it starts (None: at a later reset)")
    track: Literal["training", "environment"] | None = Field(
        None, description="With training and environment fixes both needed now, the track "
        "it runs on (the two run at the same time)")
    after: tuple[str, ...] = Field((), description="Ids of fixes that must land first")
    bundle_of: str | None = Field(None, description="The fix it travels with")
    ready_by: str | None = Field(None, description="A precondition of the training (equipment, "
                                 "cover, a signal, a safeguard): the date it must be in place, "
                                 "before people practise or go live")
    score: Score | None = None


class Flag(_Frozen):
    code: str
    severity: Severity
    message: str
    evidence: tuple[Evidence, ...] = ()


class Checkpoint(_Frozen):
    day: int
    date: str | None = None
    check: str
    kind: Literal["leading", "first", "mid", "target", "review", "early", "mandate", "facts",
                  "decide", ""] = Field(
        "", description="leading (the leading indicators, before the first report), first "
        "(once the change can act), mid, target (the comparison with the target), review "
        "(no deadline: the end of the reading window; a no-build: the day to look again), "
        "early (an early target the answers set), mandate (the date a requirement must be "
        "met), facts and decide (a find-out-first plan: the facts are in; the fix is chosen)")
    why: str = Field("", description="Why it falls on that date")


class Measurement(_Frozen):
    kpi: str | None = None
    source: str | None = None
    baseline: str | None = None
    target: str | None = None
    deadline: str | None = None
    metric_kind: str = "unknown"
    shortfall: str = Field("unknown", description="errors, speed, volume, incidents or experience")
    cadence: str = Field("unknown", description="How often the measure is reported")
    secondary: tuple[str, ...] = Field((), description="Other measures named with the KPI")
    vanity_warning: str | None = None
    leading_indicators: tuple[str, ...] = ()
    behaviours: tuple[str, ...] = ()
    observers: tuple[str, ...] = ()
    drivers: tuple[str, ...] = ()
    checkpoints: tuple[Checkpoint, ...] = ()


class Economics(_Frozen):
    currency_note: str = "Amounts are in the intake's currency; rough, for comparison only."
    cost_of_problem_monthly: float | None = None
    audience_size: float | None = None
    loaded_hourly_cost: float | None = None
    requested_hours_per_person: float | None = None
    requested_cost: float | None = None
    recommended_hours_per_person: float | None = None
    recommended_cost: float | None = None
    requested_cost_per_person: float | None = None
    recommended_cost_per_person: float | None = None
    learner_hours_requested: float | None = Field(None, description="Hours per person x people")
    learner_hours_recommended: float | None = None
    learners: float | None = Field(None, description="People the training is for (those "
                                   "who already do it well excluded)")
    owner_days_low: float | None = Field(None, description="Owners' effort for the "
                                         "non-training fixes, person-days (an assumption)")
    owner_days_high: float | None = None
    owner_cost: float | None = None
    build_days: float | None = Field(None, description="L&D's days to build the plan")
    build_cost: float | None = None
    backfill_cost: float | None = Field(None, description="Covering shifts while people learn")
    fees_cost: float | None = Field(None, description="A set course's fees (per person x "
                                    "learners)")
    equipment_cost: float | None = Field(None, description="The equipment or tool change, as "
                                         "priced in the intake")
    total_cost: float | None = Field(None, description="Learners' time, backfill, building, "
                                     "owners' effort, fees and equipment")
    payback_months: float | None = None
    roi_percent_first_year: float | None = None
    notes: tuple[str, ...] = ()


class Requested(_Frozen):
    solution: str | None = None
    format_hours: float | None = None
    as_stated: str | None = None
    finding: str = ""
    how_we_serve_the_goal: str = ""


class NextStep(_Frozen):
    action: str
    owner: str
    due: str | None = None


class Missing(_Frozen):
    item: str
    ask: str = Field(description="Whom to ask")
    why: str = ""
    code: str = Field("", description="Stable id of what is missing")
    method: str = Field("", description="data, observe, compare, exemplar or interview")
    how: str = Field("", description="A concrete way to find it out")


class Result(_Frozen):
    """Follow-up status against baseline and target (filled when the intake has readings)."""

    status: Status = "no_data"
    latest: float | None = None
    latest_date: str | None = None
    baseline: float | None = None
    target: float | None = None
    direction: Literal["lower", "higher"] | None = Field(
        None, description="Which way is better: a target below the baseline means lower")
    progress_percent: float | None = Field(
        None, description="Share of the baseline-to-target gap closed by the latest reading, "
        "in whole percent (see whole_percent)")
    deadline: str | None = None
    days_left: int | None = Field(None, description="Days from today to the deadline "
                                  "(negative once it has passed)")
    trend: tuple[float, ...] = Field((), description="Metric readings in date order")
    readings: int = Field(0, description="How many readings the intake's history holds")
    behaviours_seen: Literal["yes", "partly", "no"] | None = Field(
        None, description="The latest answer to 'are the behaviours seen on the job?'")
    message: str = ""
    next_iteration: tuple[str, ...] = ()
    next_checkpoint: str | None = Field(None, description="Date of the next follow-up")


class Mandate(_Frozen):
    """What a law, regulator, licence or contract requires, in its own terms, and how the
    plan meets it."""
    who: str = Field("", description="Who must be trained")
    proof: tuple[str, ...] = Field((), description="What must be shown: records, a test, a "
                                   "sign-off, a refresher cycle, a number of hours")
    by: str | None = Field(None, description="The date it must be met")
    refresh: str | None = Field(None, description="How often it must be repeated")
    terms: str | None = Field(None, description="What the rule says, as the requester put it")
    met_by: str | None = Field(None, description="The id of the plan item that meets it")
    how: str = Field("", description="How the plan meets it, in one sentence")


class Recommendation(_Frozen):
    schema_version: int = SCHEMA_VERSION
    intake_title: str = ""
    requester: str = ""
    meeting_date: str | None = None
    bank: str = ""
    verdict: Verdict
    headline: str
    lead_reason: str = Field("", description="One line: why the lead intervention leads")
    reframed_problem: str = ""
    problem_as_stated: str | None = None
    causes: tuple[Cause, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    also_consider: tuple[Intervention, ...] = Field(
        (), description="Other fixes that fit but stay out of the focused plan")
    flags: tuple[Flag, ...] = ()
    requested: Requested = Requested()
    measurement: Measurement = Measurement()
    economics: Economics = Economics()
    risks: tuple[str, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    missing: tuple[Missing, ...] = ()
    mandate: Mandate | None = Field(None, description="What the rule requires and how the "
                                    "plan meets it, when training is mandated")
    result: Result | None = None

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    @property
    def lead(self) -> Intervention | None:
        """The intervention to start with: the one marked lead, else the first; None when
        the plan has none."""
        return next((i for i in self.interventions if i.lead),
                    self.interventions[0] if self.interventions else None)

    def cause(self, cell: str) -> Cause | None:
        return next((c for c in self.causes if c.cell == cell), None)

    def flag_codes(self) -> list[str]:
        return [f.code for f in self.flags]
