"""ldconsult followup: recording readings, refusing bad ones, showing the status."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ldconsult import followup as fu
from ldconsult import intake as intake_mod
from ldconsult.base.errors import WriteError
from ldconsult.cli import app
from ldconsult.intake import BankRef, Intake, Meta, Reading

TODAY = dt.date.today()
MEETING = TODAY - dt.timedelta(days=40)
DEADLINE = MEETING + dt.timedelta(days=120)

BANK = """\
id: followup-test
title: Follow-up test bank
version: 1
sections:
  - id: measure
    title: Measure
    questions:
      - {id: problem, prompt: What is the problem?, type: text, provides: problem_statement}
      - {id: metric, prompt: Which measure?, type: text, allow_unknown: true, provides: metric}
      - {id: baseline, prompt: Value today?, type: text, allow_unknown: true, provides: baseline}
      - {id: target, prompt: Success value?, type: text, allow_unknown: true, provides: target}
      - {id: deadline, prompt: By when?, type: date, allow_unknown: true, provides: deadline}
"""

ANSWERS = {"problem": "Expense claims come back for correction",
           "metric": "Share of claims returned", "baseline": "18% (October audit)",
           "target": "10%", "deadline": DEADLINE.isoformat()}


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def make_intake(folder: Path, bank: Path, *, answers: dict | None = None,
                title: str = "Claims returned", name: str = "intake.yaml",
                history: list[Reading] | None = None) -> Path:
    intake = Intake(bank=BankRef(id="followup-test", version="1", path=str(bank)),
                    status="complete",
                    meta=Meta(title=title, requester="Dana Ops", meeting_date=MEETING.isoformat()),
                    answers=ANSWERS if answers is None else answers, history=history or [])
    path = folder / name
    if name.endswith(".json"):
        path.write_text(json.dumps(intake.to_data(), indent=2), encoding="utf-8")
        os.chmod(path, 0o600)
    else:
        intake_mod.save(intake, path)
    return path


def invoke(*args: str) -> object:
    return CliRunner().invoke(app, ["followup", *args], catch_exceptions=False)


def without_history(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("history", None)
    return data


# ---------------------------------------------------------------------------------------
# Recording

def test_reading_is_appended_and_earlier_bytes_are_unchanged(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank)
    before = path.read_bytes()
    res = invoke(str(path), "--metric", "15", "--note", "pilot team only",
                 "--behaviours", "partly", "--leading", "checklist_use=62",
                 "--learner-feedback", "the checklist helps",
                 "--manager-feedback", "fewer returns on my team")
    assert res.exit_code == 0, res.stderr
    after = path.read_bytes()
    assert after.startswith(before)
    reading = intake_mod.load(path).history[-1]
    assert reading.metric == 15
    assert reading.date == TODAY.isoformat()
    assert reading.note == "pilot team only"
    assert reading.behaviours_seen == "partly"
    assert reading.leading == {"checklist_use": 62}
    assert reading.learner_feedback == "the checklist helps"
    assert reading.manager_feedback == "fewer returns on my team"
    assert reading.recorded is not None
    assert "Recorded 15" in res.stderr


def test_second_reading_keeps_the_first(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank)
    ten_days_ago = (TODAY - dt.timedelta(days=10)).isoformat()
    assert invoke(str(path), "-m", "16", "-d", ten_days_ago).exit_code == 0
    middle = path.read_bytes()
    assert invoke(str(path), "-m", "14").exit_code == 0
    assert path.read_bytes().startswith(middle)
    assert [r.metric for r in intake_mod.load(path).history] == [16, 14]


def test_recording_keeps_mode_0600(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank)
    assert invoke(str(path), "--metric", "15").exit_code == 0
    assert path.stat().st_mode & 0o777 == 0o600


def test_hand_edited_comments_survive_an_append(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank)
    text = "# reviewed with Dana on the phone\n" + path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert invoke(str(path), "--metric", "15").exit_code == 0
    assert path.read_text(encoding="utf-8").startswith(text)


def test_unusual_layout_falls_back_to_a_full_rewrite_with_the_same_data(
        tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank, history=[Reading(date=MEETING.isoformat(), metric=17)])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    history = data.pop("history")
    notes = data.pop("notes")
    # history no longer last: text can't simply be appended
    path.write_text(yaml.safe_dump({**data, "history": history, "notes": notes},
                                   sort_keys=False), encoding="utf-8")
    before = without_history(path)
    assert invoke(str(path), "--metric", "15").exit_code == 0
    assert without_history(path) == before
    assert [r.metric for r in intake_mod.load(path).history] == [17, 15]


def test_json_intake_stays_json(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank, name="intake.json")
    before = json.loads(path.read_text(encoding="utf-8"))
    assert invoke(str(path), "--metric", "15").exit_code == 0
    after = json.loads(path.read_text(encoding="utf-8"))
    assert after.pop("history")[0]["metric"] == 15
    assert after == before


def test_symlinked_intake_stays_a_link(tmp_path: Path, bank: Path) -> None:
    real = make_intake(tmp_path, bank)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert invoke(str(link), "--metric", "15").exit_code == 0
    assert link.is_symlink()
    assert intake_mod.load(real).history[-1].metric == 15


def test_no_metric_and_no_terminal_exits_2_without_waiting(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank)
    before = path.read_bytes()
    res = invoke(str(path))
    assert res.exit_code == 2
    assert "no --metric given and no terminal" in res.stderr
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------------------
# Bad input leaves the file byte-identical

TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()
BEFORE_MEETING = (MEETING - dt.timedelta(days=1)).isoformat()

BAD_INPUT = [
    ("metric is not a number", ["--metric", "abc"], "'abc' is not a number"),
    ("metric with a unit", ["--metric", "12 days"], "is not a number"),
    ("date in the wrong format", ["--metric", "12", "--date", "15/01/2027"], "YYYY-MM-DD"),
    ("date that does not exist", ["--metric", "12", "--date", "2027-02-30"], "YYYY-MM-DD"),
    ("date in the future", ["--metric", "12", "--date", TOMORROW], "in the future"),
    ("date before the meeting (baseline)", ["--metric", "12", "--date", BEFORE_MEETING],
     "before the meeting date"),
    ("behaviours not yes/partly/no", ["--metric", "12", "--behaviours", "maybe"],
     "not one of yes, partly, no"),
    ("leading indicator without '='", ["--metric", "12", "--leading", "calls"], "NAME=VALUE"),
    ("leading indicator not a number", ["--metric", "12", "--leading", "calls=lots"],
     "needs a number"),
    ("same leading indicator twice", ["--metric", "12", "--leading", "a=1", "--leading", "a=2"],
     "given twice"),
    ("--show with reading options", ["--show", "--metric", "12"], "--show records nothing"),
]


@pytest.mark.parametrize("name,args,words", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_exits_2_and_leaves_the_file_untouched(
        tmp_path: Path, bank: Path, name: str, args: list[str], words: str) -> None:
    path = make_intake(tmp_path, bank)
    before = path.read_bytes()
    res = invoke(str(path), *args)
    assert res.exit_code == 2
    assert words in res.stderr
    assert res.stderr.count("\n") == 1  # one line, no traceback
    assert path.read_bytes() == before


def test_intake_without_a_metric_is_refused(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank, answers={"problem": "Claims come back"})
    before = path.read_bytes()
    res = invoke(str(path), "--metric", "12")
    assert res.exit_code == 2
    assert "no agreed metric" in res.stderr
    assert path.read_bytes() == before


def test_unknown_bank_is_a_one_line_error(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["bank"] = {"id": "no-such-bank", "version": "1"}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    res = invoke(str(path), "--show")
    assert res.exit_code == 2
    assert "no-such-bank" in res.stderr and res.stderr.count("\n") == 1


def test_bank_option_finds_a_bank_the_intake_does_not_record(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["bank"]["path"] = None
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    res = invoke(str(path), "--metric", "15", "--bank", str(bank), "--format", "json")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["baseline"] == 18


def test_missing_intake_file_is_a_one_line_error(tmp_path: Path) -> None:
    res = invoke(str(tmp_path / "nope.yaml"), "--metric", "1")
    assert res.exit_code == 2
    assert "no such file" in res.stderr
    assert not (tmp_path / "nope.yaml.lock").exists()


def test_non_numeric_baseline_records_with_a_warning(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank, answers={**ANSWERS, "baseline": "too many"})
    res = invoke(str(path), "--metric", "12", "--format", "json")
    assert res.exit_code == 0
    assert "warning: the baseline 'too many' has no number in it" in res.stderr
    assert json.loads(res.stdout)["status"] == "no_data"
    assert len(intake_mod.load(path).history) == 1


def test_locked_intake_gives_a_clear_error_and_is_untouched(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank)
    before = path.read_bytes()
    with fu.file_lock(path):
        with pytest.raises(WriteError, match="locked by another process"):
            fu.append_reading(path, Reading(date=TODAY.isoformat(), metric=1), lock_timeout=0.2)
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------------------
# Showing

def test_show_records_nothing_and_prints_the_status(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank, history=[
        Reading(date=(MEETING + dt.timedelta(days=10)).isoformat(), metric=17),
        Reading(date=(MEETING + dt.timedelta(days=30)).isoformat(), metric=13,
                behaviours_seen="yes")])
    before = path.read_bytes()
    res = invoke(str(path), "--show")
    assert res.exit_code == 0
    assert path.read_bytes() == before
    out = res.stdout
    for words in ("ON TRACK", "Claims returned", "18% (October audit) → 10%", "lower is better",
                  "13 on", "█▁", "days left", "Next iteration", "Next checkpoint"):
        assert words in out, words


def test_json_output_is_the_result_model(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank)
    res = invoke(str(path), "--metric", "14", "--format", "json")
    data = json.loads(res.stdout)
    assert data["status"] == "on_track"
    assert (data["latest"], data["baseline"], data["target"]) == (14, 18, 10)
    assert data["trend"] == [14]
    assert data["days_left"] == (DEADLINE - TODAY).days
    for key in ("message", "next_iteration", "next_checkpoint", "direction", "readings"):
        assert key in data


def test_user_text_is_shown_literally_not_as_markup(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank, title="Returns [red]urgent[/red]",
                       answers={**ANSWERS, "metric": "[bold]claims[/bold] returned"})
    res = invoke(str(path), "--metric", "15", "--learner-feedback", "[blink]fine[/blink]",
                 "--manager-feedback", "team [i]A[/i]", "--leading", "[u]x[/u]=3")
    assert res.exit_code == 0
    for text in ("Returns [red]urgent[/red]", "[bold]claims[/bold] returned",
                 "[blink]fine[/blink]", "team [i]A[/i]", "[u]x[/u] 3"):
        assert text in res.stdout, text


def test_status_shows_the_latest_voices_of_learners_and_managers(
        tmp_path: Path, bank: Path) -> None:
    early = (MEETING + dt.timedelta(days=5)).isoformat()
    path = make_intake(tmp_path, bank, history=[
        Reading(date=early, metric=17, learner_feedback="too long", manager_feedback="no time"),
        Reading(date=early, metric=16, learner_feedback="the checklist helps")])
    out = invoke(str(path), "--show").stdout
    assert "the checklist helps" in out and "too long" not in out
    assert "no time" in out  # the latest manager feedback, even if older


def test_default_bank_intake(tmp_path: Path) -> None:
    from ldconsult.bank.banks import resolve

    loaded = resolve("performance-consulting")
    intake = Intake(bank=BankRef(id=loaded.bank.id, version=loaded.bank.version,
                                 sha256=loaded.sha256), status="complete",
                    meta=Meta(title="Claims", meeting_date=MEETING.isoformat()),
                    answers={"metric": "Share of claims returned",
                             "baseline": "70% of claims wrong (March audit)",
                             "target": "Under 10%", "deadline": DEADLINE.isoformat()})
    path = tmp_path / "intake.yaml"
    intake_mod.save(intake, path)
    res = invoke(str(path), "--metric", "60", "--format", "json")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert (data["baseline"], data["target"], data["direction"]) == (70, 10, "lower")


# ---------------------------------------------------------------------------------------
# Prompts on a terminal

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "intakes"
WITH_TRAINING = "sales-objection-handling.yaml"  # training plus a non-training fix
WITHOUT_TRAINING = "expense-tool-course.yaml"  # non-training fixes only
AFTER_BOTH_MEETINGS = dt.date(2026, 12, 1)


def example(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes((EXAMPLES / name).read_bytes())
    return path


def _typed(keys: str, path: Path, screen: object = None, **kw: object) -> int:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from ldconsult.cli.commands.followup import run

    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        return run(path, interactive=True, prompt_io=(pipe, screen or DummyOutput()),
                   format="json", **kw)  # type: ignore[arg-type]


def test_prompts_ask_for_what_the_options_did_not_give(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture) -> None:
    path = example(tmp_path, WITH_TRAINING)
    # metric (a bad one first, erased with Ctrl-U), date (today pre-filled), behaviours
    # (first choice), learner, note; the manager's feedback came as an option
    keys = "abc\r\x15" + "15\r" + "\r" + "\r" + "helps a lot\r" + "pilot\r"
    assert _typed(keys, path, manager_feedback="fewer returns",
                  today=AFTER_BOTH_MEETINGS) == 0
    reading = intake_mod.load(path).history[-1]
    assert (reading.metric, reading.behaviours_seen) == (15, "yes")
    assert reading.date == AFTER_BOTH_MEETINGS.isoformat()
    assert reading.learner_feedback == "helps a lot"
    assert reading.manager_feedback == "fewer returns"
    assert reading.note == "pilot"
    assert json.loads(capsys.readouterr().out)["latest"] == 15


LEARNER_CASES = [
    # name, intake, keys (metric, date, behaviours, [learners], managers, note), learners
    ("a plan with training asks what learners say", WITH_TRAINING,
     "15\r\r\rclearer now\rchecklist in use\rpilot\r", "clearer now"),
    ("no learner question for a plan without training", WITHOUT_TRAINING,
     "15\r\r\rchecklist in use\rpilot\r", None),
]


@pytest.mark.parametrize("name,intake_name,keys,learners", LEARNER_CASES,
                         ids=[c[0] for c in LEARNER_CASES])
def test_learner_question_only_when_the_plan_has_training(
        tmp_path: Path, capsys: pytest.CaptureFixture, name: str, intake_name: str,
        keys: str, learners: str | None) -> None:
    import io

    from prompt_toolkit.output.plain_text import PlainTextOutput

    path = example(tmp_path, intake_name)
    screen = io.StringIO()
    assert _typed(keys, path, PlainTextOutput(screen), today=AFTER_BOTH_MEETINGS) == 0
    reading = intake_mod.load(path).history[-1]
    assert reading.learner_feedback == learners
    # The managers' and the behaviour questions stay, whatever the plan.
    assert (reading.manager_feedback, reading.note) == ("checklist in use", "pilot")
    assert ("What do learners say?" in screen.getvalue()) == (learners is not None)
    assert "What do managers observe?" in screen.getvalue()
    assert "behaviours seen on the job?" in screen.getvalue()


def test_learner_feedback_given_as_an_option_is_kept_without_training(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = example(tmp_path, WITHOUT_TRAINING)
    assert _typed("15\r\r\r\r\r", path, learner_feedback="the new form is clearer",
                  today=AFTER_BOTH_MEETINGS) == 0
    assert intake_mod.load(path).history[-1].learner_feedback == "the new form is clearer"


def test_ctrl_c_at_a_prompt_writes_nothing(tmp_path: Path, bank: Path) -> None:
    path = make_intake(tmp_path, bank)
    before = path.read_bytes()
    with pytest.raises(KeyboardInterrupt):
        _typed("15\r\x03", path)
    assert path.read_bytes() == before


def test_terminal_closing_mid_reading_is_a_clear_error(tmp_path: Path, bank: Path) -> None:
    from ldconsult.base.errors import MissingAnswersError

    path = make_intake(tmp_path, bank)
    before = path.read_bytes()
    with pytest.raises(MissingAnswersError, match="terminal closed"):
        _typed("15\r", path)
    assert path.read_bytes() == before
