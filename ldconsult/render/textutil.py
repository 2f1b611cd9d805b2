"""Text helpers the renderers share: evidence, numbers and money for people, the
economics rows, the plan's bundles and checkpoint lines. User text is made safe by
:mod:`ldconsult.base.text`, which every layer uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from ldconsult.engine.words import (
    clauses,
    goal_from,
    head_clause,
    lower_first,
    names_a_time,
    strip_secondary,
    upper_first,
    value_of,
    without_aside,
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")
TWIN_MIN_WORDS = 4  # a sentence this short is only a twin when it is the same


def _words(sentence: str) -> list[str]:
    return re.sub(r"[^a-z0-9%]+", " ", sentence.lower()).split()


def near_twins(a: str, b: str) -> bool:
    """The same sentence, or one that says it again in a few words fewer ("A checklist
    helps before the push, not during it (hands busy)." / "A checklist helps before the
    push, not during.")."""
    x, y = _words(a), _words(b)
    if x == y:
        return True
    short, long_ = sorted((x, y), key=len)
    if len(short) < TWIN_MIN_WORDS:
        return False
    return long_[:len(short)] == short or (
        len(short) >= 6 and len(set(short) - set(long_)) <= 1 and len(short) >= 0.8 * len(long_))


def whole_sentences(text: Any) -> Any:
    """``text`` with each sentence once: a repeat, or a near twin, is dropped (the fuller
    of the two is kept where the first stood). Anything but a string is left as it is."""
    if not isinstance(text, str) or text.count(". ") == 0:
        return text
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        twin = next((k for k, s in enumerate(kept) if near_twins(s, sentence)), None)
        if twin is None:
            kept.append(sentence)
        elif len(sentence) > len(kept[twin]):
            kept[twin] = sentence
    return " ".join(kept)


def group_evidence(items: Iterable[Any] | None) -> dict[str, list[str]]:
    """Question (as asked) → its distinct answers, in order.

    One answer can back several signals, and a multi-select answer arrives as one piece
    of evidence per choice: readers want each question once with all its answers.
    """
    grouped: dict[str, list[str]] = {}
    for e in items or ():
        answers = grouped.setdefault(e.prompt or e.question, [])
        if e.answer not in answers:
            answers.append(e.answer)
    return grouped


def evidence_text(items: Iterable[Any] | None, limit: int | None = None) -> str:
    """"question → answer, answer; …" (plain text: escape it for the output format)."""
    groups = list(group_evidence(items).items())
    shown = groups if limit is None else groups[:limit]
    text = "; ".join(f"{q} → {', '.join(a)}" for q, a in shown)
    more = len(groups) - len(shown)
    return text + (f" (and {more} more answer{'s' if more != 1 else ''})" if more else "")


def because(lead_reason: str) -> str:
    """Why the lead leads, as a sentence of its own: the engine's reason without the fix's
    name in front ("X leads because ...") and without the weights after it, which the
    memo's appendix gives ("the requester says ..." -> "The requester says ...")."""
    text = lead_reason.split(" (weight ", 1)[0]
    return upper_first(text.split(" leads because ", 1)[-1]).rstrip(".") + "."


def time_left(days_left: int | None, deadline: str | None) -> str:
    """"75 days left (deadline 2027-03-31)", or how long ago the deadline passed."""
    due = f"deadline {deadline}" if deadline else "the deadline"
    if days_left is None:
        return due if deadline else ""
    if days_left > 0:
        return f"{days_left} day{'s' if days_left != 1 else ''} left" + \
            (f" ({due})" if deadline else "")
    if days_left == 0:
        return f"{due} is today"
    ago = -days_left
    return f"{due} passed {ago} day{'s' if ago != 1 else ''} ago"


def num(value: Any) -> str:
    """A number for people: thousands separators, one decimal only when needed."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def money(value: Any, suffix: str = "") -> str:
    return "" if value is None else f"{value:,.0f}{suffix}"


def months(m: float) -> str:
    """A payback time for people: "under a month", "about 3.6 months"."""
    if m < 1:
        return "under a month"
    return f"about {num(round(m, 1))} month{'s' if round(m, 1) != 1 else ''}"


def economics_rows(e: Any) -> list[tuple[str, str]]:
    """The economics as (label, value) rows, the same in the summary and the memo (the
    JSON holds the same numbers). Rows whose inputs are missing are left out; the notes
    say which input is missing."""
    def hours(h: float | None, cost: float | None) -> str:
        if h == 0 or (h is None and cost == 0):
            return "none (only the owners' time)"
        if h is None:
            return f"not known ({money(cost)})" if cost is not None else "not known"
        return num(h) + (f" ({money(cost)})" if cost is not None else "")

    learner = ""
    if any(x is not None for x in (e.learner_hours_requested, e.learner_hours_recommended,
                                   e.requested_cost, e.recommended_cost)):
        learner = (f"requested {hours(e.learner_hours_requested, e.requested_cost)}, "
                   f"recommended {hours(e.learner_hours_recommended, e.recommended_cost)}")
    effort = []
    if e.owner_days_high:
        effort.append(f"owners {num(e.owner_days_low)}-{num(e.owner_days_high)} person-days")
    if e.build_days:
        effort.append(f"building {num(e.build_days)} days")
    rows = [
        ("Cost of the problem", money(e.cost_of_problem_monthly, " a month")),
        ("People", num(e.audience_size) + (f" ({num(e.learners)} to train)"
                                           if e.learners not in (None, e.audience_size) else "")),
        ("Learner-hours (cost)", learner),
        ("Backfill", money(e.backfill_cost) if e.backfill_cost else ""),
        ("Course fees", money(e.fees_cost) if e.fees_cost else ""),
        ("Equipment", money(e.equipment_cost) if e.equipment_cost else ""),
        ("Effort (an assumption)", "; ".join(effort)),
        ("Whole cost of the plan", money(e.total_cost)),
        ("Payback", months(e.payback_months) if e.payback_months is not None else ""),
        ("Return in the first year", f"{e.roi_percent_first_year:,.0f}%"
         if e.roi_percent_first_year is not None else ""),
    ]
    return [(label, value) for label, value in rows if value]


class Bundles(NamedTuple):
    heads: list[Any]  # the fixes that travel with no other, lead first
    partners: dict[str, list[Any]]  # a head's id: the fixes that travel with it
    two_tracks: bool  # training and the fixes to the work start together


def bundles(interventions: Sequence[Any]) -> Bundles:
    """The plan as the summary and the memo list it: each fix with the ones bundled with
    it, and whether it runs on two tracks."""
    heads = sorted((i for i in interventions if i.bundle_of is None), key=lambda i: not i.lead)
    partners = {i.id: [p for p in interventions if p.bundle_of == i.id] for i in heads}
    return Bundles(heads, partners, any(i.track for i in heads))


def checkpoint_text(c: Any) -> str:
    """"2027-01-31 (the first monthly report after go-live): check" for a checkpoint."""
    when = c.date or f"day {c.day}"
    return f"{when}" + (f" ({c.why})" if c.why else "") + f": {c.check}"


def goal_parts(m: Any, builds: bool) -> dict[str, str]:
    """The goal row from its parts (the KPI's own baseline and target, and the date), not
    the answers pasted; a plan that builds nothing asks for no date."""
    if not m.kpi:
        return {}
    parts = 1 + len(m.secondary) + (1 if m.vanity_warning else 0)
    g = goal_from(m.kpi, m.baseline, m.target, m.deadline, 0, parts)
    date = f"by {g.deadline}" if g.deadline else ("(no deadline agreed yet)" if builds else "")
    if g.deadline and (names_a_time(g.target) or not g.target):
        date = f"(deadline {g.deadline})"  # the target names its own time, or is not set
    said = head_clause(m.baseline)  # a baseline that is no value ('not live yet') as said
    return {"baseline": g.baseline or said or "baseline not known",
            "target": g.target or ("target not set" if builds else ""), "date": date}


def also_watch(m: Any) -> list[str]:
    """The other measures named with the KPI, each with its own target where the answer
    gives one in the same place."""
    names = [m.kpi or "", *m.secondary]
    targets = clauses(m.target)
    # Targets are matched to measures by place only when every measure has one (a vanity
    # measure named among them would shift the places).
    placed = len(targets) == len(names) and not m.vanity_warning
    out = []
    for k, name in enumerate(names[1:], start=1):
        name = strip_secondary(name)
        aim = value_of(without_aside(targets[k]), name) if placed else ""
        out.append(name + (f" (target: {lower_first(aim)})" if aim else ""))
    return out


def paired_behaviours(m: Any) -> list[dict[str, str]]:
    """Behaviours with who observes each (the engine lists them in pairs)."""
    paired = len(m.observers) == len(m.behaviours)
    return [{"text": b, "observer": m.observers[k] if paired else ""}
            for k, b in enumerate(m.behaviours)]
