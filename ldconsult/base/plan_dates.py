"""The dates a plan can use and stores: the years it can hold (:func:`check_date`), the
ISO date in stored text (:func:`iso_in`), and the day its dates count from
(:func:`plan_start`). No terminal imports.
"""

from __future__ import annotations

import datetime as dt
import re

# The dates a plan can use. The engine adds days (checkpoints 90 days on) to them, and
# 9999-12-01 used to be saved, then crash every later command with OverflowError.
EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
OUT_OF_RANGE = f"is out of range: use a date between {EARLIEST_DATE} and {LATEST_DATE}"


class OutOfRange(ValueError):
    """A date, but outside the years a plan can use (or past any calendar)."""


def check_date(value: dt.date) -> dt.date:
    """``value`` if it lies between EARLIEST_DATE and LATEST_DATE, else OutOfRange."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise OutOfRange(f"{value.isoformat()} {OUT_OF_RANGE}")
    return value


# ---------------------------------------------------------------------------------------
# Dates in stored text

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_in(text: object) -> dt.date | None:
    """The first ISO date (YYYY-MM-DD) anywhere in stored text, if it is a real date: how
    every reader takes a date from free text ("2026-11-16 (kick-off)")."""
    m = ISO_DATE.search(text) if isinstance(text, str) else None
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m.group(0))
    except ValueError:
        return None


def plan_start(meeting_date: object, *fallbacks: dt.date | None) -> dt.date | None:
    """The day a plan's dates count from: the meeting, else the first fallback given (the
    day the intake was made, then today), so a plan does not move with the day it is read."""
    return iso_in(meeting_date) or next((d for d in fallbacks if d is not None), None)
