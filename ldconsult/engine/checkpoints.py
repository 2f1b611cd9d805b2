"""Checkpoints fitted to the case: when each reading can show something, and why then.

Every case gets a series: a first check once the change can act (two weeks after it for a
measure read weekly, daily or at will; the first full report for a monthly or quarterly
one, with a look at the leading indicators before it), a check halfway, and the target
check at the first report that covers the deadline (a report is out some days after its
period ends). Without a deadline: a review at the end of a reading window. Rare events are
read over a window. A mandate's date is a checkpoint; so is an early target ("95% in week
1"). A find-out-first plan gets the checks of the diagnosis itself: the facts are in, and
the date to decide by. docs/method.md ("Measuring") states the rules; the clock is never
read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ldconsult.engine.catalogue import Entry
from ldconsult.engine.diagnosis import Diagnosis
from ldconsult.engine.select import ACTIONABLE, Chosen, mandated
from ldconsult.engine.timeline import Timeline, iso, month_end, next_month_end, quarter_end
from ldconsult.engine.words import CADENCE_REPORT, Goal

EVENT_WINDOW_DAYS = 182  # a per-event measure is read over half a year, not month by month
FIRST_DAYS = 14  # a measure read weekly, daily or at will: two weeks of readings
PAY_PERIOD_DAYS = 28  # a measure read per pay period: a full period, then its report
FACTS_DAYS = 5  # a find-out-first plan: the facts are in within the week
LOOK_AGAIN_DAYS = 90  # a no-build: look again in a quarter
NEAR_DAYS = 3  # an early target this close to another check is read at that check
LATE_READING_DAYS = 14  # a target read this long after the deadline gets a look on it
# Days between the end of a reporting period and its report being out.
REPORT_LAG = {"monthly": 10, "quarterly": 21}
# Without a deadline, the measure is read over a window, then the plan is reviewed.
REVIEW_REPORTS = {"monthly": 3, "quarterly": 2}
REVIEW_DAYS = 56
READY_DAYS = 56  # a readiness deadline: results are read some weeks after go-live
# When the cadence is not given, the measure's own words may say it ("per quarter").
CADENCE_WORDS = (("quarterly", r"\b(per|each|a|every) quarter\b|\bquarterly\b"),
                 ("monthly", r"\b(per|each|a|every) month\b|\bmonthly\b"),
                 ("weekly", r"\b(per|each|a|every) week\b|\bweekly\b"))
# Outcomes known only some time after they fall due (a renewal, a return, a repeat).
AFTER_THE_FACT = re.compile(r"\b(renew\w*|retention|retain\w*|churn\w*|lapse\w*)\b", re.I)
AFTER_THE_FACT_DAYS = 30


@dataclass(frozen=True)
class Point:
    date: dt.date
    kind: str  # leading | first | mid | target | review | early | mandate | facts | decide
    check: str
    why: str


def cadence_of(tl: Timeline, kpi: str | None) -> str:
    """How often the measure is read: the answer, else what the measure's words say."""
    if tl.cadence != "unknown" or not kpi:
        return tl.cadence
    return next((c for c, pattern in CADENCE_WORDS if re.search(pattern, kpi, re.I)), "unknown")


def _period_end(cadence: str, day: dt.date) -> dt.date:
    return quarter_end(day) if cadence == "quarterly" else month_end(day)


def _next_end(cadence: str, end: dt.date) -> dt.date:
    return quarter_end(end + dt.timedelta(days=1)) if cadence == "quarterly" \
        else next_month_end(end)


def _out(cadence: str, end: dt.date) -> dt.date:
    """When the report for a period ending on ``end`` is out."""
    return end + dt.timedelta(days=REPORT_LAG.get(cadence, 0))


def _first_end(cadence: str, act: dt.date) -> dt.date:
    """The end of the first full period after the change acts (a period where it acted
    for most of the time counts)."""
    end = _period_end(cadence, act)
    return end if (end - act).days >= (20 if cadence == "monthly" else 30) else \
        _next_end(cadence, end)


def _report_ends(cadence: str, act: dt.date, n: int) -> list[dt.date]:
    ends = [_first_end(cadence, act)]
    while len(ends) < n:
        ends.append(_next_end(cadence, ends[-1]))
    return ends


@dataclass(frozen=True)
class Plan:
    """What the checkpoints are worked out from."""

    tl: Timeline
    cadence: str  # the cadence used for timing (the answer, or the measure's words)
    goal: Goal
    live: str  # 'go-live' | 'the fixes start to act'
    trained_by: dt.date | None = None
    incidents: bool = False  # the shortfall is incidents: rare events with early signs

    @property
    def periodic(self) -> bool:
        return self.cadence in REPORT_LAG

    @property
    def report(self) -> str:
        return CADENCE_REPORT.get(self.cadence, "the report")


def _first(p: Plan, act: dt.date) -> list[Point]:
    what = p.goal.measure
    if p.cadence == "pay_period":  # a full pay period after the change, then its report
        return [Point(act + dt.timedelta(days=PAY_PERIOD_DAYS), "first",
                      f"Are the leading indicators and {what} moving? Fix what blocks "
                      "adoption.", f"the first full pay period after {p.live}")]
    if not p.periodic:
        return [Point(act + dt.timedelta(days=FIRST_DAYS), "first",
                      f"Are the leading indicators and {what} moving? Fix what blocks "
                      "adoption.", f"two weeks after {p.live}")]
    end = _first_end(p.cadence, act)
    word = p.cadence.removesuffix("ly")
    return [Point(act + dt.timedelta(days=FIRST_DAYS), "leading",
                  "Are the leading indicators moving? Fix what blocks adoption now, before "
                  f"{p.report} can show it.", f"two weeks after {p.live}"),
            Point(_out(p.cadence, end), "first",
                  f"Is {what} moving? Compare it with the baseline.",
                  f"the first {p.cadence} report after {p.live}, for the {word} to {iso(end)}")]


def _target(p: Plan, act: dt.date) -> tuple[dt.date, str] | None:
    """When the target is judged, and why then; None without a deadline."""
    tl, deadline = p.tl, p.tl.deadline
    if deadline is None:
        return None
    if tl.launch_ahead and tl.go_live is not None and deadline <= tl.go_live:
        # A deadline before go-live is when people must be ready; results come after.
        when = (_out(p.cadence, _report_ends(p.cadence, tl.go_live, 3)[-1]) if p.periodic
                else tl.go_live + dt.timedelta(days=READY_DAYS))
        return when, (f"the deadline ({iso(deadline)}) is for being ready; results can only "
                      f"be read after go-live ({iso(tl.go_live)}), so three reports after it")
    if p.trained_by is not None and p.trained_by + dt.timedelta(days=28) > deadline:
        return p.trained_by + dt.timedelta(days=28), (
            f"the last group is trained around {iso(p.trained_by)}, so the target is judged "
            f"four weeks later, not on the deadline ({iso(deadline)})")
    if AFTER_THE_FACT.search(p.goal.measure):
        return deadline + dt.timedelta(days=AFTER_THE_FACT_DAYS), (
            f"what falls due by the deadline ({iso(deadline)}) is only known some weeks "
            "later, so a month after it")
    if p.periodic:
        end = max(_period_end(p.cadence, deadline), _first_end(p.cadence, act))
        return _out(p.cadence, end), (
            f"the {p.cadence} report that covers the deadline of {iso(deadline)}, out about "
            f"{REPORT_LAG[p.cadence]} days after the {p.cadence.removesuffix('ly')} ends")
    return deadline, "the deadline"


def _at_deadline(p: Plan, target: dt.date) -> list[Point]:
    """A target read some time after the deadline still gets a look on the deadline: are
    the leading indicators, and the measures read sooner, where they should be?"""
    tl, deadline = p.tl, p.tl.deadline
    if deadline is None or (target - deadline).days <= LATE_READING_DAYS \
            or deadline <= tl.anchor or (tl.launch_ahead and tl.go_live and deadline <= tl.go_live):
        return []
    return [Point(deadline, "leading", "Where do the leading indicators and "
                  f"{p.goal.measure} stand on the deadline? The comparison with the target "
                  "comes at the target check.", "the deadline")]


def _mid(p: Plan, act: dt.date, first: dt.date, target: dt.date) -> dt.date | None:
    """A reading halfway: the middle report between the two, or the middle date."""
    if p.periodic:
        reports, end = [], _next_end(p.cadence, _first_end(p.cadence, act))
        while _out(p.cadence, end) < target:
            reports.append(_out(p.cadence, end))
            end = _next_end(p.cadence, end)
        return reports[len(reports) // 2] if reports else None
    if (target - first).days < 2 * 7 * 2:  # no room for a reading in between
        return None
    return first + (target - first) / 2


def _review(p: Plan, act: dt.date) -> Point:
    """No deadline: read the measure over a window, then review and agree a date."""
    if p.periodic:
        n = REVIEW_REPORTS[p.cadence]
        when = _out(p.cadence, _report_ends(p.cadence, act, n)[-1])
        why = f"no deadline is agreed: the measure is read over {n} {p.cadence} reports"
    else:
        when = act + dt.timedelta(days=REVIEW_DAYS)
        why = f"no deadline is agreed: the measure is read over {REVIEW_DAYS // 7} weeks"
    return Point(when, "review", f"Compare {p.goal.measure} over the window with the "
                 "baseline; decide to keep, change or stop, and agree a date for the target.",
                 why)


def _series(p: Plan, act: dt.date) -> list[Point]:
    points = _first(p, act)
    first = points[-1].date
    target = _target(p, act)
    if target is None:
        return points + [_review(p, act)]
    when, why = target
    check = (f"Compare {p.goal.measure} with the target; decide to scale, change or stop.")
    points = _merge(points, _at_deadline(p, when))
    if when <= first:
        return [pt for pt in points if pt.date < when] + [Point(when, "target", check, why)]
    mid = _mid(p, act, first, when)
    if mid is not None:
        points.append(Point(mid, "mid", f"Compare {p.goal.measure} with the baseline; adjust "
                            "or add what is missing.", "halfway to the target date"))
    return points + [Point(when, "target", check, why)]


def _merge(points: list[Point], extra: list[Point]) -> list[Point]:
    """Points with ``extra`` added; a leading check within a few days of another leading
    check replaces it (one look, not two in a week)."""
    out = list(points)
    for new in extra:
        out = [pt for pt in out if not (pt.kind == new.kind
                                         and abs((pt.date - new.date).days) <= NEAR_DAYS)]
        out.append(new)
    return sorted(out, key=lambda pt: pt.date)


def _window(p: Plan, act: dt.date) -> list[Point]:
    """Rare events: early signs soon after the change; the measure itself over a window
    long enough to mean something (a quiet month proves little)."""
    tl, what = p.tl, p.goal.measure
    signs = f"the early warning signs of {what}" if p.incidents else "the leading indicators"
    first = Point(act + dt.timedelta(days=FIRST_DAYS), "first",
                  f"Are {signs} moving the right way? Fix what blocks adoption.",
                  f"two weeks after {p.live}")
    deadline = tl.deadline if tl.deadline and tl.deadline > act else None
    if p.periodic:  # a monthly or quarterly report of events: read quarter by quarter
        mid_end = quarter_end(act + dt.timedelta(days=30))
        mid = _out(p.cadence, mid_end)
        end = deadline or _out(p.cadence, quarter_end(mid_end + dt.timedelta(days=1)))
    else:
        end = deadline or act + dt.timedelta(days=EVENT_WINDOW_DAYS)
        mid = act + (end - act) / 2
    return [first,
            Point(mid, "mid", f"Read {what} since the change against the rate before it; too "
                  "few events to judge yet.", "halfway through the reading window"),
            Point(end, "target", f"Compare {what} over the whole window with the rate before; "
                  "decide to keep, change or stop.",
                  "the deadline" if deadline else "events are too rare to read month by "
                  "month, so the target is judged over the window")]


def _early(p: Plan, act: dt.date, points: list[Point]) -> list[Point]:
    """An early target ('95% in week 1') is checked on its day."""
    out = []
    for e in p.goal.early:
        start = p.tl.go_live if (e.after_go_live and p.tl.go_live) else act
        when = start + dt.timedelta(days=e.days)
        if any(abs((pt.date - when).days) <= NEAR_DAYS for pt in points + out):
            continue  # read at the check that falls then
        out.append(Point(when, "early", f"Is it at the early target ({e.text})? If not, find "
                         "out who is stuck and why, at once.",
                         "the early target the answers set"))
    return out


def mandate_due(tl: Timeline, chosen: list[Chosen]) -> tuple[dt.date, Entry | None] | None:
    """The date a requirement must be met, when it is still ahead, and the fix that meets
    it (select.mandated; None: nothing in the plan does yet)."""
    when = tl.mandate_deadline
    if when is None or when <= tl.anchor:
        return None
    c = mandated(chosen)
    return when, (c.entry if c is not None else None)


def _mandate(tl: Timeline, chosen: list[Chosen]) -> list[Point]:
    """The date a requirement must be met: everyone it covers is done, with records."""
    due = mandate_due(tl, chosen)
    if due is None:
        return []
    when, fix = due
    what = f" ({fix.title.lower()})" if fix is not None else ""
    return [Point(when, "mandate", f"Has everyone the requirement covers met it{what}, with "
                  "the records to show it?", "the date the requirement must be met")]


def find_out(tl: Timeline, decide: dt.date) -> list[Point]:
    """A find-out-first plan: the facts are in, then the fix is chosen by a date."""
    facts = tl.anchor + dt.timedelta(days=FACTS_DAYS)
    return [Point(facts, "facts", "Are the facts in (the data pulled, the work watched, the "
                  "people asked)? Chase what is missing.", "the find-out steps are due"),
            Point(decide, "decide", "Choose the fix with the requester, or decide that none "
                  "is needed.", "the meeting to decide by")]


def look_again(tl: Timeline) -> list[Point]:
    """A no-build: nothing to measure; look again in a quarter."""
    return [Point(tl.anchor + dt.timedelta(days=LOOK_AGAIN_DAYS), "review",
                  "Has the problem grown or spread? If so, look at it again.",
                  "a quarter after the meeting")]


def checkpoints(d: Diagnosis, verdict: str, tl: Timeline, goal: Goal, kpi: str | None,
                chosen: list[Chosen], trained_by: dt.date | None = None) -> list[Point]:
    """The checks of an actionable plan (find-out-first and no-build plans: see
    :func:`find_out` and :func:`look_again`)."""
    if verdict not in ACTIONABLE:
        return []
    act = tl.acts_from()
    incidents = d.signals.get("shortfall") == "incidents"
    p = Plan(tl, cadence_of(tl, kpi), goal,
             "go-live" if tl.launch_ahead else "the fixes start to act", trained_by, incidents)
    rare = p.cadence == "event" or (incidents and tl.deadline is None)
    points = _window(p, act) if rare else _series(p, act)
    points += _early(p, act, points) + _mandate(tl, chosen)
    return sorted(points, key=lambda pt: pt.date)
