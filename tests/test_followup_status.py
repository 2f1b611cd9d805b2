"""Follow-up status rules: baseline → target, pace against the deadline, what to try next."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldconsult import followup as fu
from ldconsult.intake import BankRef, Intake, Meta, Reading
from ldconsult.recommendation import Checkpoint, Measurement

D = dt.date.fromisoformat
MEETING = "2026-11-01"
DEADLINE = "2027-03-01"  # 120 days after the meeting
TODAY = D("2027-01-01")  # 61 days in: 51% of the time gone


def intake(*readings: Reading, meeting: str | None = MEETING) -> Intake:
    return Intake(bank=BankRef(id="t", version="1"), meta=Meta(meeting_date=meeting),
                  history=list(readings))


def r(value: float | None, date: str = "2027-01-01", **kw: object) -> Reading:
    return Reading(date=date, metric=value, **kw)  # type: ignore[arg-type]


def plan(baseline: str | None = "50", target: str | None = "80",
         deadline: str | None = DEADLINE, **kw: object) -> Measurement:
    return Measurement(kpi="KPI", baseline=baseline, target=target, deadline=deadline,
                       **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# Status: one row per rule

HIGHER = {"baseline": "50", "target": "80"}
LOWER = {"baseline": "18%", "target": "10%"}

STATUS_CASES = [
    # name, plan kwargs, readings, status, words in the message
    ("higher is better: target hit exactly", HIGHER, [r(80)], "target_reached", "Target reached"),
    ("higher is better: target passed", HIGHER, [r(85)], "target_reached", "Target reached"),
    ("higher is better: ahead of pace", HIGHER, [r(66)], "on_track", "51% of the time"),
    ("higher is better: just behind pace, within slack", HIGHER, [r(63)], "on_track", "43%"),
    ("higher is better: well behind pace", HIGHER, [r(58)], "off_track", "27%"),
    ("lower is better: target hit", LOWER, [r(10)], "target_reached", "from 18 to 10"),
    ("lower is better: target passed", LOWER, [r(9.5)], "target_reached", "Target reached"),
    ("lower is better: on pace", LOWER, [r(14)], "on_track", "50% of the way"),
    ("lower is better: behind pace", LOWER, [r(16)], "off_track", "25% of the way"),
    ("lower is better: moving the wrong way", LOWER, [r(20)], "off_track", "moved away"),
    ("latest by date, not by order recorded", LOWER,
     [r(11, "2027-01-01"), r(17, "2026-12-01")], "on_track", "11 on 2027-01-01"),
    ("no readings", HIGHER, [], "no_data", "No readings yet"),
    ("a reading without a metric is not a data point", HIGHER,
     [Reading(date="2027-01-01", behaviours_seen="yes")], "no_data", "No readings yet"),
    ("non-numeric baseline", {"baseline": "about the same as last year", "target": "80"},
     [r(60)], "no_data", "'about the same as last year' has no number"),
    ("target never agreed", {"baseline": "50", "target": None}, [r(60)], "no_data",
     "target was not agreed"),
    ("baseline equals target", {"baseline": "50", "target": "50"}, [r(60)], "no_data",
     "no gap to close"),
    ("no deadline, over half way", {**HIGHER, "deadline": None}, [r(70)], "on_track",
     "No deadline was agreed"),
    ("no deadline, under half way", {**HIGHER, "deadline": None}, [r(60)], "off_track",
     "half-way rule"),
    ("deadline passed without reaching target", {**HIGHER, "deadline": "2026-12-15"},
     [r(79, "2026-12-10")], "off_track", "has passed"),
    ("target reached, even after the deadline", {**HIGHER, "deadline": "2026-12-15"},
     [r(81)], "target_reached", "Target reached"),
]


@pytest.mark.parametrize("name,kw,readings,status,words", STATUS_CASES,
                         ids=[c[0] for c in STATUS_CASES])
def test_status_rules(name: str, kw: dict, readings: list[Reading], status: str,
                      words: str) -> None:
    result = fu.compute_result(intake(*readings), plan(**kw), today=TODAY)
    assert result.status == status
    assert words in result.message


def test_direction_follows_target_below_baseline() -> None:
    assert fu.compute_result(intake(r(14)), plan(**LOWER), today=TODAY).direction == "lower"
    assert fu.compute_result(intake(r(60)), plan(**HIGHER), today=TODAY).direction == "higher"


def test_result_carries_what_review_and_export_need() -> None:
    readings = [r(17, "2026-11-20"), r(15, "2026-12-20", behaviours_seen="partly"),
                r(14, "2027-01-01")]
    res = fu.compute_result(intake(*readings), plan(**LOWER), today=TODAY)
    assert (res.latest, res.latest_date, res.baseline, res.target) == (14, "2027-01-01", 18, 10)
    assert res.trend == (17, 15, 14)
    assert res.days_left == 59
    assert res.deadline == DEADLINE
    assert res.progress_percent == 50.0
    assert res.readings == 3
    assert res.behaviours_seen == "partly"
    assert res.next_checkpoint == "2027-01-30"  # day 90 after the meeting
    assert res.next_iteration and res.message


def test_days_left_is_negative_once_the_deadline_has_passed() -> None:
    res = fu.compute_result(intake(r(60)), plan(deadline="2026-12-25"), today=TODAY)
    assert res.days_left == -7


def test_without_meeting_date_pace_starts_at_the_first_reading() -> None:
    # First reading on the start day, second half-way to the deadline with 60% progress.
    readings = [r(50, "2027-01-01"), r(68, "2027-01-31")]
    res = fu.compute_result(intake(*readings, meeting=None),
                            plan(deadline="2027-03-02"), today=D("2027-01-31"))
    assert res.status == "on_track"
    assert "50% of the time" in res.message


def test_json_round_trip_of_result() -> None:
    res = fu.compute_result(intake(r(14)), plan(**LOWER), today=TODAY)
    assert type(res).model_validate_json(res.model_dump_json()) == res


# ---------------------------------------------------------------------------------------
# What to try next

ITERATION_CASES = [
    ("behaviours not seen → check the drivers before more training", LOWER,
     [r(16, behaviours_seen="no")], "check the drivers"),
    ("behaviours only partly seen → ask managers what stops the rest", LOWER,
     [r(16, behaviours_seen="partly")], "only partly seen"),
    ("behaviours changed but metric flat → question the environment or the metric", LOWER,
     [r(17.5, behaviours_seen="yes")], "wrong measure"),
    ("off track with no behaviour data → go observe (success case method)", LOWER,
     [r(17)], "Brinkerhoff"),
    ("target reached → reinforcement", LOWER, [r(9)], "reinforcement"),
    ("target reached → share with the sponsor", LOWER, [r(9)], "sponsor"),
    ("target reached → consider scaling the pilot", LOWER, [r(9)], "roll-out to everyone"),
    ("no readings → record the first one", LOWER, [], "Record the first reading"),
    ("non-numeric target → agree numbers", {"baseline": "18%", "target": "better"},
     [r(12)], "numeric baseline and target"),
    ("no deadline → agree one", {**LOWER, "deadline": None}, [r(12)], "Agree a deadline"),
    ("no manager feedback yet → ask managers", LOWER, [r(14)], "Ask managers"),
]


@pytest.mark.parametrize("name,kw,readings,words", ITERATION_CASES,
                         ids=[c[0] for c in ITERATION_CASES])
def test_next_iteration(name: str, kw: dict, readings: list[Reading], words: str) -> None:
    res = fu.compute_result(intake(*readings), plan(**kw), today=TODAY)
    assert any(words in s for s in res.next_iteration), res.next_iteration


def test_target_reached_does_not_suggest_more_diagnosis() -> None:
    res = fu.compute_result(intake(r(9, behaviours_seen="no")), plan(**LOWER), today=TODAY)
    assert not any("drivers" in s or "Brinkerhoff" in s for s in res.next_iteration)


def test_driver_advice_names_the_plans_drivers() -> None:
    m = plan(**LOWER, drivers=("team leads' weekly check", "the claims form"))
    res = fu.compute_result(intake(r(16, behaviours_seen="no")), m, today=TODAY)
    assert any("team leads' weekly check, the claims form" in s for s in res.next_iteration)


def test_driver_advice_prefers_the_drivers_to_fix_first() -> None:
    m = plan(**LOWER, drivers=("Managers: ask about it in one-to-ones",
                               "Tools and process: make the right way easy (fix first)",
                               "Incentives: reward doing it right (fix first)"))
    res = fu.compute_result(intake(r(16, behaviours_seen="no")), m, today=TODAY)
    assert any("(tools and process, incentives)" in s for s in res.next_iteration)


def test_status_is_never_judged_before_the_latest_reading() -> None:
    # The engine passes the meeting date as 'today' (it never reads the clock).
    at_meeting = fu.compute_result(intake(r(14, "2027-01-01")), plan(**LOWER), today=D(MEETING))
    at_reading = fu.compute_result(intake(r(14, "2027-01-01")), plan(**LOWER), today=TODAY)
    assert at_meeting == at_reading


def test_manager_feedback_recorded_stops_the_ask_managers_advice() -> None:
    res = fu.compute_result(intake(r(14, manager_feedback="checklist in use")),
                            plan(**LOWER), today=TODAY)
    assert not any("Ask managers" in s for s in res.next_iteration)


# ---------------------------------------------------------------------------------------
# Next checkpoint

CHECKPOINT_CASES = [
    ("before day 30 → day 30", "2026-11-20", None, "2026-12-01"),
    ("on day 30 with no reading yet → day 30 (due today)", "2026-12-01", None, "2026-12-01"),
    ("on day 30 with its reading → day 60", "2026-12-01", "2026-12-01", "2026-12-31"),
    ("between 60 and 90 → day 90", "2027-01-10", "2027-01-02", "2027-01-30"),
    ("after day 90 → 30 days after the latest reading", "2027-02-15", "2027-02-10",
     "2027-03-12"),
    ("after day 90, stale reading → overdue date kept", "2027-06-01", "2027-02-01",
     "2027-03-03"),
]


@pytest.mark.parametrize("name,today,latest,expected", CHECKPOINT_CASES,
                         ids=[c[0] for c in CHECKPOINT_CASES])
def test_next_checkpoint(name: str, today: str, latest: str | None, expected: str) -> None:
    got = fu.next_checkpoint(D(MEETING), D(latest) if latest else None, D(today))
    assert got == D(expected)


def test_no_meeting_date_and_no_reading_has_no_checkpoint() -> None:
    assert fu.next_checkpoint(None, None, TODAY) is None


def test_checkpoints_come_from_the_measurement_plan_when_it_has_them() -> None:
    m = plan(checkpoints=(Checkpoint(day=14, check="first look"),
                          Checkpoint(day=45, check="second look")))
    res = fu.compute_result(intake(), m, today=D("2026-11-20"))
    assert res.next_checkpoint == "2026-12-16"  # day 45


# ---------------------------------------------------------------------------------------
# Numbers, dates, sparkline

NUMBER_CASES = [
    ("18%", 18), ("4.2 days", 4.2), ("1,200", 1200), ("1,200.5 per month", 1200.5),
    ("€40k", 40000), ("4,5 jours", 4.5), ("-3 points", -3), ("Under 10%", 10),
    ("70% of claims wrong (March audit)", 70), ("Q3 2026: 18%", 18),
    ("March 2026: 18%", 18), ("2026-10-01: 18%", 18), ("18% as of 01/10/2026", 18),
    ("2000 tickets (2026)", 2000), ("12", 12), (7.5, 7.5), (3, 3),
    ("n/a", None), ("", None), (None, None), (True, None), ("40 km", 40),
]


@pytest.mark.parametrize("text,expected", NUMBER_CASES, ids=[repr(c[0]) for c in NUMBER_CASES])
def test_first_number(text: object, expected: float | None) -> None:
    assert fu.first_number(text) == expected


@pytest.mark.parametrize("raw,expected", [("12", 12), ("4.5", 4.5), ("1,200", 1200),
                                          ("18%", 18), (" -2 ", -2), (".5", 0.5), (3, 3)])
def test_parse_metric_accepts_plain_numbers(raw: object, expected: float) -> None:
    assert fu.parse_metric(raw) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["abc", "", "12 days", "1.2.3", "nan", "inf", "12abc"])
def test_parse_metric_rejects_anything_else(raw: str) -> None:
    with pytest.raises(fu.ReadingError, match="is not a number"):
        fu.parse_metric(raw)


@pytest.mark.parametrize("raw", ["2027/01/01", "01-01-2027", "20270101", "2027-02-30",
                                 "tomorrow"])
def test_reading_date_needs_yyyy_mm_dd(raw: str) -> None:
    with pytest.raises(fu.ReadingError, match="YYYY-MM-DD"):
        fu.reading_date(raw, TODAY)


def test_reading_date_defaults_to_today() -> None:
    assert fu.reading_date(None, TODAY) == TODAY


@pytest.mark.parametrize("values,expected", [
    ([], ""), ([5], "▄"), ([3, 3, 3], "▄▄▄"), ([1, 8], "▁█"),
    ([0, 7, 14], "▁▅█"),
    ([18, 16, 14, 11], "█▆▄▁"),
])
def test_sparkline(values: list[float], expected: str) -> None:
    assert fu.sparkline(values) == expected


@pytest.mark.parametrize("x,shown", [(12.0, "12"), (4.25, "4.25"), (1200, "1,200"),
                                     (0.3333333, "0.333"), (None, "?")])
def test_fmt(x: float | None, shown: str) -> None:
    assert fu.fmt(x) == shown


# ---------------------------------------------------------------------------------------
# Properties

# Numbers as people write them (two decimals at most; nobody agrees a target of 1e-116).
_values = st.integers(min_value=-10**8, max_value=10**8).map(lambda x: x / 100)
_days = st.integers(min_value=0, max_value=400)


@given(baseline=_values, target=_values, latest=st.lists(st.tuples(_days, _values), min_size=1,
                                                          max_size=6),
       deadline=st.one_of(st.none(), _days), today=_days)
def test_status_is_consistent_for_any_numbers(baseline: float, target: float,
                                              latest: list[tuple[int, float]],
                                              deadline: int | None, today: int) -> None:
    start = D(MEETING)
    readings = [r(v, (start + dt.timedelta(days=d)).isoformat()) for d, v in latest]
    due = None if deadline is None else (start + dt.timedelta(days=deadline)).isoformat()
    m = plan(baseline=repr(baseline), target=repr(target), deadline=due)
    res = fu.compute_result(intake(*readings), m, today=start + dt.timedelta(days=today))
    last = res.trend[-1]
    assert res.latest == last and len(res.trend) == len(readings)
    if baseline == target:
        assert res.status == "no_data"
    else:
        beyond = last <= target if target < baseline else last >= target
        assert (res.status == "target_reached") == beyond
        assert res.status != "no_data"
    assert res.message and res.next_iteration
    assert fu.sparkline(res.trend) and len(fu.sparkline(res.trend)) == len(res.trend)


@given(st.text(max_size=60))
def test_first_number_never_crashes(text: str) -> None:
    value = fu.first_number(text)
    assert value is None or isinstance(value, float)
