"""Dates in the meeting: they count from the meeting's day, read the way the question
looks (a deadline ahead, a go-live either way), and a date on the wrong side of the
meeting is flagged, or refused where it cannot be right.

The meeting of 2 November 2026 is typed up on 6 December: "in 6 weeks" is 14 December,
not 17 January; "1 November" for a go-live may be the day before the meeting or a year
after it, so the person chooses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldconsult import intake as intake_mod
from ldconsult.bank import banks, values
from ldconsult.cli import app
from ldconsult.intake import Meta
from ldconsult.interview import typed_dates
from ldconsult.interview.cursor import Interview
from ldconsult.interview.meeting_details import META_SECTION, ask_meta
from ldconsult.interview.prompts import QuestionaryPrompter
from ldconsult.interview.protocol import HELP, Context, Reply, answer
from ldconsult.interview.question_lines import help_lines
from ldconsult.interview.scripted_prompter import ScriptedPrompter

MEETING, TYPED_UP = dt.date(2026, 11, 2), dt.date(2026, 12, 6)
ENTER = "\r"
BANK = banks.resolve("performance-consulting")


def q(qid: str):
    return BANK.bank.question(qid)


@pytest.fixture
def engine() -> Interview:
    return Interview(BANK, meta=Meta(title="Fees", meeting_date=MEETING.isoformat()),
                     clock=lambda: dt.datetime(2026, 12, 6, 10, tzinfo=dt.timezone.utc))


# ---------------------------------------------------------------------------------------
# Counting from the meeting

@pytest.mark.parametrize("qid, said, stored", [
    ("deadline", "in 6 weeks", "2026-12-14"),  # from 2 November, not from 6 December
    ("deadline", "end of next month", "2026-12-31"),
    ("deadline", "early Q1", "2027-01-31"),
    ("go_live", "3 weeks ago", "2026-10-12"),
    ("go_live", "last October", "2026-10-31"),
])
def test_a_date_typed_in_the_meeting_counts_from_the_meeting(engine, qid, said, stored):
    assert engine.set_answer(qid, said) == stored


def test_the_context_gives_the_meeting_as_the_day_dates_count_from(engine):
    ctx = engine.context(engine.questions.index(q("deadline")))
    assert (ctx.today, ctx.since) == (MEETING, "the meeting")


def test_a_meeting_held_today_is_just_today(engine):
    engine.meta = Meta(title="Fees", meeting_date=TYPED_UP.isoformat())
    ctx = engine.context(0)
    assert (ctx.today, ctx.since) == (TYPED_UP, "")


# ---------------------------------------------------------------------------------------
# Which way a question looks

def test_the_tense_of_each_shipped_date_question():
    assert [values.tense(q(i)) for i in ("deadline", "mandate_deadline", "go_live")] == \
        ["future", "future", "either"]
    assert values.tense(values.MEETING_DATE) == "past"


def test_a_yearless_go_live_has_two_readings_and_is_not_guessed(engine):
    with pytest.raises(values.Ambiguous) as err:
        engine.set_answer("go_live", "1 November")
    assert err.value.readings == [dt.date(2026, 11, 1), dt.date(2027, 11, 1)]
    assert str(err.value) == "'1 November' could be 2026-11-01 or 2027-11-01; give the year"


def test_a_yearless_deadline_is_the_next_one_after_the_meeting(engine):
    assert engine.set_answer("deadline", "1 November") == "2027-11-01"


def test_a_question_about_the_past_reads_a_yearless_date_back(tmp_path: Path,
                                                               mini_bank_path: Path):
    text = mini_bank_path.read_text(encoding="utf-8") + (
        "      - id: started\n        prompt: When did it start?\n        type: date\n"
        "        tense: past\n")
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = banks.load_file(path)
    engine = Interview(loaded, meta=Meta(title="T", meeting_date=MEETING.isoformat()))
    assert engine.set_answer("started", "1 December") == "2025-12-01"
    day = dt.date(2026, 12, 1)
    assert typed_dates.said_date(loaded.bank.question("started"), day, MEETING, "the meeting") \
        .endswith("after the meeting ⚠ is that right?")


def test_tense_on_a_question_that_is_not_a_date_is_a_bank_problem(tmp_path: Path,
                                                                 mini_bank_path: Path):
    text = mini_bank_path.read_text(encoding="utf-8").replace(
        "        type: long_text\n", "        type: long_text\n        tense: past\n", 1)
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(app, ["banks", "validate", str(path)])
    assert r.exit_code == 1
    assert "tense applies only to date questions; 'problem' is long_text" in r.stdout


# ---------------------------------------------------------------------------------------
# The wrong side of the meeting

def test_a_target_date_before_the_meeting_is_refused(engine):
    with pytest.raises(ValueError) as err:
        engine.set_answer("deadline", "2026-10-31")
    assert str(err.value) == ("2026-10-31 is before the meeting (2026-11-02): a target is "
                              "reached after it; give a later date (or \"don't know yet\")")


def test_a_requirement_due_before_the_meeting_is_kept_and_flagged(engine):
    assert engine.set_answer("mandate_deadline", "2026-10-01") == "2026-10-01"
    shown = typed_dates.said_date(q("mandate_deadline"), dt.date(2026, 10, 1), MEETING,
                                  "the meeting")
    assert shown == "Thursday 1 October 2026, 5 weeks before the meeting ⚠ is that right?"


@pytest.mark.parametrize("qid, typed, shown", [
    ("deadline", "in 6 weeks", "  → Monday 14 December 2026, 6 weeks after the meeting"),
    ("deadline", "2026-10-31", "  → Saturday 31 October 2026, 2 days before the meeting ✗ "
                               "before the meeting"),
    ("mandate_deadline", "1 October 2026",
     "  → Thursday 1 October 2026, 5 weeks before the meeting ⚠ is that right?"),
    ("go_live", "1 November", "  → 1 November 2026 or 1 November 2027? (you choose after "
                              "Enter)"),
    ("go_live", "2026-11-01", "  → Sunday 1 November 2026, 1 day before the meeting"),
])
def test_the_preview_says_where_the_date_lies_from_the_meeting(qid, typed, shown):
    assert typed_dates.date_preview(q(qid), typed, MEETING, "the meeting")[1] == shown


def test_a_date_before_the_meeting_held_today_is_flagged_in_plain_words():
    shown = typed_dates.said_date(q("mandate_deadline"), dt.date(2026, 10, 1), MEETING)
    assert shown == "Thursday 1 October 2026, 5 weeks ago ⚠ before the meeting: is that right?"


# ---------------------------------------------------------------------------------------
# Choosing a reading at the prompt

def ask(prompter: QuestionaryPrompter, qid: str) -> Reply:
    ctx = Context(section=BANK.bank.section_of(qid), section_no=1, section_count=1,
                  number=1, total=4, today=MEETING, since="the meeting")
    with prompter.session():
        return prompter.ask(q(qid), ctx)


@pytest.mark.parametrize("pick, chosen", [("1", "2026-11-01"), ("2", "2027-11-01"),
                                          ("", "2026-11-01")])  # Enter: the nearer one
def test_a_yearless_go_live_asks_which_one_and_answers_the_iso_date(keys, pick, chosen):
    assert ask(keys("1 November", ENTER, pick, ENTER), "go_live") == answer(chosen)


def test_an_iso_go_live_is_not_asked_about(keys):
    assert ask(keys("2026-11-01", ENTER), "go_live") == answer("2026-11-01")


# ---------------------------------------------------------------------------------------
# Answers files count from the meeting too

def _answers(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_an_answers_file_counts_from_its_meeting_date(tmp_path: Path):
    from ldconsult.interview import answers as answers_file

    path = _answers(tmp_path, "meta: {title: T, meeting_date: '2026-11-02'}\n"
                              "answers: {deadline: in 6 weeks}\n")
    aset = answers_file.load(path, BANK.bank, today=TYPED_UP)
    assert aset.answers["deadline"] == "2026-12-14"


def test_meeting_date_on_the_command_line_is_what_an_answers_file_counts_from(tmp_path):
    from ldconsult.interview import answers as answers_file

    path = _answers(tmp_path, "deadline: in 6 weeks\n")
    aset = answers_file.load(path, BANK.bank, today=TYPED_UP, meeting=MEETING)
    assert aset.answers["deadline"] == "2026-12-14"


def test_a_yearless_go_live_in_an_answers_file_asks_for_the_year(tmp_path: Path):
    path = _answers(tmp_path, "meta: {title: T, meeting_date: '2026-11-02'}\n"
                              "answers: {go_live: 1 November}\n")
    r = CliRunner().invoke(app, ["interview", "--answers", str(path), "-o",
                                 str(tmp_path / "out.yaml")])
    assert r.exit_code == 2
    assert "go_live: '1 November' could be 2026-11-01 or 2027-11-01; give the year" in \
        r.stderr


def test_an_answers_file_keeps_a_past_deadline_it_states(tmp_path: Path):
    """A file is not the meeting: a deadline already passed is the file's to state (the
    engine flags what it means), and a fixed file must not stop working with time."""
    from ldconsult.interview import answers as answers_file

    path = _answers(tmp_path, "meta: {title: T, meeting_date: '2026-11-02'}\n"
                              "answers: {deadline: '2026-10-01'}\n")
    assert answers_file.load(path, BANK.bank).answers["deadline"] == "2026-10-01"


# ---------------------------------------------------------------------------------------
# The meeting details have help

@pytest.mark.parametrize("field", ["title", "requester", "interviewer", "meeting_date"])
def test_every_meeting_detail_has_help_and_why_we_ask(field):
    question = next(x for x in META_SECTION.questions if x.id == field)
    lines = help_lines(question)
    assert lines[0].startswith("Help: ") and lines[1].startswith("Why we ask: ")


def test_help_on_a_meeting_detail_shows_it_and_asks_again():
    prompter = ScriptedPrompter([HELP, "Wrong fees"])
    meta = ask_meta(prompter, Meta.model_construct(), ["title"], today=TYPED_UP)
    assert meta.title == "Wrong fees"
    first, again = (ctx for _, ctx in prompter.asked)
    assert (first.show_help, first.error) == (False, None)
    assert (again.show_help, again.error) == (True, None)


def test_the_meeting_date_help_says_later_dates_count_from_it():
    question = next(x for x in META_SECTION.questions if x.id == "meeting_date")
    assert "'in 6 weeks' is 6 weeks after the meeting" in question.help


def test_an_intake_made_from_an_answers_file_dates_its_phrases_from_the_meeting(
        tmp_path: Path):
    from ldconsult.cli.commands.interview import run

    calibration = Path(__file__).resolve().parent / "calibration" / "c03.answers.yaml"
    text = calibration.read_text(encoding="utf-8")
    assert "meeting_date: '2026-12-14'" in text and "deadline: 2027-03-31" in text
    answers = _answers(tmp_path, text.replace("deadline: 2027-03-31", "deadline: in 6 weeks"))
    out = tmp_path / "out.yaml"
    assert run(bank=None, answers=answers, resume=None, out=out, force=False, title=None,
               requester=None, interviewer=None, meeting_date=None, show_summary=False,
               interactive=False, today=TYPED_UP) == 0
    assert intake_mod.load(out).answers["deadline"] == "2027-01-25"  # 14 December + 6 weeks
