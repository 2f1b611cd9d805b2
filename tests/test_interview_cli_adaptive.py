"""`ldconsult interview` on a bank with basics: adaptive by default, --all-questions asks
(and, with --answers, uses) everything; the intake records what was asked and what not.
The real engine and the default bank: an answers file from the calibration cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldconsult import intake as intake_mod
from ldconsult.bank import banks
from ldconsult.cli import app
from ldconsult.interview import answers as answers_file

runner = CliRunner()
REPO = Path(__file__).resolve().parent.parent
CASE = REPO / "tests" / "calibration" / "c07.answers.yaml"


def _interview(tmp_path: Path, *extra: str) -> intake_mod.Intake:
    out = tmp_path / "intake.yaml"
    r = runner.invoke(app, ["interview", "--answers", str(CASE), "-o", str(out),
                            "--no-summary", *extra])
    assert r.exit_code == 0, r.output
    return intake_mod.load(out)


def test_an_answers_file_is_replayed_as_an_adaptive_meeting_would_ask_it(tmp_path):
    saved = _interview(tmp_path)
    basics = [q.id for q in banks.resolve(None).bank.questions() if q.always]
    assert saved.asked[:len(basics)] == basics
    assert set(saved.answers) | set(saved.unknown) <= set(saved.asked)
    assert saved.not_asked and set(saved.not_asked.values()) == {intake_mod.NO_CHANGE}


def test_the_answers_to_questions_not_asked_are_not_used(tmp_path):
    saved = _interview(tmp_path)
    given = answers_file.load(CASE, banks.resolve(None).bank)
    left_out = set(given.answers) - set(saved.asked)
    assert left_out and not left_out & set(saved.answers)


def test_all_questions_uses_every_answer_and_records_no_adaptive_fields(tmp_path):
    saved = _interview(tmp_path, "--all-questions")
    given = answers_file.load(CASE, banks.resolve(None).bank)
    assert saved.answers == given.answers
    assert (saved.asked, saved.not_asked) == (None, None)


@pytest.mark.parametrize("bank_id", ["quick-triage", "system-rollout", "policy-compliance"])
def test_a_bank_without_basics_asks_every_question(tmp_path, bank_id):
    out = tmp_path / "i.yaml"
    example = next((REPO / "examples" / "answers" / bank_id).glob("*.yaml"))
    r = runner.invoke(app, ["interview", "--bank", bank_id, "--answers", str(example),
                            "-o", str(out), "--no-summary"])
    assert r.exit_code == 0, r.output
    assert intake_mod.load(out).asked is None
