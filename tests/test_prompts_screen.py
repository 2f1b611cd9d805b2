"""What the interview prints fits 80 columns, broken between words; the review shows each
answer once, whole, in the words it was offered."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from ldconsult.bank import banks
from ldconsult.base.text import wrap
from ldconsult.interview import screen_text, typed_dates
from ldconsult.interview.cursor import Interview
from ldconsult.interview.progress_line import progress
from ldconsult.interview.prompts import QuestionaryPrompter
from ldconsult.interview.protocol import Context, ReviewEntry
from ldconsult.interview.question_lines import review_title

WIDTH = 79  # an 80-column terminal less the last column (see QuestionaryPrompter.width)
KEYS_BANK = Path(__file__).parent / "fixtures" / "keys-bank.yaml"
LONG = ("Claims are returned for correction because the lodging tax goes on the wrong line, "
        "and reimbursement slips by two to three weeks for everyone who travels")


def words_intact(lines: list[str], text: str) -> bool:
    """Every word of ``text`` is whole, in order, across ``lines`` (none cut in two)."""
    pattern = r"\s+".join(re.escape(w) for w in text.split())
    return re.search(pattern, "\n".join(lines)) is not None


@pytest.mark.parametrize("text, width, first, rest, expected", [
    ("one two three", 9, "", "", ["one two", "three"]),
    ("one two three", 10, "? ", "  ", ["? one two", "  three"]),
    ("deci sion", 80, "", "", ["deci sion"]),
    ("para one\n\npara two", 80, "", "", ["para one", "", "para two"]),
    ("x" * 12, 10, "> ", "  ", ["> xxxxxxxx", "  xxxx"]),  # a word wider than a line
])
def test_wrap_breaks_between_words(text, width, first, rest, expected):
    assert wrap(text, width, first=first, rest=rest) == expected


@pytest.mark.parametrize("hint", ["", "(Enter to finish)",
                                  "(a date, e.g. end of February, Q2 2027, in 6 weeks or "
                                  "2027-01-15; Ctrl-D = don't know yet)"])
def test_a_question_and_its_hint_fit_80_columns(hint):
    msg, instruction = screen_text.message(LONG + "?", hint, WIDTH)
    lines = ("? " + msg + " " + instruction).split("\n")
    assert all(len(line.rstrip()) <= WIDTH for line in lines)
    assert words_intact(lines, LONG + "?")
    assert hint in " ".join(" ".join(lines).split()) or not hint


def test_the_answer_in_the_scrollback_fits_80_columns():
    q = banks.load_file(KEYS_BANK).bank.question("problem")
    lines = [text for _, text in screen_text.transcript(q, LONG, WIDTH)]
    assert all(len(line) <= WIDTH for line in lines)
    assert words_intact(lines, q.prompt) and words_intact(lines, LONG)
    assert lines[0].startswith("? What is the problem") and any(x.startswith("› ") for x in lines)


def test_printed_lines_help_and_notes_fit_80_columns():
    screen = io.StringIO()
    with create_pipe_input() as pipe:
        prompter = QuestionaryPrompter(input=pipe, output=PlainTextOutput(screen))
        with prompter.session():
            assert prompter.width() == WIDTH
            prompter.say(f"Help: {LONG}", f"Note: {LONG}", f"  → {LONG}",
                         style="class:help")
    lines = screen.getvalue().replace("\r", "").splitlines()
    assert all(len(line) <= WIDTH for line in lines)
    assert words_intact(lines, f"Help: {LONG}") and words_intact(lines, f"Note: {LONG}")
    assert re.match(r" {4}\S", lines[-1])  # "  → …" hangs its next lines under its text


def entry(q, value=None, **kw) -> ReviewEntry:
    fields = dict(question=q, section=None, value=value, shown="", unknown=False, note=None,
                  hidden=False, missing=False)
    return ReviewEntry(**{**fields, **kw})


@pytest.fixture
def keyset() -> banks.LoadedBank:
    return banks.load_file(KEYS_BANK)


def test_a_review_line_shows_the_question_and_the_whole_answer_wrapped(keyset):
    q = keyset.bank.question("problem")
    title = review_title(1, entry(q, LONG, note="ask Sam"), WIDTH)
    lines = title.split("\n")
    assert all(len(" » " + line if n == 0 else line) <= WIDTH for n, line in enumerate(lines))
    assert words_intact(lines, q.prompt) and words_intact(lines, LONG)
    assert "✎ note: ask Sam" in title


@pytest.mark.parametrize("qid, value, shown", [
    ("obstacles", ["tool", "info"], "→ The tool is clumsy or slow, The rules are hard to find"),
    ("feedback_speed", "weeks", "→ Weeks later or never"),
    ("hourly_cost", 65, "→ 65"),
])
def test_a_review_line_shows_labels_never_ids(keyset, qid, value, shown):
    assert shown in review_title(3, entry(keyset.bank.question(qid), value), WIDTH)


def test_a_review_line_says_yes_as_the_widget_offered_it():
    q = banks.resolve("performance-consulting").bank.question("goals_conflict")
    assert "→ Yes" in review_title(1, entry(q, True), WIDTH)


@pytest.mark.parametrize("kw, shown", [
    ({"unknown": True}, "→ don't know yet"),
    ({"missing": True}, "→ ✗ required, not answered"),
    ({}, "→ — (skipped)"),
])
def test_a_review_line_says_what_is_not_an_answer(keyset, kw, shown):
    assert shown in review_title(2, entry(keyset.bank.question("deadline"), **kw), WIDTH)


def test_the_review_lists_nothing_before_its_picker(mini_bank_path):
    loaded = banks.load_file(mini_bank_path)
    screen = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("Refunds wrong\r2\r40\r1\r\r")
        pipe.close()
        prompter = QuestionaryPrompter(input=pipe, output=PlainTextOutput(screen))
        with prompter.session():
            Interview(loaded).run(prompter)
    after = screen.getvalue().replace("\r", "").split("Review: each answer once.", 1)[1]
    assert after.split("\n", 1)[1].lstrip().startswith("? Save, or choose an answer")


def context(loaded, qid: str, **kw) -> Context:
    fields = dict(section=loaded.bank.section_of(qid), section_no=2, section_count=5,
                  number=12, total=40, left=30, seconds_left=700.0)
    return Context(**{**fields, **kw})


def test_the_progress_line_shows_where_and_what_is_left_without_a_total(keyset):
    line = progress(context(keyset, "obstacles"))
    assert line == "Section 2 · Lists · question 12 · up to 30 to go, about 13 min"
    assert "40" not in line and "/5" not in line
    assert progress(context(keyset, "obstacles", left=0)).endswith("question 12 · the last one")


SECTIONS = [(bank_id, s) for bank_id in banks.shipped()
            for s in banks.resolve(bank_id).bank.sections]
STAGES = {"full": dict(stage="full", section_no=12, number=99, left=99, seconds_left=5900.0),
          "last": dict(stage="full", section_no=12, number=99, left=0),
          "basics": dict(stage="basics", section_no=1, number=9, total=9),
          "adaptive": dict(stage="adaptive", section_no=1, number=99, left=99,
                           seconds_left=5900.0),
          "edit": dict(stage="edit", section_no=1, number=40)}


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("stage", list(STAGES))
@pytest.mark.parametrize("bank_id, section", SECTIONS,
                         ids=[f"{b}:{s.id}" for b, s in SECTIONS])
def test_the_progress_line_never_needs_a_second_line(columns, stage, bank_id, section):
    """At 80 columns the line reached 81-82 from question 25 and wrapped, leaving "min"
    alone on a line; the prompter fills one column less than the terminal."""
    ctx = Context(**{**dict(section=section, section_count=14, total=99), **STAGES[stage]})
    line = progress(ctx, columns - 1)
    assert screen_text.cells(line) <= columns - 1
    assert not line.endswith(("·", " "))


@pytest.mark.parametrize("width, line", [
    (100, "Environment: tools, process and time · changing an answer, then back to the review"),
    (59, "changing an answer, then back to the review"),
])
def test_changing_an_answer_from_the_review_says_so_instead_of_counting(width, line):
    bank = banks.resolve("performance-consulting").bank
    ctx = Context(section=bank.section_of("obstacles"), section_no=9, section_count=14,
                  number=25, total=60, left=40, seconds_left=1500.0, stage="edit")
    assert progress(ctx, width) == line


def test_a_long_section_title_is_cut_between_words_before_the_count_goes(keyset):
    bank = banks.resolve("performance-consulting").bank
    ctx = Context(section=bank.section_of("obstacles"), section_no=9, section_count=14,
                  number=25, total=60, left=31, seconds_left=780.0)
    assert progress(ctx, 79) == ("Section 9 · Environment: tools… · question 25 · "
                                 "up to 31 to go, about 14 min")


@pytest.mark.parametrize("typed, shown", [
    ("Q2 2027", "  → Wednesday 30 June 2027, in 7 months"),
    ("in 6 weeks", "  → Sunday 10 January 2027, in 6 weeks"),
    ("end of Ma", "  … not a date yet"),
    ("", " "),
    # a real date the answer would refuse is not previewed as if it were fine
    ("3000-01-01", "  … 3000-01-01 is out of range: use a date between 1900-01-01 and "
                   "2999-12-31"),
])
def test_the_date_preview_resolves_what_is_typed(keyset, typed, shown):
    q = keyset.bank.question("deadline")
    assert typed_dates.date_preview(q, typed, dt.date(2026, 11, 29))[1] == shown


@pytest.mark.parametrize("raw, shown", [("Title \x1b]0;pwned\x07 now", "Title ␛]0;pwned␇ now"),
                                        ("a\x1b[2Jb", "a␛[2Jb"), ("x\x9b31m", "x\ufffd31m"),
                                        ("evil\u202etxt", "evil‹U+202E›txt")])
def test_bank_and_answer_text_reaches_the_screen_printable(raw: str, shown: str) -> None:
    """Every prompt, choice, help line and transcript is laid out by wrap(), which makes
    control characters and bidi overrides visible instead of passing them to the terminal."""
    assert wrap(raw, 80) == [shown]
    assert shown in screen_text.message(raw, "", 80)[0]
    assert screen_text.choice_title(raw, 80, 4) == shown


def test_a_shorter_wording_keeps_the_whole_title_before_it_is_cut():
    bank = banks.resolve("performance-consulting").bank
    ctx = Context(section=bank.section_of("problem_spread"), section_no=2, section_count=14,
                  number=11, total=40, left=31, seconds_left=720.0, stage="adaptive")
    assert progress(ctx, 79) == ("The business problem · question 11 · 31 more may change "
                                 "this plan, about 13 min")
    assert progress(ctx, 78) == "The business problem · question 11 · 31 more may change this plan"


def test_a_title_cut_to_one_word_gives_way_to_a_shorter_count():
    bank = banks.resolve("performance-consulting").bank
    ctx = Context(section=bank.section_of("error_check"), section_no=6, section_count=14,
                  number=14, total=40, left=17, seconds_left=360.0, stage="adaptive")
    assert progress(ctx, 79) == ("Environment: feedback, cues and… · question 14 · 17 more "
                                 "may change this plan")
