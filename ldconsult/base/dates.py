"""Dates as people say them in a meeting: "end of March", "31 March", "Q2 2027",
"in 6 weeks", "end of next quarter", "within a quarter", or the ISO form.

:func:`parse` turns a phrase into a date, relative to ``today`` (always a parameter: the
same phrase on the same day gives the same date). The stored answer stays ISO; the
prompter shows the resolved date so it can be confirmed. No terminal imports.

A date without a year means the next one (today counts): the bank's date questions are
deadlines and go-lives. The meeting date looks back instead (``prefer="past"``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Literal

from ldconsult.base.text import echo as _echo

Prefer = Literal["future", "past"]

# English names, spelt out: calendar.month_name follows the process locale.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)}
MONTHS |= {name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, 1)}
MONTHS["sept"] = 9
WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                "twelve": 12, "a couple of": 2, "a few": 3}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>day|week|month|quarter|year)s?"
# Words around a date that change nothing: "by the end of March", "before Q2 2027".
_LEAD = re.compile(r"^(?:by|before|until|till|no later than|on|at the latest)\s+")


def parse(text: str, today: dt.date, *, prefer: Prefer = "future") -> dt.date:
    """The date ``text`` means on ``today``; ``ValueError`` with a one-line reason if none."""
    phrase = _normalise(text)
    for pattern, resolve in _RULES:
        m = pattern.fullmatch(phrase)
        if m:
            return resolve(m.groupdict(), today, prefer)
    raise ValueError(f"'{_echo(text)}' is not a date I can read; try e.g. "
                     f"{said(examples(today))}")


def _normalise(text: str) -> str:
    phrase = " ".join(str(text).lower().replace(",", " ").split()).rstrip(".")
    phrase = _LEAD.sub("", phrase)
    return re.sub(r"^(?:the )?(end|start|beginning|middle|mid)(?: of)?(?: the)? ", r"\1 ",
                  phrase)


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


# ---------------------------------------------------------------------------------------
# Calendar arithmetic

def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> dt.date:
    return month_end(year, quarter * 3)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month, ``months`` later (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _dated(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{MONTH_NAMES[month - 1]} has no day {day}"
                         + (f" in {year}" if month == 2 and day == 29 else "")) from None


def _yearless(make: Callable[[int], dt.date], today: dt.date, prefer: Prefer) -> dt.date:
    """The next (or, looking back, the last) date ``make(year)`` gives, today included."""
    if prefer == "past":
        this = make(today.year)
        return this if this <= today else make(today.year - 1)
    this = make(today.year)
    return this if this >= today else make(today.year + 1)


# ---------------------------------------------------------------------------------------
# One resolver per form; each gets the pattern's named groups

Groups = dict[str, "str | None"]


def _iso(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    return _dated(int(g["year"] or 0), int(g["month"] or 0), int(g["day"] or 0))


def _day_month(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    month, day = MONTHS[str(g["month"])], int(g["day"] or 0)
    if g["year"]:
        return _dated(int(g["year"]), month, day)
    if month == 2 and day == 29:  # the next 29 February may be years away
        raise ValueError("29 February needs a year")
    _dated(2001, month, day)  # a clear message for "31 April"
    return _yearless(lambda y: dt.date(y, month, day), today, prefer)


def _month_part(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    month, part = MONTHS[str(g["month"])], g.get("part") or "end"

    def make(year: int) -> dt.date:
        if part in ("start", "beginning"):
            return dt.date(year, month, 1)
        if part in ("middle", "mid"):
            return dt.date(year, month, 15)
        return month_end(year, month)

    return make(int(g["year"])) if g["year"] else _yearless(make, today, prefer)


def _quarter(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    quarter = int(g["quarter"] or 0)
    if g["year"]:
        return quarter_end(int(g["year"]), quarter)
    return _yearless(lambda y: quarter_end(y, quarter), today, prefer)


def _relative(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    raw = str(g["count"])
    count = int(raw) if raw.isdigit() else WORD_NUMBERS[raw]
    unit = str(g["unit"])
    if unit == "day":
        return today + dt.timedelta(days=count)
    if unit == "week":
        return today + dt.timedelta(weeks=count)
    return add_months(today, count * {"month": 1, "quarter": 3, "year": 12}[unit])


def _period_end(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    """End of this/next/last week, month, quarter or year."""
    shift = {"next": 1, "last": -1, "previous": -1}.get(g.get("which") or "this", 0)
    unit = str(g["unit"])
    if unit == "week":  # a working week ends on Friday; at the weekend, the coming one
        return today + dt.timedelta(days=(4 - today.weekday()) % 7 + 7 * shift)
    if unit == "month":
        first = add_months(today.replace(day=1), shift)
        return month_end(first.year, first.month)
    if unit == "quarter":
        index = today.year * 4 + (today.month - 1) // 3 + shift
        return quarter_end(index // 4, index % 4 + 1)
    return dt.date(today.year + shift, 12, 31)


def _slashed(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    """31/12/2027 or 12/31/2027; 03/04/2027 is 3 April in London and March 4 in New York,
    so a date that reads both ways is refused with a way to write it."""
    first, second, year = int(g["first"] or 0), int(g["second"] or 0), int(g["year"] or 0)
    year += 2000 if year < 100 else 0
    if first > 12 >= second:
        return _dated(year, second, first)
    if second > 12 >= first:
        return _dated(year, first, second)
    if first == second:
        return _dated(year, first, first)
    raise ValueError(f"'{g['text']}' could be day/month or month/day; write it as "
                     "e.g. 31 March 2027 or 2027-03-31")


def _named_day(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    return today + dt.timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[
        str(g["name"])])


_RULES: list[tuple[re.Pattern[str], Callable[[Groups, dt.date, Prefer], dt.date]]] = [
    (re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"), _iso),
    (re.compile(rf"{_DAY}(?: of)? {_MONTH}(?: {_YEAR})?"), _day_month),
    (re.compile(rf"{_MONTH} {_DAY}(?: {_YEAR})?"), _day_month),
    (re.compile(rf"(?:(?P<part>end|start|beginning|middle|mid)[ -])?{_MONTH}(?: {_YEAR})?"),
     _month_part),
    (re.compile(rf"(?:end )?q(?P<quarter>[1-4])(?:[ /-]{_YEAR})?"), _quarter),
    (re.compile(rf"(?:end )?{_YEAR}[ -]q(?P<quarter>[1-4])"), _quarter),
    (re.compile(rf"(?:(?:in|within)(?: the next)? )?{_COUNT} {_UNIT}(?: from now| time)?"),
     _relative),
    (re.compile(r"(?:end )?(?:(?P<which>this|next|last|previous) )?(?P<unit>week|month|"
                r"quarter|year)(?: ?-?end)?"), _period_end),
    (re.compile(r"(?P<name>today|tomorrow|yesterday)"), _named_day),
    (re.compile(r"(?P<text>(?P<first>\d{1,2})[/.](?P<second>\d{1,2})[/.]"
                r"(?P<year>\d{4}|\d{2}))"), _slashed),
]


# ---------------------------------------------------------------------------------------
# Showing dates

def examples(today: dt.date) -> list[str]:
    """Phrases for a hint, each meaning a date after ``today`` (never one in the past)."""
    soon = add_months(today, 3)
    later = add_months(today, 6)
    quarter = (later.month - 1) // 3 + 1
    exact = add_months(today.replace(day=1), 2) + dt.timedelta(days=14)
    return [f"end of {MONTH_NAMES[soon.month - 1]}", f"Q{quarter} {later.year}",
            "in 6 weeks", exact.isoformat()]


def said(items: list[str]) -> str:
    """'a, b, c or d'."""
    return ", ".join(items[:-1]) + " or " + items[-1] if len(items) > 1 else "".join(items)


def spoken(day: dt.date, today: dt.date) -> str:
    """'Wednesday 31 March 2027, in 4 months': the resolved date, to confirm it."""
    return (f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}, "
            f"{distance(day, today)}")


def distance(day: dt.date, today: dt.date) -> str:
    days = (day - today).days
    if days == 0:
        return "today"
    size = abs(days)
    if size < 14:
        amount = f"{size} day{'s' if size != 1 else ''}"
    elif size < 63:
        amount = f"{round(size / 7)} weeks"
    elif size < 730:
        amount = f"{round(size / 30.44)} months"
    else:
        amount = f"{size / 365.25:.0f} years"
    return f"in {amount}" if days > 0 else f"{amount} ago"
