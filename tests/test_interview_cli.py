"""`ldconsult interview`: --answers, no TTY, overwrite refusal, drafts, Ctrl-C and resume."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldconsult import intake as intake_mod
from ldconsult.base.errors import MissingAnswersError, OverwriteError, WriteError
from ldconsult.cli import app
from ldconsult.cli.commands import interview as cmd
from ldconsult.interview.protocol import BACK, SAVE
from ldconsult.interview.scripted_prompter import ScriptedPrompter

runner = CliRunner()
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    p = tmp_path / "answers.yaml"
    p.write_text("meta: {title: Returns errors, requester: Dana}\n"
                 "answers:\n  problem: Wrong refunds\n  feedback_speed: weeks\n"
                 "  audience_size: 40\n", encoding="utf-8")
    return p


def invoke(*args: str):
    return runner.invoke(app, ["interview", *args])


def test_complete_answers_file_saves_the_intake_without_a_tty(tmp_path, mini_bank_path,
                                                               answers_file):
    out = tmp_path / "intake.yaml"
    r = invoke("--bank", str(mini_bank_path), "--answers", str(answers_file), "-o", str(out),
               "--no-summary")
    assert r.exit_code == 0, r.output
    saved = intake_mod.load(out)
    assert saved.status == "complete" and saved.meta.title == "Returns errors"
    assert saved.answers == {"problem": "Wrong refunds", "feedback_speed": "weeks",
                             "audience_size": 40}
    assert f"Saved: {out}" in r.stdout
    assert not list(tmp_path.glob(".*.draft.yaml"))


def test_summary_is_shown_after_saving(tmp_path, mini_bank_path, answers_file):
    r = invoke("--bank", str(mini_bank_path), "--answers", str(answers_file), "-o",
               str(tmp_path / "i.yaml"))
    assert r.exit_code == 0, r.output
    assert "Saved:" in r.stdout and len(r.stdout.splitlines()) > 2


def test_missing_answers_without_a_tty_exit_2_listing_the_ids(tmp_path, mini_bank_path):
    p = tmp_path / "a.yaml"
    p.write_text("problem: x\n", encoding="utf-8")
    r = invoke("--bank", str(mini_bank_path), "--answers", str(p), "-o",
               str(tmp_path / "i.yaml"))
    assert r.exit_code == 2
    assert "missing required answers: feedback_speed, audience_size" in r.stderr
    assert "--answers" in r.stderr and not (tmp_path / "i.yaml").exists()


def test_no_answers_and_no_tty_fails_at_once(tmp_path, mini_bank_path):
    r = invoke("--bank", str(mini_bank_path), "-o", str(tmp_path / "i.yaml"))
    assert r.exit_code == 2 and "no terminal" in r.stderr and "--answers" in r.stderr


def test_existing_output_is_refused_before_anything_is_asked(tmp_path, mini_bank_path,
                                                              answers_file):
    out = tmp_path / "i.yaml"
    out.write_text("keep me", encoding="utf-8")
    r = invoke("--bank", str(mini_bank_path), "--answers", str(answers_file), "-o", str(out))
    assert r.exit_code == 2 and "--force" in r.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    r = invoke("--bank", str(mini_bank_path), "--answers", str(answers_file), "-o", str(out),
               "--force", "--no-summary")
    assert r.exit_code == 0 and intake_mod.load(out).status == "complete"


def test_bad_answers_file_is_exit_2_with_all_problems(tmp_path, mini_bank_path):
    p = tmp_path / "a.yaml"
    p.write_text("problem: x\naudience_size: lots\nkpi_nmae: y\n", encoding="utf-8")
    r = invoke("--bank", str(mini_bank_path), "--answers", str(p))
    assert r.exit_code == 2
    assert "2 problems" in r.stderr and "audience_size" in r.stderr and "kpi_nmae" in r.stderr


def test_unknown_bank_id_gets_a_did_you_mean(answers_file):
    r = invoke("--bank", "quick-triag", "--answers", str(answers_file))
    assert r.exit_code == 2 and "did you mean 'quick-triage'" in r.stderr


def test_bad_meeting_date_option_is_a_usage_error(mini_bank_path, answers_file):
    r = invoke("--bank", str(mini_bank_path), "--answers", str(answers_file),
               "--meeting-date", "someday soon")
    assert r.exit_code == 2 and "--meeting-date" in r.stderr
    assert "'someday soon' is not a date I can read" in r.stderr


def test_default_output_is_dated_and_slugged_under_cwd(tmp_path, mini_bank_path,
                                                        answers_file):
    code = cmd.run(bank=str(mini_bank_path), answers=answers_file, resume=None, out=None,
                   force=False, title=None, requester=None, interviewer=None,
                   meeting_date=None, show_summary=False, interactive=False, cwd=tmp_path,
                   today=TODAY)
    assert code == 0
    assert (tmp_path / "intakes" / "2026-11-23-returns-errors.yaml").exists()


# ---------------------------------------------------------------------------------------
# Interactive runs with the scripted prompter (the questionary one is tested elsewhere)

def interactive(tmp_path: Path, bank: Path, prompter: ScriptedPrompter, **kw):
    args = dict(bank=str(bank), answers=None, resume=None, out=None, force=False,
                title="Returns errors", requester="Dana", interviewer="Lee",
                meeting_date="2026-11-23", show_summary=False)
    args.update(kw)
    return cmd.run(**args, prompter=prompter, interactive=True, cwd=tmp_path, today=TODAY)


def test_ctrl_c_keeps_a_draft_and_resume_continues(tmp_path, mini_bank_path, capsys):
    draft = tmp_path / "intakes" / ".2026-11-23-returns-errors.draft.yaml"
    code = interactive(tmp_path, mini_bank_path,
                       ScriptedPrompter(["Wrong refunds", "weeks", KeyboardInterrupt()]))
    assert code == 130
    err = capsys.readouterr().err
    assert "--resume" in err and str(draft.name) in err
    saved = intake_mod.load(draft)
    assert saved.status == "draft" and saved.cursor == "audience_size"
    assert saved.answers == {"problem": "Wrong refunds", "feedback_speed": "weeks"}

    p = ScriptedPrompter([BACK, "weeks", 40, "no"], [SAVE])
    code = interactive(tmp_path, mini_bank_path, p, resume=draft, title=None,
                       requester=None, interviewer=None, meeting_date=None)
    assert code == 0
    assert [qid for qid, _ in p.asked] == ["audience_size", "feedback_speed",
                                           "audience_size", "has_checklist"]
    final = intake_mod.load(tmp_path / "intakes" / "2026-11-23-returns-errors.yaml")
    assert final.status == "complete" and final.meta.requester == "Dana"
    assert final.answers["has_checklist"] is False
    assert not draft.exists()


def test_draft_is_written_after_every_answer(tmp_path, mini_bank_path):
    draft = tmp_path / "intakes" / ".2026-11-23-returns-errors.draft.yaml"
    seen: list[dict] = []

    class Watching(ScriptedPrompter):
        def ask(self, question, ctx):
            if draft.exists():
                seen.append(dict(intake_mod.load(draft).answers))
            return super().ask(question, ctx)

    assert interactive(tmp_path, mini_bank_path, Watching(["x", "same_day", 3])) == 0
    assert seen == [{}, {"problem": "x"}, {"problem": "x", "feedback_speed": "same_day"}]


def test_existing_draft_is_not_overwritten_by_a_new_interview(tmp_path, mini_bank_path):
    draft = tmp_path / "intakes" / ".2026-11-23-returns-errors.draft.yaml"
    draft.parent.mkdir()
    draft.write_text("precious", encoding="utf-8")
    with pytest.raises(OverwriteError, match="--resume"):
        interactive(tmp_path, mini_bank_path, ScriptedPrompter([]))
    assert draft.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("which", ["intake", "draft"])
@pytest.mark.parametrize("make", ["dangling symlink", "fifo"])
def test_a_path_the_save_would_refuse_is_refused_before_any_question(tmp_path, mini_bank_path,
                                                                     which, make):
    """The intake and draft paths worked out from the title get the same check as -o: a
    dangling symlink or a FIFO fails now, with --force too, not after the whole meeting."""
    name = "2026-11-23-returns-errors.yaml" if which == "intake" else \
        ".2026-11-23-returns-errors.draft.yaml"
    path = tmp_path / "intakes" / name
    path.parent.mkdir()
    if make == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(tmp_path / "elsewhere.yaml")
    prompter = ScriptedPrompter(["Wrong refunds", "weeks", 40, "no"], [SAVE])
    with pytest.raises(WriteError, match="not a regular file"):
        interactive(tmp_path, mini_bank_path, prompter, force=True)
    assert prompter.asked == []
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_meta_is_asked_when_not_given_and_names_the_output(tmp_path, mini_bank_path):
    p = ScriptedPrompter(["Slow onboarding", "", "", "2026-11-23", "x", "same_day", 2])
    code = interactive(tmp_path, mini_bank_path, p, title=None, requester=None,
                       interviewer=None, meeting_date=None)
    assert code == 0
    assert [qid for qid, _ in p.asked][:4] == ["title", "requester", "interviewer",
                                               "meeting_date"]
    assert (tmp_path / "intakes" / "2026-11-23-slow-onboarding.yaml").exists()


def test_answers_file_with_a_tty_asks_only_missing_required(tmp_path, mini_bank_path):
    a = tmp_path / "a.yaml"
    a.write_text("problem: x\nfeedback_speed: weeks\n", encoding="utf-8")
    p = ScriptedPrompter([12])
    code = interactive(tmp_path, mini_bank_path, p, answers=a)
    assert code == 0 and [qid for qid, _ in p.asked] == ["audience_size"]


def test_input_ending_mid_interview_is_a_clear_error_and_keeps_the_draft(tmp_path,
                                                                          mini_bank_path):
    with pytest.raises(MissingAnswersError, match="--answers"):
        interactive(tmp_path, mini_bank_path, ScriptedPrompter(["x"]))
    draft = tmp_path / "intakes" / ".2026-11-23-returns-errors.draft.yaml"
    assert intake_mod.load(draft).answers == {"problem": "x"}


@pytest.mark.parametrize("stream, expected", [(None, False), (object(), False)])
def test_stdin_without_a_terminal_is_detected(stream, expected, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "stdin", stream)
    assert cmd.stdin_is_tty() is expected


def test_slug_is_ascii_and_never_empty():
    assert cmd.slug("Équipe « Retours » / Q4!") == "equipe-retours-q4"
    assert cmd.slug("…") == "intake"


def test_a_failing_summary_still_keeps_the_saved_intake(tmp_path, mini_bank_path,
                                                        answers_file, monkeypatch):
    import ldconsult.engine

    def boom(*a, **k):
        raise RuntimeError("engine bug")

    monkeypatch.setattr(ldconsult.engine, "recommend", boom)
    out = tmp_path / "i.yaml"
    r = invoke("--bank", str(mini_bank_path), "--answers", str(answers_file), "-o", str(out))
    assert r.exit_code == 3 and "the intake is saved" in r.stderr
    assert intake_mod.load(out).status == "complete" and f"Saved: {out}" in r.stdout


def test_without_the_engine_the_answers_are_printed_section_by_section(
        tmp_path, mini_bank_path, answers_file, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ldconsult.render.summary", None)
    r = invoke("--bank", str(mini_bank_path), "--answers", str(answers_file), "-o",
               str(tmp_path / "i.yaml"))
    assert r.exit_code == 0
    assert "Basics" in r.stdout and "Weeks later or never" in r.stdout


def test_a_finished_draft_can_be_saved_without_a_tty(tmp_path, mini_bank_path):
    draft = tmp_path / "intakes" / ".2026-11-23-returns-errors.draft.yaml"
    code = interactive(tmp_path, mini_bank_path,
                       ScriptedPrompter(["x", "same_day", 3], [KeyboardInterrupt()]))
    assert code == 130 and intake_mod.load(draft).cursor is None  # stopped at the review
    code = cmd.run(bank=None, answers=None, resume=draft, out=None, force=False, title=None,
                   requester=None, interviewer=None, meeting_date=None, show_summary=False,
                   interactive=False, cwd=tmp_path, today=TODAY)
    assert code == 0 and not draft.exists()
    assert intake_mod.load(draft.with_name("2026-11-23-returns-errors.yaml")).status == \
        "complete"


def test_a_stale_draft_does_not_block_a_non_interactive_run(tmp_path, mini_bank_path,
                                                             answers_file):
    out = tmp_path / "i.yaml"
    (tmp_path / ".i.draft.yaml").write_text("old", encoding="utf-8")
    r = invoke("--bank", str(mini_bank_path), "--answers", str(answers_file), "-o", str(out),
               "--no-summary")
    assert r.exit_code == 0, r.stderr


def test_resume_says_when_the_bank_changed_since_the_draft(tmp_path, mini_bank_path):
    draft = tmp_path / "intakes" / ".2026-11-23-returns-errors.draft.yaml"
    interactive(tmp_path, mini_bank_path, ScriptedPrompter(["x", KeyboardInterrupt()]))
    saved = intake_mod.load(draft)
    stale = saved.model_copy(update={"bank": saved.bank.model_copy(
        update={"sha256": "0" * 64, "version": "0.9"})})
    intake_mod.save(stale, draft, force=True)

    class Listening(ScriptedPrompter):
        said: list[str] = []

        def say(self, *lines: str) -> None:
            self.said.extend(lines)

    p = Listening(["same_day", 2])
    assert interactive(tmp_path, mini_bank_path, p, resume=draft) == 0
    assert any("bank changed" in line and "0.9 → 1" in line for line in p.said)
