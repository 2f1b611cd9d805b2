"""The measurement plan, fitted to the case: one KPI (a second measure becomes secondary,
a vanity measure is named as such), indicators and behaviours from the kind of shortfall,
the exemplars' practice and the fixes chosen, and checkpoints timed by the go-live, the
deadline and how often the measure is reported. docs/method.md ("Measuring") states the
rules; the clock is never read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ldconsult.bank.signals import Signals
from ldconsult.engine.diagnose import Diagnosis
from ldconsult.engine.plan import lower_first, shorten
from ldconsult.engine.select import ACTIONABLE, Chosen
from ldconsult.engine.timeline import (
    Timeline,
    iso,
    month_end,
    next_month_end,
    quarter_end,
)

VANITY_WORDS = re.compile(r"\b(completions?|completed|completion rate|attendance|attended|"
                          r"enrol\w*|satisfaction|smile sheets?|training hours|hours of "
                          r"training|\w*\s?trained|learners trained|course ratings?|"
                          r"quiz(zes)?|pass(ed)? the (quiz|test))\b", re.I)
SPLIT = re.compile(r"\s*(?:;|\s/\s|\bplus\b|\bas well as\b|\n)\s*", re.I)
EVENT_WINDOW_DAYS = 182  # a per-event measure is read over half a year, not month by month
SHORTFALL_WATCH = {
    "errors": ("Errors caught before they escape, and errors that still get through",
               "Work is right the first time"),
    "speed": ("Time per case, and the backlog, week by week",
              "Cases move on without waiting or rework"),
    "volume": ("Share of conversations where the offer is made, and its conversion",
               "The offer is made in every suitable conversation"),
    "incidents": ("Leading signs (near-misses, open hazards, alarms) per week",
                  "The safe way is followed every time, checked on the floor"),
    "experience": ("Complaints and comments per week",
                   "Customers are served the agreed way"),
}
DRIVERS = {
    "manager_support": "Managers: ask about the behaviour in huddles and one-to-ones and recognise it",
    "resources": "Tools and process: make the right way the easy way",
    "incentives": "Incentives: pay for doing it right, not for the shortcut",
    "feedback": "Feedback: people see their own results soon",
    "expectations": "Standards: one current, written version people can find",
}


@dataclass(frozen=True)
class Point:
    date: dt.date
    kind: str  # first | mid | target | window
    check: str
    why: str


def _is_vanity(text: str) -> bool:
    return bool(VANITY_WORDS.search(text))


def measures(sig: Signals) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """(the KPI, secondary measures, vanity measures) from the metric answer. Two measures
    in one answer keep one KPI: the first that counts results, not activity."""
    text = sig.get("metric", None) if sig.has("metric") else None
    if not isinstance(text, str):
        return None, (), ()
    parts = [p.strip(" .,") for p in SPLIT.split(text) if p and p.strip(" .,")]
    if len(parts) <= 1:
        return text, (), ((text,) if _is_vanity(text) and sig.get("metric_kind") != "business"
                          else ())
    results = [p for p in parts if not _is_vanity(p)]
    vanity = tuple(p for p in parts if _is_vanity(p))
    kpi = results[0] if results else parts[0]
    return kpi, tuple(p for p in results[1:]), vanity


def _unique(items: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def measurement(d: Diagnosis, verdict: str, chosen: list[Chosen]) -> dict[str, Any]:
    sig = d.signals
    kind = sig.get("metric_kind")
    shortfall = sig.get("shortfall")
    kpi, secondary, vanities = measures(sig)
    fixes = [c.entry for c in chosen if c.entry.cell not in ("assessment", "clarify", "launch")]
    watch = SHORTFALL_WATCH.get(shortfall)
    practice = sig.get("exemplar_practice", None) if sig.has("exemplar_practice") else None
    pairs = [(watch[1], "Team leads")] if watch else []
    if isinstance(practice, str):
        pairs.append((f"Others do what the best do: {shorten(practice, 60)}",
                      "Team leads"))
    pairs += [(e.behaviour, e.observer) for e in fixes if e.behaviour]
    seen: dict[str, str] = {}
    for behaviour, observer in pairs:
        seen.setdefault(behaviour, observer)
    paired = list(seen.items())[:4]
    act = verdict in ACTIONABLE
    return {
        "kpi": kpi, "source": sig.text("metric_source"), "baseline": sig.text("baseline"),
        "target": sig.text("target"), "deadline": sig.text("deadline"),
        "metric_kind": kind if isinstance(kind, str) else "unknown",
        "shortfall": shortfall if isinstance(shortfall, str) else "unknown",
        "cadence": sig.get("metric_cadence") if isinstance(sig.get("metric_cadence"), str) else "unknown",
        "secondary": secondary,
        "vanity_warning": (
            f"{'; '.join(vanities) or 'The measure'} counts activity, not results: report it "
            "if it is required, but judge success by the business measure."
            if kind == "vanity" or vanities else None),  # as the vanity-metric flag
        "leading_indicators": _unique([watch[0] if watch else "", *(e.indicator for e in fixes)])[:4]
        if act else (),
        # Paired: the observer at index i watches behaviour i.
        "behaviours": tuple(b for b, _ in paired) if act else (),
        "observers": tuple(o for _, o in paired) if act else (),
        "drivers": tuple(DRIVERS[c] + (" (fix first)" if d.state(c) == "gap" else "")
                         for c in DRIVERS) if act else (),
    }


# --- Checkpoints ------------------------------------------------------------------------

def _first_report(tl: Timeline, act: dt.date) -> dt.date:
    """The first report that can show the change: the first full period after it acts."""
    if tl.cadence in ("daily", "weekly"):
        return act + dt.timedelta(days=14)
    if tl.cadence == "pay_period":  # the first full pay period after it acts, then its report
        return act + dt.timedelta(days=28)
    if tl.cadence == "monthly":
        return month_end(act) if act.day <= 10 else next_month_end(act)
    if tl.cadence == "quarterly":
        return quarter_end(act + dt.timedelta(days=30))
    return act + dt.timedelta(days=30)


def _nth_report(tl: Timeline, act: dt.date, n: int) -> dt.date:
    """The date of the n-th report that can show a change acting from ``act``."""
    day = _first_report(tl, act)
    for _ in range(n - 1):
        day = next_month_end(day) if tl.cadence == "monthly" else \
            day + dt.timedelta(days=tl.period_days or 30)
    return day


def _mid(first: dt.date, target: dt.date, tl: Timeline) -> dt.date | None:
    """A reading halfway: the middle monthly report between the two, or the middle date."""
    if tl.cadence == "monthly":
        reports = []
        day = next_month_end(first)
        while day < target:
            reports.append(day)
            day = next_month_end(day)
        return reports[len(reports) // 2] if reports else None
    period = tl.period_days or 30
    if (target - first).days < 2 * period:  # no room for a reading in between
        return None
    return first + (target - first) / 2


def target_date(tl: Timeline, trained_by: dt.date | None) -> tuple[dt.date | None, str]:
    """When the target is judged, and why then."""
    deadline = tl.deadline
    if deadline is not None and tl.launch_ahead and tl.go_live and deadline <= tl.go_live:
        # A deadline before go-live is when people must be ready; results come after.
        return (_nth_report(tl, tl.go_live, 3),
                f"the deadline ({iso(deadline)}) is for being ready; results can only be read "
                f"after go-live ({iso(tl.go_live)}), so at the third report after it")
    if deadline is not None and trained_by is not None and trained_by + dt.timedelta(days=28) > deadline:
        when = trained_by + dt.timedelta(days=28)
        return when, (f"the last group is trained around {iso(trained_by)}, so the target is "
                      f"judged four weeks later, not on the deadline ({iso(deadline)})")
    if deadline is not None:
        return deadline, "the deadline"
    return None, ""


def checkpoints(d: Diagnosis, verdict: str, tl: Timeline, kpi: str | None,
                trained_by: dt.date | None = None) -> list[Point]:
    if verdict not in ACTIONABLE:
        return []
    what = lower_first(kpi) if kpi else "the agreed measure"
    act = tl.acts_from()
    live = "go-live" if tl.launch_ahead else "the fixes start to act"
    rare = tl.cadence == "event" or (d.signals.get("shortfall") == "incidents"
                                     and tl.deadline is None)
    if rare:
        return _window(tl, act, what, live)
    first = _first_report(tl, act)
    target, why_target = target_date(tl, trained_by)
    points = [Point(first, "first", "Are the leading indicators and behaviours moving? Fix what "
                    "blocks adoption.", f"the first {_cadence(tl)}report after {live}")]
    if target is None:
        return points
    if target <= first:
        return [Point(target, "target", f"Compare {what} with the target; decide to scale, "
                      "change or stop.", why_target)]
    mid = _mid(first, target, tl)
    if mid is not None:
        points.append(Point(mid, "mid", f"Compare {what} with the baseline; adjust or add what "
                            "is missing.", "halfway to the target date"))
    points.append(Point(target, "target", f"Compare {what} with the target; decide to scale, "
                        "change or stop.", why_target))
    return points


def _cadence(tl: Timeline) -> str:
    """The report's cadence as a word and a space, or nothing when it is not known."""
    return {"daily": "weekly ", "weekly": "weekly ", "pay_period": "pay-period ",
            "monthly": "monthly ", "quarterly": "quarterly ", "audit": "audit "}.get(
                tl.cadence, "")


def _window(tl: Timeline, act: dt.date, what: str, live: str) -> list[Point]:
    """Rare events: leading signs soon after the change; the measure itself over a window
    long enough to mean something (a quiet month proves little)."""
    first = Point(act + dt.timedelta(days=14), "first", "Leading signs (near-misses, alarms, "
                  "open hazards, sign-offs) moving the right way? Fix what blocks adoption.",
                  f"two weeks after {live}")
    deadline = tl.deadline if tl.deadline and tl.deadline > act else None
    if tl.cadence == "event" or tl.cadence == "unknown":
        end = deadline or act + dt.timedelta(days=EVENT_WINDOW_DAYS)
        mid = act + (end - act) / 2
    else:  # a monthly or quarterly report of incidents: read quarter by quarter
        mid = quarter_end(act + dt.timedelta(days=30))
        end = deadline or quarter_end(mid + dt.timedelta(days=1))
    return [first,
            Point(mid, "mid", f"Read {what} since the change against the rate before it; too "
                  "few events to judge yet.", "halfway through the reading window"),
            Point(end, "target", f"Compare {what} over the whole window with the rate before; "
                  "decide to keep, change or stop.",
                  "the deadline" if deadline else "events are too rare to read month by "
                  "month, so the target is judged over the window")]
