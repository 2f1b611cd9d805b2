"""Answers files (--answers): flat or structured, validated exactly like typed answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ldconsult.bank import banks
from ldconsult.bank.model import Bank
from ldconsult.base.errors import AnswersError
from ldconsult.interview import answers


@pytest.fixture
def bank(mini_bank_path: Path) -> Bank:
    return banks.load_file(mini_bank_path).bank


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_flat_mapping_is_coerced_like_typed_answers(tmp_path, bank):
    p = write(tmp_path, "a.yaml", "problem: Wrong refunds\nfeedback_speed: Weeks later or "
              "never\naudience_size: '1,200'\nhas_checklist: 'no'\n")
    got = answers.load(p, bank)
    assert got.answers == {"problem": "Wrong refunds", "feedback_speed": "weeks",
                           "audience_size": 1200, "has_checklist": False}


def test_structured_file_with_meta_unknown_and_notes(tmp_path, bank):
    data = {"meta": {"title": "Returns", "meeting_date": "2026-11-23"},
            "answers": {"problem": "x"}, "unknown": ["feedback_speed"],
            "notes": {"problem": "from Dana"}}
    p = write(tmp_path, "a.json", json.dumps(data))
    got = answers.load(p, bank)
    assert got.answers == {"problem": "x"} and got.unknown == ["feedback_speed"]
    assert got.notes == {"problem": "from Dana"} and got.meta["title"] == "Returns"


def test_a_saved_intake_works_as_an_answers_file(tmp_path, bank):
    p = write(tmp_path, "intake.yaml", "schema_version: 1\nbank: {id: mini, version: '1'}\n"
              "status: complete\nmeta: {title: T}\nanswers: {problem: x}\nunknown: []\n"
              "notes: {}\n")
    assert answers.load(p, bank).answers == {"problem": "x"}


def test_an_adaptive_intake_works_as_an_answers_file(tmp_path, bank):
    p = write(tmp_path, "intake.yaml", "schema_version: 1\nbank: {id: mini, version: '1'}\n"
              "status: complete\nmeta: {title: T}\nanswers: {problem: x}\nunknown: []\n"
              "notes: {}\nasked: [problem]\nnot_asked: {audience_size: could_not_change_plan}\n")
    assert answers.load(p, bank).answers == {"problem": "x"}


def test_null_means_not_answered(tmp_path, bank):
    p = write(tmp_path, "a.yaml", "problem: x\naudience_size: null\n")
    assert answers.load(p, bank).answers == {"problem": "x"}


def test_every_problem_is_listed_in_one_message_with_did_you_mean(tmp_path, bank):
    p = write(tmp_path, "answers.yaml", "problem: x\naudience_size: lots\n"
              "feedback_speed: monthly\nprobelm: y\n")
    with pytest.raises(AnswersError) as info:
        answers.load(p, bank)
    msg = str(info.value)
    assert msg.startswith(f"{p}: 3 problems: ")
    assert "audience_size: 'lots' is not a number" in msg
    assert "feedback_speed: 'monthly' is not a choice" in msg
    assert "unknown ids: probelm (did you mean problem?)" in msg
    assert "\n" not in msg


@pytest.mark.parametrize("text, expected", [
    ("answers: {problem: x}\nunknown: [problem]\n", "does not allow"),
    ("answers: {feedback_speed: weeks}\nunknown: [feedback_speed]\n", "also has an answer"),
    ("answers: {problem: x}\nmeta: {titel: T}\n", "did you mean 'title'"),
    ("answers: {problem: x}\nmeta: {meeting_date: someday}\n", "not a date"),
    ("answers: {problem: x}\nextra: 1\n", "unknown top-level key 'extra'"),
    ("answers: {problem: x}\nnotes: {nope: hi}\n", "unknown ids: nope"),
    ("- a\n- b\n", "is a mapping"),
    ("answers: [problem]\n", "answers: expected a mapping"),
])
def test_structured_file_problems(tmp_path, bank, text, expected):
    p = write(tmp_path, "a.yaml", text)
    with pytest.raises(AnswersError, match=expected):
        answers.load(p, bank)


def test_a_missing_answers_file_is_a_clear_error(tmp_path, bank):
    from ldconsult.base.errors import InputFileError

    with pytest.raises(InputFileError, match="no such file"):
        answers.load(tmp_path / "nope.yaml", bank)


def test_dates_in_an_answers_file_may_be_said_in_words_and_are_stored_iso(tmp_path):
    import datetime as dt

    keyset = banks.load_file(Path(__file__).parent / "fixtures" / "keys-bank.yaml").bank
    p = write(tmp_path, "a.yaml", "meta: {meeting_date: yesterday}\n"
              "answers: {deadline: end of March, problem: x}\n")
    got = answers.load(p, keyset, today=dt.date(2026, 11, 29))
    assert got.answers["deadline"] == "2027-03-31"
    assert got.meta["meeting_date"] == "2026-11-28"
