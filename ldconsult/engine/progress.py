"""The follow-up status: readings against the plan's checkpoints, baseline and target;
what next.

Pure: the same intake, measurement plan and ``today`` give the same :class:`Result`.
The rules are explained in :mod:`ldconsult.followup`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ldconsult.bank.values import first_number, fmt, parse_date
from ldconsult.base import plan_dates
from ldconsult.engine.recommendation import Measurement, Result, Status, whole_percent
from ldconsult.engine.schedule import Point, Schedule, Stage, schedule_of
from ldconsult.intake import Intake, Reading

SLACK = 0.10  # results trail behaviour: allow 10 points of the gap behind a straight line
FLAT = 0.10  # under 10% of the gap either way counts as "the metric hasn't moved"
AFTER_PLAN_DAYS = 30  # a plan with no target date has no last check: look again a month on
DEFAULT_DRIVERS = "manager support, tools, incentives"


@dataclass(frozen=True)
class _Judgement:
    status: Status
    message: str
    progress: float | None = None
    stage: Stage | None = None


def metric_series(history: Sequence[Reading]) -> list[tuple[dt.date, float]]:
    """(date, value) of readings with a metric, in date order (ties: order recorded)."""
    points = [(parse_date(r.date), r.metric) for r in history if r.metric is not None]
    dated = [(d, v) for d, v in points if d is not None]
    return sorted(dated, key=lambda p: p[0])


def latest_behaviours(history: Sequence[Reading]) -> str | None:
    seen = [(parse_date(r.date) or dt.date.min, i, r.behaviours_seen)
            for i, r in enumerate(history) if r.behaviours_seen]
    return max(seen)[2] if seen else None


def baseline_day(intake: Intake) -> dt.date:
    """The day the baseline was agreed: the meeting, else the day the intake was made
    (the engine anchors the plan's dates the same way)."""
    return plan_dates.plan_start(intake.meta.meeting_date, intake.created.date()) \
        or intake.created.date()


def compute_result(intake: Intake, measurement: Measurement, *, today: dt.date,
                   plan: Schedule | None = None) -> Result:
    """How the readings compare with the plan, and what to try next.

    ``today`` only says which checkpoint is due and how many days are left: the status
    is judged at the latest reading's date. It is never taken as earlier than that
    reading, so the engine, which never reads the clock and passes the meeting date,
    gets a result as of the latest reading. ``plan``: the measurement's schedule
    (``schedule_of(measurement, baseline_day(intake))``), when the caller has it already.
    """
    series = metric_series(intake.history)
    latest_date = series[-1][0] if series else None
    today = max(today, latest_date or dt.date.min)
    baseline, target = first_number(measurement.baseline), first_number(measurement.target)
    deadline = parse_date(measurement.deadline)
    if plan is None:
        plan = schedule_of(measurement, baseline_day(intake))
    judged = judge(series, measurement, baseline, target, plan)
    behaviours = latest_behaviours(intake.history)
    checkpoint = next_checkpoint(plan, latest_date, today)
    direction = None
    if baseline is not None and target is not None and baseline != target:
        direction = "lower" if target < baseline else "higher"
    return Result(
        status=judged.status, latest=series[-1][1] if series else None,
        latest_date=latest_date.isoformat() if latest_date else None,
        baseline=baseline, target=target, direction=direction,
        progress_percent=None if judged.progress is None else
        float(whole_percent(judged.progress * 100)),
        deadline=deadline.isoformat() if deadline else None,
        days_left=(deadline - today).days if deadline else None,
        trend=tuple(v for _, v in series), readings=len(intake.history),
        behaviours_seen=behaviours, message=judged.message,
        next_iteration=tuple(next_iteration(judged, intake.history, measurement, behaviours,
                                            deadline is not None,
                                            _target_due(plan, latest_date, today))),
        next_checkpoint=checkpoint.isoformat() if checkpoint else None)


def judge(series: Sequence[tuple[dt.date, float]], m: Measurement, baseline: float | None,
          target: float | None, plan: Schedule) -> _Judgement:
    """The status rules, in order: data, numbers, then the stage of the plan the latest
    reading falls in (see :mod:`ldconsult.followup`)."""
    if not series:
        return _Judgement("no_data", "No readings yet: record the first one against the "
                          "baseline.")
    if baseline is None or target is None:
        which, text = ("baseline", m.baseline) if baseline is None else ("target", m.target)
        said = f"'{text}' has no number in it" if text else "was not agreed"
        return _Judgement("no_data", f"The {which} {said}, so readings can't be judged: agree "
                          "a numeric baseline and target with the metric's owner.")
    if baseline == target:
        return _Judgement("no_data", f"Baseline and target are both {fmt(target)}, so there is "
                          "no gap to close and no way to tell which direction is better.")
    when, latest = series[-1]
    reading = _Reading(when, latest, baseline, target, (latest - baseline) / (target - baseline))
    stage = plan.stage(when)
    return _STAGES[stage](reading, plan)


@dataclass(frozen=True)
class _Reading:
    """The latest reading, with what every stage's message says about it."""

    when: dt.date
    value: float
    baseline: float
    target: float
    progress: float

    @property
    def at_baseline(self) -> bool:
        return self.value == self.baseline

    def where(self) -> str:
        if self.progress >= 0:
            return (f"{fmt(self.value)} on {self.when} is {_pct(self.progress)} of the way "
                    f"from {fmt(self.baseline)} to {fmt(self.target)}")
        return (f"{fmt(self.value)} on {self.when} has moved away from the target: the "
                f"baseline was {fmt(self.baseline)}, the target is {fmt(self.target)}")


def _on_baseline_day(r: _Reading, plan: Schedule) -> _Judgement:
    return _Judgement("no_change_yet", f"No change yet: {fmt(r.value)} on {r.when} is read on "
                      f"the baseline day (the agreed baseline is {fmt(r.baseline)}), before "
                      f"the plan can act.{_first_check(plan)}", r.progress, "baseline")


def _early(r: _Reading, plan: Schedule) -> _Judgement:
    """Before the first check the change can't show yet: the reading is not judged."""
    if r.at_baseline:
        text = f"No change yet: {fmt(r.value)} on {r.when} is still the baseline."
    else:
        text = (f"Too early to judge: {r.where()}, but the change can't show before the "
                "first check, so the reading is not judged.")
    return _Judgement("no_change_yet", text + _first_check(plan), r.progress, "early")


def _first(r: _Reading, plan: Schedule) -> _Judgement:
    """From the first check: is it moving? The target waits for the target check."""
    first, target = plan.first, plan.target
    if first is not None and r.when == first.date and r.at_baseline:
        return _Judgement("no_change_yet", f"No change yet at the first check ({first.date}): "
                          f"{fmt(r.value)} is still the baseline.", r.progress, "first")
    if target is None and r.progress >= 1:
        return _Judgement("target_reached", f"Target reached: {r.where()}. No deadline was "
                          "agreed, so there is no target check to wait for.", r.progress,
                          "first")
    if r.progress >= 1:
        return _Judgement("on_track", _ahead(r, target), r.progress, "first")
    moving = r.progress >= FLAT
    status: Status = "on_track" if moving else "off_track"
    said = "Moving" if moving else ("Moving the wrong way" if r.progress < 0 else
                                    "Not moving yet")
    then = (f" It is compared with the target at the target check on {target.date} "
            f"({target.why})." if target is not None else
            " No deadline was agreed, so pace can't be judged: only whether it moves.")
    return _Judgement(status, f"{said}: {r.where()}; the first check asks whether it moves "
                      f"(at least {_pct(FLAT)} of the gap).{then}", r.progress, "first")


def _path(r: _Reading, plan: Schedule) -> _Judgement:
    """From the mid check: against a straight line from the first check to the target."""
    target = plan.target
    assert target is not None  # a path stage needs a target date (Schedule.stage)
    if r.progress >= 1:
        return _Judgement("on_track", _ahead(r, target), r.progress, "path")
    start = plan.path_start() or r.when
    elapsed = _elapsed(start, r.when, target.date)
    status: Status = "on_track" if r.progress >= elapsed - SLACK else "off_track"
    return _Judgement(status, f"{_label(status)}: {r.where()}, with {_pct(elapsed)} of the "
                      f"time from {start} to the target check on {target.date} gone.",
                      r.progress, "path")


def _at_target(r: _Reading, plan: Schedule) -> _Judgement:
    target = plan.target
    assert target is not None  # the target stage needs a target date (Schedule.stage)
    check = f"the target check was on {target.date} ({target.why})"
    if r.progress >= 1:
        return _Judgement("target_reached", f"Target reached: {r.where()}; {check}.",
                          r.progress, "target")
    return _Judgement("off_track", f"Target not reached: {r.where()}; {check}.", r.progress,
                      "target")


_STAGES: dict[Stage, Callable[[_Reading, Schedule], _Judgement]] = {
    "baseline": _on_baseline_day, "early": _early, "first": _first, "path": _path,
    "target": _at_target,
}


def _ahead(r: _Reading, target: Point | None) -> str:
    assert target is not None  # without a target date, reaching it is judged at once
    return (f"On track, already at the target: {r.where()}. The target itself is judged at "
            f"the target check on {target.date} ({target.why}).")


def _first_check(plan: Schedule) -> str:
    first = plan.first
    return f" The first check is on {first.date} ({first.why})." if first else ""


def _elapsed(start: dt.date, when: dt.date, deadline: dt.date) -> float:
    span = (deadline - start).days
    if span <= 0:
        return 1.0
    return min(1.0, max(0.0, (when - start).days / span))


def _pct(x: float) -> str:
    return f"{whole_percent(x * 100)}%"


def _label(status: Status) -> str:
    return status.replace("_", " ").capitalize()


def next_checkpoint(plan: Schedule, latest: dt.date | None, today: dt.date) -> dt.date | None:
    """The plan's next checkpoint (:meth:`Schedule.next_after`). Once a reading covers the
    target check there is none: the plan is done. A plan with no target date (no deadline
    agreed) or no checkpoints at all looks again a month after the latest reading."""
    point = plan.next_after(latest, today)
    if point is not None:
        return point.date
    if latest is not None and plan.target is None:
        return latest + dt.timedelta(days=AFTER_PLAN_DAYS)
    return None


def _target_due(plan: Schedule, latest: dt.date | None, today: dt.date) -> dt.date | None:
    """The target check's date when it has passed with no reading on or after it."""
    target = plan.target
    if target is None or target.date >= today or (latest is not None and latest >= target.date):
        return None
    return target.date


# ---------------------------------------------------------------------------------------
# What to try next: a table of (situation, advice), read top to bottom

@dataclass(frozen=True)
class _Situation:
    status: Status
    stage: Stage | None
    target_due: str
    behaviours: str | None
    any_behaviours: bool
    flat: bool
    manager_heard: bool
    has_deadline: bool
    has_readings: bool
    drivers: str


_Rule = tuple[Callable[[_Situation], bool], str]
NEXT_ITERATION: tuple[_Rule, ...] = (
    (lambda s: not s.has_readings,
     "Record the first reading against the baseline (ldconsult followup INTAKE --metric "
     "VALUE), and say whether the behaviours are seen."),
    (lambda s: s.has_readings and s.status == "no_data",
     "Agree a numeric baseline and target with the metric's owner, so readings can be "
     "judged."),
    (lambda s: bool(s.target_due),
     "The target check was due on {target_due}: record the reading taken then, to compare "
     "it with the target."),
    (lambda s: s.status == "no_change_yet" and s.stage in ("baseline", "early"),
     "Nothing to judge yet: run the plan as agreed, and take the next reading at the next "
     "checkpoint."),
    (lambda s: s.status == "no_change_yet" and s.stage == "first",
     "Nothing has moved by the first check: look at the leading indicators and "
     "behaviours, and fix what blocks adoption ({drivers})."),
    (lambda s: s.status == "off_track" and s.stage == "target",
     "The target check is done and the target was missed: decide with the sponsor to "
     "change the plan or stop, or agree a later date."),
    (lambda s: s.status == "target_reached",
     "Plan reinforcement so the gain holds: manager check-ins, refreshers, job aids kept "
     "current."),
    (lambda s: s.status == "target_reached",
     "Share the result with the sponsor, in the KPI's own terms and against the baseline."),
    (lambda s: s.status == "target_reached",
     "Consider scaling: if this was a pilot, plan the roll-out to everyone."),
    (lambda s: s.status in ("on_track", "off_track") and s.behaviours == "no",
     "The behaviours aren't seen on the job: check the drivers ({drivers}) before adding "
     "more training."),
    (lambda s: s.status in ("on_track", "off_track") and s.behaviours == "partly",
     "The behaviours are only partly seen: ask managers what stops the rest, and fix those "
     "drivers ({drivers}) first."),
    (lambda s: s.status in ("on_track", "off_track") and s.behaviours == "yes" and s.flat,
     "The behaviours changed but the metric hasn't moved: revisit the environment causes, "
     "or question the metric itself (it may be the wrong measure, or another cause drives "
     "it)."),
    (lambda s: s.status == "off_track" and s.behaviours == "yes" and not s.flat,
     "The metric moves, but too slowly: find which teams lag and what they lack, or agree "
     "a later date with the sponsor."),
    (lambda s: s.status == "off_track" and not s.any_behaviours,
     "Go and observe: interview the most and the least successful adopters (Brinkerhoff's "
     "success case method) to learn what makes the difference."),
    (lambda s: s.status == "on_track" and not s.any_behaviours,
     "Record whether the behaviours are seen on the job (--behaviours yes|partly|no): the "
     "metric alone can't say why it moves."),
    (lambda s: s.status in ("on_track", "off_track") and not s.manager_heard,
     "Ask managers what they see on the job, and record it (--manager-feedback)."),
    (lambda s: s.status in ("on_track", "off_track") and not s.has_deadline,
     "Agree a deadline with the sponsor, so pace can be judged."),
    (lambda s: s.status == "on_track",
     "Keep the plan, and check again at the next checkpoint."),
)


def next_iteration(judged: _Judgement, history: Sequence[Reading], m: Measurement,
                   behaviours: str | None, has_deadline: bool,
                   target_due: dt.date | None = None) -> list[str]:
    situation = _Situation(
        status=judged.status, stage=judged.stage,
        target_due=target_due.isoformat() if target_due else "", behaviours=behaviours,
        any_behaviours=any(r.behaviours_seen for r in history),
        flat=judged.progress is not None and abs(judged.progress) < FLAT,
        manager_heard=any(r.manager_feedback for r in history),
        has_deadline=has_deadline,
        has_readings=any(r.metric is not None for r in history),
        drivers=short_drivers(m.drivers))
    return [text.format(drivers=situation.drivers, target_due=situation.target_due)
            for test, text in NEXT_ITERATION if test(situation)]


def short_drivers(drivers: Sequence[str]) -> str:
    """The plan's drivers by name ('Managers: ask about…' → 'managers'), the ones marked
    '(fix first)' only, when there are some."""
    first = [d for d in drivers if "(fix first)" in d]
    names = [d.split(":", 1)[0].replace("(fix first)", "").strip() for d in first or drivers]
    names = [n[:1].lower() + n[1:] for n in names if n]
    return ", ".join(dict.fromkeys(names)) or DEFAULT_DRIVERS


# ---------------------------------------------------------------------------------------
# Sparkline (plain text, so any renderer can use it)

_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """One unicode block per value, scaled between the lowest and the highest."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return _BLOCKS[3] * len(values)
    top = len(_BLOCKS) - 1
    return "".join(_BLOCKS[round((v - low) / (high - low) * top)] for v in values)
