"""Dates as people say them in a meeting: "end of March", "31 March", "Q2 2027",
"in 6 weeks", "early Q3", "before summer", "last November", or the ISO form.

:func:`parse` turns a phrase into a date, relative to ``today`` (always a parameter: the
same phrase on the same day gives the same date; in an interview it is the meeting's
day). The stored answer stays ISO; the prompter shows the resolved date so it can be
confirmed. No terminal imports. A date said back in words is in
:mod:`ldconsult.base.date_words`; the years a plan can use, in
:mod:`ldconsult.base.plan_dates`; month arithmetic, in :mod:`ldconsult.base.calendar_math`.

How a phrase becomes one day (docs: README, "Dates"):

- A *period* (a month, quarter, season, half or year) means its last day: "March" is
  31 March, "Q2" 30 June. A part picks another day: "start of" its first day, "early"
  the end of its first third (10 March; 31 July for Q3), "mid" its middle (15 March;
  15 August for Q3; 30 June for a year), "late" or "end of" its last day, and "before"
  the day before it starts ("before summer" is 31 May).
- "this", "next" and "last" pick the occurrence: the one we are in (else this year's),
  the first to start after today, the last to end before today.
- Without a year (or "this/next/last"), a phrase means the next such day, today
  included (``prefer="future"``: deadlines), or the last one (``prefer="past"``: the
  meeting, a change that went live); :func:`readings` gives both when a question can
  be about either.
- "in 6 weeks", "within a quarter", "3 months ago" count from today; so do weekdays:
  "last Friday" (the last before today), "next Friday" (the first after it), "this
  Friday" (in this Monday-to-Sunday week), "Friday" (as a date without a year).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from ldconsult.base.calendar_math import DAY_NAMES, MONTH_NAMES, add_months, month_end
from ldconsult.base.date_words import said
from ldconsult.base.plan_dates import OUT_OF_RANGE, OutOfRange
from ldconsult.base.text import echo as _echo

Prefer = Literal["future", "past"]

MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)}
MONTHS |= {name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, 1)}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): n for n, name in enumerate(DAY_NAMES)}
WEEKDAYS |= {name[:3].lower(): n for n, name in enumerate(DAY_NAMES)}
WEEKDAYS |= {"tues": 1, "thur": 3, "thurs": 3}
# Meteorological seasons (northern hemisphere): (first month, months). Winter runs from
# December into the next year and takes the year of its January ("winter 2027" ends in
# February 2027).
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                "twelve": 12, "a couple of": 2, "a few": 3}
MAX_COUNT = 1_000_000  # "in 9999 days" is a date; a count past this is out of range

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_COUNT = r"(?P<count>\d+|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>day|week|month|quarter|year)s?"
_WHICH = r"(?:(?P<which>this|next|last|previous|coming) )?"
_PART = r"(?:(?P<part>start|beginning|early|middle|mid|late|end)[ -])?"
# Words around a date that change nothing: "by the end of March", "no later than Q2".
_LEAD = re.compile(r"^(?:by|until|till|no later than|on|around|about|approximately|"
                   r"roughly|sometime in|some time in|at)\s+")
_TAIL = re.compile(r"\s+(?:at the latest|latest|or so|or earlier)$")
_PARTS = re.compile(r"^(?:the )?(end|start|beginning|middle|mid|early|late)(?: of)?(?: the)? ")


def parse(text: str, today: dt.date, *, prefer: Prefer = "future") -> dt.date:
    """The date ``text`` means on ``today``; ``ValueError`` with a one-line reason if none
    (:class:`OutOfRange` for a date past any plan's years)."""
    phrase, before = _normalise(text)
    tries = [(phrase, before)]
    if phrase.startswith("in "):  # "in March", "in the summer" (but "in 6 weeks" as it is)
        tries.append(_normalise(phrase[3:]))
    for candidate, before in tries:
        for pattern, resolve in _rules():
            m = pattern.fullmatch(candidate)
            if m:
                return _resolved(resolve, {**m.groupdict(), "before": before}, today, prefer)
    raise ValueError(f"'{_echo(text)}' is not a date I can read; try e.g. "
                     f"{said(examples(today, prefer))}")


def readings(text: str, today: dt.date) -> list[dt.date]:
    """Every day ``text`` can mean on ``today`` when it may be in the past or the future:
    one for "2026-11-01" or "in 6 weeks", two for "1 November" (the last one and the
    next one), the nearer first. ``ValueError`` as :func:`parse`."""
    past = parse(text, today, prefer="past")
    future = parse(text, today, prefer="future")
    if past == future:
        return [past]
    return sorted((past, future), key=lambda d: (abs((d - today).days), d))


def _resolved(resolve: Resolver, g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    try:
        return resolve(g, today, prefer)
    except OverflowError:  # past the calendar's year 9999
        raise OutOfRange(f"the date {OUT_OF_RANGE}") from None


def _normalise(text: str) -> tuple[str, bool]:
    """The phrase in one form (lower case, single spaces, no filler words), and whether it
    said "before" (which, before a period, means the day before it starts)."""
    phrase = " ".join(str(text).lower().replace(",", " ").split()).rstrip(".")
    phrase = _TAIL.sub("", _LEAD.sub("", phrase))
    before = phrase.startswith("before ")
    if before:
        phrase = phrase[len("before "):]
    phrase = re.sub(r"^the ", "", phrase)
    return _PARTS.sub(r"\1 ", phrase), before


# ---------------------------------------------------------------------------------------
# A day in a year, and the nearest year that has it

def _dated(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{MONTH_NAMES[month - 1]} has no day {day}"
                         + (f" in {year}" if month == 2 and day == 29 else "")) from None


def _yearless(make: Callable[[int], dt.date | None], today: dt.date,
              prefer: Prefer) -> dt.date:
    """The next (or, looking back, the last) date ``make(year)`` gives, today included.
    ``make`` may give None for a year without that day (29 February)."""
    step = -1 if prefer == "past" else 1
    for year in range(today.year - step, today.year + 9 * step, step):
        day = make(year)
        if day is not None and (day <= today if prefer == "past" else day >= today):
            return day
    raise ValueError("no such date in the years around today")  # pragma: no cover


# ---------------------------------------------------------------------------------------
# Periods: a span of days, and the day a part of it means

@dataclass(frozen=True)
class Span:
    first: dt.date
    last: dt.date
    months: int  # whole calendar months in it (0 for a week)


def _month_span(year: int, month: int, months: int = 1) -> Span:
    first = dt.date(year, month, 1)
    end = add_months(first, months - 1)
    return Span(first, month_end(end.year, end.month), months)


def _part_day(span: Span, part: str | None, before: bool) -> dt.date:
    """The day ``part`` of ``span`` means (see the module's docstring)."""
    if before and part in (None, "start", "beginning"):
        return span.first - dt.timedelta(days=1)
    if part in ("start", "beginning"):
        return span.first
    if part in (None, "late", "end"):
        return span.last
    if span.months == 0:  # a working week: its start or its end only
        raise ValueError("say the start or the end of a week")
    if span.months == 1:
        return span.first.replace(day=10 if part == "early" else 15)
    if part == "early":  # the end of its first third
        end = add_months(span.first, span.months // 3 - 1)
        return month_end(end.year, end.month)
    middle = add_months(span.first, (span.months - 1) // 2)  # mid: its middle
    return middle.replace(day=15) if span.months % 2 else month_end(middle.year, middle.month)


def _named_span(g: Groups) -> Callable[[int], Span]:
    """The span a named period (a month, quarter, season or half) covers in a year."""
    if g.get("month"):
        month = MONTHS[str(g["month"])]
        return lambda y: _month_span(y, month)
    if g.get("quarter"):
        quarter = int(g["quarter"] or 0)
        return lambda y: _month_span(y, quarter * 3 - 2, 3)
    if g.get("half"):
        half = int(g["half"] or 0)
        return lambda y: _month_span(y, half * 6 - 5, 6)
    if g.get("season"):
        first = SEASONS[str(g["season"])]
        return lambda y: _month_span(y - 1 if first == 12 else y, first, 3)
    return lambda y: _month_span(y, 1, 12)  # a year


def _pick(span_of: Callable[[int], Span], which: str, today: dt.date) -> Span:
    """This (the one we are in, else this year's), next (the first to start after today)
    or last (the last to end before today) occurrence of a yearly period."""
    spans = [span_of(y) for y in range(today.year - 2, today.year + 3)]
    if which == "this":  # in late November, "this winter" is the one starting in December
        return next((s for s in spans if s.first <= today <= s.last),
                    next(s for s in spans if s.first.year == today.year))
    if which in ("next", "coming"):
        return next(s for s in spans if s.first > today)
    return next(s for s in reversed(spans) if s.last < today)


def _period(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    span_of = _named_span(g)
    part, before = g.get("part"), bool(g.get("before"))
    if g.get("year"):
        return _part_day(span_of(int(str(g["year"]))), part, before)
    if g.get("which"):
        return _part_day(_pick(span_of, str(g["which"]), today), part, before)
    return _yearless(lambda y: _part_day(span_of(y), part, before), today, prefer)


def _unit_period(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    """This, next or last week, month, quarter or year (a part of it, or its end)."""
    shift = {"next": 1, "coming": 1, "last": -1, "previous": -1}.get(g.get("which") or "", 0)
    unit = str(g["unit"])
    if unit == "week":  # a working week, Monday to Friday; at the weekend, the coming one
        friday = today + dt.timedelta(days=(4 - today.weekday()) % 7 + 7 * shift)
        span = Span(friday - dt.timedelta(days=4), friday, 0)
    elif unit == "month":
        first = add_months(today.replace(day=1), shift)
        span = _month_span(first.year, first.month)
    elif unit == "quarter":
        index = today.year * 4 + (today.month - 1) // 3 + shift
        span = _month_span(index // 4, index % 4 * 3 + 1, 3)
    else:
        span = _month_span(today.year + shift, 1, 12)
    return _part_day(span, g.get("part"), bool(g.get("before")))


# ---------------------------------------------------------------------------------------
# One resolver per form; each gets the pattern's named groups

Groups = dict[str, "str | bool | None"]
Resolver = Callable[[Groups, dt.date, Prefer], dt.date]


def _iso(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    return _dated(int(str(g["year"])), int(str(g["month"])), int(str(g["day"])))


def _day_month(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    month, day = MONTHS[str(g["month"])], int(str(g["day"]))
    if g["year"]:
        return _dated(int(str(g["year"])), month, day)
    _dated(2000, month, day)  # a clear message for "31 April" (2000 had a 29 February)

    def make(year: int) -> dt.date | None:
        return None if month == 2 and day == 29 and not calendar.isleap(year) else \
            dt.date(year, month, day)

    return _yearless(make, today, prefer)  # 29 February: the next (or last) leap year's


def _relative(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    raw = str(g["count"])
    count = int(raw) if raw.isdigit() else WORD_NUMBERS[raw]
    if count > MAX_COUNT:
        raise OutOfRange(f"the date {OUT_OF_RANGE}")
    count = -count if g.get("ago") else count
    unit = str(g["unit"])
    if unit in ("day", "week"):
        return today + dt.timedelta(days=count * (7 if unit == "week" else 1))
    return add_months(today, count * {"month": 1, "quarter": 3, "year": 12}[unit])


def _slashed(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    """31/12/2027 or 12/31/2027; 03/04/2027 is 3 April in London and March 4 in New York,
    so a date that reads both ways is refused with a way to write it."""
    first, second, year = int(str(g["first"])), int(str(g["second"])), int(str(g["year"]))
    year += 2000 if year < 100 else 0
    if first > 12 >= second:
        return _dated(year, second, first)
    if second > 12 >= first:
        return _dated(year, first, second)
    if first == second:
        return _dated(year, first, first)
    raise ValueError(f"'{g['text']}' could be day/month or month/day; write it as "
                     "e.g. 31 March 2027 or 2027-03-31")


def _weekday(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    """"Friday" (the next one, today included, or looking back the last one), "last
    Friday" (the last before today), "next Friday" (the first after today), "this
    Friday" (in this Monday-to-Sunday week)."""
    day, now = WEEKDAYS[str(g["weekday"])], today.weekday()
    which = g.get("which")
    if which == "this":
        return today + dt.timedelta(days=day - now)
    if which in ("next", "coming"):
        return today + dt.timedelta(days=(day - now - 1) % 7 + 1)
    if which in ("last", "previous"):
        return today - dt.timedelta(days=(now - day - 1) % 7 + 1)
    if prefer == "past":
        return today - dt.timedelta(days=(now - day) % 7)
    return today + dt.timedelta(days=(day - now) % 7)


def _named_day(g: Groups, today: dt.date, prefer: Prefer) -> dt.date:
    return today + dt.timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[
        str(g["name"])])


_SEASON = r"(?P<season>" + "|".join(SEASONS) + ")"
_QUARTER = r"q(?P<quarter>[1-4])"
_NAMED = rf"(?:{_MONTH}|{_QUARTER}|h(?P<half>[12])|{_SEASON})"


@cache
def _rules() -> list[tuple[re.Pattern[str], Resolver]]:
    """Each form a phrase can take, with its resolver, in the order they are tried.
    Compiled on first use, not on import: ~2 ms that starting an interview (which
    imports this module through the bank's values) does not need."""
    return [
        (re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"), _iso),
        (re.compile(rf"{_DAY}(?: of)? {_MONTH}(?: {_YEAR})?"), _day_month),
        (re.compile(rf"{_MONTH} {_DAY}(?: {_YEAR})?"), _day_month),
        # a named period: "March", "early Q3 2027", "before summer", "last November", "H2"
        (re.compile(rf"{_PART}{_WHICH}{_NAMED}(?:[ /-]{_YEAR})?"), _period),
        (re.compile(rf"{_PART}{_YEAR}[ -]{_QUARTER}"), _period),
        (re.compile(rf"{_PART}{_YEAR}"), _period),
        (re.compile(rf"{_NAMED} end"), _period),  # "Q2 end"
        (re.compile(rf"(?:(?:in|within)(?: the next)? )?{_COUNT} {_UNIT}(?: from now| time)?"),
         _relative),
        (re.compile(rf"{_COUNT} {_UNIT} (?P<ago>ago)"), _relative),
        (re.compile(rf"{_PART}{_WHICH}(?P<unit>week|month|quarter|year)(?: ?-?end)?"),
         _unit_period),
        (re.compile(r"(?P<name>today|tomorrow|yesterday)"), _named_day),
        (re.compile(rf"{_WHICH}(?P<weekday>{'|'.join(sorted(WEEKDAYS, key=len, reverse=True))})"),
         _weekday),
        (re.compile(r"(?P<text>(?P<first>\d{1,2})[/.](?P<second>\d{1,2})[/.]"
                    r"(?P<year>\d{4}|\d{2}))"), _slashed),
    ]


# ---------------------------------------------------------------------------------------
# Phrases for a hint

def examples(today: dt.date, prefer: Prefer = "future") -> list[str]:
    """Phrases for a hint, each meaning a date after ``today`` (never one in the past),
    or, for a question about the past, one before it."""
    if prefer == "past":
        back = add_months(today, -3)
        exact = add_months(today.replace(day=1), -2) + dt.timedelta(days=14)
        return [f"start of {MONTH_NAMES[back.month - 1]}", "last summer", "3 weeks ago",
                exact.isoformat()]
    soon = add_months(today, 3)
    later = add_months(today, 6)
    quarter = (later.month - 1) // 3 + 1
    exact = add_months(today.replace(day=1), 2) + dt.timedelta(days=14)
    return [f"end of {MONTH_NAMES[soon.month - 1]}", f"Q{quarter} {later.year}",
            "in 6 weeks", exact.isoformat()]
