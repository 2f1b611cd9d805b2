"""Weighing: every candidate fix gets a score from documented parts, and the lead is the
best score. Effort breaks only a true tie; then the diagnostic order (environment first).

- evidence (0-4): the findings that show the fix's cause, each counted once however many
  questions it took to establish (the best performers' existence, method and whether it
  travels are one finding); an answer about the fix's own cell counts in full, one that
  only says a cell shared by several fixes is a gap counts half. The requester's view of
  what explains most of the problem is one more finding (+2), not a verdict. Causes shown
  by data or observation count more, beliefs less. A mandate is a fact (3).
- metric (-2-+1): does it act on this kind of shortfall (+1, or -1 if not at all), and does
  it cover the whole gap (-1 when a reference can carry only part of the task)?
- timing (-2-+1): can it act before the deadline (or, for training, the go-live or the
  mandate's date)? A fix that lands after it cannot lead.
- leverage (0-2): named levers, each with its reason (the exemplars' tool ready to spread,
  people needed on day one, a mandate, a check that stops the error escaping, the
  requester able to act, a rule nobody has heard of, a penalty for doing it right).
- effort (-1-0: low 0, medium -0.5, high -1) is reported but not added: it only breaks a
  tie between fixes with equal weight.

docs/method.md ("Weighing") lists the same rules for L&D leads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ldconsult.bank.signals import CELLS, Evidence
from ldconsult.engine.catalogue import MANDATED_MINIMUM, SHORTFALLS, Entry
from ldconsult.engine.diagnosis import ENVIRONMENT, Diagnosis
from ldconsult.engine.timeline import Timeline

EFFORT = {"low": 0.0, "medium": -0.5, "high": -1.0}
CONFLICTING = frozenset({"punished", "wrong_rewarded", "conflicting_goals"})
PRECONDITION = 1.0  # a fix others in the plan wait for
BASIS = {"data": 1.0, "observed": 1.0, "hearsay": 0.0, "belief": -0.5}
FAST_WEEKS = 4.0  # "within a month"
# When a tool or incentive change can land, as answered (weeks); "not planned" never does.
LANDS = {"quarter": 9.0, "half": 20.0, "slow": 39.0, "unplanned": float("inf")}  # mid-window
MAX_LEVERAGE = 2.0
MAIN_CAUSE = 2.0  # the requester's view of what explains most of it: one strong finding
MAX_EVIDENCE = 4.0
# Signals that together establish one finding: asked in several steps, counted once.
FINDING_OF = {"exemplars_exist": "exemplars", "exemplar_method": "exemplars",
              "exemplar_transferable": "exemplars", "exemplar_practice": "exemplars",
              "already_able": "exemplars"}
# The cure that names a cell as a whole: an answer about that cell is direct evidence for
# the fix that cures it (feedback for faster feedback), half for a cell shared by fixes.
# Answers that show a cure's cause wherever they were given, so a fix is weighed on all
# the evidence for what it removes, not only on the facts its catalogue entry matched on:
# (signal, value named in the answer). Broad causes (the standard, a skill) are left to the
# entries' own facts: too many fixes share them.
CURE_EVIDENCE: dict[str, tuple[tuple[str, str], ...]] = {
    "feedback": (("feedback_issues", ""),),
    "cue": (("resource_issues", "cue_unseen"),),
    "no_check": (("resource_issues", "no_check"), ("resource_issues", "lax_controls")),
    "tool": (("resource_issues", "tool"),), "data": (("resource_issues", "data"),),
    "equipment": (("resource_issues", "equipment"),),
    "double_entry": (("resource_issues", "double_entry"),),
    "process": (("resource_issues", "process"), ("resource_issues", "obstacles"),
                ("expectation_issues", "no_process")),
    "time": (("resource_issues", "time"),),
    "incentives": (("incentive_issues", ""),),
    "manager": (("manager_support", "gap"),),
}
CELL_CURE = {"feedback": "feedback", "incentives": "incentives", "manager_support": "manager",
             "expectations": "standard", "capacity": "capacity"}
# Facts that shape a fix (the task's profile, timing, size) but are not evidence of a
# cause: they do not add to a fix's evidence.
CONTEXT_QUESTIONS_SIGNALS = frozenset({
    "audience_size", "large_audience", "tool_change", "incentive_change", "task_frequency",
    "task_complexity", "task_criticality", "reference_allowed", "skill_kind", "scope",
    "scope_count", "did_it_before", "change_driver", "changes", "verdict_basis",
    "lead_time", "involved_late", "go_live", "deadline", "mandate_deadline"})


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
        """The weight: effort is left out, it only breaks a tie (see ``rank``)."""
        return round(self.evidence + self.metric + self.timing + self.leverage, 2)


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
    if "mandate" in e.leverage and e.id == MANDATED_MINIMUM:
        reasons.append("the training is required by law, a regulator or a contract")
        return 3.0
    findings: dict[str, float] = {}
    why = {**why, **cure_answers(d, e)}
    for fact, answers in why.items():
        weight = _fact_weight(fact, e)
        for ev in answers:
            signal = ev.meaning.split("=")[0]
            if signal in CONTEXT_QUESTIONS_SIGNALS:
                continue  # a task fact shapes the fix; it is no evidence of a cause
            finding = FINDING_OF.get(signal, ev.question)
            findings[finding] = max(findings.get(finding, 0.0), weight)
    score = float(min(sum(findings.values()), 3))
    if score and _exemplars_share_it(d, e):
        score /= 2
        reasons.append("the best performers share this cause, so it explains little of the gap")
    main = d.signals.get("main_cause")
    if main not in (None, "unknown") and main in e.cures:
        score += MAIN_CAUSE
        reasons.append("the requester says its cause explains most of the problem")
    if d.signals.get("exemplars_exist") == "elsewhere" and e.cell in ENVIRONMENT:
        score += 1.0
        reasons.append("some do better with other tools or under another rule: the "
                       "difference is in the work")
    if _same_conditions_exemplars(d, e):
        score += 1.0
        reasons.append("some do it well under the same conditions")
    basis = d.signals.get("cause_basis")
    score += BASIS.get(basis, 0.0) if score else 0.0
    if basis in ("data", "observed") and score:
        reasons.append("the data shows its cause" if basis == "data" else
                       "watching the work showed its cause")
    return max(min(score, MAX_EVIDENCE), 0.0)


def cure_answers(d: Diagnosis, e: Entry) -> dict[str, tuple[Evidence, ...]]:
    """The answers, anywhere in the intake, that show a cause this entry removes."""
    out: dict[str, tuple[Evidence, ...]] = {}
    for cure in e.cures:
        for signal, value in CURE_EVIDENCE.get(cure, ()):
            hits = tuple(ev for ev in d.signals.evidence.get(signal, ())
                         if not value or ev.meaning.split("=", 1)[-1] == value)
            if hits:
                out[f"cure:{cure}:{signal}:{value}"] = hits
    return out


def _fact_weight(fact: str, e: Entry) -> float:
    """An answer that names this fix's own issue counts fully; one that only says a cell is
    a gap counts fully for the fix that cures that cell as a whole, half for the others."""
    if fact not in CELLS or fact == "knowledge_skill":
        return 1.0
    return 1.0 if CELL_CURE.get(fact) in e.cures else 0.5


def _same_conditions_exemplars(d: Diagnosis, e: Entry) -> bool:
    """Gilbert's exemplar comparison: people who perform under the same conditions show
    that the gap between them and the rest is in method or skill, which favours the fix
    that builds it: training (built on their method) for people who cannot yet do it."""
    return d.signals.get("exemplars_exist") == "yes" and e.kind == "training" and \
        "skill" in e.cures and d.signals.get("could_do_if_life_depended") == "no"


def _exemplars_share_it(d: Diagnosis, e: Entry) -> bool:
    """Gilbert's exemplar comparison, the other way round: where some do it well under the
    same conditions and the others cannot, a cause in the environment they all share
    (targets, tools, standards) cannot explain the gap between them."""
    sig = d.signals
    return sig.get("exemplars_exist") == "yes" and \
        sig.get("could_do_if_life_depended") == "no" and e.cell in ENVIRONMENT


def metric(d: Diagnosis, e: Entry, reasons: list[str]) -> float:
    sig = d.signals
    score = 0.0
    kind = sig.get("shortfall")
    if kind in SHORTFALLS and e.acts_on:
        score += 1.0 if kind in e.acts_on else -1.0
    if not e.cures and "mandate" in e.leverage:
        score -= 1.0
        reasons.append("it is required, but it removes none of the causes")
    if e.needs_reference and sig.get("reference_allowed") == "partly":
        score -= 1.0
        reasons.append("a reference can carry only part of the task; the rest is done from "
                       "memory")
    return score


def weeks_to_effect(d: Diagnosis, e: Entry) -> float:
    """Typical weeks until the fix acts; an answer about this case overrides it."""
    sig = d.signals
    if e.timing and "requester_can_act" in e.leverage and requester_owns(d, e):
        return min(e.weeks, 2.0)
    answer = sig.get(e.timing) if e.timing else None
    if answer == "fast":
        return min(e.weeks, FAST_WEEKS)
    if answer in LANDS:
        return max(LANDS[answer], e.weeks)
    return e.weeks


def timing(d: Diagnosis, e: Entry, tl: Timeline, reasons: list[str]) -> float:
    left = tl.weeks_left(training=e.kind == "training")
    weeks = weeks_to_effect(d, e)
    if weeks == float("inf"):
        reasons.append("nobody plans to change it yet")
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
    # It lands after the date: it cannot lead, but it stays as the lasting fix where the
    # evidence carries it, with an interim step until then.
    reasons.append("it lands after the deadline, so something faster covers the wait")
    return -1.0


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
        if sig.get("exemplar_method") == "habit":
            # A habit is copied by people who see their own results; without feedback
            # they have no reason to change how they work.
            if d.state("feedback") == "gap":
                return 0.0, ""
            return 1.0, "the best performers' habit is ready to spread"
        return 2.0, "the best performers' method is ready to spread"
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
    if name == "found_later" and set(sig.get("feedback_issues", []) or []) & {"absent", "slow"} \
            and "no_check" in (sig.get("resource_issues", []) or []):
        return 2.0, ("the errors are found later anyway: telling the person who made them "
                     "costs little and can start at once")
    if name == "conflict" and CONFLICTING & set(sig.get("incentive_issues", []) or []):
        if sig.get("exemplars_exist") == "yes" and "punished" not in sig.get(
                "incentive_issues", []):
            # The best performers work under the same targets and still perform: the
            # conflict is real but does not explain the gap between them and the rest.
            return 0.0, ""
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
