"""The follow-up status: readings against baseline, target and deadline; what next.

Pure: the same intake, measurement plan and ``today`` give the same :class:`Result`.
The rules are explained in :mod:`ldconsult.followup`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ldconsult.followup.reading import first_number, fmt, parse_date
from ldconsult.intake import Intake, Reading
from ldconsult.recommendation import Measurement, Result, Status

SLACK = 0.10  # results trail behaviour: allow 10 points of the gap behind a straight line
NO_DEADLINE_RULE = 0.5  # with no deadline, "on track" means at least half the gap closed
FLAT = 0.10  # under 10% of the gap either way counts as "the metric hasn't moved"
CHECKPOINT_DAYS = (30, 60, 90)
DEFAULT_DRIVERS = "manager support, tools, incentives"


@dataclass(frozen=True)
class _Judgement:
    status: Status
    message: str
    progress: float | None = None


def metric_series(history: Sequence[Reading]) -> list[tuple[dt.date, float]]:
    """(date, value) of readings with a metric, in date order (ties: order recorded)."""
    points = [(parse_date(r.date), r.metric) for r in history if r.metric is not None]
    dated = [(d, v) for d, v in points if d is not None]
    return sorted(dated, key=lambda p: p[0])


def latest_behaviours(history: Sequence[Reading]) -> str | None:
    seen = [(parse_date(r.date) or dt.date.min, i, r.behaviours_seen)
            for i, r in enumerate(history) if r.behaviours_seen]
    return max(seen)[2] if seen else None


def compute_result(intake: Intake, measurement: Measurement, *,
                   today: dt.date | None = None) -> Result:
    """How the readings compare with baseline and target, and what to try next.

    ``today`` is the date the status is judged at. It is never taken as earlier than the
    latest reading: the engine, which never reads the clock, passes the meeting date, and
    so gets a result as of the latest reading.
    """
    series = metric_series(intake.history)
    today = max(today or dt.date.today(), series[-1][0] if series else dt.date.min)
    baseline, target = first_number(measurement.baseline), first_number(measurement.target)
    deadline = parse_date(measurement.deadline)
    meeting = parse_date(intake.meta.meeting_date)
    start = meeting or (series[0][0] if series else None)
    judged = judge(series, measurement, baseline, target, start, deadline, today)
    behaviours = latest_behaviours(intake.history)
    latest_date = series[-1][0] if series else None
    checkpoint = next_checkpoint(meeting, latest_date, today,
                                 tuple(c.day for c in measurement.checkpoints) or CHECKPOINT_DAYS)
    direction = None
    if baseline is not None and target is not None and baseline != target:
        direction = "lower" if target < baseline else "higher"
    return Result(
        status=judged.status, latest=series[-1][1] if series else None,
        latest_date=latest_date.isoformat() if latest_date else None,
        baseline=baseline, target=target, direction=direction,
        progress_percent=None if judged.progress is None else round(judged.progress * 100, 1),
        deadline=deadline.isoformat() if deadline else None,
        days_left=(deadline - today).days if deadline else None,
        trend=tuple(v for _, v in series), readings=len(intake.history),
        behaviours_seen=behaviours, message=judged.message,
        next_iteration=tuple(next_iteration(judged, intake.history, measurement, behaviours,
                                            deadline is not None)),
        next_checkpoint=checkpoint.isoformat() if checkpoint else None)


def judge(series: Sequence[tuple[dt.date, float]], m: Measurement, baseline: float | None,
          target: float | None, start: dt.date | None, deadline: dt.date | None,
          today: dt.date) -> _Judgement:
    """The status rules, in order: data, numbers, target reached, deadline, pace."""
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
    progress = (latest - baseline) / (target - baseline)
    where = (f"{fmt(latest)} on {when} is {_pct(progress)} of the way from {fmt(baseline)} "
             f"to {fmt(target)}" if progress >= 0 else
             f"{fmt(latest)} on {when} has moved away from the target: the baseline was "
             f"{fmt(baseline)}, the target is {fmt(target)}")
    if progress >= 1:
        return _Judgement("target_reached", f"Target reached: {where}.", progress)
    if deadline is None:
        status: Status = "on_track" if progress >= NO_DEADLINE_RULE else "off_track"
        return _Judgement(status, f"{_label(status)}: {where}. No deadline was agreed, so pace "
                          "can't be judged; this uses the half-way rule.", progress)
    if today > deadline:
        return _Judgement("off_track", f"Off track: the deadline {deadline} has passed and the "
                          f"latest reading is {where}.", progress)
    elapsed = _elapsed(start or when, when, deadline)
    status = "on_track" if progress >= elapsed - SLACK else "off_track"
    return _Judgement(status, f"{_label(status)}: {where}, with {_pct(elapsed)} of the time to "
                      f"{deadline} gone.", progress)


def _elapsed(start: dt.date, when: dt.date, deadline: dt.date) -> float:
    span = (deadline - start).days
    if span <= 0:
        return 1.0
    return min(1.0, max(0.0, (when - start).days / span))


def _pct(x: float) -> str:
    return f"{round(x * 100):d}%"


def _label(status: Status) -> str:
    return status.replace("_", " ").capitalize()


def next_checkpoint(meeting: dt.date | None, latest: dt.date | None, today: dt.date,
                    days: Sequence[int] = CHECKPOINT_DAYS) -> dt.date | None:
    """The next 30/60/90-day point after the meeting not yet passed or covered by a
    reading; after those, 30 days after the latest reading."""
    if meeting:
        for d in sorted(days):
            point = meeting + dt.timedelta(days=d)
            if point >= today and (latest is None or point > latest):
                return point
    if latest:
        return latest + dt.timedelta(days=30)
    return None


# ---------------------------------------------------------------------------------------
# What to try next: a table of (situation, advice), read top to bottom

@dataclass(frozen=True)
class _Situation:
    status: Status
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
                   behaviours: str | None, has_deadline: bool) -> list[str]:
    situation = _Situation(
        status=judged.status, behaviours=behaviours,
        any_behaviours=any(r.behaviours_seen for r in history),
        flat=judged.progress is not None and abs(judged.progress) < FLAT,
        manager_heard=any(r.manager_feedback for r in history),
        has_deadline=has_deadline,
        has_readings=any(r.metric is not None for r in history),
        drivers=short_drivers(m.drivers))
    return [text.format(drivers=situation.drivers) for test, text in NEXT_ITERATION
            if test(situation)]


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
