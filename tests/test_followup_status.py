"""Follow-up status rules: readings against the plan's checkpoints (first, mid, target),
baseline and target; the next checkpoint; what to try next."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldconsult import followup as fu
from ldconsult import intake as intake_mod
from ldconsult.engine import load_for, recommend
from ldconsult.engine.recommendation import Checkpoint, Measurement
from ldconsult.intake import BankRef, Intake, Meta, Reading

REPO = Path(__file__).resolve().parent.parent
D = dt.date.fromisoformat
MEETING = "2026-11-01"  # the baseline day
FIRST, MID, TARGET_CHECK = "2026-12-01", "2027-01-15", "2027-03-01"
DEADLINE = TARGET_CHECK
TODAY = D("2027-01-01")
# From the first check to the target check is 90 days; on 2027-01-30, 60 are gone (67%).
ON_PATH = "2027-01-30"
CHECKS = (Checkpoint(day=30, date=FIRST, kind="first", check="Moving?",
                     why="the first monthly report after go-live"),
          Checkpoint(day=75, date=MID, kind="mid", check="Against the baseline",
                     why="halfway to the target date"),
          Checkpoint(day=120, date=TARGET_CHECK, kind="target", check="Against the target",
                     why="the deadline"))
FIRST_ONLY = CHECKS[:1]  # the plan when no deadline was agreed


def intake(*readings: Reading, meeting: str | None = MEETING) -> Intake:
    return Intake(bank=BankRef(id="t", version="1"), meta=Meta(meeting_date=meeting),
                  history=list(readings))


def r(value: float | None, date: str = "2027-01-01", **kw: object) -> Reading:
    return Reading(date=date, metric=value, **kw)  # type: ignore[arg-type]


def plan(baseline: str | None = "50", target: str | None = "80",
         deadline: str | None = DEADLINE, checkpoints: tuple[Checkpoint, ...] = CHECKS,
         **kw: object) -> Measurement:
    return Measurement(kpi="KPI", baseline=baseline, target=target, deadline=deadline,
                       checkpoints=checkpoints, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# Status: one row per rule

HIGHER = {"baseline": "50", "target": "80"}
LOWER = {"baseline": "18%", "target": "10%"}
NO_DEADLINE = {**HIGHER, "deadline": None, "checkpoints": FIRST_ONLY}
NO_CHECKPOINTS = {**HIGHER, "checkpoints": ()}
LATE_TARGET_CHECK = {**HIGHER, "checkpoints": CHECKS[:2] + (Checkpoint(
    day=148, date="2027-03-29", kind="target", check="Against the target",
    why="the last group is trained around 2027-03-01, so four weeks later"),)}

STATUS_CASES = [
    # name, plan kwargs, readings, status, words in the message
    ("reading on the baseline day → no change yet, whatever the number", HIGHER,
     [r(55, MEETING)], "no_change_yet", "read on the baseline day"),
    ("reading on the baseline day at the baseline → no change yet, not on track", HIGHER,
     [r(50, MEETING)], "no_change_yet", "No change yet"),
    ("a reading before the first checkpoint still at the baseline → no change yet", HIGHER,
     [r(50, "2026-11-20")], "no_change_yet", "still the baseline"),
    ("a reading before the first checkpoint is too early to judge", HIGHER,
     [r(70, "2026-11-20")], "no_change_yet", "Too early to judge"),
    ("before the first checkpoint even a reading at the target is too early", HIGHER,
     [r(85, "2026-11-20")], "no_change_yet", "Too early to judge"),
    ("on the first checkpoint's day still at the baseline → no change yet", HIGHER,
     [r(50, FIRST)], "no_change_yet", "No change yet at the first check"),
    ("from the first checkpoint, moving the right way → on track", HIGHER,
     [r(54, "2026-12-10")], "on_track", "Moving: 54 on 2026-12-10 is 13% of the way"),
    ("from the first checkpoint, not moving → off track", HIGHER,
     [r(52, "2026-12-10")], "off_track", "Not moving yet"),
    ("from the first checkpoint, moving the wrong way → off track", HIGHER,
     [r(45, "2026-12-10")], "off_track", "Moving the wrong way"),
    ("at the first checkpoint a reading at the target is on track, not target reached",
     HIGHER, [r(80, "2026-12-10")], "on_track", "already at the target"),
    ("from the mid checkpoint, ahead of the path → on track", HIGHER,
     [r(71, ON_PATH)], "on_track", "70% of the way from 50 to 80, with 67% of the time"),
    ("from the mid checkpoint, behind the path within slack → on track", HIGHER,
     [r(68, ON_PATH)], "on_track", "60% of the way"),
    ("from the mid checkpoint, well behind the path → off track", HIGHER,
     [r(65, ON_PATH)], "off_track", "from 2026-12-01 to the target check on 2027-03-01"),
    ("before the target checkpoint a reading past the target is on track", HIGHER,
     [r(82, ON_PATH)], "on_track", "judged at the target check on 2027-03-01"),
    ("at the target checkpoint, target hit exactly → target reached", HIGHER,
     [r(80, TARGET_CHECK)], "target_reached", "Target reached"),
    ("after the target checkpoint, target passed → target reached", HIGHER,
     [r(85, "2027-03-10")], "target_reached", "the target check was on 2027-03-01"),
    ("at the target checkpoint, short of the target → off track", HIGHER,
     [r(79, TARGET_CHECK)], "off_track", "Target not reached"),
    ("lower is better: target hit at the target checkpoint", LOWER,
     [r(10, TARGET_CHECK)], "target_reached", "from 18 to 10"),
    ("lower is better: ahead of the path", LOWER, [r(12, ON_PATH)], "on_track",
     "75% of the way"),
    ("lower is better: behind the path", LOWER, [r(14, ON_PATH)], "off_track",
     "50% of the way"),
    ("lower is better: moving the wrong way", LOWER, [r(20, "2026-12-10")], "off_track",
     "moved away"),
    ("latest by date, not by order recorded", HIGHER,
     [r(71, ON_PATH), r(55, "2026-12-10")], "on_track", "71 on 2027-01-30"),
    ("the target is judged at the target checkpoint, not at the deadline", LATE_TARGET_CHECK,
     [r(79, "2027-03-10")], "on_track", "target check on 2027-03-29"),
    ("no deadline: moving after the first checkpoint → on track", NO_DEADLINE,
     [r(54, "2026-12-10")], "on_track", "No deadline was agreed"),
    ("no deadline: not moving → off track", NO_DEADLINE, [r(52, "2026-12-10")], "off_track",
     "only whether it moves"),
    ("no deadline: the target counts as soon as it is reached", NO_DEADLINE,
     [r(80, "2026-12-10")], "target_reached", "no target check to wait for"),
    ("a plan without checkpoints is judged on the way to the deadline", NO_CHECKPOINTS,
     [r(60, "2027-01-01")], "off_track", "with 51% of the time from 2026-11-01"),
    ("a plan without checkpoints compares with the target at the deadline", NO_CHECKPOINTS,
     [r(80, DEADLINE)], "target_reached", "the target check was on 2027-03-01 (the deadline)"),
    ("no readings", HIGHER, [], "no_data", "No readings yet"),
    ("a reading without a metric is not a data point", HIGHER,
     [Reading(date="2027-01-01", behaviours_seen="yes")], "no_data", "No readings yet"),
    ("non-numeric baseline", {"baseline": "about the same as last year", "target": "80"},
     [r(60)], "no_data", "'about the same as last year' has no number"),
    ("target never agreed", {"baseline": "50", "target": None}, [r(60)], "no_data",
     "target was not agreed"),
    ("baseline equals target", {"baseline": "50", "target": "50"}, [r(60)], "no_data",
     "no gap to close"),
]


@pytest.mark.parametrize("name,kw,readings,status,words", STATUS_CASES,
                         ids=[c[0] for c in STATUS_CASES])
def test_status_rules(name: str, kw: dict, readings: list[Reading], status: str,
                      words: str) -> None:
    result = fu.compute_result(intake(*readings), plan(**kw), today=TODAY)
    assert result.status == status
    assert words in result.message, result.message


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
    assert res.next_checkpoint == MID
    assert res.status == "on_track" and res.next_iteration and res.message


def test_days_left_is_negative_once_the_deadline_has_passed() -> None:
    res = fu.compute_result(intake(r(60)), plan(deadline="2026-12-25"), today=TODAY)
    assert res.days_left == -7


def test_without_a_meeting_date_the_baseline_day_is_the_day_the_intake_was_made() -> None:
    made = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.timezone.utc)
    res = fu.compute_result(intake(r(55, MEETING), meeting=None).model_copy(
        update={"created": made}), plan(), today=TODAY)
    assert res.status == "no_change_yet"
    assert "baseline day" in res.message


def test_json_round_trip_of_result() -> None:
    res = fu.compute_result(intake(r(14)), plan(**LOWER), today=TODAY)
    assert type(res).model_validate_json(res.model_dump_json()) == res


def test_status_is_never_judged_before_the_latest_reading() -> None:
    # The engine passes the meeting date as 'today' (it never reads the clock).
    at_meeting = fu.compute_result(intake(r(14, "2027-01-01")), plan(**LOWER), today=D(MEETING))
    at_reading = fu.compute_result(intake(r(14, "2027-01-01")), plan(**LOWER), today=TODAY)
    assert at_meeting == at_reading


def test_status_is_judged_at_the_reading_not_on_the_day_it_is_shown() -> None:
    # The target check passed with no reading for it: the mid-way reading keeps its status.
    shown_later = fu.compute_result(intake(r(71, ON_PATH)), plan(), today=D("2027-04-01"))
    assert shown_later.status == "on_track"


# ---------------------------------------------------------------------------------------
# Progress: one rounding, halves away from zero

@pytest.mark.parametrize("percent,shown", [
    (42.5, 43), (-42.5, -43), (41.7, 42), (0.5, 1), (12.5, 13),
    (0.285 * 100, 29),  # 28.499999999999996: float noise, not a value below the half
    (100.0, 100), (-0.4, 0)])
def test_whole_percent_rounds_halves_away_from_zero(percent: float, shown: int) -> None:
    from ldconsult.engine.recommendation import whole_percent

    assert whole_percent(percent) == shown


def test_progress_percent_is_a_whole_number_as_the_message_says() -> None:
    # 53.75 is 12.5% of the way from 50 to 80: Python's round would say 12.
    res = fu.compute_result(intake(r(53.75, "2026-12-10")), plan(), today=TODAY)
    assert res.progress_percent == 13
    assert "13% of the way" in res.message


@pytest.mark.parametrize("percent,words", [
    (13.0, "13% of the way from the baseline to the target"),
    (12.5, "13% of the way from the baseline to the target"), (-20.0, "-20% (moved away from the target)"), (None, "")])
def test_progress_words(percent: float | None, words: str) -> None:
    from ldconsult.engine.recommendation import progress_words

    assert progress_words(percent) == words


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
     [r(17.5)], "Brinkerhoff"),
    ("target reached → reinforcement", LOWER, [r(9, TARGET_CHECK)], "reinforcement"),
    ("target reached → share with the sponsor", LOWER, [r(9, TARGET_CHECK)], "sponsor"),
    ("target reached → consider scaling the pilot", LOWER, [r(9, TARGET_CHECK)],
     "roll-out to everyone"),
    ("target missed at the target checkpoint → decide with the sponsor", LOWER,
     [r(11, TARGET_CHECK)], "decide with the sponsor"),
    ("no change yet before the first checkpoint → run the plan, read again at the next "
     "checkpoint", LOWER, [r(18, "2026-11-20")], "Nothing to judge yet"),
    ("no change at the first checkpoint → fix what blocks adoption", LOWER,
     [r(18, FIRST)], "fix what blocks adoption"),
    ("no readings → record the first one", LOWER, [], "Record the first reading"),
    ("non-numeric target → agree numbers", {"baseline": "18%", "target": "better"},
     [r(12)], "numeric baseline and target"),
    ("no deadline → agree one", {**LOWER, "deadline": None, "checkpoints": FIRST_ONLY},
     [r(12)], "Agree a deadline"),
    ("no manager feedback yet → ask managers", LOWER, [r(14)], "Ask managers"),
]


@pytest.mark.parametrize("name,kw,readings,words", ITERATION_CASES,
                         ids=[c[0] for c in ITERATION_CASES])
def test_next_iteration(name: str, kw: dict, readings: list[Reading], words: str) -> None:
    res = fu.compute_result(intake(*readings), plan(**kw), today=TODAY)
    assert any(words in s for s in res.next_iteration), res.next_iteration


def test_target_check_passed_without_its_reading_asks_for_it() -> None:
    res = fu.compute_result(intake(r(14, ON_PATH)), plan(**LOWER), today=D("2027-03-10"))
    assert any("The target check was due on 2027-03-01" in s for s in res.next_iteration)


def test_no_change_yet_asks_for_no_diagnosis() -> None:
    res = fu.compute_result(intake(r(18, MEETING, behaviours_seen="no")), plan(**LOWER),
                            today=TODAY)
    assert res.status == "no_change_yet"
    assert not any("drivers" in s or "Brinkerhoff" in s or "Ask managers" in s
                   for s in res.next_iteration), res.next_iteration


def test_target_reached_does_not_suggest_more_diagnosis() -> None:
    res = fu.compute_result(intake(r(9, TARGET_CHECK, behaviours_seen="no")), plan(**LOWER),
                            today=TODAY)
    assert res.status == "target_reached"
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


def test_manager_feedback_recorded_stops_the_ask_managers_advice() -> None:
    res = fu.compute_result(intake(r(14, manager_feedback="checklist in use")),
                            plan(**LOWER), today=TODAY)
    assert not any("Ask managers" in s for s in res.next_iteration)


# ---------------------------------------------------------------------------------------
# Next checkpoint: from the plan's checkpoints

CHECKPOINT_CASES = [
    # name, plan kwargs, today, dates of readings, expected
    ("no reading yet → the first plan checkpoint from today on", {}, "2026-11-20", [], FIRST),
    ("no reading yet, a checkpoint today → that one (due today)", {}, FIRST, [], FIRST),
    ("no reading yet, first checkpoint passed → the next from today on", {}, "2026-12-10",
     [], MID),
    ("next checkpoint is the first plan checkpoint after the latest reading", {},
     "2026-12-10", ["2026-12-05"], MID),
    ("a reading on a checkpoint's day covers it", {}, FIRST, [FIRST], MID),
    ("a checkpoint missed since the latest reading stays due (overdue)", {}, "2026-12-10",
     ["2026-11-20"], FIRST),
    ("the latest reading counts, not the order recorded", {}, "2027-01-20",
     ["2027-01-16", "2026-11-20"], TARGET_CHECK),
    ("a reading at the target checkpoint ends the plan", {}, "2027-03-05", [TARGET_CHECK],
     None),
    ("no reading and every checkpoint passed → the target check is due", {}, "2027-04-01",
     [], TARGET_CHECK),
    ("no deadline: after the first checkpoint, a month after the latest reading",
     {"deadline": None, "checkpoints": FIRST_ONLY}, "2026-12-10", ["2026-12-05"],
     "2027-01-04"),
    ("no checkpoints but a deadline → the deadline", {"checkpoints": ()}, "2026-12-10",
     ["2026-12-05"], DEADLINE),
    ("no checkpoints and no deadline → a month after the latest reading",
     {"checkpoints": (), "deadline": None}, "2026-12-10", ["2026-12-05"], "2027-01-04"),
    ("checkpoints given as days count from the baseline day",
     {"checkpoints": (Checkpoint(day=14, check="first look"),
                      Checkpoint(day=45, check="second look"))}, "2026-11-20", [],
     "2026-12-16"),
]


@pytest.mark.parametrize("name,kw,today,dates,expected", CHECKPOINT_CASES,
                         ids=[c[0] for c in CHECKPOINT_CASES])
def test_next_checkpoint(name: str, kw: dict, today: str, dates: list[str],
                         expected: str | None) -> None:
    res = fu.compute_result(intake(*(r(60, d) for d in dates)), plan(**kw), today=D(today))
    assert res.next_checkpoint == expected


def test_no_plan_date_and_no_reading_has_no_checkpoint() -> None:
    res = fu.compute_result(intake(), plan(checkpoints=(), deadline=None), today=TODAY)
    assert res.next_checkpoint is None


# ---------------------------------------------------------------------------------------
# Real intakes: the plan the engine makes for examples/intakes/crm-go-live.yaml
# (meeting 2026-11-20, go-live 2026-12-04, weekly measure, deadline 2027-01-31; baseline
# 62%, target 90%): first check 2026-12-18, mid 2027-01-09, target check 2027-01-31.

CRM = REPO / "examples" / "intakes" / "crm-go-live.yaml"


@pytest.fixture(scope="module")
def crm() -> Intake:
    return intake_mod.load(CRM)


def crm_result(crm: Intake, *readings: Reading, today: dt.date | None = None) -> object:
    with_readings = crm.model_copy(update={"history": list(readings)})
    rec = recommend(with_readings, load_for(with_readings))
    if today is None:  # as recommend, review and export see it
        return rec.result
    return fu.compute_result(with_readings, rec.measurement, today=today)


def test_the_crm_plan_has_the_checkpoints_these_tests_rely_on(crm: Intake) -> None:
    m = recommend(crm, load_for(crm)).measurement
    assert [(c.kind, c.date) for c in m.checkpoints] == [
        ("first", "2026-12-18"), ("mid", "2027-01-09"), ("target", "2027-01-31")]


CRM_CASES = [
    # name, readings (date, value), status, next checkpoint
    ("reading on the baseline day → no change yet", [("2026-11-20", 62)], "no_change_yet",
     "2026-12-18"),
    ("a reading before go-live is too early to judge", [("2026-12-01", 70)],
     "no_change_yet", "2026-12-18"),
    ("still at the baseline on the first check → no change yet", [("2026-12-18", 62)],
     "no_change_yet", "2027-01-09"),
    ("moving after the first check → on track", [("2026-12-22", 66)], "on_track",
     "2027-01-09"),
    ("on the path after the mid check → on track", [("2027-01-12", 80)], "on_track",
     "2027-01-31"),
    ("behind the path after the mid check → off track", [("2027-01-12", 68)], "off_track",
     "2027-01-31"),
    ("at the target on the target check → target reached, plan done",
     [("2026-11-20", 62), ("2027-01-31", 91)], "target_reached", None),
    ("short of the target on the target check → off track", [("2027-02-02", 85)],
     "off_track", None),
]


@pytest.mark.parametrize("name,readings,status,checkpoint", CRM_CASES,
                         ids=[c[0] for c in CRM_CASES])
def test_crm_readings_against_the_engines_plan(crm: Intake, name: str,
                                               readings: list[tuple[str, float]],
                                               status: str, checkpoint: str | None) -> None:
    res = crm_result(crm, *(r(v, d) for d, v in readings))
    assert (res.status, res.next_checkpoint) == (status, checkpoint), res.message


def test_crm_missed_target_check_is_shown_as_due(crm: Intake) -> None:
    res = crm_result(crm, r(80, "2027-01-12"), today=D("2027-02-10"))
    assert res.next_checkpoint == "2027-01-31"
    assert any("due on 2027-01-31" in s for s in res.next_iteration)


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
       deadline=st.one_of(st.none(), st.integers(min_value=31, max_value=400)), today=_days)
def test_status_is_consistent_for_any_numbers(baseline: float, target: float,
                                              latest: list[tuple[int, float]],
                                              deadline: int | None, today: int) -> None:
    start = D(MEETING)
    readings = [r(v, (start + dt.timedelta(days=d)).isoformat()) for d, v in latest]
    due = None if deadline is None else start + dt.timedelta(days=deadline)
    m = plan(baseline=repr(baseline), target=repr(target),
             deadline=due.isoformat() if due else None, checkpoints=FIRST_ONLY)
    res = fu.compute_result(intake(*readings), m, today=start + dt.timedelta(days=today))
    last = res.trend[-1]
    when = D(res.latest_date or "")
    assert res.latest == last and len(res.trend) == len(readings)
    beyond = last <= target if target < baseline else last >= target
    if baseline == target:
        assert res.status == "no_data"
    elif when < D(FIRST):  # the baseline day, or before the first check
        assert res.status == "no_change_yet"
    elif due is None or when >= due:  # the comparison with the target
        assert (res.status == "target_reached") == beyond
    else:  # on the way: never judged against the target itself
        assert res.status in ("on_track", "off_track", "no_change_yet")
    assert res.message and res.next_iteration
    assert fu.sparkline(res.trend) and len(fu.sparkline(res.trend)) == len(res.trend)


@given(st.text(max_size=60))
def test_first_number_never_crashes(text: str) -> None:
    value = fu.first_number(text)
    assert value is None or isinstance(value, float)
