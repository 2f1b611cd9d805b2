"""The diagnosis: one small function per step, in the order of docs/method.md.

Environment first (expectations, feedback, resources, incentives, manager support), then
the person (knowledge and skill, capacity, motives). Each step reads signals and returns
a :class:`Finding`: the cell's state, one sentence on what the answers show, and the
answers themselves. Nothing here chooses interventions; it only says what is wrong.
What a diagnosis holds, and what the rest of the engine reads from it, is in
:mod:`ldconsult.engine.diagnosis`.
"""

from __future__ import annotations

from typing import Any

from ldconsult.bank.signals import Evidence, Signals
from ldconsult.engine.diagnosis import Diagnosis, Finding, is_isolated, is_preference

ISSUE_WORDS: dict[str, str] = {
    "unclear": "the standard is unclear", "unwritten": "it is not written down",
    "inconsistent": "sources disagree", "unaware": "people don't know it exists",
    "outdated": "the written version is out of date",
    "slow": "feedback comes late", "generic": "feedback is too general to act on",
    "absent": "there is no feedback at all",
    "tool": "the tool or form invites errors", "process": "the process is confusing",
    "time": "there is not enough time", "obstacles": "obstacles get in the way",
    "double_entry": "data has to be typed twice", "data": "the data needed is missing or wrong",
    "equipment": "there is not enough equipment", "cue_unseen": "the signal to act cannot be "
    "perceived in time", "no_check": "nothing catches an error before it escapes",
    "lax_controls": "the controls are too lax", "hard_to_find": "the standard is not at hand "
    "when the task is done", "no_process": "there is no agreed way of doing it",
    "punished": "doing it right is penalised", "wrong_rewarded": "the shortcut is rewarded",
    "no_consequence": "doing it wrong has no consequence",
    "conflicting_goals": "two goals pull in opposite directions",
    "no_reward": "doing it right brings people nothing",
    "blamed": "errors are met with blame, which hides them",
}


def _issues(sig: Signals, name: str) -> list[str]:
    value = sig.get(name, [])
    return list(value) if isinstance(value, list) else []


def _words(issues: list[str]) -> str:
    return "; ".join(ISSUE_WORDS.get(i, i.replace("_", " ")) for i in issues)


def _cell(sig: Signals, cell: str, issues_name: str | None, texts: dict[str, str],
          extra: tuple[str, ...] = ()) -> Finding:
    """The common shape of an environment step: the cell, sharpened by its issue list."""
    state = sig.get(cell)
    issues = _issues(sig, issues_name) if issues_name else []
    if issues:
        state = "gap"
    state = state if state in ("gap", "ok") else "unknown"
    names = (cell,) + ((issues_name,) if issues_name else ()) + extra
    summary = texts[state]
    if state == "gap" and issues:
        summary = f"{texts['gap'].rstrip('.')}: {_words(issues)}."
    evidence = sig.why(*names)
    if state == "ok":
        summary = _as_answered(sig, cell, evidence) or summary
    return Finding(cell, state, summary, evidence)


CELL_THINGS = {"expectations": "the standard", "feedback": "feedback",
               "resources": "tools, process and time", "incentives": "consequences",
               "manager_support": "what managers do", "capacity": "people's fit for the task",
               "motives": "people's motives"}


def _as_answered(sig: Signals, cell: str, evidence: list[Evidence]) -> str:
    """A cell found fine says only that its answers show no problem, and what is still
    unknown: one answer that mistakes are corrected does not show that doing it right is
    rewarded. The evidence beside it quotes the answers."""
    if not any(e.meaning == f"{cell}=ok" for e in evidence):
        return ""
    rest = "; the rest is not known yet" if sig.unknown_from.get(cell) else ""
    return f"No problem found in the answers on {CELL_THINGS[cell]}{rest}."


# --- 1. Worth solving ----------------------------------------------------------------

def worth_solving(sig: Signals, requested_cost: float | None) -> tuple[str, str | None]:
    """('yes'|'no'|'unknown', why the stakes look low or None)."""
    worth = sig.get("worth_solving")
    if worth == "no":
        return "no", ("by the requester's own account leaving it costs little, so it is more "
                      "a preference than a performance problem")
    if is_preference(sig):
        return worth, ("nothing measurable would change, so it is a preference rather than "
                       "a performance problem")
    if is_isolated(sig):
        return worth, ("it is one person and one incident, not a pattern, and people can do "
                       "it")
    if sig.get("vs_peers") == "better" and sig.get("task_criticality") != "high" and \
            sig.get("mandate") != "yes":
        return worth, ("the rate is already better than comparable teams, and errors are not "
                       "critical")
    cost = sig.get("cost_of_problem", None)
    low_crit = sig.get("task_criticality") == "low"
    if low_crit and isinstance(cost, (int, float)):
        if cost <= 0:
            return worth, "errors are low-impact and the problem costs nothing measurable"
        if requested_cost and cost * 12 < requested_cost:
            return worth, ("errors are low-impact and a year of the problem costs less "
                           "than the requested solution")
        size, hourly = sig.get("audience_size", None), sig.get("loaded_hourly_cost", None)
        if not requested_cost and _num(size) and _num(hourly) and cost * 12 < size * hourly:
            return worth, ("errors are low-impact and a year of the problem costs less "
                           "than one hour of everyone's time")
    return worth, None


def _num(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x > 0


# --- 2-5. The environment --------------------------------------------------------------

def expectations_clear(sig: Signals) -> Finding:
    finding = _cell(sig, "expectations", "expectation_issues", {
        "gap": "People are not sure what good looks like.",
        "ok": "People know what good looks like and that it is expected.",
        "unknown": "Not yet known whether the standard is clear and known."},
        extra=("policies_conflict",) if sig.get("policies_conflict") == "yes" else ())
    if sig.get("policies_conflict") == "yes":
        finding.state = "gap"
        finding.summary = ("Two policies ask for different things, so following one "
                           "breaks the other." + (f" Also: {_words(_issues(sig, 'expectation_issues'))}."
                                                  if _issues(sig, "expectation_issues") else ""))
    return finding


def feedback_timely(sig: Signals) -> Finding:
    return _cell(sig, "feedback", "feedback_issues", {
        "gap": "People don't learn soon or specifically whether they did it right.",
        "ok": "People hear soon and specifically whether they did it right.",
        "unknown": "Not yet known how soon people learn whether they did it right."})


def resources_adequate(sig: Signals) -> Finding:
    return _cell(sig, "resources", "resource_issues", {
        "gap": "The tools, process or time make the right action hard.",
        "ok": "Tools, process and time support the right action.",
        "unknown": "Not yet known whether tools, process and time get in the way."})


def incentives_aligned(sig: Signals) -> Finding:
    return _cell(sig, "incentives", "incentive_issues", {
        "gap": "Consequences do not back doing it right.",
        "ok": "Doing it right is noticed and rewarded.",
        "unknown": "Not yet known what happens when people do it right or wrong."})


def manager_support(sig: Signals) -> Finding:
    return _cell(sig, "manager_support", None, {
        "gap": "Managers do not expect, check or coach the behaviour.",
        "ok": "Managers expect, check and coach the behaviour.",
        "unknown": "Not yet known whether managers back the behaviour."})


# --- 6. Knowledge and skill ------------------------------------------------------------

def could_do_if_life_depended(sig: Signals, feedback: Finding) -> tuple[str, list[str]]:
    """The skill route (Mager & Pipe, Harless) and the signals that decided it.

    none: not a skill gap; unknown: untested. A skill they had: feedback (used often,
    nobody tells them), coaching (used often, feedback exists), refresher (lost through
    disuse). A new one: information (nobody told them), supervised (hands-on and
    critical or signed off), hands_on, scenario (judgment), sandbox (a new system's
    workflows), fluency (a frequent procedure with a job aid), job_aid (a procedure a
    reference can carry), drill (rare, critical, no reference), practice (from memory).
    """
    could, claimed = sig.get("could_do_if_life_depended"), sig.get("knowledge_skill")
    if could == "yes":
        return "none", ["could_do_if_life_depended"]
    if could == "with_reference":  # what they need to know can sit in a reference
        return "job_aid", ["could_do_if_life_depended", "reference_allowed"]
    if could != "no" and claimed != "gap":
        return ("none" if claimed == "ok" else "unknown"), ["knowledge_skill"]
    basis = ["could_do_if_life_depended" if could == "no" else "knowledge_skill"]
    if sig.get("did_it_before") == "yes":
        return _lost_skill(sig, feedback, basis)
    return _new_skill(sig, basis)


def _lost_skill(sig: Signals, feedback: Finding, basis: list[str]) -> tuple[str, list[str]]:
    basis = basis + ["did_it_before", "task_frequency"]
    if sig.get("task_frequency") in ("daily", "weekly"):
        return ("coaching" if feedback.state == "ok" else "feedback"), basis + ["feedback"]
    return "refresher", basis + ["reference_allowed"]


def _new_skill(sig: Signals, basis: list[str]) -> tuple[str, list[str]]:
    kind, ref, freq = sig.get("skill_kind"), sig.get("reference_allowed"), sig.get("task_frequency")
    if sig.get("gap_kind") == "information":
        return "information", basis + ["gap_kind", "scope"]
    if kind == "hands_on":
        signed = sig.get("signoff_required") == "yes" or sig.get("task_criticality") == "high" \
            or "signoff" in _issues(sig, "mandate_requires")
        return ("supervised" if signed else "hands_on"), basis + [
            "skill_kind", "signoff_required", "task_criticality", "mandate_requires"]
    if kind == "judgment" or sig.get("task_complexity") == "judgment":
        return "scenario", basis + ["skill_kind", "task_complexity"]
    if _new_system_workflows(sig):
        return "sandbox", basis + ["skill_kind", "scope", "changes", "change_driver"]
    if ref in ("yes", "partly"):
        basis += ["reference_allowed", "task_complexity", "task_frequency"]
        # A procedure done every day or week must become fluent: a job aid plus a short
        # hands-on session; so must one where some steps come from memory. Infrequent or
        # simple ones: the job aid alone.
        fluent = ref == "partly" or (freq in ("daily", "weekly")
                                     and sig.get("task_complexity") == "steps")
        return ("fluency" if fluent else "job_aid"), basis
    if ref == "no" and freq in ("rare", "monthly") and sig.get("task_criticality") == "high":
        return "drill", basis + ["reference_allowed", "task_frequency", "task_criticality"]
    return "practice", basis + ["reference_allowed", "task_complexity"]


def _new_system_workflows(sig: Signals) -> bool:
    """Many new screens of a new system: learned by practising its core workflows."""
    new_system = sig.get("change_driver") == "new_system" or "new_system" in _issues(sig, "changes")
    return new_system and sig.get("scope") == "all_new" and \
        sig.get("skill_kind") in ("procedure", "unknown")


ROUTE_SUMMARY: dict[str, tuple[str, str]] = {
    "none": ("ok", "Not a skill gap: they could do it if their life depended on it, so "
                   "training would not change the result."),
    "unknown": ("unknown", "Not yet known whether people could do it if their life "
                           "depended on it."),
    "feedback": ("ok", "They have done it before and do it often, so the skill is there; "
                       "what is missing is feedback on their work, not training."),
    "coaching": ("gap", "They did it before and do it often, yet results slipped: "
                        "coaching on their own work, not a course."),
    "refresher": ("gap", "They once could do it but do it rarely: the skill faded through "
                         "disuse."),
    "job_aid": ("gap", "A new procedure that can be done with a reference open: a job aid "
                       "can carry it instead of memory."),
    "fluency": ("gap", "A new procedure done every day or week: a job aid carries the steps, "
                       "and a short hands-on session makes it fluent."),
    "scenario": ("gap", "A judgment skill people cannot yet apply: it needs practice on "
                        "realistic cases, not more information."),
    "drill": ("gap", "A rare, critical task done without a reference: it must be kept "
                     "ready by regular drills."),
    "practice": ("gap", "A real skill gap for a task that must be done from memory."),
    "information": ("gap", "They were never given what is new (a product, a price, a rule): "
                           "an information gap, closed by explaining it and practising on "
                           "real cases."),
    "supervised": ("gap", "A new hands-on skill that is critical or must be signed off: it is "
                          "built by supervised practice and proven by an assessment."),
    "hands_on": ("gap", "A new hands-on technique: it is learned by doing it, with someone "
                        "correcting as they go."),
    "sandbox": ("gap", "A whole new system: its core workflows must be practised end to end "
                       "before go-live."),
}


def knowledge_skill(sig: Signals, feedback: Finding) -> tuple[Finding, str, list[Evidence]]:
    route, basis = could_do_if_life_depended(sig, feedback)
    state, summary = ROUTE_SUMMARY[route]
    if route not in ("none", "unknown") and sig.get("could_do_if_life_depended") != "no":
        summary += " (Assumed from the request; not yet tested.)"
    evidence = sig.why(*dict.fromkeys(["knowledge_skill", *basis]))
    return Finding("knowledge_skill", state, summary, evidence), route, evidence


# --- 7-8. Capacity and motives ----------------------------------------------------------

def capacity(sig: Signals) -> Finding:
    return _cell(sig, "capacity", None, {
        "gap": "The task asks more than people can physically or mentally give: "
               "training cannot fix that.",
        "ok": "People have the physical and mental fit for the task.",
        "unknown": "Not yet known whether the task fits people's capacity."})


def motives(sig: Signals, environment_gaps: list[str]) -> Finding:
    finding = _cell(sig, "motives", None, {
        "gap": "People don't want to do it.",
        "ok": "People want to do it well.",
        "unknown": "Not yet known whether people want to do it."})
    if finding.state == "gap" and environment_gaps:
        finding.summary = ("People seem unwilling, but motivation is rarely the root cause: "
                           "fix the environment first and look again.")
    return finding


# --- The whole diagnosis ------------------------------------------------------------------

BASICS: dict[str, tuple[str, ...]] = {  # nothing to size or measure without these
    "problem_statement": ("problem_statement",),
    "metric": ("metric",),
    "audience": ("audience", "audience_size"),
}


def missing_basics(sig: Signals) -> tuple[str, ...]:
    return tuple(name for name, alts in BASICS.items() if not any(sig.has(a) for a in alts))


def diagnose(sig: Signals, requested_cost: float | None = None) -> Diagnosis:
    worth, low = worth_solving(sig, requested_cost)
    env = [expectations_clear(sig), feedback_timely(sig), resources_adequate(sig),
           incentives_aligned(sig), manager_support(sig)]
    fb = env[1]
    know, route, route_ev = knowledge_skill(sig, fb)
    if route == "feedback" and fb.state != "gap":
        # Mager & Pipe: a skill used often and still lost means nobody tells them.
        fb.state = "gap"
        fb.summary = ("Inferred: they did it before and do it often, so the errors persist "
                      "because feedback does not reach them.")
        fb.evidence = fb.evidence + route_ev
    escapes = "no_check" in _issues(sig, "resource_issues")
    escaped = [e for e in sig.why("resource_issues") if "no_check" in e.meaning]
    if escapes and fb.state == "unknown":
        # Errors that nothing stops are found later, somewhere else: unless that finding
        # comes back to the person, they never learn of their own errors.
        fb.state = "gap"
        fb.summary = ("Inferred: errors are found later and elsewhere, so people hear of "
                      "their own errors only if someone tells them.")
        fb.evidence = escaped
    elif escapes and fb.state == "gap":
        fb.evidence = fb.evidence + escaped  # errors found later, and nobody tells them
    env_gaps = [f.cell for f in env if f.state == "gap"]
    findings = {f.cell: f for f in (*env, know, capacity(sig), motives(sig, env_gaps))}
    return Diagnosis(sig, findings, route, route_ev, worth, low, missing_basics(sig))
