"""How a bank turns answers into signals, and how several answers combine (signals.derive)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ldconsult.bank import banks, signals
from ldconsult.bank.signals import Evidence, check_signal, derive, show_answer

BANK = """\
id: sig
title: Signals
version: 1
sections:
  - id: s
    title: S
    questions:
      - id: speed
        prompt: How soon is feedback?
        type: select
        allow_unknown: true
        choices:
          - {value: fast, label: Same day, signals: {feedback: ok}}
          - {value: slow, label: Weeks later, signals: {feedback: gap, feedback_issues: [slow]}}
      - id: review_quality
        prompt: Is the feedback specific?
        type: select
        choices:
          - {value: specific, label: Specific, signals: {feedback: ok}}
          - {value: generic, label: Generic, signals: {feedback: gap, feedback_issues: [generic]}}
          - {value: unsure, label: Not sure, signals: {feedback: unknown}}
      - id: obstacles
        prompt: What gets in the way?
        type: multi_select
        required: false
        choices:
          - {value: copy, label: Double entry, signals: {resources: gap, resource_issues: [double_entry]}}
          - {value: time, label: No time, signals: {resources: gap, resource_issues: [time]}}
          - {value: none, label: Nothing, signals: {resources: ok}}
      - id: could_do
        prompt: Could they do it if their life depended on it?
        type: confirm
        allow_unknown: true
        signals_if_true: {could_do_if_life_depended: "yes", knowledge_skill: ok}
        signals_if_false: {could_do_if_life_depended: "no", knowledge_skill: gap}
      - id: how_often
        prompt: How often?
        type: select
        choices:
          - {value: daily, signals: {task_frequency: daily}}
          - {value: rarely, signals: {task_frequency: rare}}
      - id: how_often_again
        prompt: How often, says the manager?
        type: select
        choices:
          - {value: weekly, signals: {task_frequency: weekly}}
          - {value: unsure, signals: {task_frequency: unknown}}
      - id: monthly_cost
        prompt: Cost per month?
        type: money
        allow_unknown: true
        provides: cost_of_problem
        thresholds:
          - {lt: 1000, signals: {worth_solving: "no"}}
          - {gte: 1000, signals: {worth_solving: "yes"}}
          - {gte: 100000, signals: {task_criticality: high}}
      - id: kpi
        prompt: Which number shows it is fixed?
        type: text
        provides: metric
"""


@pytest.fixture(scope="module")
def questions(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    path = tmp_path_factory.mktemp("bank") / "sig.yaml"
    path.write_text(BANK, encoding="utf-8")
    assert banks.validate_file(path) == []
    return banks.load_file(path).bank.questions()


def test_a_choice_sets_its_signals_with_the_label_as_evidence(questions: list[Any]) -> None:
    result = derive(questions, {"speed": "slow"})
    assert result.values["feedback"] == "gap"
    assert result.values["feedback_issues"] == ["slow"]
    assert result.evidence["feedback"] == [Evidence("speed", "Weeks later", "feedback=gap")]


def test_any_gap_wins_over_ok_for_a_cause_cell(questions: list[Any]) -> None:
    result = derive(questions, {"speed": "fast", "review_quality": "generic"})
    assert result.values["feedback"] == "gap"
    assert [e.question for e in result.evidence["feedback"]] == ["review_quality"]


def test_ok_wins_over_unknown_and_agreeing_answers_are_all_evidence(questions: list[Any]) -> None:
    assert derive(questions, {"review_quality": "unsure", "speed": "fast"}).values[
        "feedback"] == "ok"
    result = derive(questions, {"speed": "fast", "review_quality": "specific"})
    assert [e.question for e in result.evidence["feedback"]] == ["speed", "review_quality"]


def test_set_signals_are_the_union_in_order(questions: list[Any]) -> None:
    result = derive(questions, {"speed": "slow", "review_quality": "generic",
                                "obstacles": ["copy", "time"]})
    assert result.values["feedback_issues"] == ["slow", "generic"]
    assert result.values["resource_issues"] == ["double_entry", "time"]
    assert result.values["resources"] == "gap"


def test_every_picked_option_of_a_multi_select_counts(questions: list[Any]) -> None:
    result = derive(questions, {"obstacles": ["copy", "none"]})
    assert result.values["resources"] == "gap"  # the gap wins over "Nothing"
    assert [e.answer for e in result.evidence["resources"]] == ["Double entry"]


@pytest.mark.parametrize("answer, could, skill", [(True, "yes", "ok"), (False, "no", "gap")])
def test_confirm_sets_signals_if_true_or_false(questions: list[Any], answer: bool, could: str,
                                               skill: str) -> None:
    result = derive(questions, {"could_do": answer})
    assert result.values["could_do_if_life_depended"] == could
    assert result.values["knowledge_skill"] == skill
    assert result.evidence["knowledge_skill"][0].answer == ("yes" if answer else "no")


def test_first_real_answer_wins_for_qualifiers(questions: list[Any]) -> None:
    assert derive(questions, {"how_often": "rarely", "how_often_again": "weekly"}).values[
        "task_frequency"] == "rare"


def test_an_explicit_unknown_is_replaced_by_a_later_real_answer(questions: list[Any]) -> None:
    # 'unknown' from the first question, a real value from the second: the real one wins.
    qs = [q for q in questions if q.id in ("how_often_again", "how_often")]
    reordered = [qs[1], qs[0]]  # how_often_again (unsure) first, then how_often
    result = derive(reordered, {"how_often_again": "unsure", "how_often": "daily"})
    assert result.values["task_frequency"] == "daily"


@pytest.mark.parametrize("cost, worth, critical", [(500, "no", None), (1000, "yes", None),
                                                   (250000, "yes", "high")])
def test_thresholds_apply_every_matching_range(questions: list[Any], cost: int, worth: str,
                                               critical: str | None) -> None:
    result = derive(questions, {"monthly_cost": cost})
    assert result.values["worth_solving"] == worth
    assert result.values.get("task_criticality") == critical
    assert result.values["cost_of_problem"] == cost  # provides: the answer itself


def test_provides_keeps_the_answer_as_the_signal(questions: list[Any]) -> None:
    result = derive(questions, {"kpi": "Rework per week"})
    assert result.values["metric"] == "Rework per week"
    assert result.evidence["metric"] == [Evidence("kpi", "Rework per week",
                                                  "metric=Rework per week")]


def test_dont_know_sets_nothing_and_records_what_it_could_have_set(
        questions: list[Any]) -> None:
    result = derive(questions, {"speed": "slow"}, unknown=["could_do", "monthly_cost"])
    assert "knowledge_skill" not in result.values
    assert result.unknown_from["knowledge_skill"] == ["could_do"]
    assert result.unknown_from["could_do_if_life_depended"] == ["could_do"]
    assert set(result.unknown_from) >= {"worth_solving", "cost_of_problem", "task_criticality"}
    assert result.get("knowledge_skill") == "unknown" and not result.has("knowledge_skill")


def test_empty_answers_and_orphans_set_nothing(questions: list[Any]) -> None:
    result = derive(questions, {"kpi": "", "obstacles": [], "gone": "x"})
    assert result.values == {}


def test_why_collects_evidence_of_several_signals(questions: list[Any]) -> None:
    result = derive(questions, {"speed": "slow", "could_do": True})
    assert [e.question for e in result.why("feedback", "knowledge_skill")] == ["speed",
                                                                             "could_do"]


@pytest.mark.parametrize("name, value, problem", [
    ("feedback", "gap", None),
    ("feedback_issues", ["slow", "generic"], None),
    ("feedback_issues", "slow", None),
    ("feedbak", "gap", "unknown signal 'feedbak'; did you mean 'feedback'?"),
    ("feedback", "gapp", "'gapp' is not a value of signal 'feedback' (gap, ok, unknown); "
                         "did you mean 'gap'?"),
    ("feedback", ["gap"], "takes one value (gap, ok, unknown), not a list"),
    ("feedback_issues", ["slow", "late"], "'late' is not a value of signal 'feedback_issues'"),
    ("metric", "x", "signal 'metric' takes the answer itself (use 'provides: metric')"),
    ("reference_allowed", True, "'True' is not a value of signal 'reference_allowed'"),
])
def test_check_signal(name: str, value: Any, problem: str | None) -> None:
    why = check_signal(name, value)
    assert (why is None) if problem is None else (problem in (why or ""))


@pytest.mark.parametrize("value, shown", [(True, "yes"), (False, "no"), (["a", "b"], "a, b"),
                                          (12000.0, "12,000"), (3.0, "3"), (2.5, "2.5"),
                                          ("x", "x")])
def test_show_answer(value: Any, shown: str) -> None:
    assert show_answer(value) == shown


def test_vocabulary_kinds_and_values_are_well_formed() -> None:
    for name, (kind, allowed, meaning) in signals.VOCABULARY.items():
        assert kind in ("cell", "qualifier", "set", "context"), name
        assert meaning and name.islower()
        if kind == "cell":
            assert allowed == signals.CELL
        if isinstance(allowed, str):
            assert kind == "context" and allowed in signals.TEXT_KINDS


def test_the_shipped_banks_set_only_vocabulary_signals() -> None:
    for path in banks.shipped().values():
        for q in banks.load_file(Path(path)).bank.questions():
            assert q.signal_names() <= set(signals.VOCABULARY), q.id
