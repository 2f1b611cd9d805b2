"""Flags: warnings with stable codes. Texts live in ldconsult/data/flags.yaml; each rule
below says when its flag is raised and fills the text's placeholders."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ldconsult.engine.catalogue import flag_texts
from ldconsult.engine.diagnose import Diagnosis
from ldconsult.engine.select import Chosen
from ldconsult.signals import Evidence

TRAINING_FORMATS = frozenset({"course", "elearning", "workshop", "video"})
CELL_WORDS = {"expectations": "unclear expectations", "feedback": "feedback",
              "resources": "tools, process or time", "incentives": "consequences",
              "manager_support": "manager support"}


@dataclass(frozen=True)
class Context:
    d: Diagnosis
    verdict: str
    chosen: list[Chosen]
    recommended_hours: float

    def sig(self, name: str, default: Any = "unknown") -> Any:
        return self.d.signals.get(name, default)

    def ev(self, *names: str) -> list[Evidence]:
        return self.d.signals.why(*names)

    @property
    def training_requested(self) -> bool:
        return self.sig("requested_solution") in TRAINING_FORMATS


Raised = tuple[dict[str, Any], list[Evidence]] | None


def solution_first(c: Context) -> Raised:
    if not c.training_requested or c.verdict in ("training", "blended"):
        return None
    why = {"more_info": "before the problem and its measure were defined",
           "no_intervention": "but the stakes do not justify building it",
           "non_training": "but the diagnosis points to causes training cannot fix"}[c.verdict]
    return {"requested": c.sig("requested_solution"), "why": why}, c.ev(
        "requested_solution", "requested_format_hours", "could_do_if_life_depended")


def _profile(c: Context) -> str:
    parts = [f"{c.sig('task_frequency')} task" if c.sig("task_frequency") != "unknown" else "",
             {"steps": "a procedure", "judgment": "judgment calls", "simple": "a few steps"}
             .get(c.sig("task_complexity"), ""),
             {"yes": "reference allowed", "no": "no reference possible"}
             .get(c.sig("reference_allowed"), "")]
    return ", ".join(p for p in parts if p) or "as far as the answers show"


def format_mismatch(c: Context) -> Raised:
    hours = c.sig("requested_format_hours", None)
    if not isinstance(hours, (int, float)) or hours <= 0 or c.d.route == "unknown":
        return None
    rec = c.recommended_hours
    if hours < 2 * max(rec, 0.5) or hours - rec < 1:
        return None
    skill = [x.entry for x in c.chosen if x.entry.cell == "knowledge_skill" and x.entry.duration]
    skill.sort(key=lambda e: e.kind != "training")
    fit = skill[0].duration.lower() if skill else "no training time at all, only the fixes listed"
    return {"requested_hours": _num(hours), "profile": _profile(c), "fit": fit}, c.ev(
        "requested_format_hours", "task_frequency", "task_complexity", "reference_allowed")


def no_metric(c: Context) -> Raised:
    return None if c.d.signals.has("metric") else ({}, [])


# Measures of activity or opinion, recognised in the metric's own words when the bank
# did not classify it (LTEM's bottom tiers).
VANITY_WORDS = re.compile(r"\b(completions?|completed|completion rate|attendance|attended|"
                          r"enrol\w*|satisfaction|smile sheets?|training hours|hours of "
                          r"training|learners trained|people trained|course ratings?)\b", re.I)


def is_vanity(c: Context) -> bool:
    kind = c.sig("metric_kind")
    if kind == "vanity":
        return True
    metric = c.sig("metric", "")
    return kind in ("unknown", None) and isinstance(metric, str) and bool(VANITY_WORDS.search(metric))


def vanity_metric(c: Context) -> Raised:
    if not is_vanity(c):
        return None
    return {"metric": c.sig("metric", "the metric")}, c.ev("metric_kind", "metric")


def no_baseline(c: Context) -> Raised:
    if not c.d.signals.has("metric") or c.d.signals.has("baseline"):
        return None
    return {"metric": c.sig("metric")}, c.ev("metric")


def no_deadline(c: Context) -> Raised:
    # Without a measure, no-metric already says it; a date for nothing adds noise.
    if c.d.signals.has("deadline") or not c.d.signals.has("metric"):
        return None
    return {}, c.ev("metric")


def late_involvement(c: Context) -> Raised:
    if c.sig("lead_time") != "late":
        return None
    return {"lead_time": "little or no time before go-live"}, c.ev("lead_time")


def _voice_missing(c: Context, voice: str) -> Raised:
    voices = c.d.signals.values.get("voices")
    if voices is None or voice in voices:
        return None
    return {}, c.ev("voices")


def missing_field_voice(c: Context) -> Raised:
    return _voice_missing(c, "field")


def missing_strategy_voice(c: Context) -> Raised:
    return _voice_missing(c, "strategy")


def no_exemplar(c: Context) -> Raised:
    return ({}, c.ev("exemplars_exist")) if c.sig("exemplars_exist") == "no" else None


def environment_cause(c: Context) -> Raised:
    gaps = c.d.environment_gaps
    if not c.training_requested or not gaps:
        return None
    evidence = [ev for g in gaps for ev in c.d.findings[g].evidence]
    return {"cells": ", ".join(CELL_WORDS[g] for g in gaps)}, c.ev("requested_solution") + evidence


CONFLICTS = {"punished": "penalised", "wrong_rewarded": "less rewarded than the shortcut",
             "conflicting_goals": "at odds with another goal people are measured on"}


def incentive_conflict(c: Context) -> Raised:
    issues = [i for i in c.sig("incentive_issues", []) if i in CONFLICTS]
    if c.d.state("incentives") != "gap" or not issues:
        return None
    return {"how": " and ".join(CONFLICTS[i] for i in issues)}, c.ev("incentive_issues")


def low_stakes(c: Context) -> Raised:
    if not c.d.low_stakes:
        return None
    return {"why": c.d.low_stakes}, c.ev("worth_solving", "task_criticality", "cost_of_problem")


def unverified_skill_gap(c: Context) -> Raised:
    if not c.d.training_need or c.sig("could_do_if_life_depended") == "no":
        return None
    return {}, c.ev("knowledge_skill")


# Nothing will be built, so warnings about what would be built are noise.
MOOT_WHEN_NOTHING_BUILT = frozenset({"environment-cause", "format-mismatch", "incentive-conflict",
                                     "unverified-skill-gap", "no-exemplar", "no-baseline",
                                     "no-deadline"})

RULES: tuple[tuple[str, Callable[[Context], Raised]], ...] = (
    ("solution-first", solution_first), ("environment-cause", environment_cause),
    ("incentive-conflict", incentive_conflict), ("format-mismatch", format_mismatch),
    ("no-metric", no_metric), ("vanity-metric", vanity_metric), ("no-baseline", no_baseline),
    ("no-deadline", no_deadline), ("late-involvement", late_involvement),
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
            out.append((code, text.severity, text.message.format_map(_Safe(fill)), evidence))
    return out


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
