"""Choosing the next question (interview.chooser): the one whose possible answers change
the plan most; none when no answer left could change it. Driven by a stand-in engine
(tests/fake_engine.py), so each row states exactly what matters."""

from __future__ import annotations

from typing import Any

import pytest
from fake_engine import ANCHOR, use_fake_engine

from ldconsult.engine.outcome import DETAIL, FIXES, LEAD, SAME, VERDICT, Outcome
from ldconsult.interview import chooser as chooser_mod
from ldconsult.interview.chooser import UNKNOWN, Chooser

LEFT = ["feedback", "changed", "could_do", "often", "colour", "remark"]


def _rank(loaded: Any, answers: dict[str, Any], unknown: tuple[str, ...] = (),
          left: list[str] = LEFT) -> dict[str, int]:
    bank = loaded.bank
    ranked = Chooser(bank, ANCHOR).rank(answers, unknown, [bank.question(q) for q in left])
    return {r.question.id: r.level for r in ranked}


@pytest.mark.parametrize("answers, first", [
    ({}, "could_do"),  # a verdict question beats a lead question earlier in the bank
    ({"could_do": "no"}, "feedback"),
    ({"could_do": "no", "feedback": "late"}, "changed"),  # for what it opens
], ids=["verdict first", "then the lead", "then what opens a warning"])
def test_the_question_that_changes_the_plan_most_comes_first(monkeypatch, answers, first):
    loaded = use_fake_engine(monkeypatch)
    left = [q for q in LEFT if q not in answers]
    assert next(iter(_rank(loaded, answers, left=left))) == first


@pytest.mark.parametrize("qid", ["often", "colour", "remark"])
def test_a_question_whose_answers_cannot_change_the_plan_does_not_count(monkeypatch, qid):
    loaded = use_fake_engine(monkeypatch)
    assert _rank(loaded, {})[qid] <= DETAIL


@pytest.mark.parametrize("answers, level", [
    ({}, VERDICT),
    ({"could_do": "no"}, LEAD),
    ({"could_do": "no", "feedback": "late"}, FIXES),
    ({"could_do": "no", "feedback": "late", "changed": ["nothing"]}, SAME),
], ids=["a verdict", "a lead", "a warning", "nothing: the plan is settled"])
def test_the_best_question_left_says_how_much_is_still_open(monkeypatch, answers, level):
    loaded = use_fake_engine(monkeypatch)
    left = [q for q in LEFT if q not in answers]
    ranked = _rank(loaded, answers, left=left)
    assert max(ranked.values()) == level


def test_nothing_can_change_a_plan_whose_every_lever_is_answered(monkeypatch):
    loaded = use_fake_engine(monkeypatch)
    ranked = _rank(loaded, {"could_do": "no", "feedback": "late", "changed": ["system"],
                            "late": True}, left=["often", "colour", "remark"])
    assert all(level <= DETAIL for level in ranked.values())


def test_the_same_answers_rank_the_questions_the_same_way(monkeypatch):
    loaded = use_fake_engine(monkeypatch)
    assert list(_rank(loaded, {"feedback": "soon"})) == list(_rank(loaded, {"feedback": "soon"}))


@pytest.mark.parametrize("qid, expected", [
    ("feedback", ["soon", "late", UNKNOWN]),
    ("late", [True, False]),
    ("who", [1, 10, 100, 10000]),  # a number that is a signal: orders of magnitude
    ("colour", []),  # maps no signal: nothing to try
    ("remark", []),
])
def test_each_kind_of_question_is_tried_with_answers_that_stand_for_all(monkeypatch, qid,
                                                                         expected):
    loaded = use_fake_engine(monkeypatch)
    got = list(Chooser(loaded.bank, ANCHOR).possible(loaded.bank.question(qid)))
    assert got == expected


def test_choices_that_mean_the_same_signals_are_tried_once() -> None:
    from ldconsult.bank import banks

    bank = banks.resolve("performance-consulting").bank
    tried = Chooser(bank, ANCHOR).possible(bank.question("cost_of_inaction"))
    # serious and noticeable both mean worth_solving: yes; minor and preference: no
    assert tried == ("serious", "minor", UNKNOWN)


def _tried_at(monkeypatch: pytest.MonkeyPatch, later: dict[str, Any]) -> dict[str, int]:
    """The step at which each question was last tried: every one at the first step, then
    the step after ``later`` with no budget for questions that changed nothing."""
    loaded = use_fake_engine(monkeypatch)
    chooser, bank = Chooser(loaded.bank, ANCHOR), loaded.bank
    chooser.rank({}, (), [bank.question(q) for q in LEFT])
    monkeypatch.setattr(chooser_mod, "RECHECKS", 0)
    chooser.rank(later, (), [bank.question(q) for q in LEFT if q not in later])
    return dict(chooser._checked)


def test_a_question_that_changed_nothing_waits_its_turn_to_be_tried_again(monkeypatch):
    """Past RECHECKS engine runs, a step keeps the earlier level of a question that
    changed nothing (answers rarely make it matter): each step stays quick."""
    tried = _tried_at(monkeypatch, {"feedback": "late"})
    assert tried["often"] == 1 and tried["could_do"] == 2


def test_before_stopping_every_question_is_tried_again(monkeypatch):
    settled = {"could_do": "no", "feedback": "late", "changed": ["nothing"]}
    tried = _tried_at(monkeypatch, settled)
    assert {tried[q] for q in LEFT if q not in settled} == {2}


def test_an_exhaustive_chooser_tries_every_question_at_every_step(monkeypatch):
    """benchmarks/adaptive_bound.py needs every level exact: no budget applies."""
    loaded = use_fake_engine(monkeypatch)
    chooser, bank = Chooser(loaded.bank, ANCHOR, exhaustive=True), loaded.bank
    chooser.rank({}, (), [bank.question(q) for q in LEFT])
    monkeypatch.setattr(chooser_mod, "RECHECKS", 0)
    monkeypatch.setattr(chooser_mod, "FULL_TRIES", 0)
    later = {"feedback": "late"}
    chooser.rank(later, (), [bank.question(q) for q in LEFT if q not in later])
    assert {chooser._checked[q] for q in LEFT if q not in later} == {2}


def _joint_outcome(sig: Any, anchor: Any) -> Outcome:
    """A plan that two answers decide together: training only when people could not do it
    AND hear weeks later; each answer alone changes only a detail."""
    both = sig.get("knowledge_skill") == "gap" and sig.get("feedback") == "gap"
    return Outcome("training" if both else "more_info", "assessment", None, ("assessment",),
                   (), (), (sig.get("knowledge_skill"), sig.get("feedback")))


def _pair(monkeypatch: pytest.MonkeyPatch, answers: dict[str, Any]) -> Any:
    from ldconsult.interview import memo

    loaded = use_fake_engine(monkeypatch)
    monkeypatch.setattr(memo, "outcome", _joint_outcome)
    chooser, bank = Chooser(loaded.bank, ANCHOR), loaded.bank
    left = [bank.question(q) for q in LEFT if q not in answers]
    ranked = chooser.rank(answers, (), left)
    return ranked, chooser.pair(answers, (), ranked)


def test_two_answers_that_change_the_plan_only_together_are_found(monkeypatch):
    ranked, pair = _pair(monkeypatch, {})
    assert max(r.level for r in ranked) <= DETAIL  # no single answer changes the plan
    assert [q.id for q in pair] == ["feedback", "could_do"]  # the first in the bank first


def test_once_one_of_the_pair_is_answered_the_other_changes_the_plan_alone(monkeypatch):
    ranked, pair = _pair(monkeypatch, {"feedback": "late"})
    assert (ranked[0].question.id, ranked[0].level, pair) == ("could_do", VERDICT, None)


def test_a_plan_no_two_answers_can_change_is_settled(monkeypatch):
    _, pair = _pair(monkeypatch, {"feedback": "soon"})  # only could_do changes a detail
    assert pair is None
