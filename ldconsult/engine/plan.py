"""The words of a recommendation: the headline, why the lead leads, what was requested
against what was found, risks, next steps and what to find out (with how). Every sentence
is built from the diagnosis, so none can contradict the grid (tests/test_engine_properties).
"""

from __future__ import annotations

from typing import Any

from ldconsult.bank.signals import Signals
from ldconsult.engine.catalogue import MANDATED_MINIMUM
from ldconsult.engine.diagnosis import ENVIRONMENT, Diagnosis
from ldconsult.engine.measure import goal_of
from ldconsult.engine.select import ACTIONABLE, ISSUE_SETS, Chosen
from ldconsult.engine.sizing import Size, say_hours
from ldconsult.engine.steps import owner
from ldconsult.engine.timeline import Timeline
from ldconsult.engine.weigh import CONFLICTING
from ldconsult.engine.words import and_list, goal_sentence

__all__ = ["headline", "lead_reason", "requested", "risks",
           "outcome", "phrase", "cause_list", "cause_words", "requested_format"]

FORMAT_WORDS = {"course": "course", "elearning": "e-learning", "workshop": "workshop",
                "video": "video", "job_aid": "job aid", "coaching": "coaching",
                "communication": "communication", "other": "solution"}
TRAINING_FORMATS = frozenset({"course", "elearning", "workshop", "video"})


# --- Causes in words --------------------------------------------------------------------

CAUSE_PHRASES = {
    "expectations": "unclear expectations", "feedback": "missing feedback",
    "resources": "tools and process that get in the way",
    "incentives": "consequences that work against it", "manager_support": "no manager backing",
    "knowledge_skill": "a skill gap", "capacity": "a task beyond people's capacity",
    "motives": "low motivation", "disuse": "a skill that fades between rare uses",
    "job_aid": "a procedure left to memory", "reference": "a reference not at hand",
}
# The issue that answers "what explains most of it", when the requester named one.
MAIN_ISSUE = {"cue": "cue_unseen", "no_check": "no_check", "tool": "tool", "data": "data",
              "equipment": "equipment", "double_entry": "double_entry", "process": "process",
              "time": "time"}
ISSUE_PHRASES = {
    "unclear": "unclear standards", "unwritten": "unwritten standards",
    "inconsistent": "mixed messages", "unaware": "people unaware of the rule",
    "outdated": "outdated standards", "hard_to_find": "a standard out of reach when needed",
    "no_process": "no agreed way of working", "slow": "slow feedback",
    "generic": "vague feedback", "absent": "no feedback", "tool": "a tool that invites errors",
    "process": "a process with gaps", "time": "too little time", "obstacles": "waiting",
    "double_entry": "double entry", "data": "missing data", "equipment": "too little equipment",
    "cue_unseen": "a signal people cannot perceive", "no_check": "no check before errors escape",
    "lax_controls": "lax controls", "punished": "penalties for doing it right",
    "wrong_rewarded": "rewards for the shortcut", "no_consequence": "no consequence for doing it wrong",
    "conflicting_goals": "conflicting targets", "no_reward": "nothing for doing it right",
    "blamed": "blame for errors",
}
MAX_CAUSES = 3


def cause_list(d: Diagnosis) -> list[str]:
    """The causes in diagnostic order, each named by its answers."""
    sig = d.signals
    out: list[str] = []
    cells = d.non_training_causes
    if "incentives" in cells and CONFLICTING & set(sig.get("incentive_issues", [])):
        cells = ["incentives"] + [c for c in cells if c != "incentives"]
    main = MAIN_ISSUE.get(sig.get("main_cause"))
    named: list[bool] = []  # in step with ``out``: is this the issue explaining most of it?
    for cell in cells:
        if cell == "expectations" and sig.get("policies_conflict") == "yes":
            out.append("conflicting rules")
            named.append(False)
            continue
        issues = sig.get(ISSUE_SETS.get(cell, ""), [])
        if isinstance(issues, list) and issues:
            issue = main if main in issues else issues[0]
            out.append(ISSUE_PHRASES.get(issue, issue))
            named.append(issue == main)
            continue
        if cell == "knowledge_skill":
            route = {"refresher": "disuse", "job_aid": "job_aid"}.get(d.route, "")
            route = "reference" if sig.get("could_do_if_life_depended") == "with_reference" \
                else route
            out.append(CAUSE_PHRASES[route or cell])
        else:
            out.append(CAUSE_PHRASES[cell])
        named.append(False)
    # What explains most of the problem is named first.
    first = [p for p, m in zip(out, named) if m]
    return list(dict.fromkeys(first + out))


def cause_words(d: Diagnosis, limit: int = MAX_CAUSES) -> str:
    causes = cause_list(d)
    if len(causes) > limit + 1:
        extra = len(causes) - limit
        return and_list(causes[:limit] + [f"{extra} other cause{'s' if extra > 1 else ''}"])
    return and_list(causes)


def requested_format(sig: Signals) -> str | None:
    sol = sig.get("requested_solution")
    if sol in (None, "none", "unknown"):
        return None
    hours = sig.number("requested_format_hours")
    word = FORMAT_WORDS.get(sol, str(sol))
    if not hours:
        return word
    if hours < 1:
        return f"{round(hours * 60)}-minute {word}"
    return f"{int(hours) if hours.is_integer() else f'{hours:g}'}-hour {word}"


def outcome(sig: Signals) -> str:
    """'get wrong-fee rate from 11% to 2% or less by 2027-03-31', from the goal's parts
    (the KPI and its own clause of the baseline and target), never the answers pasted."""
    return goal_sentence(goal_of(sig))


def phrase(c: Chosen, plan: list[Chosen] | None = None) -> str:
    """How the headline names a fix, with what travels with it."""
    extra = [i.input_phrase for i in c.inputs if i.input_phrase]
    text = " ".join([c.entry.phrase, *extra])
    partners = [b.entry.phrase for b in plan or [] if b.bundle_of == c.entry.id
                and b.entry.slot != "expectations:standard_work"
                and b.entry.id not in c.entry.interim and b.entry not in c.inputs]
    return text + (f" together with {and_list(partners[:2])}" if partners else "")


# --- Headline and why the lead leads ----------------------------------------------------

def _lead(chosen: list[Chosen]) -> Chosen | None:
    return next((c for c in chosen if c.lead), None)


def _training(chosen: list[Chosen], size: Size | None) -> str:
    train = next((c for c in chosen if c.entry.kind == "training"
                  and c.entry.id != MANDATED_MINIMUM), None) or next(
        (c for c in chosen if c.entry.kind == "training"), None)
    if train is None:
        return "targeted practice"
    hours = size if train.entry.sized else None
    if hours is not None:
        who = f" for {hours.learners:,.0f} people" if hours.learners else ""
        return f"{train.entry.phrase} (about {say_hours(hours.hours)} each{who})"
    return train.entry.phrase


def headline(d: Diagnosis, verdict: str, chosen: list[Chosen], missing: list[str],
             size: Size | None) -> str:
    sig = d.signals
    asked = requested_format(sig)
    if verdict == "more_info":
        return (f"Before building anything, find out {and_list(missing[:3])}: a short "
                "investigation will show whether training, a non-training fix or both will "
                "solve it.")
    if verdict == "no_intervention":
        return _no_build(d, chosen)
    lead = _lead(chosen)
    env = next((c for c in chosen if c.entry.kind == "non_training" and c.bundle_of is None
                and c.entry.cell in ENVIRONMENT and not c.lead), None) or next(
        (c for c in chosen if c.entry.kind == "non_training" and c.bundle_of is None
         and c.entry.cell == "knowledge_skill" and not c.lead), None)
    if verdict == "training":
        instead = f", not the requested {asked}" if asked and sig.get(
            "requested_solution") in TRAINING_FORMATS else ""
        support = f" with {phrase(env, chosen)}" if env else ""
        return f"Train, sized to the task: {_training(chosen, size)}{support}{instead}, to {outcome(sig)}."
    if verdict == "blended" and lead is not None and lead.entry.kind == "training":
        both = f", with {phrase(env, chosen)} alongside" if env else ""
        return f"Train and fix the work together: {_training(chosen, size)}{both}, to {outcome(sig)}."
    if verdict == "blended" and lead is not None and lead.entry.cell in ENVIRONMENT:
        return (f"Fix the work first, with training only for what is new: start with "
                f"{phrase(lead, chosen)}, plus {_training(chosen, size)}, to {outcome(sig)}.")
    if verdict == "blended" and lead is not None:
        both = f", and {phrase(env, chosen)} at the same time" if env and \
            env.entry.cell in ENVIRONMENT else ""
        return (f"Start with {phrase(lead, chosen)}, with {_training(chosen, size)} for what "
                f"is new{both}, to {outcome(sig)}.")
    opener = f"Don't build the {asked}" if asked and sig.get("requested_solution") in (
        *TRAINING_FORMATS, "coaching") else "Training won't fix this"
    second = f", then {phrase(env, chosen)}" if env else ""
    start = phrase(lead, chosen) if lead else "the fixes below"
    return f"{opener}: the causes are {cause_words(d)}; start with {start}{second}, to {outcome(sig)}."


def _no_build(d: Diagnosis, chosen: list[Chosen]) -> str:
    acts = any(c.entry.id == "requester_acts" for c in chosen)
    if d.isolated:
        return ("No course: this is one person and one incident, not a pattern a course "
                "could change. It is best handled directly: a private conversation with the "
                "person and a personal reply to whoever raised it.")
    if d.preference:
        try_it = (" It can be tried directly, at no cost, and kept if it works." if acts else "")
        return ("Build nothing new: the idea is a fair one, but nothing measurable would "
                f"change, so a course could not show it worked.{try_it}")
    why = d.low_stakes or ("the answers show no gap in standards, feedback, tools, "
                           "incentives or skill")
    return f"Build nothing new for now: {why}; clarify what is wanted and revisit if the cost grows."


def lead_reason(chosen: list[Chosen], also: list[Chosen]) -> str:
    """One line: why the lead leads (its weighing), against the next best fix."""
    lead = _lead(chosen)
    if lead is None or lead.score is None:
        return ""
    if lead.entry.cell == "assessment":
        return "Finding out comes first: the facts that decide the fix are not known yet."
    if lead.entry.id == "requester_acts":
        return "The requester can act on it directly, sooner and cheaper than anything L&D could build."
    if lead.entry.cell == "clarify":
        return "The stakes do not justify building something new."
    reasons = list(dict.fromkeys(lead.score.reasons))[:2]
    others = [c for c in chosen + also if c is not lead and c.score is not None
              and c.bundle_of is None and c.entry.cell not in ("launch", "assessment", "clarify")]
    nxt = max(others, key=lambda c: c.score.total, default=None) if others else None
    against = (f" (weight {lead.score.total:g}, against {nxt.score.total:g} for "
               f"{nxt.entry.title.lower()})" if nxt is not None else f" (weight {lead.score.total:g})")
    because = and_list(reasons) if reasons else "it is the best supported fix for the causes found"
    return f"{lead.entry.title} leads because {because}{against}."


# --- Requested versus found -----------------------------------------------------------

def _skill_words(d: Diagnosis) -> str:
    state = d.state("knowledge_skill")
    if state == "ok":
        return "people can already do it, so training would not move the result"
    if state == "unknown":
        return "whether people could do it is not yet known"
    if d.training_need:
        return "there is also something genuinely new to learn"
    return "what people do not know can be carried by a job aid rather than memory"


def requested(d: Diagnosis, verdict: str, chosen: list[Chosen], tl: Timeline) -> dict[str, Any]:
    sig = d.signals
    sol = sig.get("requested_solution")
    ev = sig.evidence.get("requested_solution", [])
    if verdict == "non_training":
        skill = _skill_words(d)
        finding = (f"{skill[:1].upper()}{skill[1:]}; the causes are in the work itself "
                   "(see the grid).")
    elif verdict == "blended" and not d.training_need:
        finding = (f"Training is required (a mandate), and the causes are {cause_words(d)}: "
                   "the mandate is met in its smallest form, and the fixes do the work.")
    elif verdict == "blended":
        finding = ("There is something new to learn, and the work itself needs fixing too "
                   "(see the grid): both tracks are needed.")
    elif verdict == "training" and not d.training_need:
        finding = ("Training is required (a mandate); nothing found says it is also the fix, "
                   "so it is met in its smallest form.")
    elif verdict == "training":
        finding = ("There is a real skill gap and nothing found in the work environment "
                   "stands in the way, so training fits, sized to the task." if not
                   d.environment_unexamined else "There is a real skill gap, so training "
                   "fits, sized to the task; the work environment has not been examined yet.")
    elif verdict == "more_info":
        finding = "The facts that decide between training and other fixes are not in yet."
    else:
        finding = "The stakes or the gap do not justify building something new."
    if verdict in ACTIONABLE:
        lead = next((phrase(c, chosen) for c in chosen if c.lead), "the first fix")
        serve = (f"The goal is to {outcome(sig)}. We start with {lead}, measure at the "
                 "checkpoints below, and add or change what the numbers show is needed.")
    elif verdict == "more_info":
        serve = (f"We will not leave the request waiting: with these facts we can propose a "
                 f"plan at a follow-up by {tl.after(14)}.")
    else:
        serve = ("We will agree with the requester what would help, point to what already "
                 "exists, and look again if the cost grows.")
    return {"solution": None if sol in ("unknown", None) else sol,
            "format_hours": sig.number("requested_format_hours"),
            "as_stated": ev[0].answer if ev else None,
            "finding": finding, "how_we_serve_the_goal": serve}


# --- Risks --------------------------------------------------------------------------------

def risks(d: Diagnosis, verdict: str, chosen: list[Chosen], codes: list[str],
          reach: str, requester: str = "") -> list[str]:
    """What could stop the plan. The flags (no baseline, a vanity measure, a late start)
    are said once, as flags, not again here. Owners are named as the plan names them."""
    out: list[str] = []
    if verdict == "more_info":
        out.append("Building before these facts are in risks a polished answer to the wrong problem.")
    if verdict == "no_intervention":
        out.append("If the problem grows (more errors, higher cost), the answer changes: revisit.")
    owners = list(dict.fromkeys(owner(c.entry, d.signals, requester) for c in chosen
                                if c.entry.referral and c.bundle_of is None
                                and c.entry.cell != "clarify"))
    if owners and verdict in ACTIONABLE:
        out.append(f"Fixes owned outside L&D ({'; '.join(owners[:4])}) may stall: agree an "
                   "owner and a date for each before launch.")
    if reach:
        out.append(f"Reach: {reach}.")
    if any(c.entry.kind == "training" for c in chosen) and \
            not any(c.entry.cell == "manager_support" for c in chosen):
        out.append("Practice without manager follow-up fades within weeks: plan how managers "
                   "will check the behaviour.")
    if verdict in ACTIONABLE and d.environment_unexamined:
        out.append("Standards, feedback, tools and consequences were not examined: check them "
                   "with the people who do the work before launch, or the fix may miss the "
                   "real cause.")
    if d.state("motives") == "gap":
        out.append("Low motivation may be a symptom of the environment: look again after the fixes.")
    if verdict in ACTIONABLE:
        out.append("Other changes running at the same time can move the measure: note them, "
                   "and compare with a group that starts later if possible.")
    return out
