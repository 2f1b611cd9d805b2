"""Weighing: every candidate fix gets a score from five documented parts, and the lead is
the best score. Ties follow the diagnostic order (environment first, then the person).

- evidence (0-4): how many answers point to the fix's cause, and how they are known
  (data or observation counts more than a belief); a mandate is a fact (3).
- metric (-1-4): does it remove what the requester says explains most of the problem
  (+3), and does it act on this kind of shortfall (+1, or -1 if not at all)?
- timing (-2-+1): can it act before the deadline (or, for training, the go-live or the
  mandate's date)? A fix that lands after it cannot lead.
- effort (-1-0): low 0, medium -0.5, high -1.
- leverage (0-3): named levers (exemplars' method ready to spread, people needed on day
  one, a mandate, a check that stops the error escaping, the requester able to act).

docs/method.md ("Weighing") lists the same rules for L&D leads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ldconsult.bank.signals import CELLS, Evidence
from ldconsult.engine.catalogue import SHORTFALLS, Entry
from ldconsult.engine.diagnose import Diagnosis
from ldconsult.engine.timeline import Timeline

EFFORT = {"low": 0.0, "medium": -0.5, "high": -1.0}
CONFLICTING = frozenset({"punished", "wrong_rewarded", "conflicting_goals"})
PRECONDITION = 1.0  # a fix others in the plan wait for
BASIS = {"data": 1.0, "observed": 1.0, "hearsay": 0.0, "belief": -0.5}
FAST_WEEKS = 4.0  # "within weeks"
MAX_LEVERAGE = 3.0
# Facts that shape a fix (the task's profile, timing, size) but are not evidence of a
# cause: they do not add to a fix's evidence.
CONTEXT_QUESTIONS_SIGNALS = frozenset({
    "audience_size", "large_audience", "tool_change", "incentive_change", "task_frequency",
    "task_complexity", "task_criticality", "reference_allowed", "skill_kind", "scope",
    "scope_count", "did_it_before", "change_driver", "changes", "verdict_basis"})


@dataclass(frozen=True)
class Score:
    evidence: float
    metric: float
    timing: float
    effort: float
    leverage: float
    reasons: tuple[str, ...] = ()

    @property
    def total(self) -> float:
        return round(self.evidence + self.metric + self.timing + self.effort + self.leverage, 2)


def weigh(d: Diagnosis, e: Entry, why: Mapping[str, tuple[Evidence, ...]], tl: Timeline) -> Score:
    """``why``: the answers behind each fact of the entry's matching clause."""
    # Reasons in the order a reader needs them: what it does for the problem, what makes
    # it the lever now, then how well it is shown.
    on_metric: list[str] = []
    levers: list[str] = []
    shown: list[str] = []
    timed: list[str] = []
    parts = (evidence(d, e, why, shown), metric(d, e, on_metric), timing(d, e, tl, timed),
             EFFORT[e.effort], leverage(d, e, tl, levers))
    return Score(*parts, reasons=tuple(on_metric + levers + shown + timed))


def evidence(d: Diagnosis, e: Entry, why: Mapping[str, tuple[Evidence, ...]],
             reasons: list[str]) -> float:
    if "mandate" in e.leverage and e.id == "mandated_minimum":
        reasons.append("the training is required by law, a regulator or a contract")
        return 3.0
    named: dict[str, float] = {}
    for fact, answers in why.items():
        # An answer that names this fix's own issue counts fully; a fact that only says
        # the whole cell is a gap ("expectations: gap") points less directly at this fix.
        weight = 0.5 if fact in CELLS and fact != "knowledge_skill" else 1.0
        for ev in answers:
            if ev.meaning.split("=")[0] in CONTEXT_QUESTIONS_SIGNALS:
                continue  # a task fact shapes the fix; it is no evidence of a cause
            named[ev.question] = max(named.get(ev.question, 0.0), weight)
    score = float(min(sum(named.values()), 3))
    basis = d.signals.get("cause_basis")
    score += BASIS.get(basis, 0.0) if score else 0.0
    if basis in ("data", "observed") and score:
        reasons.append("the data shows its cause" if basis == "data" else
                       "watching the work showed its cause")
    return max(score, 0.0)


def metric(d: Diagnosis, e: Entry, reasons: list[str]) -> float:
    sig = d.signals
    score = 0.0
    main = sig.get("main_cause")
    if main not in (None, "unknown") and main in e.cures:
        score += 3.0
        reasons.append("it removes what explains most of the problem")
    kind = sig.get("shortfall")
    if kind in SHORTFALLS:
        score += 1.0 if kind in e.acts_on else -1.0
    return score


def weeks_to_effect(d: Diagnosis, e: Entry) -> float:
    """Typical weeks until the fix acts; an answer about this case overrides it."""
    sig = d.signals
    if e.timing and "requester_can_act" in e.leverage and requester_owns(d, e):
        return min(e.weeks, 2.0)
    answer = sig.get(e.timing) if e.timing else None
    if answer == "fast":
        return min(e.weeks, FAST_WEEKS)
    if answer == "slow":
        return float("inf")
    return e.weeks


def timing(d: Diagnosis, e: Entry, tl: Timeline, reasons: list[str]) -> float:
    left = tl.weeks_left(training=e.kind == "training")
    weeks = weeks_to_effect(d, e)
    if weeks == float("inf"):
        reasons.append("can only change later (at the next plan year or reset)")
        return -2.0
    if left is None:
        return 0.0
    if weeks <= left:
        return 1.0
    if e.kind == "training" and d.training_need and (tl.launch_due or d.mandated):
        # Needed for the go-live or the mandate even if it cannot be ready in full: it
        # runs compressed, with floor support, rather than not at all.
        reasons.append("needed for the go-live even if it cannot be ready in full")
        return 0.0
    reasons.append("too slow to act before the deadline")
    return -2.0


def requester_owns(d: Diagnosis, e: Entry) -> bool:
    sig = d.signals
    if e.cell == "incentives":
        return sig.get("incentive_owner") == "requester" or \
            "target" in (sig.get("requester_owns", []) or [])
    return False


def _lever(d: Diagnosis, name: str, e: Entry, tl: Timeline) -> tuple[float, str]:
    sig = d.signals
    could = sig.get("could_do_if_life_depended")
    main = sig.get("main_cause")
    if name == "exemplar_ready":
        if main not in (None, "unknown") and main not in e.cures:
            return 0.0, ""
        if could == "no":  # a checklist cannot close a gap people cannot yet act on
            return 1.0, "the best performers' tools are ready to share"
        bonus = 1.0 if could == "yes" else 0.0
        return 2.0 + bonus, "the best performers' method is ready to spread"
    if name == "day_one" and d.training_need and (tl.launch_due or tl.launched):
        return 2.0, ("people must be able to work on the go-live day" if tl.launch_due else
                     "the change is live and people cannot yet do it")
    if name == "mandate" and sig.get("mandate") == "yes" and d.training_need:
        return 2.0, "a regulator, licence or contract requires the training"
    if name == "trained_perform" and sig.get("exemplar_method") == "training":
        return 2.0, "those who had the training already perform, under the same conditions"
    if name == "stops_escape" and could == "yes":
        return 2.0, "it stops the error before it escapes, and people act right once they notice"
    if name == "requester_can_act" and requester_owns(d, e):
        return 1.0, "the requester owns it and can change it now"
    if name == "awareness" and "unaware" in (sig.get("expectation_issues", []) or []):
        return 2.0, "nobody can follow, or look up, a rule they have never heard of"
    if name == "conflict" and CONFLICTING & set(sig.get("incentive_issues", []) or []):
        return 2.0, "while doing it right costs people, nothing else will stick"
    return 0.0, ""


def leverage(d: Diagnosis, e: Entry, tl: Timeline, reasons: list[str]) -> float:
    total = 0.0
    for name in e.leverage:
        points, why = _lever(d, name, e, tl)
        if points:
            total += points
            reasons.append(why)
    return min(total, MAX_LEVERAGE)
