"""The adaptive interview (interview.adaptive): the basics, then only what can change the
plan, the person in charge ("more questions", the review's not-asked list), answers files
replayed as a meeting would ask them, drafts. Driven by a prompter that answers by
question id and by a stand-in engine (tests/fake_engine.py)."""

from __future__ import annotations

from typing import Any

import pytest
from fake_engine import use_fake_engine

from ldconsult.intake import NO_CHANGE
from ldconsult.interview.adaptive import AdaptiveInterview
from ldconsult.interview.answers import AnswerSet
from ldconsult.interview.cursor import Interview
from ldconsult.interview.protocol import ASK_MORE, BACK, MORE, SAVE, Reply, answer, ask
from ldconsult.interview.scripted_prompter import ScriptedPrompter

# The facts of one case; could_do "no" makes the verdict training, feedback "late" the
# lead, changed "system" opens late, whose "yes" raises a warning.
FACTS: dict[str, Any] = {"problem": "Claims are wrong", "who": 40, "could_do": "no",
                         "feedback": "late", "changed": ["system"], "late": True,
                         "often": "daily", "colour": "red", "remark": "None"}
ASKED = ["problem", "who", "could_do", "feedback", "changed", "late"]


class ByQuestion(ScriptedPrompter):
    """Answers from a table by question id; a list of replies is given in turn."""

    def __init__(self, table: dict[str, Any], reviews: list[Any] = ()) -> None:
        super().__init__([], reviews)
        self.table = {k: list(v) if isinstance(v, list) and v and isinstance(v[0], Reply)
                      else v for k, v in table.items()}

    def ask(self, question: Any, ctx: Any) -> Reply:
        self.asked.append((question.id, ctx))
        item = self.table[question.id]
        if isinstance(item, list) and item and isinstance(item[0], Reply):
            return item.pop(0) if len(item) > 1 else item[0]
        return answer(item)

    @property
    def ids(self) -> list[str]:
        return [qid for qid, _ in self.asked]


def _run(monkeypatch: pytest.MonkeyPatch, table: dict[str, Any] = FACTS,
         reviews: list[Any] = (), **kw: Any) -> tuple[AdaptiveInterview, ByQuestion, Any]:
    loaded = use_fake_engine(monkeypatch)
    engine = AdaptiveInterview(loaded, **kw)
    prompter = ByQuestion(table, list(reviews))
    result = engine.run(prompter)
    return engine, prompter, result


def test_the_basics_come_first_in_bank_order(monkeypatch):
    _, prompter, _ = _run(monkeypatch)
    assert prompter.ids[:2] == ["problem", "who"]


def test_then_only_what_can_change_the_plan_most_first(monkeypatch):
    _, prompter, result = _run(monkeypatch)
    assert prompter.ids == ASKED
    assert result.asked == ASKED


@pytest.mark.parametrize("qid", ["often", "colour", "remark"])
def test_a_question_whose_answers_cannot_change_the_plan_is_never_asked(monkeypatch, qid):
    _, prompter, result = _run(monkeypatch)
    assert qid not in prompter.ids
    assert result.not_asked[qid] == NO_CHANGE


def test_a_follow_up_that_no_longer_applies_is_not_asked(monkeypatch):
    _, prompter, _ = _run(monkeypatch, {**FACTS, "changed": ["nothing"]})
    assert "late" not in prompter.ids


def test_it_stops_and_reviews_when_nothing_left_can_change_the_plan(monkeypatch):
    _, prompter, _ = _run(monkeypatch)
    assert len(prompter.reviewed) == 1
    assert [n.question.id for n in prompter.not_asked[0]] == ["often", "colour", "remark"]
    assert {n.reason for n in prompter.not_asked[0]} == {"could not change the plan"}


def test_all_questions_asks_every_question_that_applies(monkeypatch):
    loaded = use_fake_engine(monkeypatch)
    prompter = ByQuestion(FACTS)
    Interview(loaded).run(prompter)
    assert prompter.ids == [q.id for q in loaded.bank.questions()]


def test_the_same_answers_ask_the_same_questions(monkeypatch):
    assert _run(monkeypatch)[1].ids == _run(monkeypatch)[1].ids


def test_the_more_questions_key_asks_the_next_ones_once_the_plan_is_settled(monkeypatch):
    _, prompter, result = _run(monkeypatch, {**FACTS, "could_do": [MORE, answer("no")]})
    said = [ctx.info for qid, ctx in prompter.asked if qid == "could_do"]
    assert said[1] and "up to 5 more" in said[1]
    assert prompter.ids == [*ASKED[:2], "could_do", *ASKED[2:], "often", "colour", "remark"]
    assert result.answers["colour"] == "red" and result.not_asked == {}


def test_the_review_asks_a_question_that_was_left_out(monkeypatch):
    _, prompter, result = _run(monkeypatch, reviews=[ask("colour"), SAVE])
    assert prompter.ids == [*ASKED, "colour"]
    assert result.answers["colour"] == "red" and "colour" not in result.not_asked


def test_the_review_asks_more_questions_on_request(monkeypatch):
    _, prompter, _ = _run(monkeypatch, reviews=[ASK_MORE, SAVE])
    assert prompter.ids == [*ASKED, "often", "colour", "remark"]


def test_back_asks_the_previous_question_again(monkeypatch):
    _, prompter, result = _run(monkeypatch, {**FACTS, "feedback": [BACK, answer("late")]})
    assert prompter.ids[:6] == ["problem", "who", "could_do", "feedback", "could_do", "feedback"]
    assert result.answers["feedback"] == "late"


def test_the_progress_counts_the_basics_then_what_can_change_the_plan(monkeypatch):
    _, prompter, _ = _run(monkeypatch)
    ctx = dict(prompter.asked)
    assert (ctx["problem"].stage, ctx["problem"].number, ctx["problem"].total) == ("basics", 1, 2)
    assert (ctx["could_do"].stage, ctx["could_do"].number) == ("adaptive", 3)
    assert ctx["could_do"].left >= ctx["feedback"].left >= ctx["late"].left == 0


def test_a_replay_uses_only_the_answers_to_the_questions_it_asks(monkeypatch):
    loaded = use_fake_engine(monkeypatch)
    engine = AdaptiveInterview(loaded, oracle=AnswerSet(answers=dict(FACTS)))
    assert engine.replay() == []
    result = engine.result()
    assert result.asked == ASKED
    assert set(result.answers) == set(ASKED)
    assert result.not_asked == {"often": NO_CHANGE, "colour": NO_CHANGE, "remark": NO_CHANGE}


def test_a_replay_names_the_required_questions_it_asks_that_the_file_does_not_answer(
        monkeypatch):
    loaded = use_fake_engine(monkeypatch)
    given = {k: v for k, v in FACTS.items() if k != "who"}
    engine = AdaptiveInterview(loaded, oracle=AnswerSet(answers=given))
    assert engine.replay() == ["who"]


def test_a_draft_kept_at_ctrl_c_resumes_at_the_question_being_asked(monkeypatch):
    loaded = use_fake_engine(monkeypatch)

    class Stops(ByQuestion):
        def ask(self, question, ctx):
            if question.id == "feedback":
                raise KeyboardInterrupt
            return super().ask(question, ctx)

    engine = AdaptiveInterview(loaded)
    with pytest.raises(KeyboardInterrupt):
        engine.run(Stops(FACTS))
    draft = engine.snapshot()  # what ldconsult interview keeps on Ctrl-C
    assert draft.asked == ["problem", "who", "could_do", "feedback"]
    assert draft.cursor == "feedback"
    again = AdaptiveInterview.from_draft(loaded, draft)
    prompter = ByQuestion(FACTS)
    again.run(prompter)
    assert prompter.ids == ["feedback", "changed", "late"]


@pytest.mark.parametrize("kind, counts", [("business", [9] * 9), ("none", [9] * 5)],
                         ids=["a measure: nine basics", "nothing measurable: five"])
def test_the_count_of_basics_never_grows(kind, counts):
    """baseline and target wait for the measure: counted from the start, dropped when
    there is none (the default bank)."""
    from ldconsult.bank import banks

    facts = {"requested_solution": "course", "business_problem": "Claims are wrong often",
             "audience": "Claims handlers", "audience_size": 40, "metric_kind": kind,
             "metric": "Claims returned", "baseline": "70%", "target": "10%",
             "deadline": "2027-03-31"}

    class Basics(ByQuestion):
        def ask(self, question, ctx):
            if question.id not in facts:
                raise KeyboardInterrupt  # the basics are done
            return super().ask(question, ctx)

    prompter = Basics(facts)
    with pytest.raises(KeyboardInterrupt):
        AdaptiveInterview(banks.resolve("performance-consulting")).run(prompter)
    assert [ctx.total for _, ctx in prompter.asked] == counts


def test_two_questions_that_change_the_plan_only_together_are_both_asked(monkeypatch):
    """The progress line counts the second while the first is asked."""
    from test_adaptive_chooser import _joint_outcome

    from ldconsult.interview import memo

    loaded = use_fake_engine(monkeypatch)
    monkeypatch.setattr(memo, "outcome", _joint_outcome)
    prompter = ByQuestion(FACTS)
    AdaptiveInterview(loaded).run(prompter)
    contexts = dict(prompter.asked)
    assert prompter.ids[2:4] == ["feedback", "could_do"]
    assert contexts["feedback"].left == 1
