"""From a diagnosis to a verdict and the interventions that fit it (from the catalogue)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ldconsult.engine.catalogue import Entry, interventions
from ldconsult.engine.diagnose import ENVIRONMENT, JOB_AID_ROUTES, Diagnosis, facts
from ldconsult.signals import Evidence

CAUSE_CELLS = frozenset(ENVIRONMENT) | {"knowledge_skill", "capacity", "motives"}
ALLOWED_CELLS: dict[str, frozenset[str]] = {
    "more_info": frozenset({"assessment"}),
    "no_intervention": frozenset({"clarify"}),
    "training": CAUSE_CELLS | {"launch"},
    "non_training": CAUSE_CELLS | {"launch"},
    "blended": CAUSE_CELLS | {"launch"},
}


CONFLICTING = frozenset({"punished", "wrong_rewarded", "conflicting_goals"})


# Expectation issues a job aid can settle by carrying the standard where the task is done.
# Not "inconsistent" (the owners must first decide which source wins) and not "unaware"
# (nobody would open a job aid they don't know exists: that is a communications job).
CLARITY_ISSUES = frozenset({"unclear", "unwritten", "outdated"})
# Routes where practice, not a reference, closes the gap: there the job aid only supports.
PRACTICE_ROUTES = frozenset({"scenario", "practice", "drill", "coaching"})
ISSUE_SETS = {"expectations": "expectation_issues", "feedback": "feedback_issues",
              "resources": "resource_issues", "incentives": "incentive_issues"}
ACTIONABLE = frozenset({"training", "non_training", "blended"})
# The focused plan: one fix per gap cell, the training piece, at most this many fixes in
# all (the pilot comes on top); the rest go to "also consider".
MAX_FIXES = 5
SLOTS = ("expectations", "feedback", "resources", "incentives", "manager_support",
         "knowledge_skill:support", "knowledge_skill:training", "capacity", "motives")
TRAINING_SLOT = "knowledge_skill:training"


@dataclass(frozen=True)
class Chosen:
    entry: Entry
    why: tuple[Evidence, ...]
    lead: bool = False
    inputs: tuple[Entry, ...] = ()  # entries folded into this one (they prepare its content)


def verdict(d: Diagnosis) -> str:
    """The verdict, in the order of docs/method.md ("Verdicts")."""
    if d.worth == "no":
        return "no_intervention"
    if d.missing_basics:
        return "more_info"
    if d.low_stakes:
        return "no_intervention"
    training, other = d.training_need, d.non_training_causes
    if training and not other and d.skill_gap_untested and d.environment_unexamined:
        # Only the requester's word for a skill gap, and nothing else looked at yet.
        return "more_info"
    if training and other:
        return "blended"
    if training:
        return "training"
    if other:
        return "non_training"
    # No cause found: either we do not know enough yet, or nothing is wrong.
    if d.route == "unknown" or any(f.state == "unknown" for f in d.findings.values()):
        return "more_info"
    return "no_intervention"


def _why(d: Diagnosis, *clauses: Mapping[str, Any]) -> tuple[Evidence, ...]:
    out: dict[tuple[str, str], Evidence] = {}
    for clause in clauses:
        for key in clause:
            if key == "route":
                found = d.route_evidence
            elif key in d.findings:
                found = d.findings[key].evidence
            elif key == "large_audience":
                found = d.signals.evidence.get("audience_size", [])
            else:
                found = d.signals.evidence.get(key, [])
            for ev in found:
                out.setdefault((ev.question, ev.meaning), ev)
    return tuple(out.values())


def job_aid_carries_standard(d: Diagnosis) -> bool:
    """Harless: where a reference can be used at the moment of need and the standard is
    only unclear, unwritten or outdated, the job aid is where the agreed standard lives,
    so it takes the expectations fix's place (and leads, unless incentives conflict)."""
    sig = d.signals
    if sig.get("reference_allowed") != "yes" or sig.get("task_complexity") == "judgment":
        return False
    if d.route in PRACTICE_ROUTES or sig.get("policies_conflict") == "yes":
        return False
    issues = sig.get("expectation_issues", [])
    return (d.state("expectations") == "gap" and isinstance(issues, list) and bool(issues)
            and CLARITY_ISSUES.issuperset(issues))


Matched = list[tuple[Entry, Mapping[str, Any]]]


def _matched(d: Diagnosis, basis: str) -> Matched:
    allowed = ALLOWED_CELLS[basis]
    f = facts(d, basis)
    matched: Matched = []
    for entry in interventions():
        if entry.cell in allowed:
            clause = entry.match(f)
            if clause is not None:
                matched.append((entry, clause))
    specific = {e.cell for e, _ in matched if not e.fallback}
    return [(e, c) for e, c in matched if not (e.fallback and e.cell in specific)]


def choose(d: Diagnosis, basis: str) -> tuple[list[Chosen], list[Chosen]]:
    """(the focused plan, lead first; the other fits, to "also consider")."""
    matched = _matched(d, basis)
    if basis not in ACTIONABLE:  # a follow-up or a clarifying talk: nothing to focus
        return [Chosen(e, _why(d, c), i == 0) for i, (e, c) in enumerate(matched)], []
    clauses = {e.id: c for e, c in matched}
    carries = "job_aid" in clauses and job_aid_carries_standard(d)
    slots, rest = _slots(d, matched, carries)
    lead = _lead(d, slots)
    if lead is None:  # no gap cell has a fix: promote the first other fit
        lead = next((e for e in rest if e.cell != "launch" and not e.feeds), None) or (
            rest[0] if rest else None)
        rest = [e for e in rest if e is not lead]
    main, overflow = _focus(slots, lead)
    rest = sorted(rest + overflow, key=lambda e: e.order)
    inputs: dict[str, list[Entry]] = {}
    if carries and "clarify_standards" in clauses:
        inputs["job_aid"] = [e for e in rest if e.id == "clarify_standards"]
    ids = [e.id for e in main]
    for e in [e for e in rest if e.feeds]:
        target = next((i for i in ids if i in e.feeds), None)
        if target is not None:
            inputs.setdefault(target, []).append(e)
    folded = {x.id for group in inputs.values() for x in group}
    launch = [e for e in rest if e.cell == "launch"]
    chosen = [Chosen(e, _why(d, clauses[e.id], *(clauses[x.id] for x in inputs.get(e.id, ()))),
                     e is lead, tuple(inputs.get(e.id, ())))
              for e in main + launch]
    also = [Chosen(e, _why(d, clauses[e.id])) for e in rest
            if e.id not in folded and e.cell != "launch"]
    return chosen, also


def _slot(d: Diagnosis, e: Entry, carries: bool) -> str | None:
    """The gap the entry would fix in the focused plan, or None (not a gap cell's fix)."""
    if e.feeds or e.cell == "launch":
        return None
    if carries and e.id == "job_aid":
        return "expectations"
    if d.state(e.cell) != "gap":
        return None
    if e.cell == "knowledge_skill":
        return TRAINING_SLOT if e.kind == "training" else "knowledge_skill:support"
    if e.cell == "motives" and d.environment_gaps:
        return None  # rarely the root cause while the environment is broken: look again later
    return e.cell


def _names_first_issue(d: Diagnosis, e: Entry, clause: Mapping[str, Any]) -> bool:
    """Does the entry fix the issue the answers name first (the one the headline names)?"""
    key = ISSUE_SETS.get(e.cell)
    issues = d.signals.get(key, []) if key else []
    want = clause.get(key) if key else None
    if not issues or not isinstance(issues, list) or want is None:
        return False
    return issues[0] in (want if isinstance(want, list) else [want])


def _slots(d: Diagnosis, matched: Matched, carries: bool) -> tuple[dict[str, Entry], list[Entry]]:
    """The best fix for each gap cell, and every other fit."""
    found: dict[str, list[tuple[Entry, Mapping[str, Any]]]] = {}
    rest: list[Entry] = []
    for e, c in matched:
        slot = _slot(d, e, carries)
        if slot is None:
            rest.append(e)
        else:
            found.setdefault(slot, []).append((e, c))
    slots: dict[str, Entry] = {}
    for slot in SLOTS:
        options = found.get(slot)
        if not options:
            continue
        if slot == "expectations" and carries:
            best = next(e for e, _ in options if e.id == "job_aid")
        else:  # a conflict fix (priority 0) first, then the fix for the issue named first
            best = min(options, key=lambda ec: (ec[0].priority > 0,
                                                not _names_first_issue(d, *ec)))[0]
        slots[slot] = best
        rest.extend(e for e, _ in options if e is not best)
    if carries:  # the job aid is also the skill cell's performance support
        extra = slots.pop("knowledge_skill:support", None)
        if extra is not None:
            rest.append(extra)
    return slots, rest


def _lead(d: Diagnosis, slots: dict[str, Entry]) -> Entry | None:
    """Environment first (diagnostic order); an incentive conflict leads; in the skill
    cell, training leads only when it is the real need, otherwise the job aid does."""
    if "incentives" in slots and d.state("incentives") == "gap" and \
            CONFLICTING & set(d.signals.get("incentive_issues", [])):
        return slots["incentives"]  # while doing it right is punished, nothing else sticks
    for slot in SLOTS:
        if slot not in slots:
            continue
        if slot == "knowledge_skill:support" and TRAINING_SLOT in slots and \
                d.training_need and d.route not in JOB_AID_ROUTES:
            return slots[TRAINING_SLOT]
        return slots[slot]
    return None


def _focus(slots: dict[str, Entry], lead: Entry | None) -> tuple[list[Entry], list[Entry]]:
    """At most MAX_FIXES: the lead, the training piece, then gap cells in diagnostic order.
    Returned in plan order (lead first, then diagnostic order) with the overflow."""
    ordered = [slots[s] for s in SLOTS if s in slots]
    first = [e for e in (lead, slots.get(TRAINING_SLOT)) if e is not None]
    ranked = list({e.id: e for e in first + ordered}.values())
    keep = {e.id for e in ranked[:MAX_FIXES]}
    main = ([lead] if lead is not None else []) + [
        e for e in ordered if e.id in keep and e is not lead]
    return main, ranked[MAX_FIXES:]
