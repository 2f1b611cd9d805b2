"""What a date typed in a box means, said in words. No terminal I/O.

Under the box as it is typed (:func:`date_preview`), beside the answer once given
(:func:`resolved_date`), and the two days a date such as 3/4 may mean (:func:`readings`).
A date counts from ``today``, the day the answers' dates count from (the meeting's);
``since`` names that day in the words when it is not today ("the meeting").
"""

from __future__ import annotations

from typing import Any

from ldconsult.bank import values
from ldconsult.bank.model import Question
from ldconsult.base import calendar_math, date_words


def local_today() -> Any:
    import datetime as dt

    return dt.date.today()


def date_preview(q: Question, text: str, today: Any, since: str = "") -> tuple[str, str]:
    """(style, line) under a date box: what the text typed so far means."""
    text = text.strip()
    if not text or text == "?":
        return ("class:hint", " ")
    try:
        day = values.as_date(q, text, today)  # the same checks as the answer itself
    except values.Ambiguous as exc:
        both = " or ".join(_short(d) for d in exc.readings)
        return ("class:resolved", f"  → {both}? (you choose after Enter)")
    except values.OutOfRange as exc:
        return ("class:hint", f"  … {exc}")
    except ValueError:
        return ("class:hint", "  … not a date yet")
    try:
        values.check_live_date(q, day, today)
    except ValueError:  # a date the answer will refuse: the reason comes with Enter
        return ("class:hint", f"  → {date_words.spoken(day, today, since=since)} ✗ before the "
                              "meeting")
    return ("class:resolved", f"  → {said_date(q, day, today, since)}")


def said_date(q: Question, day: Any, today: Any, since: str = "") -> str:
    """'Wednesday 31 March 2027, in 4 months', with a warning when the date lies on the
    side of the meeting the question does not expect ('⚠ before the meeting')."""
    odd = values.wrong_side(q, day, today)
    warning = "" if not odd else " ⚠ is that right?" if since else f" ⚠ {odd}: is that right?"
    return date_words.spoken(day, today, since=since) + warning


def _short(day: Any) -> str:
    return f"{day.day} {calendar_math.MONTH_NAMES[day.month - 1]} {day.year}"


def resolved_date(q: Question, answer: Any, today: Any, since: str = "") -> str | None:
    """'2027-03-31 (Wednesday 31 March 2027, in 4 months)' for a typed date answer."""
    if q.type != "date" or not isinstance(answer, str) or not answer.strip():
        return None
    try:
        day = values.as_date(q, answer, today or local_today())
    except ValueError:
        return None
    return f"{day.isoformat()} ({said_date(q, day, today or local_today(), since)})"


def readings(q: Question, answer: Any, today: Any) -> list[Any]:
    """The days a typed date may mean: two when the person must choose, else none."""
    if q.type != "date" or not isinstance(answer, str):
        return []
    try:
        values.as_date(q, answer, today or local_today())
    except values.Ambiguous as exc:
        return list(exc.readings)
    except ValueError:
        pass
    return []
