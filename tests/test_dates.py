"""Dates as people say them, resolved against an explicit today (no clock is patched)."""

from __future__ import annotations

import datetime as dt

import pytest

from ldconsult.base import date_words, dates, plan_dates

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
    ("29 February 2027", "February has no day 29 in 2027"),
    ("30 February", "February has no day 30"),
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
    assert date_words.spoken(day, TODAY) == shown


# ---------------------------------------------------------------------------------------
# Parts of a period, "before", this/next/last, seasons, halves, years (the meeting's
# phrases). Today is Sunday 29 November 2026, in Q4.

@pytest.mark.parametrize("said, meant", [
    # a part of a month: start, early (the 10th), mid (the 15th), late and end (its last)
    ("early March", D(2027, 3, 10)),
    ("mid March", D(2027, 3, 15)),
    ("late March", D(2027, 3, 31)),
    ("beginning of March", D(2027, 3, 1)),
    # a quarter: early is the end of its first month, mid the 15th of its second
    ("early Q3", D(2027, 7, 31)),
    ("mid Q3", D(2027, 8, 15)),
    ("late Q2", D(2027, 6, 30)),
    ("start of Q2 2027", D(2027, 4, 1)),
    ("early Q4", D(2027, 10, 31)),  # early Q4 2026 has passed
    ("Q2 end", D(2027, 6, 30)),
    # seasons (meteorological): summer is June to August, winter December to February
    ("this summer", D(2026, 8, 31)),  # this year's, though it has passed
    ("summer", D(2027, 8, 31)),
    ("before summer", D(2027, 5, 31)),  # the day before it starts
    ("early summer", D(2027, 6, 30)),
    ("end of winter", D(2027, 2, 28)),
    ("winter 2027", D(2027, 2, 28)),  # the winter that ends in 2027
    ("start of winter", D(2026, 12, 1)),
    ("this winter", D(2027, 2, 28)),
    ("in the autumn", D(2026, 11, 30)),  # it ends tomorrow
    ("fall 2027", D(2027, 11, 30)),
    # halves and years
    ("H1", D(2027, 6, 30)),
    ("H2 2027", D(2027, 12, 31)),
    ("mid-2027", D(2027, 6, 30)),
    ("early 2027", D(2027, 4, 30)),
    ("end of 2027", D(2027, 12, 31)),
    ("2027", D(2027, 12, 31)),
    ("before 2028", D(2027, 12, 31)),
    ("before Q2 2027", D(2027, 3, 31)),
    ("before March", D(2027, 2, 28)),
    ("before the end of March", D(2027, 3, 31)),  # "by": the end itself
    ("before 31 March", D(2027, 3, 31)),
    # this / next / last
    ("next month", D(2026, 12, 31)),
    ("early next month", D(2026, 12, 10)),
    ("start of next year", D(2027, 1, 1)),
    ("last month", D(2026, 10, 31)),
    ("next December", D(2026, 12, 31)),  # the first to start after today
    ("next November", D(2027, 11, 30)),
    ("last November", D(2025, 11, 30)),  # the last to end before today
    ("last October", D(2026, 10, 31)),
    ("next summer", D(2027, 8, 31)),
    ("last summer", D(2026, 8, 31)),
    ("start of next week", D(2026, 12, 7)),  # at the weekend, "this week" is the coming one
    # filler words
    ("in March", D(2027, 3, 31)),
    ("sometime in early 2027", D(2027, 4, 30)),
    ("at the end of March", D(2027, 3, 31)),
    ("around mid-April", D(2027, 4, 15)),
    ("March at the latest", D(2027, 3, 31)),
    # counting back, and counting far
    ("3 weeks ago", D(2026, 11, 8)),
    ("a month ago", D(2026, 10, 29)),
    ("in 9999 days", D(2054, 4, 15)),
])
def test_a_phrase_from_the_meeting_means_one_date(said, meant):
    assert dates.parse(said, TODAY) == meant


@pytest.mark.parametrize("said, meant", [
    ("1 November", D(2026, 11, 1)),  # a change that already happened: this year's
    ("early Q3", D(2026, 7, 31)),
    ("before summer", D(2026, 5, 31)),
    ("March", D(2026, 3, 31)),
    ("29 February", D(2024, 2, 29)),
])
def test_a_question_about_the_past_reads_a_yearless_date_back(said, meant):
    assert dates.parse(said, TODAY, prefer="past") == meant


@pytest.mark.parametrize("today, meant", [(TODAY, D(2028, 2, 29)),
                                          (D(2028, 2, 29), D(2028, 2, 29)),
                                          (D(2028, 3, 1), D(2032, 2, 29))])
def test_29_february_without_a_year_is_the_next_one(today, meant):
    assert dates.parse("29 February", today) == meant


@pytest.mark.parametrize("said, both", [
    ("1 November", [D(2026, 11, 1), D(2027, 11, 1)]),  # the nearer first
    ("10 December", [D(2026, 12, 10), D(2025, 12, 10)]),
    ("early Q3", [D(2026, 7, 31), D(2027, 7, 31)]),
    ("2026-11-01", [D(2026, 11, 1)]),  # a year given: one reading
    ("in 6 weeks", [D(2027, 1, 10)]),
    ("last November", [D(2025, 11, 30)]),
    ("29 November", [TODAY]),
])
def test_readings_gives_the_last_and_the_next_for_a_yearless_date(said, both):
    assert dates.readings(said, TODAY) == both


@pytest.mark.parametrize("said", ["in 9999999 days", "in 99999999999999999999 days",
                                  "in 9999 years", "99999 months ago"])
def test_a_count_past_any_calendar_is_out_of_range(said):
    with pytest.raises(plan_dates.OutOfRange) as err:
        dates.parse(said, TODAY)
    assert str(err.value) == ("the date is out of range: use a date between 1900-01-01 and "
                              "2999-12-31")


@pytest.mark.parametrize("said", ["early next week", "mid this week"])
def test_a_week_has_a_start_and_an_end_only(said):
    with pytest.raises(ValueError, match="say the start or the end of a week"):
        dates.parse(said, TODAY)


@pytest.mark.parametrize("day, since, shown", [
    (D(2026, 11, 1), "the meeting", "Sunday 1 November 2026, 4 weeks before the meeting"),
    (D(2027, 3, 31), "the meeting", "Wednesday 31 March 2027, 4 months after the meeting"),
    (TODAY, "the meeting", "Sunday 29 November 2026, the day of the meeting"),
])
def test_a_date_can_be_spoken_relative_to_the_meeting(day, since, shown):
    assert date_words.spoken(day, TODAY, since=since) == shown


@pytest.mark.parametrize("said, prefer, meant", [  # today is Sunday 29 November 2026
    ("last Friday", "future", D(2026, 11, 27)),
    ("next Friday", "future", D(2026, 12, 4)),
    ("this Friday", "future", D(2026, 11, 27)),  # this Monday-to-Sunday week
    ("Friday", "future", D(2026, 12, 4)),
    ("Friday", "past", D(2026, 11, 27)),
    ("Sunday", "future", TODAY),
    ("last Sunday", "future", D(2026, 11, 22)),
    ("next tues", "future", D(2026, 12, 1)),
    ("by Thursday", "future", D(2026, 12, 3)),
])
def test_weekdays_count_from_today(said, prefer, meant):
    assert dates.parse(said, TODAY, prefer=prefer) == meant
