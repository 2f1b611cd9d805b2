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


@dataclass(frozen=True)
class Chosen:
    entry: Entry
    why: tuple[Evidence, ...]
    lead: bool = False


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


def _why(d: Diagnosis, clause: Mapping[str, Any]) -> tuple[Evidence, ...]:
    out: dict[tuple[str, str], Evidence] = {}
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


def choose(d: Diagnosis, basis: str) -> list[Chosen]:
    """Matching catalogue entries, fallbacks dropped where a specific entry fits, lead first."""
    allowed = ALLOWED_CELLS[basis]
    f = facts(d, basis)
    matched: list[tuple[Entry, Mapping[str, Any]]] = []
    for entry in interventions():
        if entry.cell in allowed:
            clause = entry.match(f)
            if clause is not None:
                matched.append((entry, clause))
    specific = {e.cell for e, _ in matched if not e.fallback}
    matched = [(e, c) for e, c in matched if not (e.fallback and e.cell in specific)]
    lead = _lead(d, [e for e, _ in matched])
    chosen = [Chosen(e, _why(d, c), e.id == lead) for e, c in matched]
    return sorted(chosen, key=lambda c: not c.lead)


def _lead(d: Diagnosis, entries: list[Entry]) -> str | None:
    """Environment first (diagnostic order); in the skill cell, training leads only when
    it is the real need, otherwise the job aid or in-tool help does."""
    candidates = [e for e in entries if e.cell != "launch"]
    if not candidates:
        return None
    first_cell = candidates[0].cell
    if d.state("incentives") == "gap" and CONFLICTING & set(d.signals.get("incentive_issues", [])):
        # While doing it right is punished, no standard or feedback will stick.
        first_cell = "incentives" if any(e.cell == "incentives" for e in candidates) else first_cell
    in_cell = [e for e in candidates if e.cell == first_cell]
    if first_cell == "knowledge_skill":
        want = "training" if d.training_need and d.route not in JOB_AID_ROUTES else "non_training"
        preferred = [e for e in in_cell if e.kind == want and e.id != "capture_exemplar_practice"]
        in_cell = preferred or in_cell
    return in_cell[0].id
