"""Answer values: one caster per question type, then the question's constraints.

``coerce(question, raw)`` turns what a person typed, or what an answers file holds, into
the stored value, or raises ``ValueError`` with a message fit to show under the prompt.
Typed and file answers go through exactly this function. A new type is one table entry.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from ldconsult.bank import patterns
from ldconsult.base import date_words, dates, plan_dates
from ldconsult.base.plan_dates import EARLIEST_DATE, LATEST_DATE, OUT_OF_RANGE, OutOfRange, check_date
from ldconsult.bank.tense import (  # noqa: F401 - values is where callers look for them
    Ambiguous,
    check_live_date,
    looking,
    tense,
    wrong_side,
)
from ldconsult.base.text import echo as _echo

# Ranges every stored number and date must fall in. No L&D figure (money, people, hours)
# comes near a quadrillion, and products of three such figures stay finite floats. The
# dates' range is in base/plan_dates.py.
MAX_NUMBER = 1e15

_TRUE = {"y", "yes", "true", "t", "1", "on"}
_FALSE = {"n", "no", "false", "f", "0", "off"}
_SUFFIX = {"k": 1e3, "m": 1e6, "mm": 1e6, "bn": 1e9, "b": 1e9}
_MONEY = re.compile(r"^\s*[-+]?[$€£¥]?\s*([-+]?[0-9][0-9,_ ]*(?:\.[0-9]+)?|\.[0-9]+)\s*"
                    r"(k|m|mm|bn|b)?\s*(?:[a-z]{3})?\s*$", re.IGNORECASE)


def _text(q: Any, raw: Any, today: dt.date) -> str:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise ValueError("expected text")
    text = str(raw).strip() if q.type == "text" else str(raw).strip("\n ")
    if q.type == "text" and "\n" in text:
        text = " ".join(text.split())
    return text


def _number(q: Any, raw: Any, today: dt.date) -> float | int:
    if isinstance(raw, bool):
        raise ValueError("expected a number")
    if isinstance(raw, (int, float)):
        value = check_number(raw)
    elif isinstance(raw, str):
        m = _MONEY.match(raw)
        if not m:
            raise ValueError(f"'{_echo(raw.strip())}' is not a number (e.g. 12, 3.5, 1,200 "
                             "or 40k)")
        digits = m.group(1).replace(",", "").replace("_", "").replace(" ", "")
        value = float(digits) * _SUFFIX.get((m.group(2) or "").lower(), 1.0)
        if raw.strip().startswith("-"):
            value = -abs(value)
    else:
        raise ValueError("expected a number")
    check_number(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def check_number(raw: int | float) -> float:
    """``raw`` as a float if it is finite and within ±MAX_NUMBER, else ValueError."""
    try:
        value = float(raw)
    except OverflowError:  # an int past 1.8e308 (YAML and JSON allow any number of digits)
        raise ValueError(_too_large()) from None
    if math.isnan(value):
        raise ValueError("expected a finite number")
    if not -MAX_NUMBER <= value <= MAX_NUMBER:
        raise ValueError(_too_large())
    return value


def _too_large() -> str:
    return f"the number is too large (at most {MAX_NUMBER:,.0f} either way)"




def _integer(q: Any, raw: Any, today: dt.date) -> int:
    value = _number(q, raw, today)
    if isinstance(value, float):
        raise ValueError(f"expected a whole number, got {value:g}")
    return value


def _money(q: Any, raw: Any, today: dt.date) -> float | int:
    value = _number(q, raw, today)
    if value < 0:
        raise ValueError("an amount of money cannot be negative")
    return value


def _scale(q: Any, raw: Any, today: dt.date) -> int:
    value = _integer(q, raw, today)
    lo, hi = int(q.min if q.min is not None else 1), int(q.max if q.max is not None else 5)
    if not lo <= value <= hi:
        raise ValueError(f"choose a whole number from {lo} to {hi}")
    return value


def _confirm(q: Any, raw: Any, today: dt.date) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    raise ValueError("answer yes or no")


def _date(q: Any, raw: Any, today: dt.date) -> str:
    return as_date(q, raw, today).isoformat()


def as_date(q: Any, raw: Any, today: dt.date) -> dt.date:
    """The day an answer to the date question ``q`` means, as it will be stored, counted
    from ``today`` (in an interview, the meeting's day): a ValueError when it is not a
    date, :class:`Ambiguous` when it may mean two (a question of either tense, a date
    without a year), OutOfRange when it is one no plan can use."""
    return check_date(_as_date(q, raw, today))


def _as_date(q: Any, raw: Any, today: dt.date) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        raise ValueError(f"'{_echo(raw)}' is not a date; e.g. "
                         f"{date_words.said(dates.examples(today, looking(q)))}")
    way = tense(q)
    if way != "either":
        return dates.parse(raw, today, prefer=way)
    found = dates.readings(raw, today)
    if len(found) > 1:
        raise Ambiguous(raw, found)
    return found[0]


def _select(q: Any, raw: Any, today: dt.date) -> str:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise ValueError("expected one of the choices")
    return _match_choice(q, str(raw))


def _multi(q: Any, raw: Any, today: dt.date) -> list[str]:
    if isinstance(raw, str):
        items = [p for p in (s.strip() for s in raw.split(",")) if p]
    elif isinstance(raw, list):
        if not all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in raw):
            raise ValueError("expected a list of choices")
        items = [str(x) for x in raw]
    else:
        raise ValueError("expected a list of choices")
    chosen = [_match_choice(q, item) for item in items]
    return sorted(dict.fromkeys(chosen), key=q.choice_position)  # O(1) per choice


def _match_choice(q: Any, text: str) -> str:
    if q.choice(text) is not None:  # a dict lookup: answers may pick from thousands
        return text
    values = q.choice_values
    folded = text.strip().lower()
    for c in q.choices or []:
        if folded in (c.value.lower(), (c.label or "").strip().lower()):
            return c.value
    import difflib

    near = difflib.get_close_matches(text, values, n=1, cutoff=0.6)
    hint = f"; did you mean '{near[0]}'?" if near else f" (choices: {', '.join(values)})"
    raise ValueError(f"'{_echo(text)}' is not a choice{hint}")


CASTERS: dict[str, Callable[[Any, Any, dt.date], Any]] = {
    "text": _text, "long_text": _text, "select": _select, "multi_select": _multi,
    "confirm": _confirm, "number": _number, "integer": _integer, "date": _date,
    "scale": _scale, "money": _money,
}


class _MeetingDate:
    """The meeting date, asked before the bank or given as --meeting-date or meta."""

    id, type, required, allow_unknown = "meeting_date", "date", False, False


MEETING_DATE = _MeetingDate()


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def coerce(q: Any, raw: Any, *, today: dt.date | None = None, live: bool = False) -> Any:
    """The stored value for ``raw``, or ``None`` for an empty answer to an optional question.

    ``today`` resolves dates said as "end of March" or "in 6 weeks" (default: the
    system's date; in an interview, the meeting's). ``live``: typed in the meeting, where
    ``today`` is the meeting's day and a date that cannot be right is refused at once.
    Raises ``ValueError`` with a short, human message.
    """
    if is_empty(raw) or (isinstance(raw, str) and not raw.strip()):
        if q.required:
            raise ValueError("an answer is required" + (" (or choose \"Don't know yet\")"
                                                       if q.allow_unknown else ""))
        return None
    if _not_text(raw):
        raise ValueError("contains bytes that are not valid text (check the file's or the "
                         "terminal's encoding)")
    day = today or dt.date.today()
    value = CASTERS[q.type](q, raw, day)
    if is_empty(value):
        if q.required:
            raise ValueError("an answer is required")
        return None
    _check_constraints(q, value)
    if live and q.type == "date":
        check_live_date(q, dt.date.fromisoformat(value), day)
    return value


# ---------------------------------------------------------------------------------------
# Answers read back from a file: the stored form, strictly (no phrases, no guessing)

def check_stored(q: Any, value: Any) -> None:
    """``ValueError`` naming ``value`` when it is not what question ``q`` stores: an ISO
    date that exists and is in range, a number in range, yes or no, one of the choices.
    Text takes anything. What an intake holds is read, never re-interpreted: the engine
    adds days to a date, and 9999-12-31 crashed it."""
    check = _STORED.get(q.type)
    if check is not None:
        check(q, value)


def _stored_date(q: Any, value: Any) -> None:
    text = value.isoformat() if isinstance(value, dt.date) else value
    if not isinstance(text, str) or not _ISO.fullmatch(text):
        raise ValueError(f"'{_echo(value)}' is not a date; an intake holds dates as "
                         "YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a real date ({exc})") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise OutOfRange(f"'{text}' {OUT_OF_RANGE}")


def _stored_number(q: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"'{_echo(value)}' is not a number")
    CASTERS[q.type](q, value, dt.date.min)  # range, whole numbers, no negative money


def _stored_confirm(q: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise ValueError(f"'{_echo(value)}' is not yes or no")


def _stored_choices(q: Any, value: Any) -> None:
    items = value if type(value) is list and q.type == "multi_select" else (value,)
    for item in items:
        if type(item) is not str or q.choice(item) is None:
            raise ValueError(f"'{_echo(item)}' is not one of the question's choices")


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_STORED: dict[str, Callable[[Any, Any], None]] = {
    "date": _stored_date, "number": _stored_number, "integer": _stored_number,
    "money": _stored_number, "scale": _stored_number, "confirm": _stored_confirm,
    "select": _stored_choices, "multi_select": _stored_choices,
}
STORED_TYPES = frozenset(_STORED)


def _not_text(raw: Any) -> bool:
    # Lone surrogates (undecodable terminal bytes, or "\ud800" in JSON) cannot be saved.
    items = raw if isinstance(raw, list) else [raw]
    for item in items:
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


def _check_constraints(q: Any, value: Any) -> None:
    if isinstance(value, str) and q.type in ("text", "long_text"):
        if q.min_length is not None and len(value) < q.min_length:
            raise ValueError(f"please write at least {q.min_length} characters")
        if q.max_length is not None and len(value) > q.max_length:
            raise ValueError(f"please keep it under {q.max_length} characters")
        if q.pattern is not None and not patterns.search(q.pattern, value):
            raise ValueError(f"does not match the expected form ({q.placeholder or q.pattern})")
    elif isinstance(value, list):
        if q.min is not None and len(value) < q.min:
            raise ValueError(f"choose at least {int(q.min)}")
        if q.max is not None and len(value) > q.max:
            raise ValueError(f"choose at most {int(q.max)}")
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and q.type != "scale":
        if q.min is not None and value < q.min:
            raise ValueError(f"must be at least {q.min:g}")
        if q.max is not None and value > q.max:
            raise ValueError(f"must be at most {q.max:g}")


def display(q: Any, value: Any) -> str:
    """An answer as a person reads it: choice labels, yes/no, thousands separators."""
    if value is None:
        return "—"
    if q is not None and q.type in ("select", "multi_select"):
        items = value if isinstance(value, list) else [value]
        labels = [(q.choice(v).shown if q.choice(v) else str(v)) for v in items]
        return ", ".join(labels)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):  # an orphan answer (no question left to give labels)
        return ", ".join(str(v) for v in value)
    if q is not None and q.type == "money" and isinstance(value, (int, float)):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    if isinstance(value, (int, float)) and abs(value) >= 10000:
        return f"{value:,}"
    return str(value)


# ---------------------------------------------------------------------------------------
# Numbers and dates in agreed text (a baseline such as '18% (2026-10-01)', a reading)

NUMBER = re.compile(r"""
    (?<![^\W_])(?<![.,])           # not glued to a word or a version: Q3, H1, v1.2
    (?P<sign>[-+\u2212]?)
    (?: (?P<thousands>\d{1,3}(?:,\d{3})+(?!\d))(?P<tfrac>\.\d+)?
      | (?P<int>\d+)(?P<frac>\.\d+|,\d{1,2}(?!\d))?
      | (?P<lead>\.\d+) )
    (?P<k>k(?![^\W\d_]))?          # 40k, but not 40 km
    """, re.VERBOSE | re.IGNORECASE)


_DATES = re.compile(r"\b\d{4}-\d{1,2}(?:-\d{1,2})?\b|\b\d{1,2}/(?:\d{1,2}/)?\d{2,4}\b")
_YEAR = re.compile(r"(?:19|20)\d\d")


def first_number(text: Any) -> float | None:
    """The first number in an agreed value such as '18%', '4.2 days' or '1,200/month'.

    The baseline question asks "as of when?", so dates are not numbers: ISO and slashed
    dates are skipped, and so is a leading bare year ('March 2026: 18%') when a number
    that is not a year follows it.
    """
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    found = list(NUMBER.finditer(_DATES.sub(" ", str(text))))
    if not found:
        return None
    plain = [m for m in found if not _YEAR.fullmatch(m.group(0))]
    value = number_of(plain[0] if plain else found[0])
    return value if abs(value) <= MAX_NUMBER else None  # 309 digits make inf: no number


def number_of(m: re.Match[str]) -> float:
    if m["thousands"]:
        value = float(m["thousands"].replace(",", "") + (m["tfrac"] or ""))
    elif m["int"]:
        value = float(m["int"] + (m["frac"] or "").replace(",", "."))
    else:
        value = float(m["lead"])
    if m["k"]:
        value *= 1000
    return -value if m["sign"] in ("-", "\u2212") else value


def parse_date(text: Any) -> dt.date | None:
    """A date out of agreed text: ISO 'YYYY-MM-DD' anywhere in it, else None."""
    if isinstance(text, dt.date):
        return text
    return plan_dates.iso_in(text)


def fmt(x: float | None) -> str:
    """A number as people write it: 12, 4.25, 1,200."""
    if x is None:
        return "?"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.3f}".rstrip("0").rstrip(".")
