"""The case's dates: the meeting (anchor), the go-live, the deadline, a mandate's date,
and how often the measure is reported. Everything dated in a plan (weighing a fix's
time to effect, start dates, checkpoints) reads them from here. The clock is never used:
the same intake always gives the same dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ldconsult.bank.signals import Signals
from ldconsult.base import calendar_math

# How many days one reporting period spans, for reading the measure.
PERIOD_DAYS = {"daily": 7, "weekly": 7, "pay_period": 14, "monthly": 30, "quarterly": 91}
# A go-live counts as "due" (no room for a pilot; people must be able on day one) within:
LAUNCH_DUE_WEEKS = 13


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def month_end(day: dt.date) -> dt.date:
    return calendar_math.month_end(day.year, day.month)


def next_month_end(day: dt.date) -> dt.date:
    """The end of the month after ``day``'s (a monthly report covering a full month)."""
    return month_end(calendar_math.add_months(day, 1))


def quarter_end(day: dt.date) -> dt.date:
    return calendar_math.quarter_end(day.year, (day.month - 1) // 3 + 1)


@dataclass(frozen=True)
class Timeline:
    anchor: dt.date
    deadline: dt.date | None = None
    go_live: dt.date | None = None
    mandate_deadline: dt.date | None = None
    cadence: str = "unknown"

    @classmethod
    def of(cls, sig: Signals, anchor: dt.date) -> Timeline:
        cadence = sig.get("metric_cadence")
        return cls(anchor=anchor, deadline=parse_date(sig.get("deadline", None)),
                   go_live=parse_date(sig.get("go_live", None)),
                   mandate_deadline=parse_date(sig.get("mandate_deadline", None)),
                   cadence=cadence if isinstance(cadence, str) else "unknown")

    @property
    def launch_ahead(self) -> bool:
        return self.go_live is not None and self.go_live > self.anchor

    @property
    def launched(self) -> bool:
        return self.go_live is not None and self.go_live <= self.anchor

    @property
    def launch_due(self) -> bool:
        """A go-live soon enough that people must be able to work on day one."""
        return self.launch_ahead and self.weeks_to(self.go_live) <= LAUNCH_DUE_WEEKS

    def weeks_to(self, day: dt.date | None) -> float | None:
        return None if day is None else (day - self.anchor).days / 7

    def weeks_left(self, *, training: bool = False) -> float | None:
        """Weeks until the fix must act: the deadline, or for training also a go-live or
        a mandate's date, whichever comes first."""
        days = [self.deadline]
        if training:
            days += [self.go_live if self.launch_ahead else None, self.mandate_deadline]
        known = [d for d in days if d is not None and d > self.anchor]
        return self.weeks_to(min(known)) if known else None

    def start(self, offset_days: int = 7) -> dt.date:
        return self.anchor + dt.timedelta(days=offset_days)

    def after(self, days: int) -> str:
        """The ISO date ``days`` after the meeting (a next step's due date)."""
        return (self.anchor + dt.timedelta(days=days)).isoformat()

    def acts_from(self) -> dt.date:
        """When the change can first act: the go-live if it is ahead, else two weeks after
        the meeting (the first fixes take that long to land)."""
        if self.launch_ahead and self.go_live is not None:
            return self.go_live
        return self.anchor + dt.timedelta(days=14)

    @property
    def period_days(self) -> int | None:
        return PERIOD_DAYS.get(self.cadence)


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
