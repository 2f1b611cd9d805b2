"""Checkpoints fitted to the case (docs/method.md, "Measuring"): one situation per test,
fed as signals. The first check comes once the change can act, the target is compared at
the first report that covers the deadline (never before it), rare events are read over a
window, no checkpoint falls before a go-live, and every case gets a series: without a
deadline, a review at the end of a reading window (no deadline is invented)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from test_engine_scenarios import ENV_OK, FRAMED, signals

from ldconsult.engine import anchor_date, build

MEETING = dt.date(2026, 11, 2)
# A fixable cause, so the plan is actionable and gets checkpoints.
ACT = {**ENV_OK, "feedback": "gap", "feedback_issues": ["slow"], "could_do_if_life_depended": "yes"}


def plan(**given: Any) -> list[Any]:
    rec = build(signals(**{**FRAMED, **ACT, **given}), anchor_date=MEETING)
    return list(rec.measurement.checkpoints)


def kinds(points: list[Any]) -> list[tuple[str, str]]:
    return [(p.kind, p.date) for p in points]


@dataclass
class Case:
    name: str
    given: dict[str, Any]
    first: str | None = None  # the first reading's date
    target: str | None = None  # the target checkpoint's date
    not_before: str | None = None  # no checkpoint earlier than this


CASES = [
    Case("monthly measure: the first full month's report, out ten days after the month",
         {"metric_cadence": "monthly", "deadline": "2027-03-31"},
         first="2027-01-10", target="2027-04-10"),  # fixes act mid-November: December
    Case("weekly measure: the first check two weeks after the fixes act, the target on the "
         "deadline", {"metric_cadence": "weekly", "deadline": "2026-12-31"},
         first="2026-11-30", target="2026-12-31"),
    Case("go-live ahead: nothing is checked before it",
         {"metric_cadence": "weekly", "go_live": "2027-01-11", "deadline": "2027-04-30"},
         first="2027-01-25", target="2027-04-30", not_before="2027-01-11"),
    Case("monthly measure, go-live ahead: the first report after go-live",
         {"metric_cadence": "monthly", "go_live": "2027-01-04", "deadline": "2027-06-30"},
         first="2027-02-10", target="2027-07-10", not_before="2027-01-04"),
    Case("a deadline before go-live is a readiness date: results are read after go-live",
         {"metric_cadence": "monthly", "go_live": "2027-01-04", "deadline": "2026-12-18"},
         target="2027-04-10", not_before="2027-01-04"),  # the January, February, March reports
    Case("per-event measure: read over half a year after go-live, not month by month",
         {"metric_cadence": "event", "go_live": "2027-03-01", "deadline": None},
         first="2027-03-15", target="2027-08-30", not_before="2027-03-01"),
    Case("incidents in a monthly report with a standing target: read quarter by quarter",
         {"metric_cadence": "monthly", "shortfall": "incidents", "deadline": None},
         target="2027-04-10"),
    Case("quarterly measure: the first quarter's report, out three weeks after the quarter",
         {"metric_cadence": "quarterly", "deadline": "2027-09-30"},
         first="2027-01-21", target="2027-10-21"),
    Case("cadence not given: the first reading two weeks after the fixes act, not a month",
         {"metric_cadence": None, "deadline": "2027-03-31"},
         first="2026-11-30", target="2027-03-31"),
    Case("read per pay period: a full period after the fixes act",
         {"metric_cadence": "pay_period", "deadline": "2027-03-31"},
         first="2026-12-14", target="2027-03-31"),
    Case("cadence not given, but the measure says it: read as quarterly",
         {"metric_cadence": None, "metric": "Breaches found per quarter",
          "deadline": "2027-09-30"}, first="2027-01-21", target="2027-10-21"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_checkpoints_follow_the_case(case: Case) -> None:
    points = plan(**case.given)
    dates = [p.date for p in points]
    assert dates == sorted(dates)
    if case.first:
        assert [p.date for p in points if p.kind == "first"] == [case.first]
    if case.target:
        assert [p.date for p in points if p.kind == "target"] == [case.target]
    if case.not_before:
        assert min(dates) >= case.not_before


def test_no_comparison_with_the_target_before_the_deadline() -> None:
    points = plan(metric_cadence="monthly", deadline="2027-03-31")
    assert all(p.date >= "2027-03-31" for p in points if p.kind == "target")
    assert all("target" not in p.check for p in points if p.kind != "target")


def test_a_slow_report_gets_a_look_at_the_leading_indicators_before_it() -> None:
    points = plan(metric_cadence="monthly", deadline="2027-03-31")
    assert kinds(points)[0] == ("leading", "2026-11-30")
    assert "leading indicators" in points[0].check


def test_without_a_deadline_the_measure_is_read_over_a_window_then_reviewed() -> None:
    rec = build(signals(**{**FRAMED, **ACT, "deadline": None, "metric_cadence": "monthly"}),
                anchor_date=MEETING)
    assert [p.kind for p in rec.measurement.checkpoints] == ["leading", "first", "review"]
    review = rec.measurement.checkpoints[-1]
    assert review.date == "2027-03-10" and "agree a date" in review.check  # 3 monthly reports
    assert "no deadline agreed" in rec.headline
    assert "no-deadline" in rec.flag_codes()


def test_a_monthly_measure_is_read_at_the_report_between_the_first_and_the_target() -> None:
    points = plan(metric_cadence="monthly", deadline="2027-03-31", go_live="2027-01-04")
    assert kinds(points) == [("leading", "2027-01-18"), ("first", "2027-02-10"),
                             ("mid", "2027-03-10"), ("target", "2027-04-10")]


def test_a_target_read_long_after_the_deadline_gets_a_look_on_the_deadline() -> None:
    points = plan(metric_cadence="quarterly", deadline="2027-01-15")
    assert ("leading", "2027-01-15") in kinds(points)
    assert [p.date for p in points if p.kind == "target"] == ["2027-04-21"]


def test_what_falls_due_by_the_deadline_is_judged_a_month_later() -> None:
    points = plan(metric="Contract renewal rate", metric_cadence="weekly",
                  deadline="2027-01-31")
    target = next(p for p in points if p.kind == "target")
    assert target.date == "2027-03-02" and "known some weeks later" in target.why


def test_an_early_target_is_checked_on_its_day() -> None:
    points = plan(go_live="2027-01-11", deadline="2027-03-31", metric_cadence="weekly",
                  target="95% of orders entered in the new system in week 1")
    early = [p for p in points if p.kind == "early"]
    assert [p.date for p in early] == ["2027-01-18"] and "week 1" in early[0].check


def test_the_mandate_date_is_a_checkpoint_and_the_mandated_fix_is_due_on_it() -> None:
    given = {"mandate": "yes", "mandate_deadline": "2027-02-28", "could_do_if_life_depended": "no",
             "did_it_before": "no", "skill_kind": "judgment", "metric_cadence": "weekly"}
    rec = build(signals(**{**FRAMED, **ACT, **given}), anchor_date=MEETING)
    assert ("mandate", "2027-02-28") in kinds(list(rec.measurement.checkpoints))
    due = [s for s in rec.next_steps if s.action.startswith("Finish: ")]
    assert [s.due for s in due] == ["2027-02-28"]


def test_finding_out_first_gets_the_checks_of_the_diagnosis_and_a_date_to_decide() -> None:
    rec = build(signals(**{**FRAMED, "could_do_if_life_depended": "unknown"}),
                anchor_date=MEETING)
    assert rec.verdict == "more_info"
    points = list(rec.measurement.checkpoints)
    assert [p.kind for p in points] == ["facts", "decide"]
    meet = next(s for s in rec.next_steps if s.action.startswith("Meet again"))
    assert points[-1].date == meet.due
    starts = [i.start for i in rec.interventions]
    assert all(s.due >= min(starts) for s in rec.next_steps)


@pytest.mark.parametrize("cadence", ["monthly", "weekly", "quarterly", "unknown", None])
def test_why_each_check_falls_on_its_date_reads_as_words_whatever_the_cadence(cadence) -> None:
    points = plan(metric_cadence=cadence, deadline="2027-03-31")
    assert all(p.why and "  " not in p.why and "(" not in p.why for p in points)


CREATED = dt.datetime(2026, 11, 20, 9, 30)
TODAY = dt.date(2027, 2, 1)


@pytest.mark.parametrize("meeting, created, today, expected", [
    ("2026-11-16", CREATED, TODAY, dt.date(2026, 11, 16)),  # the meeting, when known
    (None, CREATED, TODAY, dt.date(2026, 11, 20)),  # else the day the intake was made
    ("not a date", CREATED, TODAY, dt.date(2026, 11, 20)),
    ("kick-off 2026-11-16", CREATED, TODAY, dt.date(2026, 11, 16)),  # as follow-up reads it
    ("2026-02-30", CREATED, TODAY, dt.date(2026, 11, 20)),  # not a real day
    (None, None, TODAY, TODAY),  # else today
])
def test_plan_dates_count_from_the_meeting_then_the_intake_not_the_day_it_is_read(
        meeting, created, today, expected) -> None:
    assert anchor_date(meeting, today, created) == expected


def test_each_checkpoint_says_why_it_falls_on_its_date() -> None:
    points = plan(metric_cadence="monthly", go_live="2027-01-04", deadline="2027-06-30")
    assert all(p.why for p in points)
    assert "go-live" in points[0].why and "deadline of 2027-06-30" in points[-1].why


def test_when_training_ends_after_the_deadline_the_target_is_judged_after_it() -> None:
    given = {"could_do_if_life_depended": "no", "did_it_before": "no", "skill_kind": "hands_on",
             "scope": "all_new", "audience_size": 140, "already_able": 30,
             "train_per_week": 12, "metric_cadence": "weekly", "deadline": "2027-01-31"}
    points = plan(**given)
    target = next(p for p in points if p.kind == "target")
    assert target.date > "2027-01-31" and "trained" in target.why


def test_when_nothing_is_built_the_only_date_is_the_one_to_look_again() -> None:
    rec = build(signals(**{**FRAMED, "worth_solving": "no"}), anchor_date=MEETING)
    assert rec.verdict == "no_intervention"
    assert kinds(list(rec.measurement.checkpoints)) == [("review", "2027-01-31")]
    assert not rec.measurement.leading_indicators and not rec.measurement.behaviours


# --- One KPI, and indicators from the kind of shortfall ---------------------------------

@pytest.mark.parametrize("metric, kpi, secondary, vanity", [
    ("First-time-right installs", "First-time-right installs", (), False),
    ("Share of payments with a recorded conversation; 100% of staff trained",
     "Share of payments with a recorded conversation", (), True),
    ("Open work orders over 14 days; jobs closed per technician per day",
     "Open work orders over 14 days", ("jobs closed per technician per day",), False),
], ids=["one measure", "a business measure and a vanity one", "two business measures"])
def test_one_kpi_the_rest_secondary_or_named_as_vanity(metric: str, kpi: str,
                                                       secondary: tuple[str, ...],
                                                       vanity: bool) -> None:
    rec = build(signals(**{**FRAMED, **ACT, "metric": metric, "metric_kind": "business"}),
                anchor_date=MEETING)
    assert rec.measurement.kpi == kpi
    assert rec.measurement.secondary == secondary
    assert (rec.measurement.vanity_warning is not None) is vanity
    assert ("vanity-metric" in rec.flag_codes()) is vanity


@pytest.mark.parametrize("shortfall, watched", [
    ("speed", "The share of claims returned and the work waiting in the queue"),
    ("volume", "The share of claims returned, read every week, team by team"),
    ("errors", "Errors caught before the work moves on"),
    ("incidents", "Early warning signs of the share of claims returned"),
    ("experience", "Comments and complaints from the people served"),
])
def test_a_leading_indicator_watches_the_kind_of_shortfall_in_the_case_words(
        shortfall: str, watched: str) -> None:
    rec = build(signals(**{**FRAMED, **ACT, "shortfall": shortfall}), anchor_date=MEETING)
    assert any(i.startswith(watched) for i in rec.measurement.leading_indicators)
    assert rec.measurement.shortfall == shortfall


def test_the_fixes_indicators_come_first_named_in_the_case_words() -> None:
    rec = build(signals(**{**FRAMED, **ACT, "shortfall": "errors"}), anchor_date=MEETING)
    assert rec.measurement.leading_indicators[0] == "Days between the work and the feedback on it"
    assert "Claims clerks correct their own work after feedback" in rec.measurement.behaviours


def test_a_speed_problem_is_not_watched_as_errors() -> None:
    rec = build(signals(**{**FRAMED, **ACT, "shortfall": "speed"}), anchor_date=MEETING)
    assert not any(i.startswith("Errors") for i in rec.measurement.leading_indicators)


def test_behaviours_and_observers_come_in_pairs() -> None:
    rec = build(signals(**{**FRAMED, **ACT, "shortfall": "errors"}), anchor_date=MEETING)
    m = rec.measurement
    assert m.behaviours and len(m.behaviours) == len(m.observers)


@pytest.mark.parametrize("meeting", ["2026-11-16", "kick-off 2026-11-16", "not a date", None])
def test_follow_up_counts_from_the_day_the_engine_counts_from(meeting) -> None:
    from ldconsult.engine.progress import baseline_day
    from ldconsult.intake import Intake

    intake = Intake.model_validate({"bank": {"id": "b", "version": "1"}, "created": CREATED,
                                    "updated": CREATED, "meta": {"meeting_date": meeting}})
    assert baseline_day(intake) == anchor_date(meeting, TODAY, CREATED)
