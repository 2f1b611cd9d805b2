"""The engine's decisions, before any words: signals → diagnosis → verdict → weighed plan →
training sizes → flags.

What the recommendation (:func:`ldconsult.engine.build`), a portfolio row
(:func:`ldconsult.engine.summarize`) and the adaptive interview's fingerprint
(:mod:`ldconsult.engine.outcome`) all rest on, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ldconsult.bank.signals import Evidence as SigEvidence
from ldconsult.bank.signals import Signals
from ldconsult.engine import economics, measure, sizing, steps
from ldconsult.engine.diagnose import diagnose
from ldconsult.engine.diagnosis import Diagnosis
from ldconsult.engine.flags import Context, raise_flags
from ldconsult.engine.select import ACTIONABLE, Chosen, choose, verdict
from ldconsult.engine.sizing import Size
from ldconsult.engine.timeline import Timeline


@dataclass(frozen=True)
class Analysis:
    """The engine's decisions, before any words: what review and the memo both rest on."""

    d: Diagnosis
    verdict: str
    chosen: list[Chosen]
    also: list[Chosen]
    tl: Timeline
    size: Size | None  # the training's size, when the plan holds training sized to the task
    flags: list[tuple[str, str, str, list[SigEvidence]]]


def analyse(sig: Signals, anchor: dt.date) -> Analysis:
    """Signals → diagnosis → verdict → weighed plan → training sizes → flags."""
    tl = Timeline.of(sig, anchor)
    _derive_lead_time(sig, tl)
    d = diagnose(sig, _requested_cost(sig))
    v = verdict(d)
    chosen, also = choose(d, v, tl)
    size = _size(d, v, chosen, tl)
    dearer = _dearer_than_the_problem(d, v, chosen, size)
    if dearer:  # the stakes, weighed against the whole plan: build nothing
        d.low_stakes = dearer
        v = verdict(d)
        chosen, also = choose(d, v, tl)
        size = _size(d, v, chosen, tl)
    flags = raise_flags(Context(d, v, chosen, tl, size))
    return Analysis(d, v, chosen, also, tl, size, flags)


def _size(d: Diagnosis, v: str, chosen: list[Chosen], tl: Timeline) -> Size | None:
    if v in ACTIONABLE and any(c.entry.sized for c in chosen):
        return sizing.size(d.route, d.signals, tl)
    return None


def _dearer_than_the_problem(d: Diagnosis, v: str, chosen: list[Chosen],
                             size: Size | None) -> str | None:
    """Why the plan is not worth building, or None: a year of a problem that is not
    critical, nor mandated, costs less than the whole plan (docs/method.md, "Stakes")."""
    sig = d.signals
    monthly = sig.number("cost_of_problem")
    if v not in ACTIONABLE or monthly is None or d.mandated or \
            sig.get("task_criticality") == "high":
        return None
    total = economics.economics(sig, v, chosen, size).fields.get("total_cost")
    if total is None or monthly * 12 >= total:
        return None
    return (f"a year of the problem ({monthly * 12:,.0f}) costs less than the whole plan "
            f"({total:,.0f}), and errors are not critical")


def plan_points(a: Analysis, kpi: str | None) -> list[Any]:
    """The plan's checkpoints: an actionable plan's series, a find-out-first plan's own
    checks (the facts, the date to decide by), and a no-build's date to look again."""
    if a.verdict == "more_info":
        # The day to decide by is the next step's "meet again" (steps.py owns that rule).
        return measure.find_out(a.tl, dt.date.fromisoformat(steps.meet_again(a.tl)))
    if a.verdict == "no_intervention":
        return measure.look_again(a.tl)
    trained_by = a.size.finished if a.size is not None else None
    return measure.checkpoints(a.d, a.verdict, a.tl, kpi, a.chosen, trained_by)


def _derive_lead_time(sig: Signals, tl: Timeline) -> None:
    """Lead time, asked once: from the go-live or deadline (and whether L&D came in after
    the decisions), unless an older bank asked for it directly."""
    if sig.get("lead_time") != "unknown":
        return
    weeks = tl.weeks_left(training=True)
    if sig.get("involved_late") == "yes" or (weeks is not None and weeks < 3):
        value = "late"
    elif weeks is None:
        return
    else:
        value = "tight" if weeks < 8 else "ample"
    sig.values["lead_time"] = value
    sig.evidence["lead_time"] = sig.why("involved_late", "go_live", "deadline")


def _requested_cost(sig: Signals) -> float | None:
    vals = [sig.get(n, None) for n in ("requested_format_hours", "audience_size",
                                      "loaded_hourly_cost")]
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
        return float(vals[0] * vals[1] * vals[2])
    return None
