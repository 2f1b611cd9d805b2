"""Dates in words: a resolved date said back to confirm it ("Wednesday 31 March 2027, in
4 months"), how far it is from today, and a list said as a sentence. No terminal imports.
"""

from __future__ import annotations

import datetime as dt

from ldconsult.base.calendar_math import DAY_NAMES, MONTH_NAMES


def said(items: list[str]) -> str:
    """'a, b, c or d'."""
    return ", ".join(items[:-1]) + " or " + items[-1] if len(items) > 1 else "".join(items)


def spoken(day: dt.date, today: dt.date, *, since: str = "") -> str:
    """'Wednesday 31 March 2027, in 4 months': the resolved date, to confirm it.
    ``since`` names the day counted from ("the meeting"): '6 weeks before the meeting'."""
    return (f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}, "
            f"{distance(day, today, since=since)}")


def distance(day: dt.date, today: dt.date, *, since: str = "") -> str:
    days = (day - today).days
    if days == 0:
        return f"the day of {since}" if since else "today"
    size = abs(days)
    if size < 14:
        amount = f"{size} day{'s' if size != 1 else ''}"
    elif size < 63:
        amount = f"{round(size / 7)} weeks"
    elif size < 730:
        amount = f"{round(size / 30.44)} months"
    else:
        amount = f"{size / 365.25:.0f} years"
    if since:
        return f"{amount} {'after' if days > 0 else 'before'} {since}"
    return f"in {amount}" if days > 0 else f"{amount} ago"
