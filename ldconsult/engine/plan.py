"""The parts of a recommendation that follow from the verdict: economics, measurement,
what was requested versus found, headline, risks, next steps and what to find out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ldconsult.engine.diagnose import ENVIRONMENT, Diagnosis
from ldconsult.engine.select import CONFLICTING, ISSUE_SETS, Chosen
from ldconsult.signals import Signals

# Stated assumption for payback and ROI: the fix removes this share of the problem's cost.
SHARE_REMOVED = 0.5
ACTIONABLE = ("training", "non_training", "blended")
FORMAT_WORDS = {"course": "course", "elearning": "e-learning", "workshop": "workshop",
                "video": "video", "job_aid": "job aid", "coaching": "coaching",
                "communication": "communication", "other": "solution"}


def _num(sig: Signals, name: str) -> float | None:
    v = sig.get(name, None)
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _text(sig: Signals, name: str) -> str | None:
    return str(sig.get(name)) if sig.has(name) else None


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def money(x: float) -> str:
    return f"{x:,.0f}"


# --- Economics ------------------------------------------------------------------------------

@dataclass
class Econ:
    fields: dict[str, Any]
    notes: list[str]


def economics(sig: Signals, verdict: str, chosen: list[Chosen]) -> Econ:
    cost, size, hourly = (_num(sig, n) for n in ("cost_of_problem", "audience_size",
                                                   "loaded_hourly_cost"))
    req_h = _num(sig, "requested_format_hours")
    rec_h = recommended_hours(chosen) if verdict in ACTIONABLE else None
    f: dict[str, Any] = {"cost_of_problem_monthly": cost, "audience_size": size,
                         "loaded_hourly_cost": hourly, "requested_hours_per_person": req_h,
                         "recommended_hours_per_person": _r(rec_h)}
    notes: list[str] = []
    if hourly is not None:
        f["requested_cost_per_person"] = _r(req_h * hourly) if req_h is not None else None
        f["recommended_cost_per_person"] = _r(rec_h * hourly) if rec_h is not None else None
        if size is not None:
            f["requested_cost"] = _r(req_h * hourly * size) if req_h is not None else None
            f["recommended_cost"] = _r(rec_h * hourly * size) if rec_h is not None else None
    missing = [w for w, v in (("audience size", size), ("loaded hourly cost", hourly),
                              ("monthly cost of the problem", cost)) if v is None]
    if missing:
        notes.append("Not computed for lack of: " + ", ".join(missing) + ".")
    notes += _payback(f, cost, verdict, chosen)
    return Econ(f, notes)


def _payback(f: dict[str, Any], cost: float | None, verdict: str,
             chosen: list[Chosen]) -> list[str]:
    notes = ["Costs count learner time only (hours x people x loaded hourly cost); "
             "building the solution and owners' time come on top."]
    rec = f.get("recommended_cost")
    if any(c.entry.kind == "non_training" and c.entry.referral for c in chosen):
        notes.append("Non-training fixes cost their owners' time (and possibly a system "
                     "change), not learner time: estimate them with the owners.")
    if cost is None or cost <= 0 or rec is None or verdict not in ACTIONABLE:
        return notes
    benefit = cost * SHARE_REMOVED
    notes.append(f"Assumption: the fix removes {SHARE_REMOVED:.0%} of the problem's monthly "
                 f"cost ({money(benefit)} a month); change it if you know better.")
    f["payback_months"] = _r(rec / benefit)
    if rec > 0:
        f["roi_percent_first_year"] = _r((benefit * 12 - rec) / rec * 100)
    req = f.get("requested_cost")
    if req:
        notes.append(f"At the same assumption the requested solution would pay back in "
                     f"{req / benefit:.1f} months, the recommended one in {rec / benefit:.1f}.")
    return notes


def recommended_hours(chosen: list[Chosen]) -> float:
    return sum(c.entry.hours for c in chosen)


# --- Measurement ------------------------------------------------------------------------------

DRIVERS = {
    "manager_support": "Managers: ask about the behaviour in one-to-ones and recognise it",
    "resources": "Tools and process: make the right way the easy way",
    "incentives": "Incentives: reward doing it right, not the shortcut",
    "feedback": "Feedback: people see their own results soon",
    "expectations": "Standards: one current, written version people can find",
}


def measurement(d: Diagnosis, verdict: str, chosen: list[Chosen],
                anchor: dt.date | None = None, *, vanity: bool = False) -> dict[str, Any]:
    """The plan's fields (``anchor`` is kept for callers; checkpoints are separate)."""
    sig = d.signals
    kind = sig.get("metric_kind")
    fixes = [c.entry for c in chosen if c.entry.cell not in ("assessment", "clarify")]
    out: dict[str, Any] = {
        "kpi": _text(sig, "metric"), "source": _text(sig, "metric_source"),
        "baseline": _text(sig, "baseline"), "target": _text(sig, "target"),
        "deadline": _text(sig, "deadline"), "metric_kind": kind if isinstance(kind, str) else "unknown",
        "vanity_warning": ("Completions, attendance, hours and satisfaction show activity, not "
                           "results: agree a business or behaviour measure as well."
                           if vanity or kind == "vanity" else None),
        "leading_indicators": _unique(e.indicator for e in fixes if e.indicator),
        "behaviours": _unique(e.behaviour for e in fixes if e.behaviour),
        "observers": _unique(e.observer for e in fixes if e.observer),
        "drivers": tuple(DRIVERS[c] + (" (fix first)" if d.state(c) == "gap" else "")
                         for c in DRIVERS) if verdict in ACTIONABLE else (),
    }
    return out


def checkpoints(verdict: str, anchor: dt.date, kpi: str | None) -> list[tuple[int, str, str]]:
    if verdict not in ACTIONABLE:
        return []
    what = _lower_first(kpi) if kpi else "the agreed measure"
    return [(30, _d(anchor, 30), "Leading indicators moving? Behaviours seen by the observers? "
                                 "Fix what blocks adoption."),
            (60, _d(anchor, 60), f"Compare {what} with the baseline; adjust or add what is missing."),
            (90, _d(anchor, 90), f"Compare {what} with the target; decide to scale, change or stop.")]


def _d(anchor: dt.date, days: int) -> str:
    return (anchor + dt.timedelta(days=days)).isoformat()


def _unique(items: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# --- Requested vs found, headline -------------------------------------------------------------

CAUSE_PHRASES = {
    "expectations": "unclear expectations", "feedback": "missing feedback",
    "resources": "tools and process that get in the way",
    "incentives": "consequences that work against it", "manager_support": "no manager backing",
    "knowledge_skill": "a procedure left to memory", "capacity": "a task beyond people's capacity",
    "motives": "low motivation", "disuse": "a skill that fades between rare uses",
}
ISSUE_PHRASES = {
    "unclear": "unclear standards", "unwritten": "unwritten standards",
    "inconsistent": "mixed messages", "unaware": "people unaware of the rule",
    "outdated": "outdated standards", "slow": "slow feedback", "generic": "vague feedback",
    "absent": "no feedback", "tool": "a tool that invites errors", "process": "a confusing process",
    "time": "too little time", "obstacles": "obstacles", "double_entry": "double entry",
    "data": "missing data", "punished": "penalties for doing it right",
    "wrong_rewarded": "rewarded shortcuts", "no_consequence": "no consequences either way",
    "conflicting_goals": "conflicting goals",
}
MAX_CAUSES = 3


def cause_list(d: Diagnosis) -> list[str]:
    """The causes in diagnostic order, named by their most specific answer."""
    sig = d.signals
    out: list[str] = []
    cells = d.non_training_causes
    if "incentives" in cells and CONFLICTING & set(sig.get("incentive_issues", [])):
        cells = ["incentives"] + [c for c in cells if c != "incentives"]  # it leads
    for cell in cells:
        if cell == "expectations" and sig.get("policies_conflict") == "yes":
            out.append("conflicting policies")
            continue
        issues = sig.get(ISSUE_SETS.get(cell, ""), [])
        if isinstance(issues, list) and issues:
            out.append(ISSUE_PHRASES.get(issues[0], issues[0]))
        elif cell == "knowledge_skill" and d.route == "refresher":
            out.append(CAUSE_PHRASES["disuse"])
        else:
            out.append(CAUSE_PHRASES[cell])
    return list(dict.fromkeys(out))


def cause_words(d: Diagnosis, limit: int = MAX_CAUSES) -> str:
    causes = cause_list(d)
    if len(causes) > limit + 1:  # "and 1 other cause" says less than naming it
        extra = len(causes) - limit
        return _join(causes[:limit] + [f"{extra} other cause{'s' if extra > 1 else ''}"])
    return _join(causes)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def requested_format(sig: Signals) -> str | None:
    sol = sig.get("requested_solution")
    if sol in (None, "none", "unknown"):
        return None
    hours = _num(sig, "requested_format_hours")
    word = FORMAT_WORDS.get(sol, str(sol))
    if not hours:
        return word
    if hours < 1:
        return f"{round(hours * 60)}-minute {word}"
    return f"{int(hours) if hours.is_integer() else f'{hours:g}'}-hour {word}"


def _lower_first(text: str) -> str:
    """'Share of claims' -> 'share of claims', but keep 'NPS' or 'CRM usage' as written."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def outcome(sig: Signals) -> str:
    metric = _lower_first(_text(sig, "metric") or "the result")
    target = _text(sig, "target")
    deadline = _text(sig, "deadline")
    goal = f"move {metric}" + (f" to {_lower_first(target)}" if target else "")
    return goal + (f" by {deadline}" if deadline else " within 90 days")


def phrase(c: Chosen) -> str:
    """How the headline names a fix, with what was folded into it ('... carrying the
    agreed standard')."""
    extra = [i.input_phrase for i in c.inputs if i.input_phrase]
    return " ".join([c.entry.phrase, *extra])


MAX_NAMED = 2  # a headline names at most two fixes; the plan lists the rest


def _fixes(chosen: list[Chosen], n: int = MAX_NAMED) -> str:
    return _join([phrase(c) for c in chosen if c.entry.cell != "launch"][:n])


def _training_mix(chosen: list[Chosen]) -> str:
    """The training named first, then the job aid that supports it, if it is not already
    named ('one hour of hands-on practice with a one-page job aid')."""
    train = [c.entry.phrase for c in chosen if c.entry.kind == "training"]
    support = [c.entry.phrase for c in chosen if c.entry.kind == "non_training"
               and c.entry.cell == "knowledge_skill"]
    text = train[0] if train else "targeted practice"
    return text + (f" with {support[0]}" if support else "")


def headline(d: Diagnosis, verdict: str, chosen: list[Chosen], missing: list[str]) -> str:
    sig = d.signals
    asked = requested_format(sig)
    if verdict == "more_info":
        return (f"Before building anything, find out {_join(missing)}: a short follow-up will "
                "show whether training, a non-training fix or both will solve it.")
    if verdict == "no_intervention":
        why = d.low_stakes or ("the answers show no gap in standards, feedback, tools, "
                               "incentives or skill")
        return f"Build nothing new for now: {why}; clarify what is wanted and revisit if the cost grows."
    if verdict == "training":
        instead = f", not the requested {asked}," if asked and sig.get("requested_solution") in (
            "course", "elearning", "workshop", "video") else ""
        return f"Train, sized to the task: {_training_mix(chosen)}{instead} should {outcome(sig)}."
    if verdict == "blended":
        # The fix that leads (an environment fix, or the job aid carrying the standard),
        # then the training piece: two fixes named, the plan lists the rest.
        first = next((c for c in chosen if c.lead and c.entry.kind == "non_training"), None)
        if first is None:
            first = next((c for c in chosen if c.entry.kind == "non_training"
                          and c.entry.cell in ENVIRONMENT), None)
        train = next((c.entry.phrase for c in chosen if c.entry.kind == "training"),
                     "targeted practice")
        start = f"start with {phrase(first)}, then " if first is not None else ""
        return (f"Fix {cause_words(d)} first, then train: {start}{train}, to "
                f"{outcome(sig)}.")
    opener = f"Don't build the {asked}" if asked and sig.get("requested_solution") in (
        "course", "elearning", "workshop", "video") else "Training won't fix this"
    # The cost claim only where the numbers back it: fewer learner hours than requested.
    asked_hours = _num(sig, "requested_format_hours")
    cheaper = " at a fraction of the cost" if asked_hours and \
        recommended_hours(chosen) < asked_hours / 2 else ""
    return (f"{opener}: the causes are {cause_words(d)}; start with {_fixes(chosen)} to "
            f"{outcome(sig)}{cheaper}.")


FINDINGS = {
    "more_info": "The problem, the people or the measure are not yet clear enough to choose "
                 "a solution.",
    "no_intervention": "The stakes or the gap do not justify building something new.",
    "non_training": "The causes are {causes}; people do not lack skill, so training would "
                    "not move the result.",
    "training": "There is a real skill gap and the work environment supports the task, so "
                "training fits, sized to the task.",
    "training_unexamined": "There is a real skill gap, so training fits, sized to the task; "
                           "the work environment has not been examined yet.",
    "blended": "There is a real skill gap, and also {causes}. The environment fix leads, "
               "because skills taught into a broken process do not stick.",
}
SERVE = {
    "more_info": "We will not leave the request waiting: with the missing facts we can "
                 "propose a plan at a follow-up by {date}.",
    "no_intervention": "We will agree with the requester what would help, point to what "
                       "already exists, and look again if the cost grows.",
    "act": "The goal is to {goal}. We start with {lead}, {launch}, measure at 30, 60 and 90 "
           "days, and add or change what the numbers show is needed.",
}


def requested(d: Diagnosis, verdict: str, chosen: list[Chosen], anchor: dt.date) -> dict[str, Any]:
    sig = d.signals
    sol = sig.get("requested_solution")
    ev = sig.evidence.get("requested_solution", [])
    key = verdict
    if verdict == "training" and d.environment_unexamined:
        key = "training_unexamined"
    causes = cause_words(d) if verdict in ("non_training", "blended") else ""
    finding = FINDINGS[key].format(causes=causes)
    if verdict in ACTIONABLE:
        lead = next((phrase(c) for c in chosen if c.lead), "the first fix")
        pilot = any(c.entry.cell == "launch" for c in chosen)
        serve = SERVE["act"].format(goal=outcome(sig), lead=lead, launch=(
            "try it with a small group before rolling out" if pilot else "launch fast"))
    else:
        serve = SERVE[verdict].format(date=_d(anchor, 7))
    return {"solution": None if sol in ("unknown", None) else sol,
            "format_hours": _num(sig, "requested_format_hours"),
            "as_stated": ev[0].answer if ev else None,
            "finding": finding, "how_we_serve_the_goal": serve}


# --- Risks, next steps, what to find out -------------------------------------------------------

def risks(d: Diagnosis, verdict: str, chosen: list[Chosen], codes: list[str]) -> list[str]:
    out: list[str] = []
    if verdict == "more_info":
        out.append("Building before these facts are in risks a polished answer to the wrong problem.")
    if verdict == "no_intervention":
        out.append("If the problem grows (more errors, higher cost), the answer changes: revisit.")
    owners = _unique(e.owner for c in chosen for e in (*c.inputs, c.entry) if e.referral)
    if owners:
        out.append(f"Fixes owned outside L&D ({'; '.join(owners)}) may stall: agree an owner "
                   "and a date for each before launch.")
    if any(c.entry.kind == "training" for c in chosen):
        out.append("Practice without manager follow-up fades within weeks: plan how managers "
                   "will check the behaviour.")
    if "no-baseline" in codes:
        out.append("Without a baseline the improvement cannot be shown.")
    if "vanity-metric" in codes:
        out.append("Reporting only completions or satisfaction will not show whether the problem is solved.")
    if "late-involvement" in codes:
        out.append("A late start leaves little time: release a first version fast and iterate.")
    if verdict in ACTIONABLE and d.environment_unexamined:
        out.append("Standards, feedback, tools and consequences were not examined: check them "
                   "with the field before launch, or the fix may miss the real cause.")
    if d.state("motives") == "gap":
        out.append("Low motivation may be a symptom of the environment: look again after the fixes.")
    if verdict in ACTIONABLE:  # with nothing launched, there is no effect to attribute
        out.append("Other changes running at the same time can move the metric: note them, "
                   "and compare with a group that starts later if possible.")
    return out


WHO = {
    "problem_statement": ("the business problem (in business terms)", "The requester or sponsor",
                          "A request for a course is a solution; we need the problem it should solve."),
    "metric": ("the measure that shows the problem is solved", "The requester and the data or metric owner",
               "Without a measure nobody can tell whether any solution worked."),
    "audience": ("who exactly is involved and how many", "The requester and frontline managers",
                 "Role, team and number decide the format and the cost."),
    "baseline": ("the measure's value today", "The data or metric owner",
                 "Improvement can only be shown against a starting point."),
    "target": ("the value that means success", "The sponsor",
               "A target tells everyone when to stop."),
    "deadline": ("the date to reach the target", "The sponsor", "Checkpoints hang on it."),
    "cost_of_problem": ("what the problem costs per month", "Finance or the metric owner",
                        "It decides how much a fix is worth."),
    "could_do_if_life_depended": ("whether people could do it if their life depended on it",
                                  "Frontline managers; watch two or three people do the task",
                                  "If they could, it is not a skill gap and training will not help."),
    "task_frequency": ("how often one person does the task", "Frontline managers",
                       "A skill used rarely fades (practice or a job aid); one used often "
                       "and still wrong points to feedback."),
    "reference_allowed": ("whether a reference can be open while doing the task",
                          "A subject-matter expert or frontline manager",
                          "If it can, a job aid may replace most of the training."),
    "causes": ("what gets in the way (standards, feedback, tools, consequences)",
               "Frontline managers and two or three people who do the work",
               "Most performance problems sit in the environment, not in skills."),
}


def missing_items(d: Diagnosis, verdict: str) -> list[str]:
    sig = d.signals
    names = list(d.missing_basics)
    if verdict == "no_intervention":
        return names
    if sig.has("metric"):
        names += [n for n in ("baseline", "target", "deadline") if not sig.has(n)]
    if not sig.has("cost_of_problem"):
        names.append("cost_of_problem")
    if d.training_need and sig.get("could_do_if_life_depended") != "no":
        names.append("could_do_if_life_depended")
    if d.route == "refresher" and sig.get("task_frequency") == "unknown":
        names.append("task_frequency")
    if d.route == "practice" and sig.get("reference_allowed") == "unknown":
        names.append("reference_allowed")
    if (verdict == "more_info" and not d.missing_basics) or (
            verdict in ACTIONABLE and d.environment_unexamined):
        names.append("causes")
    return names


def next_steps(d: Diagnosis, verdict: str, chosen: list[Chosen], anchor: dt.date,
               missing: list[str], requester: str) -> list[tuple[str, str, str]]:
    who = requester or "the requester"
    if verdict == "more_info":
        steps = [(f"Find out {WHO[m][0]}", WHO[m][1], _d(anchor, 5)) for m in missing[:4]]
        steps.append((f"Meet again with {who} to finish the intake and agree a plan",
                      "L&D", _d(anchor, 7)))
        return steps
    if verdict == "no_intervention":
        return [(f"Confirm with {who} what they need and share what already exists", "L&D",
                 _d(anchor, 7)),
                ("Look again if the cost of the problem grows", "L&D", _d(anchor, 90))]
    steps = [(f"Share this diagnosis and plan with {who}; agree the measure and target",
              "L&D", _d(anchor, 3))]
    if "baseline" in missing:
        steps.append(("Take a baseline reading of the measure before launch",
                      "Data or metric owner", _d(anchor, 7)))
    for c in chosen:
        if c.entry.cell == "launch":
            continue
        due = _d(anchor, 7 if c.lead else 14)
        for i in c.inputs:  # what goes into the fix is settled before it is built
            verb = "Hand over with the evidence: " if i.referral else "Start: "
            steps.append((f"{verb}{i.title} (input to: {c.entry.title.lower()})", i.owner, due))
        verb = "Hand over with the evidence: " if c.entry.referral else "Start: "
        steps.append((verb + c.entry.title, c.entry.owner, due))
    steps.append(("First checkpoint: leading indicators and behaviours", "L&D", _d(anchor, 30)))
    return steps
