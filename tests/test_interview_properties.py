"""Property tests: any mix of answers, back, don't know, help and bad input keeps the
engine's promises on every shipped bank."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldconsult import intake as intake_mod
from ldconsult.bank import banks, values
from ldconsult.bank.model import Question
from ldconsult.interview.cursor import Interview
from ldconsult.interview.protocol import (
    BACK,
    HELP,
    SAVE,
    UNKNOWN,
    Context,
    Reply,
    ReviewAction,
    ReviewEntry,
    answer,
    edit,
)

BANK_IDS = sorted(banks.shipped())


def valid(q: Question, pick: int) -> object:
    if q.type == "select":
        return q.choice_values[pick % len(q.choice_values)]
    if q.type == "multi_select":
        return q.choice_values[: 1 + pick % len(q.choice_values)][: int(q.max or 99)]
    if q.type == "confirm":
        return bool(pick % 2)
    if q.type == "scale":
        return 1 + pick % 5
    if q.type in ("number", "integer", "money"):
        return max(int(q.min or 0), 1 + pick)
    if q.type == "date":
        return "2027-01-15"
    return "answer " * max(1, (q.min_length or 0) // 7 + 1)


class RandomPrompter:
    """Draws a reply for each question; after ``budget`` steps it only answers validly."""

    def __init__(self, draw: st.DrawFn, budget: int) -> None:
        self.draw, self.budget, self.steps, self.edits = draw, budget, 0, 0

    def ask(self, q: Question, ctx: Context) -> Reply:
        self.steps += 1
        pick = self.draw(st.integers(0, 50))
        if self.steps > self.budget:
            return answer(valid(q, pick))
        kind = self.draw(st.sampled_from(["ok", "ok", "ok", "back", "unknown", "help", "bad"]))
        return {"back": BACK, "unknown": UNKNOWN, "help": HELP,
                "bad": answer("§not valid§" if q.type != "text" else "")}.get(
                    kind, answer(valid(q, pick)))

    def review(self, entries: Sequence[ReviewEntry]) -> ReviewAction:
        visible = [e.question.id for e in entries if not e.hidden]
        if self.edits < 2 and visible and self.draw(st.booleans()):
            self.edits += 1
            return edit(self.draw(st.sampled_from(visible)))
        return SAVE


@pytest.mark.parametrize("bank_id", BANK_IDS)
@settings(max_examples=30)
@given(data=st.data())
def test_any_walk_gives_a_valid_complete_intake(bank_id: str, data: st.DataObject) -> None:
    loaded = banks.resolve(bank_id)
    drafts: list[intake_mod.Intake] = []
    eng = Interview(loaded, on_change=drafts.append)
    result = eng.run(RandomPrompter(data.draw, data.draw(st.integers(0, 40))))

    visible = eng.visible_ids()
    assert result.status == "complete" and result.cursor is None
    assert set(result.answers) <= set(visible)
    assert list(result.answers) == [q for q in visible if q in result.answers]
    assert not set(result.answers) & set(result.unknown)
    assert eng.missing_required() == []
    for qid, value in result.answers.items():
        assert values.coerce(loaded.bank.question(qid), value) == value
    assert drafts and all(d.status == "draft" for d in drafts)
    again = intake_mod.from_data(intake_mod.Intake.model_validate(
        result.to_data()).to_data(), "x")
    assert again.answers == result.answers
