"""Flags: warnings with stable codes. Texts live in ldconsult/data/flags.yaml; each rule
below says when its flag is raised and fills the text's placeholders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ldconsult.bank.signals import Evidence
from ldconsult.engine.catalogue import flag_texts
from ldconsult.engine.diagnosis import ENVIRONMENT, Diagnosis
from ldconsult.engine.measure import measures
from ldconsult.engine.select import Chosen
from ldconsult.engine.sizing import Size
from ldconsult.engine.steps import preconditions, ready_by
from ldconsult.engine.timeline import Timeline
from ldconsult.engine.words import and_list

TRAINING_FORMATS = frozenset({"course", "elearning", "workshop", "video", "coaching"})
CELL_WORDS = {"expectations": "unclear expectations", "feedback": "feedback",
              "resources": "tools, process, signals or checks", "incentives": "consequences",
              "manager_support": "manager support"}
LATE_WEEKS = 3  # under three weeks to the go-live or deadline is late


@dataclass(frozen=True)
class Context:
    d: Diagnosis
    verdict: str
    chosen: list[Chosen]
    tl: Timeline
    size: Size | None = None  # the size of the plan's training, when it is sized to the task

    def sig(self, name: str, default: Any = "unknown") -> Any:
        return self.d.signals.get(name, default)

    def ev(self, *names: str) -> list[Evidence]:
        return self.d.signals.why(*names)

    @property
    def training_requested(self) -> bool:
        return self.sig("requested_solution") in TRAINING_FORMATS

    @property
    def training(self) -> list[Chosen]:
        return [c for c in self.chosen if c.entry.kind == "training"]

    @property
    def lead(self) -> Chosen | None:
        return next((c for c in self.chosen if c.lead), None)


Raised = tuple[dict[str, Any], list[Evidence]] | None
WHY_FIRST = {
    "more_info": "before the problem and its causes were known",
    "no_intervention": "but the stakes do not justify building it",
    "non_training": "but the causes are ones training cannot fix",
    "training": "before the need was diagnosed; the plan keeps what fits and changes the rest",
    "blended": "before the need was diagnosed; training is only part of the answer",
}


def solution_first(c: Context) -> Raised:
    if not c.training_requested:
        return None
    return {"requested": c.sig("requested_solution"), "why": WHY_FIRST[c.verdict]}, c.ev(
        "requested_solution", "requested_format_hours")


def _mismatches(c: Context) -> list[str]:
    """How the requested form fails what there is to learn."""
    out: list[str] = []
    hours = c.sig("requested_format_hours", None)
    size = c.size
    demands = c.sig("format_demand", []) or []
    mandated = c.sig("format_demand_basis") == "mandated"
    if isinstance(hours, (int, float)) and hours > 0:
        learning = [x for x in c.chosen if x.entry.cell == "knowledge_skill"]
        fit = size.high if size else max(sum(x.entry.hours for x in learning), 0.5)
        if hours >= 2 * fit and hours - fit >= 1:
            out.append(f"{hours:g} h a person is far more than the task needs")
        elif size is not None and hours < 0.5 * size.low:
            out.append(f"{hours:g} h a person is far too short to build the skill")
    if c.d.route in ("supervised", "hands_on", "sandbox") and (
            c.sig("requested_solution") in ("video", "elearning") or "video" in demands):
        out.append("a hands-on skill cannot be built or proven by a video, a webinar or a "
                   "module")
    if size is not None and size.reach and c.tl.launch_ahead and "live" in demands:
        out.append("classroom sessions this close to the go-live cannot reach everyone in "
                   "time")
    if "gated" in demands and not mandated:
        out.append("a locked click-through adds time, not learning (keep records and a pass "
                   "mark if required; drop the locks)")
    if "sequence" in demands and not mandated:
        out.append("starting with background delays what people need to do")
    if "simulation" in demands and c.sig("task_frequency") in ("daily", "weekly") and \
            c.sig("scope") in ("one_change", "unknown"):
        out.append("a practice copy adds nothing for people who use the real system every day")
    return out


def format_mismatch(c: Context) -> Raised:
    """Only where there is something to learn: when nobody lacks skill, the request is
    wrong in kind (environment-cause), not in form. A named, accredited course, or a form a
    rule requires, is delivered as required: never argued down."""
    if c.d.route in ("none", "unknown") and not c.training:
        return None
    if "accredited" in (c.sig("format_demand", []) or []) or \
            c.sig("format_demand_basis") == "mandated":
        return None
    if not (c.training_requested or c.sig("format_demand", [])):
        return None
    problems = _mismatches(c)
    if not problems:
        return None
    learning = c.training + [x for x in c.chosen if x.entry.cell == "knowledge_skill"]
    fit = (c.size.shape if c.size is not None else None) or next(
        (x.entry.duration for x in learning if x.entry.duration),
        "no training time at all, only the fixes in the plan")
    fit = fit[0].lower() + fit[1:].rstrip(".")
    return {"problem": "; ".join(problems), "fit": fit}, c.ev(
        "requested_format_hours", "format_demand", "format_demand_basis", "skill_kind", "scope",
        "task_frequency", "reference_allowed")


def no_metric(c: Context) -> Raised:
    return None if c.d.signals.has("metric") else ({}, c.ev("metric_kind"))


def vanity_metric(c: Context) -> Raised:
    _kpi, _second, vanity = measures(c.d.signals)
    if c.sig("metric_kind") != "vanity" and not vanity:
        return None
    return {"metric": "; ".join(vanity) or c.sig("metric", "the metric")}, c.ev("metric_kind", "metric")


def no_baseline(c: Context) -> Raised:
    """No starting point to show a change against: also when no measure is named yet (the
    reading has to be taken before launch either way)."""
    if c.d.signals.has("baseline"):
        return None
    metric = c.sig("metric") if c.d.signals.has("metric") else "the measure, once chosen"
    return {"metric": metric}, c.ev("metric", "metric_kind")


def no_deadline(c: Context) -> Raised:
    if c.d.signals.has("deadline"):
        return None
    standing = c.d.signals.has("metric") and (c.sig("shortfall") == "incidents"
                                              or c.sig("metric_cadence") == "event")
    return None if standing else ({}, c.ev("metric"))


def late_involvement(c: Context) -> Raised:
    why = _late(c)
    return None if why is None else ({"lead_time": why}, c.ev("lead_time", "involved_late",
                                                              "go_live", "deadline"))


def _late(c: Context) -> str | None:
    """Why L&D came in late, in words that fit the dates: "before go-live" only when the
    go-live is still ahead."""
    tl = c.tl
    ahead = tl.launch_ahead and tl.go_live is not None
    weeks = tl.weeks_to(tl.go_live) if ahead else None
    if c.sig("involved_late") == "yes":
        if ahead:
            return f"after the key decisions, {weeks:.0f} weeks before go-live"
        if tl.launched and tl.go_live is not None:
            return f"after the change went live on {tl.go_live.isoformat()}"
        return "after the key decisions were made"
    if c.sig("lead_time") == "late":
        return (f"{max(weeks or 0, 0):.0f} weeks before go-live" if ahead
                else "with little or no time before the date")
    left = tl.weeks_left(training=True)
    if left is not None and left < LATE_WEEKS and c.verdict != "more_info":
        return f"{max(left, 0):.0f} weeks before the date"
    if c.size is not None and c.size.reach and tl.launch_ahead:
        return "too late to train everyone before go-live"
    return None


def _voice_missing(c: Context, voice: str) -> Raised:
    voices = c.d.signals.values.get("voices")
    if voices is None or voice in voices:
        return None
    return {}, c.ev("voices")


def missing_field_voice(c: Context) -> Raised:
    return None if c.d.isolated else _voice_missing(c, "field")


def missing_strategy_voice(c: Context) -> Raised:
    return _voice_missing(c, "strategy")


def no_exemplar(c: Context) -> Raised:
    have = c.sig("exemplars_exist")
    if have == "no" or (have == "unknown" and (c.verdict == "more_info" or c.training)):
        return {}, c.ev("exemplars_exist")
    return None


def environment_cause(c: Context) -> Raised:
    gaps = c.d.environment_gaps
    lead = c.lead
    if not c.training_requested or not gaps or lead is None or lead.entry.kind == "training" \
            or lead.entry.cell not in ENVIRONMENT + ("knowledge_skill",):
        return None
    evidence = [ev for g in gaps for ev in c.d.findings[g].evidence]
    return {"cells": ", ".join(CELL_WORDS[g] for g in gaps)}, c.ev("requested_solution") + evidence


CONFLICTS = {"punished": "penalised", "wrong_rewarded": "less rewarded than the shortcut",
             "conflicting_goals": "at odds with another target people are measured on",
             "indifferent": "worth nothing to people, and the shortcut costs them nothing"}


def incentive_conflict(c: Context) -> Raised:
    """Consequences pull the wrong way: doing it right is penalised, the shortcut pays,
    targets conflict, or doing it right brings nothing while doing it wrong costs nothing
    (nothing in the work makes the right way worth the effort)."""
    given = c.sig("incentive_issues", []) or []
    issues = [i for i in given if i in CONFLICTS]
    if {"no_reward", "no_consequence"} <= set(given):
        issues.append("indifferent")
    if c.d.state("incentives") != "gap" or not issues:
        return None
    return {"how": " and ".join(CONFLICTS[i] for i in issues)}, c.ev("incentive_issues")


def low_stakes(c: Context) -> Raised:
    """Only on a no-build: a plan, or a list of what to find out first, is not "low
    stakes" (the stakes may still look low once the basics are in)."""
    if not c.d.low_stakes or c.verdict != "no_intervention":
        return None
    return {"why": c.d.low_stakes}, c.ev("worth_solving", "task_criticality", "cost_of_problem",
                                         "metric_kind", "spread")


def unverified_skill_gap(c: Context) -> Raised:
    if not c.d.training_need or c.sig("could_do_if_life_depended") == "no":
        return None
    return {}, c.ev("knowledge_skill")


def environment_precondition(c: Context) -> Raised:
    """A plan with training still warns when the work would defeat it: what the training
    depends on (equipment, cover, a signal people can perceive, a safeguard) must be in
    place before people practise or go live."""
    needed = preconditions(c.chosen)
    if not needed:
        return None
    when = ready_by(c.d, c.chosen, c.tl)
    fixes = and_list([x.entry.title.lower() for x in needed])
    date = f"by {when.isoformat()}" if when else "before the training starts"
    return {"fixes": fixes, "date": date}, [e for x in needed for e in x.why]


def reach_risk(c: Context) -> Raised:
    reach = c.size.reach if c.size is not None else ""
    return ({"reach": reach}, c.ev("train_per_week", "release_hours", "audience_size")) \
        if reach else None


# Nothing will be built, so warnings about what would be built are noise.
MOOT_WHEN_NOTHING_BUILT = frozenset({"environment-cause", "format-mismatch", "incentive-conflict",
                                     "unverified-skill-gap", "no-exemplar", "no-baseline",
                                     "reach-risk", "environment-precondition"})

RULES: tuple[tuple[str, Callable[[Context], Raised]], ...] = (
    ("solution-first", solution_first), ("environment-cause", environment_cause),
    ("incentive-conflict", incentive_conflict), ("format-mismatch", format_mismatch),
    ("no-metric", no_metric), ("vanity-metric", vanity_metric), ("no-baseline", no_baseline),
    ("no-deadline", no_deadline), ("late-involvement", late_involvement),
    ("reach-risk", reach_risk), ("environment-precondition", environment_precondition),
    ("missing-field-voice", missing_field_voice),
    ("missing-strategy-voice", missing_strategy_voice), ("no-exemplar", no_exemplar),
    ("low-stakes", low_stakes), ("unverified-skill-gap", unverified_skill_gap),
)


def raise_flags(c: Context) -> list[tuple[str, str, str, list[Evidence]]]:
    """(code, severity, message, evidence) for every rule that fires, in RULES order."""
    texts = flag_texts()
    out = []
    for code, rule in RULES:
        if c.verdict == "no_intervention" and code in MOOT_WHEN_NOTHING_BUILT:
            continue
        hit = rule(c)
        if hit is not None:
            fill, evidence = hit
            text = texts[code]
            message = (text.nothing_built or text.message) if c.verdict == "no_intervention" \
                else text.message
            out.append((code, text.severity, message.format_map(_Safe(fill)), evidence))
    return out


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "?"
