"""A huge option value is quoted back cut, never whole (G4: a 100,000-character --filter
key was echoed whole in the error, a 100 KB line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldconsult.cli import app

REPO = Path(__file__).resolve().parent.parent
HUGE = "k" * 100_000
INTAKE = str(REPO / "examples" / "intakes" / "crm-go-live.yaml")
FOLDER = str(REPO / "examples" / "intakes")

CASES = {
    "review --filter key": ["review", FOLDER, "--filter", f"{HUGE}=x"],
    "review --filter value": ["review", FOLDER, "--filter", f"verdict={HUGE}"],
    "review --filter without =": ["review", FOLDER, "--filter", HUGE],
    "review --sort": ["review", FOLDER, "--sort", HUGE],
    "review --fail-on": ["review", FOLDER, "--fail-on", HUGE],
    "recommend --format": ["recommend", INTAKE, "--format", HUGE],
    "banks show": ["banks", "show", HUGE],
    "interview --bank": ["interview", "--bank", HUGE],
    "interview --meeting-date": ["interview", "--meeting-date", HUGE, "--answers",
                                str(REPO / "examples" / "answers" / "crm-go-live.yaml")],
    "followup --date": ["followup", INTAKE, "--metric", "3", "--date", HUGE],
}


@pytest.mark.parametrize("args", CASES.values(), ids=list(CASES))
def test_a_huge_value_is_quoted_back_cut_in_one_short_line(args: list[str]) -> None:
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 2, r.stderr[:300]
    assert len(r.stderr.splitlines()) == 1, r.stderr[:300]
    assert len(r.stderr) < 400, r.stderr[:300]
    assert "kkkkkkkkkk" in r.stderr  # it is still named
