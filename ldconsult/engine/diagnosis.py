"""What a diagnosis is: the grid's findings and the facts read from them.

A :class:`Diagnosis` holds one :class:`Finding` per cell of the grid (environment first,
then the person), the skill route, and the stakes. :mod:`ldconsult.engine.diagnose` makes
it, one step at a time; the rest of the engine only reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ldconsult.bank.signals import Evidence, Signals

ENVIRONMENT = ("expectations", "feedback", "resources", "incentives", "manager_support")
# Routes that mean a real training need (the rest are met by non-training means).
TRAINING_ROUTES = frozenset({"scenario", "drill", "practice", "coaching", "fluency",
                             "information", "supervised", "hands_on", "sandbox"})


@dataclass
class Finding:
    cell: str
    state: str
    summary: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Diagnosis:
    signals: Signals
    findings: dict[str, Finding]
    route: str
    route_evidence: list[Evidence]
    worth: str
    low_stakes: str | None
    missing_basics: tuple[str, ...]

    def state(self, cell: str) -> str:
        return self.findings[cell].state

    @property
    def environment_gaps(self) -> list[str]:
        return [c for c in ENVIRONMENT if self.findings[c].state == "gap"]

    @property
    def environment_unexamined(self) -> bool:
        return all(self.findings[c].state == "unknown" for c in ENVIRONMENT)

    @property
    def skill_gap_untested(self) -> bool:
        return self.signals.get("could_do_if_life_depended") != "no"

    @property
    def training_need(self) -> bool:
        """A real knowledge or skill gap that only practice will close."""
        if self.route == "refresher":
            return self.signals.get("reference_allowed") != "yes"
        return self.route in TRAINING_ROUTES

    @property
    def mandated(self) -> bool:
        return self.signals.get("mandate") == "yes"

    @property
    def preference(self) -> bool:
        return is_preference(self.signals)

    @property
    def isolated(self) -> bool:
        return is_isolated(self.signals)

    @property
    def weak_basis(self) -> bool:
        """The view of the causes rests on what people say or believe, not on data."""
        return self.signals.get("cause_basis") in ("hearsay", "belief")

    @cached_property
    def decisive_unknowns(self) -> tuple[str, ...]:
        """Facts that decide the verdict and are still unknown (docs/method.md, verdicts):
        whether they could do it, while no environment cause is shown (or the suspected
        ones rest on hearsay or belief, or most of the environment is unknown); and the
        stakes, when nothing says what it costs. Worked out once: a diagnosis is not
        changed after diagnose() returns it."""
        out: list[str] = []
        other_gap = any(self.findings[c].state == "gap" for c in ("capacity", "motives"))
        main = ("expectations", "feedback", "resources", "incentives")
        mostly_unknown = sum(self.findings[c].state == "unknown" for c in main) >= 3
        if self.route == "unknown" and not other_gap and (
                not self.environment_gaps or self.weak_basis or mostly_unknown):
            out.append("could_do_if_life_depended")
            if self.environment_gaps or self.environment_unexamined:
                out.append("causes")
        sig = self.signals
        stakes = ("worth_solving", "cost_of_problem", "task_criticality")
        asked = any(name in sig.unknown_from for name in stakes)  # answered "don't know"
        if asked and sig.get("worth_solving") == "unknown" and not sig.has("cost_of_problem") \
                and sig.get("task_criticality") == "unknown" and not self.mandated:
            out.append("stakes")
        return tuple(out)

    @property
    def non_training_causes(self) -> list[str]:
        """Causes fixed without training: environment gaps, a job aid, capacity, motives."""
        out = self.environment_gaps
        if self.route == "job_aid" or (self.route == "refresher" and not self.training_need):
            out.append("knowledge_skill")
        return out + [c for c in ("capacity", "motives") if self.findings[c].state == "gap"]


def is_preference(sig: Signals) -> bool:
    """Nothing measurable would change, and the stakes say it is a matter of taste: the
    requester calls it minor or a preference, owns it as their preference, or the task
    matters little. "Nothing measurable" alone is not enough: a requester who has not
    chosen a measure yet (or whose stakes are unknown) has a problem still to be framed,
    which is "find out more", not "no intervention"."""
    if sig.get("metric_kind") != "none" or sig.get("mandate") == "yes":
        return False
    return sig.get("worth_solving") == "no" or sig.get("task_criticality") == "low" or \
        "preference" in (sig.get("requester_owns", []) or [])


def is_isolated(sig: Signals) -> bool:
    """One person or one incident, by someone who can do it and can perceive when to: their
    manager's to handle. A person who cannot perceive the signal to act, or whose capacity
    does not fit the task, has a gap to fix however few people share it, so the shortcut
    is taken only once the grid shows neither (docs/method.md, "Worth solving")."""
    return sig.get("spread") == "individual" and sig.get("mandate") != "yes" and \
        sig.get("could_do_if_life_depended") != "no" and sig.get("capacity") != "gap" and \
        "cue_unseen" not in (sig.get("resource_issues", []) or [])


def facts(d: Diagnosis, verdict_basis: str) -> dict[str, Any]:
    """What catalogue entries match on: signals, adjusted cell states and diagnosis facts."""
    out: dict[str, Any] = dict(d.signals.values)
    out.update({c: f.state for c, f in d.findings.items()})
    size = d.signals.get("audience_size", None)
    out["large_audience"] = "yes" if isinstance(size, (int, float)) and size >= 50 else "no"
    out["route"] = d.route
    out["verdict_basis"] = verdict_basis
    out["mandate_is_the_fix"] = "yes" if d.training_need else "no"
    return out
