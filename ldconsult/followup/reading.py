"""Readings as people type them: numbers, dates, indicators, and their validation.

Pure functions; every problem is a :class:`ReadingError` (exit code 2) whose message
names the option it came from, so the CLI can print it as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ldconsult.bank.values import NUMBER, check_number, number_of, parse_date
from ldconsult.base import plan_dates
from ldconsult.base.errors import LdError
from ldconsult.base.text import echo
from ldconsult.engine.recommendation import Measurement
from ldconsult.intake import Intake, Reading

BEHAVIOURS = ("yes", "partly", "no")


class ReadingError(LdError, ValueError):
    """A follow-up reading (or the intake it goes into) cannot be used."""


# ---------------------------------------------------------------------------------------
# Numbers and dates

def parse_metric(raw: str | float) -> float:
    """A typed reading: just a number, optionally with '%' (e.g. 12, 4.5, 1,200, 18%).
    Never infinite: 309 digits used to be stored as null and printed as "inf"."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _in_range(raw)
    value = _typed_number(str(raw))
    if value is None:
        raise ReadingError(f"--metric: '{raw}' is not a number (e.g. 12, 4.5, 1,200 or 18%)")
    return _in_range(value)


def _typed_number(text: str) -> float | None:
    """The number a typed reading is, else None (not yet checked against the range)."""
    m = NUMBER.fullmatch(text.strip().removesuffix("%").strip())
    return number_of(m) if m else None


def _in_range(value: float, option: str = "--metric") -> float:
    """``value`` if it is finite and within range; the error message starts with
    ``option``, the option the value came from."""
    try:
        return check_number(value)
    except ValueError as exc:
        raise ReadingError(f"{option}: {exc}") from None


def reading_date(raw: str | None, today: dt.date) -> dt.date:
    if raw is None or not raw.strip():
        return today
    text = raw.strip()
    try:
        if not plan_dates.ISO_DATE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ReadingError(f"--date: '{echo(raw)}' is not a date in the form YYYY-MM-DD") \
            from None


@dataclass(frozen=True)
class ReadingInput:
    """What the user gave (options or answers to prompts), before validation."""

    metric: str | float | None = None
    date: str | None = None
    leading: Sequence[str] = ()
    behaviours: str | None = None
    learner_feedback: str | None = None
    manager_feedback: str | None = None
    note: str | None = None


def has_metric(measurement: Measurement) -> bool:
    return bool((measurement.kpi or "").strip() or (measurement.baseline or "").strip())


def require_metric(measurement: Measurement) -> None:
    if not has_metric(measurement):
        raise ReadingError("this intake has no agreed metric (KPI): agree the metric, baseline "
                           "and target first, then record readings against them")


def make_reading(given: ReadingInput, intake: Intake, measurement: Measurement, *,
                 today: dt.date, recorded: dt.datetime) -> Reading:
    """Validate ``given`` against the intake and build the reading. Raises ReadingError."""
    require_metric(measurement)
    if given.metric is None or str(given.metric).strip() == "":
        raise ReadingError("--metric: a reading needs the KPI's value")
    value = parse_metric(given.metric)
    when = reading_date(given.date, today)
    check_reading_date(when, intake, today)
    return Reading(date=when.isoformat(), metric=value, leading=parse_leading(given.leading),
                   behaviours_seen=parse_behaviours(given.behaviours),
                   learner_feedback=_text(given.learner_feedback),
                   manager_feedback=_text(given.manager_feedback), note=_text(given.note),
                   recorded=recorded)


def check_reading_date(when: dt.date, intake: Intake, today: dt.date) -> None:
    if when > today:
        raise ReadingError(f"--date: {when} is in the future (today is {today}); record a "
                           "reading once it has been taken")
    meeting = parse_date(intake.meta.meeting_date)
    if meeting and when < meeting:
        raise ReadingError(f"--date: {when} is before the meeting date {meeting}, when the "
                           "baseline was agreed; a follow-up reading comes after it")


def parse_leading(items: Sequence[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        name, sep, raw = str(item).partition("=")
        name = name.strip()
        if not sep or not name:
            raise ReadingError(f"--leading: '{item}' is not NAME=VALUE (e.g. first_call_fix=62)")
        if name in out:
            raise ReadingError(f"--leading: '{name}' is given twice")
        value = _typed_number(raw)
        if value is None:
            raise ReadingError(f"--leading: '{name}={raw.strip()}' needs a number after '='")
        out[name] = _in_range(value, f"--leading: '{name}'")
    return out


def parse_behaviours(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    value = raw.strip().lower()
    if value not in BEHAVIOURS:
        raise ReadingError(f"--behaviours: '{raw}' is not one of yes, partly, no")
    return value


def _text(raw: str | None) -> str | None:
    text = (raw or "").strip()
    return text or None
