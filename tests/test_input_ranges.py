"""Numbers and dates are range-checked on the way in, with exit 2 (F9, F10, F11).

- A meeting date after 9999-10-02 was saved, then every later command crashed (exit 3,
  OverflowError): the engine puts checkpoints 30 to 90 days after the meeting.
- An integer answer past 1.8e308 (YAML and JSON allow any number of digits) crashed
  float() with OverflowError: exit 3 for a bad answers file.
- ``followup --metric`` with 309 digits became inf: "Recorded inf", ``metric: null`` in
  the file, and a status panel that crashed afterwards.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from test_render_fixtures import save_example
from typer.testing import CliRunner

from ldconsult import followup as fu
from ldconsult.bank import values
from ldconsult.cli import app

HUGE = "9" * 309  # float("9" * 309) is inf
FAR = "9999-12-01"


def invoke(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def one_line_exit_2(r: object, *words: str) -> None:
    assert r.exit_code == 2, (r.exit_code, r.stderr)
    assert len(r.stderr.splitlines()) == 1, r.stderr
    assert all(w in r.stderr for w in words), r.stderr


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text("problem: Wrong refunds\nfeedback_speed: weeks\naudience_size: 40\n")
    return path


def saved_intake(tmp_path: Path, name: str = "crm.yaml", **edits: object) -> Path:
    """A real intake, edited as a text editor (or an older ldconsult) might leave it."""
    path = save_example(tmp_path / name)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for dotted, value in edits.items():
        *parents, last = dotted.split("__")
        node = data
        for key in parents:
            node = node[key]
        node[last] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


# ---------------------------------------------------------------------------------------
# Dates (F9)

def test_a_far_meeting_date_is_refused_by_interview(tmp_path: Path, mini_bank_path: Path,
                                                     answers: Path) -> None:
    out = tmp_path / "i.yaml"
    r = invoke("interview", "--bank", str(mini_bank_path), "--answers", str(answers),
               "--meeting-date", FAR, "-o", str(out))
    one_line_exit_2(r, "--meeting-date", "out of range", "2999-12-31")
    assert not out.exists()


def test_a_far_meeting_date_in_an_answers_file_is_refused(tmp_path: Path,
                                                          mini_bank_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(f"meta: {{title: T, meeting_date: '{FAR}'}}\n"
                    "answers: {problem: x, feedback_speed: weeks, audience_size: 4}\n")
    r = invoke("interview", "--bank", str(mini_bank_path), "--answers", str(path), "-o",
               str(tmp_path / "i.yaml"))
    one_line_exit_2(r, "meta.meeting_date", "out of range")


@pytest.mark.parametrize("edits", [{"meta__meeting_date": FAR},
                                   {"meta__meeting_date": None, "created": "9999-12-31T09:00:00Z",
                                    "updated": "9999-12-31T09:00:00Z"}],
                         ids=["meeting-date", "created-without-meeting-date"])
@pytest.mark.parametrize("command", [["recommend"], ["export"], ["followup", "--show"]])
def test_an_intake_with_a_far_date_is_exit_2_for_every_reader(
        tmp_path: Path, edits: dict, command: list[str]) -> None:
    path = saved_intake(tmp_path, **edits)
    r = invoke(command[0], str(path), *command[1:])
    one_line_exit_2(r, "out of range")


def test_review_lists_an_intake_with_a_far_date_as_unreadable(tmp_path: Path) -> None:
    saved_intake(tmp_path, "far.yaml", meta__meeting_date=FAR)
    saved_intake(tmp_path, "ok.yaml")
    r = invoke("review", str(tmp_path), "--format", "csv")
    assert r.exit_code == 4, r.stderr
    assert "far.yaml" in r.stderr and "out of range" in r.stderr


def test_date_answers_are_range_checked() -> None:
    class Q:
        type, required, allow_unknown = "date", True, False

    with pytest.raises(ValueError, match="out of range"):
        values.coerce(Q, FAR)
    assert values.coerce(Q, "2999-12-31") == "2999-12-31"


# ---------------------------------------------------------------------------------------
# Numbers (F10, F11)

@pytest.mark.parametrize("suffix, text", [
    ("yaml", f"problem: x\nfeedback_speed: weeks\naudience_size: {HUGE}\n"),
    ("json", json.dumps({"problem": "x", "feedback_speed": "weeks"})[:-1]
     + f', "audience_size": {HUGE}}}'),
    ("yaml", "problem: x\nfeedback_speed: weeks\naudience_size: 1e400\n"),
])
def test_a_huge_number_in_an_answers_file_is_exit_2(tmp_path: Path, mini_bank_path: Path,
                                                    suffix: str, text: str) -> None:
    path = tmp_path / f"answers.{suffix}"
    path.write_text(text)
    r = invoke("interview", "--bank", str(mini_bank_path), "--answers", str(path), "-o",
               str(tmp_path / "i.yaml"))
    one_line_exit_2(r, "audience_size")
    assert "too large" in r.stderr or "not a number" in r.stderr


def test_numbers_past_a_quadrillion_are_refused_as_answers() -> None:
    class Q:
        type, required, allow_unknown, min, max = "money", True, False, None, None

    assert values.coerce(Q, "1,000,000,000,000,000") == 10**15
    for raw in ("2,000,000,000,000,000", 10**16, 10**400, "9" * 309, "2,000,000bn"):
        with pytest.raises(ValueError, match="too large"):
            values.coerce(Q, raw)


def test_an_intake_with_a_huge_integer_answer_is_exit_2(tmp_path: Path) -> None:
    path = saved_intake(tmp_path, answers__audience_size=int(HUGE))
    one_line_exit_2(invoke("recommend", str(path)), "audience_size", "too large")


def test_a_309_digit_metric_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    from test_followup_cli import BANK, make_intake

    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    path = make_intake(tmp_path, bank)
    before = path.read_bytes()
    r = CliRunner().invoke(app, ["followup", str(path), "--metric", HUGE])
    one_line_exit_2(r, "--metric: the number is too large")
    assert "inf" not in r.stdout + r.stderr.replace("information", "")
    assert path.read_bytes() == before
    r = CliRunner().invoke(app, ["followup", str(path), "--metric", "12",
                                 "--leading", f"calls={HUGE}"])
    one_line_exit_2(r, "--leading: 'calls': the number is too large")
    assert path.read_bytes() == before


def test_a_reading_stored_as_null_or_inf_is_an_unusable_intake(tmp_path: Path) -> None:
    path = saved_intake(tmp_path)
    with path.open("a") as fh:
        fh.write("history:\n- {date: '2026-12-01', metric: .inf}\n")
    one_line_exit_2(invoke("followup", str(path), "--show"), "history.0.metric",
                    "expected a finite number")


def test_a_309_digit_baseline_has_no_number() -> None:
    assert fu.first_number(HUGE + " %") is None
    assert fu.first_number("18%") == 18


# ---------------------------------------------------------------------------------------
# Answers read back from an intake are checked against their question (G1): a date out
# of range crashed recommend, export and follow-up (exit 3, OverflowError), and a date
# that does not exist or a word where a number belongs was used without a word.

STORED = {
    "date past the range": ("go_live", "9999-12-31",
                            "answers.go_live: '9999-12-31' is out of range: use a date "
                            "between 1900-01-01 and 2999-12-31"),
    "date a year past the range": ("deadline", "3000-01-01",
                                   "answers.deadline: '3000-01-01' is out of range: use a "
                                   "date between 1900-01-01 and 2999-12-31"),
    "month 13": ("go_live", "2026-13-01",
                 "answers.go_live: '2026-13-01' is not a real date (month must be in 1..12)"),
    "30 February": ("deadline", "2027-02-30",
                    "answers.deadline: '2027-02-30' is not a real date (day is out of range "
                    "for month)"),
    "a phrase, not a stored date": ("go_live", "next tuesday",
                                    "answers.go_live: 'next tuesday' is not a date; an "
                                    "intake holds dates as YYYY-MM-DD"),
    "a word for a number": ("audience_size", "abc", "answers.audience_size: 'abc' is not a "
                            "number"),
    "not a choice": ("shortfall", "nonsense", "answers.shortfall: 'nonsense' is not one of "
                     "the question's choices"),
    "not yes or no": ("involved_late", "maybe", "answers.involved_late: 'maybe' is not yes "
                      "or no"),
    "a choice list with a stranger": ("changes", ["new_system", "zzz"],
                                      "answers.changes: 'zzz' is not one of the question's "
                                      "choices"),
}


def _line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("answers:")
    return next(i for i, line in enumerate(lines[start:], start + 1)
                if line.startswith(f"  {key}:"))


@pytest.mark.parametrize("qid, value, message", STORED.values(), ids=list(STORED))
@pytest.mark.parametrize("command", [["recommend"], ["export"], ["followup", "--show"],
                                     ["followup", "--metric", "3", "--date", "2026-12-01"]])
def test_a_stored_answer_its_question_cannot_hold_is_one_line_naming_file_id_and_value(
        tmp_path: Path, qid: str, value: object, message: str, command: list[str]) -> None:
    path = saved_intake(tmp_path, **{f"answers__{qid}": value})
    before = path.read_bytes()
    r = invoke(command[0], str(path), *command[1:])
    assert r.exit_code == 2, (r.exit_code, r.stderr)
    assert r.stderr == f"ldconsult: error: {path}:{_line_of(path, qid)}:3: {message}\n"
    assert path.read_bytes() == before


def test_review_lists_an_intake_with_an_impossible_answer_and_reviews_the_rest(
        tmp_path: Path) -> None:
    bad = saved_intake(tmp_path, "bad.yaml", answers__go_live="9999-12-31")
    saved_intake(tmp_path, "ok.yaml")
    r = invoke("review", str(tmp_path), "--format", "json")
    assert r.exit_code == 4, r.stderr
    report = json.loads(r.stdout)
    assert [f["file"] for f in report["failures"]] == [str(bad)]
    assert "answers.go_live: '9999-12-31' is out of range" in report["failures"][0]["reason"]
    assert report["summary"]["reviewed"] == 1


def test_a_draft_with_an_impossible_answer_is_refused_by_resume(tmp_path: Path) -> None:
    path = saved_intake(tmp_path, "draft.yaml", status="draft",
                        answers__go_live="9999-12-31")
    r = invoke("interview", "--resume", str(path), "-o", str(tmp_path / "out.yaml"))
    one_line_exit_2(r, str(path), "answers.go_live: '9999-12-31' is out of range")


@pytest.mark.parametrize("date, message", [
    ("2026-13-01", "'2026-13-01' is not a real date"),
    ("3000-01-01", "3000-01-01 is out of range"),
])
def test_a_meeting_date_that_is_not_a_real_date_in_range_is_refused(
        tmp_path: Path, date: str, message: str) -> None:
    path = saved_intake(tmp_path, meta__meeting_date=date)
    one_line_exit_2(invoke("recommend", str(path)), "meta.meeting_date", message)


def test_answers_of_every_type_that_fit_their_question_still_load(tmp_path: Path) -> None:
    path = saved_intake(tmp_path)
    r = invoke("recommend", str(path), "--format", "json")
    assert r.exit_code == 0, r.stderr
