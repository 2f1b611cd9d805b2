"""The interview engine, driven by the scripted prompter (no terminal)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from ldconsult import intake as intake_mod
from ldconsult.bank import banks
from ldconsult.intake import Meta
from ldconsult.interview.cursor import Interview
from ldconsult.interview.meeting_details import ask_meta
from ldconsult.interview.protocol import BACK, HELP, SAVE, UNKNOWN, edit, note
from ldconsult.interview.scripted_prompter import ScriptedPrompter

BANK = textwrap.dedent("""\
    id: engine-test
    title: Engine test
    version: 1
    sections:
      - id: one
        title: One
        questions:
          - id: problem
            prompt: What is the problem?
            type: text
          - id: speed
            prompt: How fast is feedback?
            type: select
            allow_unknown: true
            choices:
              - {value: fast, label: Fast}
              - {value: slow, label: Slow}
          - id: checklist
            prompt: Is there a checklist?
            type: confirm
            when: {speed: slow}
          - id: size
            prompt: How many people?
            type: integer
            min: 1
            required: false
      - id: two
        title: Two
        when: {gte: {size: 10}}
        questions:
          - id: cost
            prompt: What does it cost?
            type: money
            allow_unknown: true
          - id: comment
            prompt: Anything else?
            type: long_text
            required: false
    """)


@pytest.fixture
def loaded(tmp_path: Path) -> banks.LoadedBank:
    p = tmp_path / "engine-test.yaml"
    p.write_text(BANK, encoding="utf-8")
    return banks.load_file(p)


def run(loaded: banks.LoadedBank, replies: list, reviews: list | None = None, **kw):
    eng = Interview(loaded, **kw)
    prompter = ScriptedPrompter(replies, reviews or [])
    return eng, eng.run(prompter), prompter


def test_questions_hidden_by_conditions_are_not_asked(loaded):
    eng, result, p = run(loaded, ["Errors", "fast", 3])
    assert [qid for qid, _ in p.asked] == ["problem", "speed", "size"]
    assert result.answers == {"problem": "Errors", "speed": "fast", "size": 3}
    assert result.status == "complete"


def test_answer_that_meets_a_condition_reveals_the_question_and_the_section(loaded):
    eng, result, p = run(loaded, ["Errors", "slow", "yes", "12", "25k", ""])
    assert [qid for qid, _ in p.asked] == ["problem", "speed", "checklist", "size", "cost",
                                           "comment"]
    assert result.answers["checklist"] is True
    assert result.answers["cost"] == 25000
    assert "comment" not in result.answers  # skipped optional question is not stored


def test_progress_counts_visible_questions_and_sections(loaded):
    _, _, p = run(loaded, ["Errors", "slow", "yes", "12", "25k", ""])
    ctx = dict(p.asked)
    assert (ctx["problem"].number, ctx["problem"].total) == (1, 3)
    assert (ctx["checklist"].number, ctx["checklist"].total) == (3, 4)
    assert (ctx["cost"].section_no, ctx["cost"].section_count) == (2, 2)
    assert ctx["cost"].first_in_section and not ctx["comment"].first_in_section


def test_invalid_answer_is_refused_with_a_message_and_asked_again(loaded):
    _, result, p = run(loaded, ["Errors", "medium", "fast", "lots", "0", "4"])
    speeds = [c for qid, c in p.asked if qid == "speed"]
    assert len(speeds) == 2 and "not a choice" in speeds[1].error
    sizes = [c for qid, c in p.asked if qid == "size"]
    assert "not a number" in sizes[1].error and "at least 1" in sizes[2].error
    assert result.answers["size"] == 4


def test_back_returns_to_the_previous_visible_question_with_its_answer(loaded):
    _, result, p = run(loaded, ["Errors", "fast", BACK, "slow", "no", 2])
    speeds = [c for qid, c in p.asked if qid == "speed"]
    assert [qid for qid, _ in p.asked][:4] == ["problem", "speed", "size", "speed"]
    assert speeds[1].current == "fast"  # re-asked with the old answer as default
    assert result.answers["speed"] == "slow" and result.answers["checklist"] is False


def test_back_on_the_first_question_explains_and_stays(loaded):
    _, result, p = run(loaded, [BACK, "Errors", "fast", 2])
    assert p.asked[1][0] == "problem" and "first question" in p.asked[1][1].error


def test_dont_know_is_stored_as_unknown_never_as_a_value(loaded):
    _, result, _ = run(loaded, ["Errors", UNKNOWN, 20, UNKNOWN, ""])
    assert "speed" not in result.answers and "cost" not in result.answers
    assert result.unknown == ["speed", "cost"]


def test_dont_know_is_refused_where_the_bank_does_not_offer_it(loaded):
    _, result, p = run(loaded, [UNKNOWN, "Errors", "fast", 2])
    assert "not offered" in p.asked[1][1].error


def test_help_and_notes_reask_the_same_question(loaded):
    _, result, p = run(loaded, [HELP, note("ask Sam"), "Errors", "fast", 2])
    assert [qid for qid, _ in p.asked][:3] == ["problem"] * 3
    assert p.asked[1][1].show_help and p.asked[2][1].note == "ask Sam"
    assert result.notes == {"problem": "ask Sam"}


def test_review_edit_reveals_new_questions_and_asks_only_those(loaded):
    replies = ["Errors", "fast", 2, "slow", "yes"]
    eng, result, p = run(loaded, replies, [edit("speed")])
    assert [qid for qid, _ in p.asked] == ["problem", "speed", "size", "speed", "checklist"]
    assert result.answers["checklist"] is True


def test_review_edit_that_hides_a_question_drops_its_answer_and_says_so(loaded):
    replies = ["Errors", "slow", "yes", 2, "fast"]
    eng, result, p = run(loaded, replies, [edit("speed")])
    last = p.reviewed[-1]
    hidden = [e.question.id for e in last if e.hidden]
    assert hidden == ["checklist"]
    assert "checklist" not in result.answers
    assert eng.hidden_answered() == ["checklist"]


def test_hidden_answer_does_not_keep_later_questions_visible(loaded):
    eng = Interview(loaded, answers={"problem": "x", "speed": "fast", "size": 20,
                                     "cost": 100})
    assert "cost" in eng.visible_ids()
    eng.set_answer("size", 3)
    assert "cost" not in eng.visible_ids()
    assert "cost" not in eng.result().answers
    assert eng.snapshot().answers["cost"] == 100  # the draft keeps it, in case of undo


def test_every_change_hands_a_draft_snapshot_with_the_cursor(loaded):
    drafts = []
    eng = Interview(loaded, on_change=drafts.append)
    prompter = ScriptedPrompter(["Errors", "fast", KeyboardInterrupt()])
    with pytest.raises(KeyboardInterrupt):
        eng.run(prompter)
    assert [d.answers for d in drafts][-1] == {"problem": "Errors", "speed": "fast"}
    snap = eng.snapshot()
    assert snap.status == "draft" and snap.cursor == "size"


def test_resume_from_a_draft_continues_at_the_cursor(loaded, tmp_path):
    eng = Interview(loaded, meta=Meta(title="Returns"))
    with pytest.raises(KeyboardInterrupt):
        eng.run(ScriptedPrompter(["Errors", "slow", KeyboardInterrupt()]))
    path = intake_mod.save(eng.snapshot(), tmp_path / ".d.draft.yaml")
    draft = intake_mod.load(path)
    again = Interview.from_draft(loaded, draft)
    p = ScriptedPrompter(["yes", 2])
    result = again.run(p)
    assert p.asked[0][0] == "checklist"
    assert result.answers == {"problem": "Errors", "speed": "slow", "checklist": True,
                              "size": 2}
    assert result.meta.title == "Returns" and result.created == draft.created


def test_resume_at_the_review_goes_straight_to_review(loaded):
    eng = Interview(loaded, answers={"problem": "x", "speed": "fast"}, resumed=True)
    p = ScriptedPrompter([])
    result = eng.run(p)
    assert p.asked == [] and len(p.reviewed) == 1 and result.answers["speed"] == "fast"


def test_only_missing_asks_just_the_required_questions_without_answers(loaded):
    eng = Interview(loaded, answers={"problem": "x", "speed": "slow"})
    p = ScriptedPrompter(["no"])
    result = eng.run(p, review=False, only_missing=True)
    assert [qid for qid, _ in p.asked] == ["checklist"]
    assert eng.missing_required() == [] and result.answers["checklist"] is False


def test_answers_are_saved_in_bank_order(loaded):
    eng = Interview(loaded, answers={"size": 2, "speed": "fast", "problem": "x"})
    assert list(eng.result().answers) == ["problem", "speed", "size"]


def test_meta_questions_support_back_and_validate_the_date(loaded):
    p = ScriptedPrompter(["Returns", BACK, "Returns errors", "Dana", "", "03/04/2026",
                          "2026-12-31"])
    meta = ask_meta(p, Meta(), ["title", "requester", "interviewer", "meeting_date"],
                    today=dt.date(2026, 11, 23))
    assert meta == Meta(title="Returns errors", requester="Dana", interviewer="",
                        meeting_date="2026-12-31")
    dates = [c for qid, c in p.asked if qid == "meeting_date"]
    assert dates[0].current == "2026-11-23"
    assert "could be day/month or month/day" in dates[1].error


def test_save_on_review_with_nothing_missing_returns_complete(loaded):
    eng, result, p = run(loaded, ["Errors", "fast", ""], [SAVE])
    assert result.status == "complete" and result.cursor is None


def test_engine_and_answers_modules_import_no_terminal_libraries():
    import subprocess
    import sys

    code = ("import sys, ldconsult.interview.cursor, ldconsult.interview.answers, "
            "ldconsult.interview.protocol, ldconsult.interview.meeting_details; "
            "bad = [m for m in ('questionary', 'prompt_toolkit', 'rich', 'typer') "
            "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


# ---------------------------------------------------------------------------------------
# What is left: an upper bound that never grows as the interview moves forward

def _walk_outlook(loaded, given: dict, unknown: set) -> tuple[list[int], int]:
    """(questions left at each question asked, the path's length) for one walk."""
    eng = Interview(loaded)
    left = []
    for i, q in enumerate(eng.questions):
        if not eng.visibility()[i]:
            continue
        left.append(eng.context(i).left)
        if q.id in given:
            eng.set_answer(q.id, given[q.id])
        elif q.id in unknown:
            eng.set_unknown(q.id)
    return left, len(eng.visible_ids())


def _examples() -> list[tuple[str, Path]]:
    """(bank, answers file): examples/answers/<bank>/*.yaml, the default bank at the top."""
    root = Path(__file__).resolve().parent.parent / "examples" / "answers"
    return [(p.parent.name if p.parent != root else "performance-consulting", p)
            for p in sorted(root.rglob("*.yaml"))]


@pytest.mark.parametrize("bank, path", _examples(), ids=[p.stem for _, p in _examples()])
def test_what_is_left_only_shrinks_and_the_first_promise_holds(bank, path):
    from ldconsult.interview import answers

    loaded = banks.resolve(bank)
    aset = answers.load(path, loaded.bank, today=dt.date(2026, 11, 16))
    left, path_length = _walk_outlook(loaded, aset.answers, set(aset.unknown))
    assert all(a >= b + 1 for a, b in zip(left, left[1:]))  # one fewer at least, each time
    assert path_length <= left[0] + 1  # never more questions than the first line promised
    assert left[-1] == 0


def test_conditions_that_open_questions_do_not_raise_what_is_left(loaded):
    opened = _walk_outlook(loaded, {"problem": "x", "speed": "slow", "checklist": True,
                                    "size": 30, "cost": 5}, set())[0]
    closed = _walk_outlook(loaded, {"problem": "x", "speed": "fast", "size": 3}, set())[0]
    # Everything a condition may still open is counted from the start: the checklist
    # and section two (cost, comment). Closing a condition takes it off at once.
    assert opened == [5, 4, 3, 2, 1, 0]
    assert closed == [5, 4, 2]


def test_the_context_carries_the_engines_today_for_dates(loaded):
    clock = lambda: dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.timezone.utc)  # noqa: E731
    eng = Interview(loaded, clock=clock)
    assert eng.context(0).today == dt.date(2026, 11, 29)
