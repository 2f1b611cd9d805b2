"""The plan's checkpoints as follow-up reads them: which stage of the plan a reading falls
in, and which checkpoint comes next.

The engine times the checkpoints from the case (go-live, deadline, how often the measure
is reported; ``ldconsult.engine.measure``). Follow-up only reads them, so a reading is
judged by the check it belongs to, never by a day count of its own. Pure: dates in,
dates out; the clock is never read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ldconsult.bank.values import parse_date
from ldconsult.engine.recommendation import Measurement

# baseline: on the baseline day; early: before the first check (the change can't show);
# first: from the first check (is it moving?); path: from the mid check (is it on the way
# to the target?); target: at or after the target check (is the target reached?).
Stage = Literal["baseline", "early", "first", "path", "target"]


@dataclass(frozen=True)
class Point:
    date: dt.date
    kind: str  # first | mid | target | "" (a plan that does not say)
    why: str


@dataclass(frozen=True)
class Schedule:
    """The baseline day and the plan's checkpoints, in date order."""

    baseline_day: dt.date | None
    points: tuple[Point, ...]

    def _kind(self, kind: str) -> Point | None:
        return next((p for p in self.points if p.kind == kind), None)

    @property
    def first(self) -> Point | None:
        return self._kind("first")

    @property
    def mid(self) -> Point | None:
        return self._kind("mid")

    @property
    def target(self) -> Point | None:
        return self._kind("target")

    def at(self, when: dt.date) -> Point | None:
        return next((p for p in self.points if p.date == when), None)

    def stage(self, when: dt.date) -> Stage:
        """The stage of the plan a reading taken on ``when`` belongs to."""
        first, mid, target = self.first, self.mid, self.target
        if self.baseline_day is not None and when <= self.baseline_day:
            return "baseline"
        if first is not None and when < first.date:
            return "early"
        if target is not None and when >= target.date:
            return "target"
        if mid is not None and when >= mid.date:
            return "path"
        # Without a first check the change acts from the baseline day: on the path at once
        # when there is a target date to walk towards, else only "is it moving?".
        return "first" if first is not None or target is None else "path"

    def path_start(self) -> dt.date | None:
        """Where the straight line towards the target starts: once the change can act."""
        return self.first.date if self.first else self.baseline_day

    def next_after(self, latest: dt.date | None, today: dt.date) -> Point | None:
        """The next checkpoint: the first one after the latest reading (a reading on the
        day covers it, and a missed one stays due), or with no reading yet the first one
        from today on. Once they have all passed with no reading, the last one is due."""
        if latest is not None:
            return next((p for p in self.points if p.date > latest), None)
        ahead = [p for p in self.points if p.date >= today]
        return ahead[0] if ahead else (self.points[-1] if self.points else None)


def schedule_of(m: Measurement, baseline_day: dt.date | None) -> Schedule:
    """The plan's checkpoints as dates. A plan without a target check (an older plan, or
    a verdict that plans no checks) but with an agreed deadline is judged at the deadline.
    """
    points: list[Point] = []
    for c in m.checkpoints:
        when = parse_date(c.date)
        if when is None and baseline_day is not None:
            when = baseline_day + dt.timedelta(days=c.day)  # a plan that gives day counts
        if when is not None:
            points.append(Point(when, c.kind, c.why or c.check))
    deadline = parse_date(m.deadline)
    if deadline is not None and not any(p.kind == "target" for p in points):
        points.append(Point(deadline, "target", "the deadline"))
    return Schedule(baseline_day, tuple(sorted(points, key=lambda p: p.date)))
