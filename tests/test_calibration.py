"""The calibration cases (tests/calibration/, from shared/calibration/) through the real CLI,
with the checks of benchmarks/judgment.py: one test per case and aspect.

What the engine gets right is a plain test, so a regression fails CI. What it does not
yet get right is ``xfail(strict=True)`` with the general capability it lacks: when the
engine improves, the xfail turns into a failure, and the marker comes off.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ldconsult.cli import app

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "calibration"


def _judgment() -> Any:
    spec = importlib.util.spec_from_file_location("judgment", REPO / "benchmarks" / "judgment.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("judgment", module)
    spec.loader.exec_module(module)
    return module


judgment = _judgment()
ASPECTS = ("verdict", "lead", "fixes", "flags", "must_not", "learner_hours", "checkpoints")

# (case, aspect) -> the general capability the engine still lacks.
GAPS: dict[tuple[str, str], str] = {
    ("c05", "fixes"): "the sheet adds weekly attach-by-associate feedback; the answers say nothing "
                      "of feedback, and the engine does not infer a feedback gap from a sales "
                      "metric (tests/calibration/DISAGREEMENTS.md)",
    # c13-c31: sheets and answers by outside readers; each entry names what the engine lacks.
    ("c16", "fixes"): "a focused plan holds three fixes beside the lead (the payments team's "
                      "checklist, feedback, the 'ready for ops' check and consequences); the "
                      "agreed handover process and a written standard go to 'also consider' "
                      "(DISAGREEMENTS.md)",
    ("c22", "fixes"): "manager involvement only on a manager-support gap or to follow up on "
                      "training; the consequences fix is owned by managers (DISAGREEMENTS.md)",
}


def _recommend(case: str, tmp: Path) -> dict[str, Any]:
    runner = CliRunner()
    intake = tmp / f"{case}.yaml"
    # Every answer: this tests the engine's judgment on all the facts (what an adaptive
    # interview loses is measured by benchmarks/adaptive.py and tests/test_adaptive_*.py).
    made = runner.invoke(app, ["interview", "--answers", str(CASES / f"{case}.answers.yaml"),
                               "-o", str(intake), "--force", "--all-questions"])
    assert made.exit_code == 0, made.stderr
    shown = runner.invoke(app, ["recommend", str(intake), "--format", "json"])
    assert shown.exit_code == 0, shown.stderr
    return json.loads(shown.stdout)


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("calibration")
    out = {}
    for name, _answers, expect in judgment.cases_in(CASES):
        out[name] = judgment.score(name, _recommend(name, tmp), judgment.load_expect(expect))
    return out


def _holds(s: Any, aspect: str) -> tuple[bool, str]:
    if aspect == "verdict":
        return s.verdict_ok, s.verdict
    if aspect == "lead":
        return s.lead_ok, s.lead
    if aspect == "fixes":
        return s.fixes_found == s.fixes_expected, f"missing {s.fixes_missing}"
    if aspect == "flags":
        return not s.flags_missing and not s.flags_wrong, \
            f"missing {s.flags_missing}, wrong {s.flags_wrong}"
    if aspect == "must_not":
        return not s.must_not_hits, f"does {s.must_not_hits}"
    if aspect == "learner_hours":
        return s.hours_ok is not False, \
            f"{s.learner_hours_recommended} outside {s.learner_hours_expected}"
    return s.checkpoints_ok is not False, s.checkpoints_note


PARAMS = [pytest.param(name, aspect, id=f"{name}-{aspect}",
                       marks=[pytest.mark.xfail(strict=True, reason=GAPS[(name, aspect)])]
                       if (name, aspect) in GAPS else [])
          for name, _a, _e in judgment.cases_in(CASES) for aspect in ASPECTS]


def test_the_thirty_one_sheets_are_all_here() -> None:
    assert [name for name, _a, _e in judgment.cases_in(CASES)] == [f"c{n:02d}" for n in range(1, 32)]


@pytest.mark.parametrize("case, aspect", PARAMS)
def test_calibration_case(scores: dict[str, Any], case: str, aspect: str) -> None:
    ok, detail = _holds(scores[case], aspect)
    assert ok, f"{case} {aspect}: {detail}"
