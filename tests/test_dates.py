"""Dates as people say them, resolved against an explicit today (no clock is patched)."""

from __future__ import annotations

import datetime as dt

import pytest

from ldconsult.base import dates

TODAY = dt.date(2026, 11, 29)  # a Sunday in Q4
D = dt.date


@pytest.mark.parametrize("said, meant", [
    ("2027-03-31", D(2027, 3, 31)),
    ("2027-3-5", D(2027, 3, 5)),
    ("end of March", D(2027, 3, 31)),
    ("End of March 2027", D(2027, 3, 31)),
    ("by the end of March", D(2027, 3, 31)),
    ("end-March", D(2027, 3, 31)),
    ("March", D(2027, 3, 31)),
    ("31 March", D(2027, 3, 31)),
    ("31st of March", D(2027, 3, 31)),
    ("March 31, 2027", D(2027, 3, 31)),
    ("31 Mar 2028", D(2028, 3, 31)),
    ("Sept 3", D(2027, 9, 3)),
    ("mid-April", D(2027, 4, 15)),
    ("start of May", D(2027, 5, 1)),
    ("Q2 2027", D(2027, 6, 30)),
    ("2027 Q3", D(2027, 9, 30)),
    ("end of Q2", D(2027, 6, 30)),
    ("Q4", D(2026, 12, 31)),  # this quarter has not ended yet
    ("q1", D(2027, 3, 31)),
    ("in 6 weeks", D(2027, 1, 10)),
    ("6 weeks", D(2027, 1, 10)),
    ("in two weeks", D(2026, 12, 13)),
    ("in a couple of weeks", D(2026, 12, 13)),
    ("in 10 days", D(2026, 12, 9)),
    ("in 3 months", D(2027, 2, 28)),  # 29 February 2027 does not exist
    ("within a quarter", D(2027, 2, 28)),
    ("within the next 3 months", D(2027, 2, 28)),
    ("in a year", D(2027, 11, 29)),
    ("end of next quarter", D(2027, 3, 31)),
    ("end of this quarter", D(2026, 12, 31)),
    ("end of the year", D(2026, 12, 31)),
    ("year end", D(2026, 12, 31)),
    ("end of next year", D(2027, 12, 31)),
    ("next month", D(2026, 12, 31)),
    ("end of this week", D(2026, 12, 4)),  # a Friday; today is a Sunday
    ("today", TODAY),
    ("tomorrow", D(2026, 11, 30)),
    ("31/12/2027", D(2027, 12, 31)),  # only one way to read it
    ("12/31/2027", D(2027, 12, 31)),
    ("5.5.27", D(2027, 5, 5)),
])
def test_a_phrase_means_one_date(said, meant):
    assert dates.parse(said, TODAY) == meant


@pytest.mark.parametrize("said, meant", [
    ("28 November", D(2026, 11, 28)),  # yesterday, not next year
    ("29 November", TODAY),
    ("30 November", D(2025, 11, 30)),
    ("end of October", D(2026, 10, 31)),
])
def test_the_meeting_date_looks_back(said, meant):
    assert dates.parse(said, TODAY, prefer="past") == meant


def test_a_date_without_a_year_is_the_next_one_today_included():
    assert dates.parse("29 November", TODAY) == TODAY
    assert dates.parse("28 November", TODAY) == D(2027, 11, 28)


@pytest.mark.parametrize("said, reason", [
    ("31 April", "April has no day 31"),
    ("2027-02-30", "February has no day 30"),
    ("2027-13-01", "there is no month 13"),
    ("29 February", "29 February needs a year"),
    ("03/04/2027", "'03/04/2027' could be day/month or month/day; write it as e.g. "
                   "31 March 2027 or 2027-03-31"),
    ("soonish", "'soonish' is not a date I can read; try e.g. end of February, Q2 2027, "
                "in 6 weeks or 2027-01-15"),
])
def test_what_cannot_be_read_gets_a_one_line_reason(said, reason):
    with pytest.raises(ValueError) as err:
        dates.parse(said, TODAY)
    assert str(err.value) == reason


@pytest.mark.parametrize("today", [D(2026, 1, 1), D(2026, 3, 31), D(2026, 11, 29),
                                   D(2026, 12, 31), D(2028, 2, 29)])
def test_examples_are_readable_and_never_in_the_past(today):
    examples = dates.examples(today)
    assert len(examples) == 4
    for phrase in examples:
        assert dates.parse(phrase, today) > today, phrase


@pytest.mark.parametrize("day, shown", [
    (D(2027, 3, 31), "Wednesday 31 March 2027, in 4 months"),
    (TODAY, "Sunday 29 November 2026, today"),
    (D(2026, 12, 2), "Wednesday 2 December 2026, in 3 days"),
    (D(2026, 12, 27), "Sunday 27 December 2026, in 4 weeks"),
    (D(2026, 11, 1), "Sunday 1 November 2026, 4 weeks ago"),
    (D(2030, 1, 1), "Tuesday 1 January 2030, in 3 years"),
])
def test_the_resolved_date_is_spoken_for_confirmation(day, shown):
    assert dates.spoken(day, TODAY) == shown
