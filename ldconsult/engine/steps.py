"""Next steps (each with an owner and a date) and what to find out (each with a concrete
way of finding it out: pull the data, watch the work, compare a good group with a poor
one, ask the best performers, or ask the people who know)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ldconsult.bank.signals import Signals
from ldconsult.engine.catalogue import MANDATED_MINIMUM
from ldconsult.engine.diagnosis import Diagnosis
from ldconsult.engine.select import ACTIONABLE, TRAINING_SLOT, Chosen, mandated
from ldconsult.engine.timeline import Timeline, iso
from ldconsult.engine.weigh import weeks_to_effect


@dataclass(frozen=True)
class FindOut:
    code: str
    item: str  # what to find out
    ask: str  # whom
    why: str
    method: str  # data | observe | compare | exemplar | interview
    how: str  # the concrete way


FIND_OUT: dict[str, FindOut] = {f.code: f for f in (
    FindOut("problem_statement", "the business problem, in business terms",
            "The requester or sponsor", "A request for a course is a solution; we need the "
            "problem it should solve.", "interview",
            "Ask what would be different for the business if this worked, and what it costs now"),
    FindOut("metric", "the measure that shows the problem is solved",
            "The requester and the data or metric owner", "Without a measure nobody can tell "
            "whether any solution worked.", "data",
            "Ask which report already shows the problem, and pull its last three readings"),
    FindOut("outcome", "which business outcome should change, and the measure that shows it",
            "The requester or sponsor", "Nothing measurable was named, so nobody could tell "
            "whether any solution worked.", "interview",
            "Ask what would be different in the business if this worked, pick one outcome, "
            "and find the report or survey that already shows it"),
    FindOut("audience", "who exactly is involved, and how many", "The requester and "
            "front-line managers", "Role, team and number decide the form and the cost.",
            "interview", "List the roles, teams and head-count with the front-line managers"),
    FindOut("baseline", "the measure's value today", "The data or metric owner",
            "Improvement can only be shown against a starting point.", "data",
            "Pull the measure for the last three months from its source"),
    FindOut("target", "the value that means success", "The sponsor",
            "A target tells everyone when to stop.", "interview",
            "Agree the target with the sponsor before anything is built"),
    FindOut("deadline", "the date to reach the target", "The sponsor",
            "Checkpoints hang on it.", "interview", "Agree a date with the sponsor"),
    FindOut("cost_of_problem", "what the problem costs per month", "Finance or the metric owner",
            "It decides how much a fix is worth.", "data",
            "Estimate rework hours x hourly cost, refunds, penalties or lost income with finance"),
    FindOut("stakes", "what the problem costs or risks", "The requester and finance",
            "Without the stakes nobody can tell a real problem from a preference.", "data",
            "Put a rough monthly figure on it (rework, refunds, complaints, risk) with finance"),
    FindOut("could_do_if_life_depended", "whether people could do it if their life depended "
            "on it", "Front-line managers and three people who do the task",
            "If they could, it is not a skill gap and training will not help.", "compare",
            "Compare new and experienced people (or a good team and a poor one) under the same "
            "conditions, and watch three of them do the task with time to do it right"),
    FindOut("causes_data", "where the problem actually comes from",
            "The owner of the system's data", "Suspected causes that nobody has measured can "
            "each need a different fix.", "data",
            "Pull the system's timestamps or error log and split the problem by stage and by "
            "cause, before and after each recent change"),
    FindOut("causes_observe", "what gets in the way on the job (standards, feedback, tools, "
            "consequences)", "Front-line managers and three people who do the work",
            "Most performance problems sit in the environment, not in skills.", "observe",
            "Watch three people do the work for a full working day (in more than one team) "
            "and note where time goes and what blocks them"),
    FindOut("exemplars", "who already does it well under the same conditions",
            "Front-line managers and the data owner", "A good group in the same conditions "
            "shows what works, and rules out the conditions.", "compare",
            "Compare the best team, site or person with a typical one on the same measure"),
    FindOut("exemplar_method", "what the best performers do differently",
            "The best performers and their manager", "Their method is the cheapest proven fix, "
            "and the content of any training.", "exemplar",
            "Ask the best performers (or their supervisor) what they do differently, and watch "
            "them once"),
    FindOut("incentives", "what happens when people do it right, or cut corners",
            "Three performers and their manager", "A target or bonus that pays for the "
            "shortcut beats any training.", "interview",
            "Ask three performers and their manager what it costs them to do it right"),
    FindOut("task_frequency", "how often one person does the task", "Front-line managers",
            "A skill used rarely fades (practice or a job aid); one used often and still wrong "
            "points to feedback.", "interview", "Ask the front-line managers"),
    FindOut("reference_allowed", "whether a reference can be open while doing the task",
            "A subject-matter expert or front-line manager", "If it can, a job aid may replace "
            "most of the training.", "observe", "Watch the task once and see where a guide "
            "could sit"),
    FindOut("scope", "how much of the task is new", "A subject-matter expert",
            "Training is sized to what there is to learn.", "interview",
            "List the tasks, screens or workflows that are new or changed with an expert"),
)}
ITEM_WORDS = {code: f.item for code, f in FIND_OUT.items()}


def missing_items(d: Diagnosis, verdict: str) -> list[str]:
    """What to find out, most decisive first."""
    sig = d.signals
    names = list(d.missing_basics)
    if "metric" in names and sig.get("metric_kind") in ("none", "not_chosen"):
        # Nothing measurable named yet: the outcome must be agreed before any data is pulled.
        names[names.index("metric")] = "outcome"
    if verdict == "no_intervention":
        return names
    names += [n for n in d.decisive_unknowns if n != "causes"]
    if "causes" in d.decisive_unknowns or (verdict in ACTIONABLE and d.environment_unexamined) \
            or (verdict == "more_info" and not d.missing_basics and not d.decisive_unknowns):
        names += ["causes_data", "causes_observe"]
    if sig.get("exemplars_exist") == "unknown" and verdict == "more_info":
        names.append("exemplars")
    if sig.get("exemplars_exist") == "yes" and sig.get("exemplar_method") in ("unknown", "training") \
            and verdict == "more_info":
        names.append("exemplar_method")
    if verdict == "more_info" and d.state("incentives") == "unknown" and not d.missing_basics:
        names.append("incentives")
    if sig.has("metric"):
        names += [n for n in ("baseline", "target", "deadline") if not sig.has(n)]
    if d.training_need and sig.get("could_do_if_life_depended") != "no":
        names.append("could_do_if_life_depended")
    if d.route == "refresher" and sig.get("task_frequency") == "unknown":
        names.append("task_frequency")
    if d.route == "practice" and sig.get("reference_allowed") == "unknown":
        names.append("reference_allowed")
    if d.training_need and sig.get("scope") == "unknown":
        names.append("scope")
    if verdict in ACTIONABLE and not sig.has("cost_of_problem") and not d.mandated:
        names.append("cost_of_problem")
    return list(dict.fromkeys(names))


def next_steps(d: Diagnosis, verdict: str, chosen: list[Chosen], starts: list[dt.date | None],
               tl: Timeline, missing: list[str], requester: str) -> list[tuple[str, str, str]]:
    """``starts``: each chosen fix's start_date, in step with ``chosen``."""
    who = requester or "the requester"
    if verdict == "more_info":
        steps = [(FIND_OUT[m].how, FIND_OUT[m].ask, tl.after(5)) for m in missing[:5]]
        return steps + [(f"Meet again with {who}{_with_field(d)} to choose the fix",
                         "L&D", meet_again(tl))]
    if verdict == "no_intervention":
        acts = any(c.entry.id == "requester_acts" for c in chosen)
        steps = [(_direct(d), who, tl.after(7))] if acts else [
            (f"Confirm with {who} what they need and share what already exists", "L&D",
             tl.after(7))]
        return steps + [("Look again if the problem grows or spreads", "L&D", tl.after(90))]
    steps = [(f"Share this diagnosis and plan with {who}; agree the measure and target",
              "L&D", tl.after(3))]
    if "baseline" in missing:
        steps.append(("Take a baseline reading of the measure before launch",
                      "Data or metric owner", tl.after(7)))
    for c, due in zip(chosen, starts):
        if c.entry.cell == "launch":
            continue
        verb = "Hand over with the evidence: " if c.entry.referral else "Start: "
        when = iso(due) if due else "at the next plan year or reset"
        steps.append((verb + c.entry.title, owner(c.entry, d.signals, requester), when))
    return steps


def _direct(d: Diagnosis) -> str:
    if d.isolated:
        return ("Handle it directly: a private, specific conversation with the person, and a "
                "personal reply to whoever raised it; tell those above what was done")
    return ("Try it directly at no cost: show it at a team briefing, ask the people who do the "
            "work how it fits at busy times, and run it for a month before it becomes a standard")


def start_date(d: Diagnosis, c: Chosen, chosen: list[Chosen], tl: Timeline) -> dt.date | None:
    """When a fix starts: at once for the lead and parallel tracks, after its
    preconditions have landed, or None when it can only change at a later reset.
    Finding out starts at once, since its steps are due within the week."""
    if c.entry.cell == "assessment":
        return tl.start(1)
    if weeks_to_effect(d, c.entry) == float("inf"):
        return None
    start = tl.start(7 if c.lead or c.bundle_of or c.track else 14)  # two tracks: both now
    for pre in c.after:
        first = next((x for x in chosen if x.entry.id == pre), None)
        if first is not None:
            landed = tl.start(7) + dt.timedelta(weeks=min(weeks_to_effect(d, first.entry), 26))
            start = max(start, landed)
    if c.entry.kind == "training" and tl.launch_due and tl.go_live is not None:
        # People must be able on the go-live day: the training never waits past it.
        start = min(start, max(tl.go_live - dt.timedelta(days=7), tl.start(3)))
    return start


def ready_by(d: Diagnosis, chosen: list[Chosen], tl: Timeline) -> dt.date | None:
    """When what the training depends on must be in place: its start, or the go-live
    when that comes first (docs/method.md, "Preconditions")."""
    train = next((c for c in chosen if c.entry.slot == TRAINING_SLOT), None)
    if train is None:
        return None
    start = start_date(d, train, chosen, tl)
    days = [x for x in (start, tl.go_live if tl.launch_ahead else None) if x is not None]
    return min(days) if days else None


def preconditions(chosen: list[Chosen]) -> list[Chosen]:
    """The plan's fixes that the training depends on (``readies`` its slot)."""
    if not any(c.entry.slot == TRAINING_SLOT for c in chosen):
        return []
    return [c for c in chosen if TRAINING_SLOT in c.entry.readies]


def meet_again(tl: Timeline) -> str:
    """Within two weeks, and early enough to act before the deadline or go-live."""
    limit = [x for x in (tl.deadline, tl.go_live if tl.launch_ahead else None) if x]
    days = 14
    if limit:
        days = max(5, min(days, (min(limit) - tl.anchor).days // 3))
    return tl.after(days)


def _with_field(d: Diagnosis) -> str:
    voices = d.signals.values.get("voices")
    if voices is not None and "field" not in voices:
        return ", the front-line managers and two or three people who do the work"
    return ""


def owner(e: Any, sig: Signals, requester: str) -> str:
    """The owner, named from the answers where the catalogue says how (the requester's own
    bonus, sales leadership's commission plan, the budget holder)."""
    text = e.owner
    for signal, by_value in e.owner_by.items():
        have = sig.get(signal)
        values = have if isinstance(have, list) else [have]
        hit = next((by_value[v] for v in values if v in by_value), None)
        if hit is not None:
            text = hit
            break
    who = requester or "The requester"
    return text.replace("{requester}", who)


PROOF_WORDS = {"records": "a record for each person", "assessment": "a test or pass mark",
               "signoff": "supervised practice with a signed sign-off before working alone",
               "refresher": "a refresher at set intervals",
               "hours": "a minimum number of hours"}
REFRESH_WORDS = {"once": "once", "yearly": "every year", "two_years": "every two years",
                 "three_years": "every three years or more"}


def mandate_terms(d: Diagnosis, chosen: list[Chosen], tl: Timeline,
                  starts: list[dt.date | None]) -> dict[str, Any] | None:
    """What the rule requires (who, proof, date, refresher) and how the plan meets it, in
    the rule's own terms (docs/method.md, "Mandates")."""
    sig = d.signals
    if not d.mandated:
        return None
    needs = [r for r in (sig.get("mandate_requires", []) or []) if r in PROOF_WORDS]
    train = mandated(chosen)
    by = iso(tl.mandate_deadline)
    start = next((s for c, s in zip(chosen, starts) if c is train), None)
    refresh = REFRESH_WORDS.get(sig.get("mandate_refresh"))
    if train is None:
        how = "Nothing in the plan meets it yet: add the mandated training."
    else:
        form = (" in its smallest form" if train.entry.id == MANDATED_MINIMUM
                else " and is also the fix")
        when = [f"from {start.isoformat()}"] if start else []
        when += [f"done by {by}"] if by else []
        when += [f"repeated {refresh}"] if refresh and refresh != "once" else []
        how = f"{train.entry.title} meets it{form}" + (f": {', '.join(when)}" if when else "") + "."
    return {"who": sig.text("audience") or "", "proof": tuple(PROOF_WORDS[n] for n in needs),
            "by": by, "refresh": refresh, "terms": sig.text("mandate_terms"),
            "met_by": train.entry.id if train else None, "how": how}
