"""Which way a date question looks from the meeting, and what that makes of a date.

A deadline lies ahead, the meeting date behind, and a go-live may be either: a date said
without a year is then the next one, the last one, or both, offered to choose from
(:class:`Ambiguous`). Set per question with the bank key ``tense``, else by the signal
the question provides (TENSES), else future. No terminal imports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ldconsult.base import dates
from ldconsult.base.text import echo as _echo

MEETING_DATE_ID = "meeting_date"  # the meeting's own date looks back


Tense = Literal["future", "past", "either"]
# Which way a bank's date questions look from the meeting, by the signal they provide: a
# deadline lies ahead; a go-live may have happened already, or not yet.
TENSES: dict[str, Tense] = {"deadline": "future", "mandate_deadline": "future",
                            "go_live": "either"}
# Dates that cannot come before the meeting: the plan's target is reached after it.
AFTER_THE_MEETING = frozenset({"deadline"})


def looking(q: Any) -> dates.Prefer:
    """How a hint's examples look: back for a question about the past, else ahead."""
    return "past" if tense(q) == "past" else "future"


def tense(q: Any) -> Tense:
    """The question's own ``tense``, else its signal's, else future; the meeting looks back."""
    if getattr(q, "id", None) == MEETING_DATE_ID:
        return "past"
    own = getattr(q, "tense", None)
    return own or TENSES.get(getattr(q, "provides", None) or "", "future")


class Ambiguous(ValueError):
    """A date said without a year, for a question about the past or the future: both the
    last and the next such day fit. A person chooses; an answers file gives the year."""

    def __init__(self, text: str, readings: list[dt.date]) -> None:
        self.text, self.readings = text, readings
        shown = " or ".join(d.isoformat() for d in sorted(readings))
        super().__init__(f"'{_echo(text)}' could be {shown}; give the year")


def wrong_side(q: Any, day: dt.date, meeting: dt.date) -> str | None:
    """Why ``day`` is odd for ``q``, seen from the meeting: a future question's date before
    it, a past question's after it (None when it is fine, or either way is)."""
    way = tense(q)
    if way == "future" and day < meeting:
        return "before the meeting"
    if way == "past" and day > meeting and getattr(q, "id", None) != MEETING_DATE_ID:
        return "after the meeting"
    return None


def check_live_date(q: Any, day: dt.date, meeting: dt.date) -> None:
    """ValueError for a date typed in the meeting that cannot be right: a target date
    before the meeting (the plan reaches its target after it)."""
    if getattr(q, "provides", None) in AFTER_THE_MEETING and day < meeting:
        other = " (or \"don't know yet\")" if getattr(q, "allow_unknown", False) else ""
        raise ValueError(f"{day.isoformat()} is before the meeting ({meeting.isoformat()}): "
                         f"a target is reached after it; give a later date{other}")
