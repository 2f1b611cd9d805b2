"""Economics a manager can trust: learner-hours requested against recommended (always
totalled), the whole cost of the plan (learners' time, backfill, building, owners'
effort), and payback on that whole cost. A figure whose input is missing is not printed;
the notes name the input instead. docs/method.md ("Economics") states every assumption.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ldconsult.bank.signals import Signals
from ldconsult.engine.select import ACTIONABLE, Chosen
from ldconsult.engine.sizing import Size
from ldconsult.engine.words import and_list

SHARE_REMOVED = 0.5  # stated assumption: the plan removes half of the problem's cost
OWNER_DAYS = {"low": (1, 3), "medium": (5, 15), "high": (20, 60)}  # per non-training fix
HOURS_PER_DAY = 8
FRONTLINE = "frontline"


@dataclass
class Econ:
    fields: dict[str, Any]
    notes: list[str]


def _r(x: float | None, digits: int = 2) -> float | None:
    return None if x is None else round(x, digits)


def money(x: float) -> str:
    return f"{x:,.0f}"


def hours_of(c: Chosen, trained: Size | None, sig: Signals) -> float:
    """Hours per learner: for an entry sized to the task, the plan's ``trained`` size. A
    guide handed out with another fix, or in the plan's training, adds no session."""
    if trained is not None and c.entry.sized:
        return trained.hours
    if c.entry.needs_reference and (c.bundle_of or trained is not None):
        return 0.0
    return c.entry.hours_for(sig.values)


def learners_of(c: Chosen, sig: Signals, trained: Size | None) -> float | None:
    if trained is not None and c.entry.sized:
        return trained.learners
    return sig.number("audience_size")


def learner_hours(chosen: list[Chosen], sig: Signals, trained: Size | None) -> float | None:
    total = 0.0
    for c in chosen:
        h = hours_of(c, trained, sig)
        if not h:
            continue
        who = learners_of(c, sig, trained)
        if who is None:
            return None
        total += h * who
    return total


def _owner_days(chosen: list[Chosen]) -> tuple[float, float]:
    fixes = [c.entry for c in chosen if c.entry.kind == "non_training" and c.entry.referral
             and c.entry.cell not in ("clarify", "assessment", "launch")]
    low = sum(OWNER_DAYS[e.effort][0] for e in fixes)
    high = sum(OWNER_DAYS[e.effort][1] for e in fixes)
    return float(low), float(high)


# What the estimate of costs and payback is computed from: signal -> its words when missing.
INPUTS = {"audience_size": "audience size", "loaded_hourly_cost": "loaded hourly cost",
          "cost_of_problem": "monthly cost of the problem"}


def missing_inputs(sig: Signals, verdict: str) -> tuple[str, ...]:
    """The estimate's inputs not known, for a plan that acts (else none is wanted)."""
    if verdict not in ACTIONABLE:
        return ()
    return tuple(name for name in INPUTS if sig.number(name) is None)


def economics(sig: Signals, verdict: str, chosen: list[Chosen], trained: Size | None) -> Econ:
    size, hourly, cost = (sig.number(n) for n in INPUTS)
    req_h = sig.number("requested_format_hours")
    act = verdict in ACTIONABLE
    plan = chosen if act else []
    rec_hours = learner_hours(plan, sig, trained)
    req_total = req_h * size if req_h is not None and size is not None else None
    per_person = (rec_hours / size) if rec_hours is not None and size else None
    days_low, days_high = _owner_days(plan)
    build_days = sum(c.entry.build_days for c in plan)
    f: dict[str, Any] = {
        "cost_of_problem_monthly": cost, "audience_size": size, "loaded_hourly_cost": hourly,
        "requested_hours_per_person": req_h, "recommended_hours_per_person": _r(per_person),
        "learner_hours_requested": _r(req_total, 1), "learner_hours_recommended": _r(rec_hours, 1),
        "learners": _r(trained.learners) if trained is not None else None,
        "owner_days_low": days_low if act else None, "owner_days_high": days_high if act else None,
        "build_days": build_days if act else None,
    }
    notes: list[str] = []
    missing = [INPUTS[name] for name, v in zip(INPUTS, (size, hourly, cost), strict=True)
               if v is None]
    f.update(_prices(sig, trained, act))
    if hourly is not None:
        _costs(f, sig, hourly, req_total, rec_hours, notes, act)
    if missing:
        notes.append("Not computed for lack of: " + ", ".join(missing) + ".")
    notes += _payback(f, cost, act)
    return Econ(f, notes)


def _costs(f: dict[str, Any], sig: Signals, hourly: float, req_total: float | None,
           rec_hours: float | None, notes: list[str], act: bool) -> None:
    size = f["audience_size"]
    req_h, per_person = f["requested_hours_per_person"], f["recommended_hours_per_person"]
    f["requested_cost_per_person"] = _r(req_h * hourly) if req_h is not None else None
    f["recommended_cost_per_person"] = _r(per_person * hourly) if per_person is not None else None
    f["requested_cost"] = _r(req_total * hourly) if req_total is not None else None
    f["recommended_cost"] = _r(rec_hours * hourly) if rec_hours is not None else None
    if not act:
        return
    frontline = FRONTLINE in (sig.get("work_setting", []) or [])
    backfill = rec_hours * hourly if frontline and rec_hours else 0.0
    f["backfill_cost"] = _r(backfill) if frontline else None
    mid_days = (f["owner_days_low"] + f["owner_days_high"]) / 2
    f["owner_cost"] = _r(mid_days * HOURS_PER_DAY * hourly)
    f["build_cost"] = _r(f["build_days"] * HOURS_PER_DAY * hourly)
    if rec_hours is not None:
        f["total_cost"] = _r((f["recommended_cost"] or 0) + backfill + f["owner_cost"]
                             + f["build_cost"] + (f.get("fees_cost") or 0)
                             + (f.get("equipment_cost") or 0))
    notes.append(_effort_note(f))
    if frontline:
        notes.append("People leave their work to learn: backfill (covering their work while "
                     "they train) is counted at the same hourly cost.")


def _effort_note(f: dict[str, Any]) -> str:
    """The effort assumption in words; a part that comes to nothing is not given as 0."""
    parts = []
    if f["owner_days_high"]:
        parts.append(f"owners' effort is {f['owner_days_low']:g}-{f['owner_days_high']:g} "
                     "person-days for the non-training fixes (1-3 for a low-effort fix, 5-15 "
                     "medium, 20-60 high), costed at the midpoint")
    if f["build_days"]:
        parts.append(f"building takes about {f['build_days']:g} days of L&D time")
    if not parts:
        return "No owners' or builders' time is counted: the plan asks for none."
    both = "Both" if len(parts) == 2 else "It is costed"
    return (f"Assumption: {'; '.join(parts)}. {both} at the learners' hourly cost, for want "
            "of a better figure.")


def _cost_parts(f: dict[str, Any]) -> str:
    """What the whole cost is made of, naming fees and equipment only when there are any."""
    parts = ["learners' time", "backfill", "building", "owners' effort"]
    parts += [name for name, key in (("fees", "fees_cost"), ("equipment", "equipment_cost"))
              if f.get(key)]
    return and_list(parts)


def _prices(sig: Signals, trained: Size | None, act: bool) -> dict[str, float | None]:
    """What the plan buys: a set course's fees for the people who take it, and the
    equipment, as the intake prices them."""
    if not act:
        return {}
    fee, equipment = sig.number("set_course_fee"), sig.number("equipment_cost")
    who = trained.learners if trained is not None and trained.set_course else None
    return {"fees_cost": _r(fee * who) if fee is not None and who is not None else None,
            "equipment_cost": _r(equipment) if equipment is not None else None}


def _payback(f: dict[str, Any], cost: float | None, act: bool) -> list[str]:
    if not act:
        return []
    total = f.get("total_cost")
    if cost is None or cost <= 0:
        return ["Payback not computed: the monthly cost of the problem is not known."]
    if total is None:
        lacking = [w for w, v in (("the audience size", f.get("audience_size")),
                                  ("the hourly cost", f.get("loaded_hourly_cost"))) if v is None]
        return ["Payback not computed: the plan's cost needs "
                f"{' and '.join(lacking) or 'the hours people spend on it'}."]
    benefit = cost * SHARE_REMOVED
    if benefit <= 0 or total <= 0:
        return ["Payback not computed: the plan's cost or the benefit comes to nothing "
                "measurable."]
    f["payback_months"] = _r(max(total / benefit, 0.1), 1)
    f["roi_percent_first_year"] = _r((benefit * 12 - total) / total * 100, 0)
    notes = [f"Assumption: the plan removes {SHARE_REMOVED:.0%} of the problem's monthly cost "
             f"({money(benefit)} a month); change it if you know better. Payback is on the "
             f"whole cost ({money(total)}: {_cost_parts(f)})."]
    req = f.get("requested_cost")
    if req:
        notes.append(f"The request's learner time alone ({money(req)}) would take "
                     f"{req / benefit:.1f} months of that benefit to pay back.")
    return notes
