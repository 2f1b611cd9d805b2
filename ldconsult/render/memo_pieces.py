"""The ready-made pieces of the built-in memo (``memo`` in a template's context): the short
body a busy reader reads in two minutes, and the appendices' details. Every sentence is
whole (nothing is cut), said once, and in the case's words; numbers that come to nothing
or are unknown are said in words. The engine's texts are used as they are.
"""

from __future__ import annotations

import re
from typing import Any

from ldconsult.engine.recommendation import GRID, Recommendation
from ldconsult.engine.select import ACTIONABLE
from ldconsult.engine.words import and_list, lower_first, measure_phrase, upper_first
from ldconsult.intake import Intake
from ldconsult.render.textutil import (
    also_watch,
    because,
    bundles,
    economics_rows,
    group_evidence,
    money,
    months,
    goal_parts,
    num,
    paired_behaviours,
    time_left,
)

STATE_WORD = {"gap": "**GAP**", "ok": "ok", "unknown": "?"}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}
# A checkpoint's kind in a word or two, for the body; the appendix says why each falls
# on its date.
LABEL_WORDS = 4  # a reason this short is its own label ("the deadline")
KIND_WORDS = {"leading": "leading indicators", "first": "first reading", "mid": "halfway",
              "target": "target check", "review": "review", "early": "early target",
              "mandate": "the requirement's date", "facts": "facts in", "decide": "decide"}


def memo_pieces(rec: Recommendation, intake: Intake) -> dict[str, Any]:
    interventions = sorted(rec.interventions, key=lambda i: not i.lead)
    plan = bundles(rec.interventions)
    heads = plan.heads
    risks = _risk_items(rec)
    # Starting or handing over a fix of the plan shows as its date in the plan's table,
    # and finishing a mandated one as the requirement's checkpoint; the body's next steps
    # are the others (all of them are in the appendix).
    planned = {_start_key(i) for i in interventions}
    other_steps = [s for s in rec.next_steps if not _of_the_plan(s, planned)]
    behaviours = paired_behaviours(rec.measurement)
    # The plan's fixes first, then the others: an answer is quoted once across both.
    details = _details(interventions + list(rec.also_consider))
    return {
        "brief": " ".join(_brief_sentences(rec, len(intake.unknown))),
        "gap_lines": _gap_lines(rec),
        "plan": _plan_rows(rec, heads, plan.partners),
        "two_tracks": plan.two_tracks,
        "waits_for": [f"“{p.title}”" for i in heads if i.kind == "training"
                      for p in heads if p.id in i.after and (i.start or "") > (p.start or "")],
        "checkpoints": [{"day": c.day, "date": c.date, "why": c.why,
                         "label": c.why if len(c.why.split()) <= LABEL_WORDS
                         else KIND_WORDS.get(c.kind, c.why),
                         "check": _check(c.check, rec)} for c in rec.measurement.checkpoints],
        "goal": goal_parts(rec.measurement, rec.verdict in ACTIONABLE),
        "also_watch": also_watch(rec.measurement),
        "measure_note": _measure_note(rec),
        "also_titles": [i.title for i in rec.also_consider],
        "risks_top": risks[:BODY_RISKS], "risks_rest": risks[BODY_RISKS:],
        "steps_top": other_steps[:BODY_STEPS],
        "steps_rest": other_steps[BODY_STEPS:],
        "indicators_top": [i for i in rec.measurement.leading_indicators
                           if len(i.split()) <= BODY_ITEM_WORDS][:BODY_MEASURES],
        # The body quotes short behaviours; a long one (a best performer's whole method)
        # is read in the appendix, never cut.
        "behaviours_top": [b for b in behaviours
                           if len(b["text"].split()) <= BODY_ITEM_WORDS][:BODY_MEASURES],
        "behaviours": behaviours,
        "summary": " ".join(_summary_sentences(rec, len(intake.unknown))),
        "date": rec.meeting_date or intake.meta.meeting_date or intake.updated.date().isoformat(),
        "grid": _grid(rec),
        "gaps": [c for c in rec.causes if c.state == "gap"],
        "unknown_cells": [c.label for c in rec.causes if c.state == "unknown"],
        "interventions": interventions,
        "details": details[:len(interventions)],
        "also_details": details[len(interventions):],
        "weights": [i for i in interventions if i.score is not None]
        if rec.verdict in ACTIONABLE else [],
        "advise_against": _advise_against(rec),
        "economics": _economics_rows(rec),
        "economics_missing": _economics_missing(rec),
        "warnings": sorted(rec.flags, key=lambda f: SEVERITY_ORDER.get(f.severity, 9)),
        "time_left": time_left(rec.result.days_left, rec.result.deadline) if rec.result else "",
    }


def _gap_lines(rec: Recommendation) -> list[dict[str, Any]]:
    """Each gap with what its answers show, and one short answer quoted once: a second
    cause resting on the same answer does not quote it again."""
    quoted: set[str] = set()
    out = []
    for c in rec.causes:
        if c.state != "gap":
            continue
        quote = _short_quote(c.evidence)
        if quote in quoted:
            quote = ""
        quoted.add(quote)
        out.append({"cause": c, "finding": _finding(c), "quote": quote})
    return out


def _plan_rows(rec: Recommendation, heads: list[Any], partners: dict[str, list[Any]]
               ) -> list[dict[str, Any]]:
    """The plan's table; a reason already given for an earlier row gives way to the fix's
    own reason, so no two rows say the same."""
    used: set[str] = set()
    rows = []
    for i in heads:
        why = _lead_why(i, rec) if i.lead else _why(i, rec)
        if why in used:
            why = why_sentence(i.summary)
        used.add(why)
        rows.append({"item": i, "why": why, "by": _start(i, rec),
                     "with": [p.title for p in partners[i.id]], "size": _size(i)})
    return rows


def _details(interventions: list[Any]) -> list[dict[str, Any]]:
    """The appendix's fixes, each with the answers behind it that no earlier fix cited:
    an answer is quoted once."""
    seen: set[tuple[str, str]] = set()
    titles = {i.id: i.title for i in interventions}
    out = []
    for i in interventions:
        new = [e for e in i.why if (e.question, e.answer) not in seen]
        seen.update((e.question, e.answer) for e in i.why)
        out.append({"item": i, "why": new, "host": titles.get(i.bundle_of or "", "")})
    return out


def _measure_note(rec: Recommendation) -> str:
    """What the measurement section says when no plan is built."""
    if rec.verdict == "no_intervention":
        when = next((c.date for c in rec.measurement.checkpoints), "")
        return ("Nothing will be built, so there is nothing to measure"
                + (f"; we look again on {when} in case the problem has grown." if when
                   else "."))
    if rec.verdict == "more_info" and rec.measurement.checkpoints:
        return ("The measure is agreed once the fix is chosen; until then, the checks below "
                "are those of finding out.")
    return ""


def _lead_why(lead: Any, rec: Recommendation) -> str:
    """Why the lead leads, without its weights (the appendix has them)."""
    if not rec.lead_reason:
        return _why(lead, rec)
    return because(rec.lead_reason)


def _hours(hours: float) -> str:
    """20 minutes, 1 hour, 2.5 hours."""
    if hours < 1:
        return f"{round(hours * 60)} minutes"
    return "1 hour" if hours == 1 else f"{num(hours)} hours"


def _size(item: Any) -> str:
    """"about 2 hours each for 40 people" for a fix people spend time on."""
    if not item.hours:
        return ""
    return f"about {_hours(item.hours)} each" + (
        f" for {num(item.learners)} people" if item.learners else "")


def _summary_sentences(rec: Recommendation, unknown: int) -> list[str]:
    out = [with_full_stop(rec.headline)]
    lead = rec.lead
    if lead is not None:
        out.append(f"First step: {lower_first(lead.title)} (owner: {lead.owner}, "
                   f"{lead.effort} effort).")
    e = rec.economics
    if e.cost_of_problem_monthly:
        out.append(f"The problem costs about {money(e.cost_of_problem_monthly)} a month.")
    if e.recommended_cost and e.requested_cost:
        out.append(f"Our recommendation costs about {money(e.recommended_cost)}, against "
                   f"{money(e.requested_cost)} for the solution requested.")
    if e.payback_months is not None:
        out.append(f"It should pay for itself in {months(e.payback_months)}.")
    out += _open_questions(rec, unknown)
    m = rec.measurement
    if m.kpi and rec.verdict in ACTIONABLE:
        g = goal_parts(m, True)
        out.append(f"We will judge success by {measure_phrase(m.kpi)}: {g['baseline']} now, "
                   f"{g['target']} {g['date']}.".replace("  ", " ").replace(" .", "."))
    return out


# The body of the built-in memo must read in two minutes: it shows this many items of
# each list and sends the rest (and every full text) to the appendices.
BODY_RISKS, BODY_STEPS, BODY_MEASURES = 2, 4, 2
BODY_ITEM_WORDS = 20  # a longer indicator or behaviour is left to the appendix
# An answer is quoted in the body when it reads alone ("no" does not without its
# question) and is short; the appendix has every answer with its question.
QUOTE_WORDS = (3, 10)
WHY_MIN_WORDS = 7  # shorter sentences in a fix's text are asides, not its reason
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def _open_questions(rec: Recommendation, unknown: int) -> list[str]:
    """The sentence that says how much is still to find out (none when nothing is).

    ``unknown`` counts the answers given as "don't know yet": the open questions. The list
    below (``rec.missing``) holds only the ones that matter most, so it may be shorter."""
    n = len(rec.missing)
    still = (f"{unknown} question{'s are' if unknown != 1 else ' is'} still open "
             "(answered \"don't know yet\")")
    if n and rec.verdict == "more_info":
        return [f"Before anything is built, we need {n} answer{'s' if n != 1 else ''} "
                "(listed below)" + (f"; in all, {still}." if unknown > n else ".")]
    if unknown:
        most = (f"; the {'one' if n == 1 else n} that matter{'s' if n == 1 else ''} most "
                f"{'is' if n == 1 else 'are'} listed below" if n else "")
        return [f"{still}{most}."]
    if n:
        return [f"{n} open question{'s' if n != 1 else ''} remain{'' if n != 1 else 's'} "
                "(listed below)."]
    return []


def _brief_sentences(rec: Recommendation, unknown: int) -> list[str]:
    """The summary for a busy reader: the headline, the money, what is still open."""
    out = [with_full_stop(rec.headline)]
    e = rec.economics
    money_bits = []
    if e.cost_of_problem_monthly:
        money_bits.append(f"the problem costs {money(e.cost_of_problem_monthly)} a month")
    ours = e.total_cost if e.total_cost is not None else e.recommended_cost
    if ours:
        plan = f"our plan costs about {money(ours)} in all"
        if e.requested_cost:
            plan += f" (the request's learner time alone: {money(e.requested_cost)})"
        money_bits.append(plan)
    elif e.requested_cost:
        money_bits.append(f"the request would cost {money(e.requested_cost)} in learner time"
                          + ("; our answer costs none" if ours == 0 else ""))
    if e.payback_months is not None:
        money_bits.append(f"payback in {months(e.payback_months)}")
    if money_bits:
        out.append(with_full_stop(upper_first("; ".join(money_bits))))
    out += _open_questions(rec, unknown)
    return out


def _why(item: Any, rec: Recommendation) -> str:
    """Why a fix is in the plan, in a few words: the gaps it closes (the answers behind
    the fix are answers behind those causes), else one sentence of its own text."""
    asked = {e.question for e in item.why}
    fixes = [c.label for c in rec.causes
             if c.state == "gap" and asked & {e.question for e in c.evidence}]
    if fixes:
        return "Fixes " + and_list(fixes) + "."
    return why_sentence(item.summary)


def why_sentence(summary: str) -> str:
    """One sentence of a fix's memo text: the shorter of its first two sentences, unless
    that one is a short aside. The catalogue writes each text as "what it is" + "why it
    works", and the reason is usually the shorter one."""
    sentences = [s for s in _SENTENCE_END.split(" ".join(summary.split())) if s][:2]
    if not sentences:
        return ""
    full = [s for s in sentences if len(s.split()) >= WHY_MIN_WORDS] or sentences
    return min(full, key=lambda s: len(s.split()))


def _of_the_plan(step: Any, planned: set[tuple[str, str]]) -> bool:
    """A step that starts, hands over or finishes a fix of the plan."""
    what = step.action.partition(": ")[2]
    return (what, step.owner) in planned or (
        step.action.startswith("Finish: ") and any(
            what.startswith(f"{title},") and owner == step.owner for title, owner in planned))


def _start_key(item: Any) -> tuple[str, str]:
    return (item.title, item.owner)


def _start(item: Any, rec: Recommendation) -> str:
    """When a fix starts: its own date, or its "Start: …" / "Hand over …: …" next step."""
    if item.start:
        return item.start
    return next((s.due or "" for s in rec.next_steps
                 if (s.action.partition(": ")[2], s.owner) == _start_key(item)), "")


def _finding(cause: Any) -> str:
    """What a gap cell's answers show, without the cell's general definition: the engine
    writes environment gaps as "definition: what the answers show"."""
    head, sep, tail = cause.summary.partition(": ")
    if cause.row != "environment" or not sep or not tail.strip():
        return cause.summary
    return upper_first(tail.strip())


def _check(text: str, rec: Recommendation) -> str:
    """A checkpoint in the body: the KPI is named in the row above, so "the KPI" will do."""
    # Only the question it asks; the appendix has the whole checkpoint.
    text = text.split("; ", 1)[0]
    head = text.split("? ", 1)
    if len(head) == 2:
        text = head[0] + "?"
    measure = measure_phrase(rec.measurement.kpi)
    if measure:
        bare = measure.removeprefix("the ")
        for form in (measure, upper_first(measure), bare, upper_first(bare)):
            text = text.replace(form, "the KPI")
    return upper_first(text)


def _short_quote(items: Any) -> str:
    """The first answer behind a cause, when it is short enough to quote."""
    groups = list(group_evidence(items).values())
    if not groups:
        return ""
    answer = ", ".join(groups[0])
    return answer if QUOTE_WORDS[0] <= len(answer.split()) <= QUOTE_WORDS[1] else ""


def _risk_items(rec: Recommendation) -> list[dict[str, str]]:
    """The plan's own risks first (what could stop it), then the flags, high first: the
    flags about the request itself are answered in "What we advise against"."""
    flags = sorted(rec.flags, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
    high = [f for f in flags if f.severity == "high"]
    rest = [f for f in flags if f.severity != "high"]

    def flag(f: Any) -> dict[str, str]:
        return {"text": f.message, "code": f.code, "severity": f.severity}

    return ([{"text": r, "code": "", "severity": ""} for r in rec.risks]
            + [flag(f) for f in high] + [flag(f) for f in rest])


def with_full_stop(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


# Feedback and manager support are not Gilbert cells of their own: they are shown
# beside the cell they belong to (feedback is information; managers shape consequences).
EXTRA_BESIDE = {"expectations": ("feedback", "feedback"),
                "incentives": ("manager_support", "managers")}


def _grid(rec: Recommendation) -> list[list[dict[str, str]]]:
    def item(name: str, label: str) -> dict[str, str]:
        text = STATE_WORD[cell_state(rec, name)]
        if name in EXTRA_BESIDE:
            extra, short = EXTRA_BESIDE[name]
            text += f" ({short}: {STATE_WORD[cell_state(rec, extra)]})"
        return {"label": label, "state": cell_state(rec, name), "text": text}

    return [[item(c, label) for c, label in GRID[:3]], [item(c, label) for c, label in GRID[3:]]]


def cell_state(rec: Recommendation, name: str) -> str:
    """A cause's state: gap, ok, or unknown when the engine has no word on it."""
    cause = rec.cause(name)
    return cause.state if cause else "unknown"


def _advise_against(rec: Recommendation) -> dict[str, str] | None:
    req = rec.requested
    if not req.solution or req.solution in ("none", "unknown") or not req.finding:
        return None
    asked = req.as_stated or req.solution
    hours = f" ({_hours(req.format_hours)} per person)" if req.format_hours else ""
    return {"asked": f"{asked}{hours}", "finding": req.finding,
            "instead": req.how_we_serve_the_goal}


def _economics_rows(rec: Recommendation) -> list[tuple[str, str]]:
    return economics_rows(rec.economics)


def _economics_missing(rec: Recommendation) -> list[str]:
    """Inputs still needed for a full estimate (none for a no-build: nothing to cost)."""
    if rec.verdict == "no_intervention":
        return []
    e = rec.economics
    wanted = [(e.cost_of_problem_monthly, "what the problem costs per month"),
              (e.audience_size, "how many people are involved"),
              (e.loaded_hourly_cost, "the loaded cost of an hour of their time"),
              (e.requested_hours_per_person, "how long the requested format takes")]
    return [label for value, label in wanted if value is None]

