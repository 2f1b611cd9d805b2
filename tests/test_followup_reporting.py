"""Readings recorded by followup show up in recommend, export and review, and say the
same thing in each."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldconsult import intake as intake_mod
from ldconsult.bank.banks import resolve
from ldconsult.cli import app
from ldconsult.intake import BankRef, Intake, Meta, Reading

MEETING = dt.date(2026, 9, 1)
DEADLINE = MEETING + dt.timedelta(days=120)
ANSWERS = {"metric": "Share of expense claims returned",
           "baseline": "70% of claims wrong (March audit)", "target": "Under 10%",
           "deadline": DEADLINE.isoformat()}


def make(folder: Path, name: str, *readings: Reading) -> Path:
    loaded = resolve("performance-consulting")
    intake = Intake(bank=BankRef(id=loaded.bank.id, version=loaded.bank.version,
                                 sha256=loaded.sha256), status="complete",
                    meta=Meta(title=name, meeting_date=MEETING.isoformat()), answers=ANSWERS,
                    history=list(readings))
    path = folder / f"{name}.yaml"
    intake_mod.save(intake, path)
    return path


def on(day: int, value: float, **kw: object) -> Reading:
    return Reading(date=(MEETING + dt.timedelta(days=day)).isoformat(), metric=value,
                   **kw)  # type: ignore[arg-type]


def cli(*args: str) -> object:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    # This plan has no checkpoints of its own (too little is known): the deadline, day
    # 120, is its target check.
    make(tmp_path, "reached", on(30, 40), on(120, 9))
    make(tmp_path, "on-track", on(30, 55))
    make(tmp_path, "off-track", on(60, 66, behaviours_seen="no"))
    make(tmp_path, "baseline-day", on(0, 70))
    make(tmp_path, "not-launched")
    return tmp_path


def test_recommend_json_carries_the_result(portfolio: Path) -> None:
    res = cli("recommend", str(portfolio / "reached.yaml"), "--format", "json")
    assert res.exit_code == 0, res.stderr
    result = json.loads(res.stdout)["result"]
    assert result["status"] == "target_reached"
    assert result["trend"] == [40, 9]
    assert any("sponsor" in s for s in result["next_iteration"])


def test_recommend_without_readings_has_no_result(portfolio: Path) -> None:
    res = cli("recommend", str(portfolio / "not-launched.yaml"), "--format", "json")
    assert json.loads(res.stdout)["result"] is None


def test_export_memo_has_a_results_section(portfolio: Path) -> None:
    res = cli("export", str(portfolio / "off-track.yaml"))
    assert res.exit_code == 0, res.stderr
    assert "## Results so far" in res.stdout
    assert "off track" in res.stdout
    assert "check the drivers" in res.stdout


def test_review_counts_intakes_by_follow_up_status(portfolio: Path) -> None:
    res = cli("review", str(portfolio), "--format", "json")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["counts"]["status"] == {"target_reached": 1, "on_track": 1, "off_track": 1,
                                        "no_change_yet": 1}
    by_title = {row["title"]: row["status"] for row in data["intakes"]}
    assert by_title == {"reached": "target_reached", "on-track": "on_track",
                        "off-track": "off_track", "baseline-day": "no_change_yet",
                        "not-launched": ""}


def test_review_filters_on_no_change_yet(portfolio: Path) -> None:
    res = cli("review", str(portfolio), "--format", "json", "--filter", "status=no_change_yet")
    assert res.exit_code == 0, res.stderr
    assert [row["title"] for row in json.loads(res.stdout)["intakes"]] == ["baseline-day"]


def test_review_table_says_no_change_yet_in_words(portfolio: Path) -> None:
    res = cli("review", str(portfolio), "--format", "md")
    assert res.exit_code == 0, res.stderr
    assert "no change yet" in res.stdout


def test_followup_then_review_sees_the_new_status(portfolio: Path) -> None:
    path = portfolio / "not-launched.yaml"
    # Recorded today (well past day 60) at 65 against 70 → 10: off track, and review agrees.
    assert cli("followup", str(path), "--metric", "65").exit_code == 0
    res = cli("review", str(portfolio), "--format", "json", "--filter", "status=off_track")
    titles = sorted(row["title"] for row in json.loads(res.stdout)["intakes"])
    assert titles == ["not-launched", "off-track"]


# ---------------------------------------------------------------------------------------
# Progress: one rounding everywhere. examples/intakes/crm-go-live.yaml goes from 62% to
# 90%; 65.5 closes 12.5% of that gap, a half that Python's round and "%.0f" take down to
# 12 while the JSON used to say 12.5.

CRM = Path(__file__).resolve().parent.parent / "examples" / "intakes" / "crm-go-live.yaml"
HALF_WAY_READING = Reading(date="2026-12-22", metric=65.5)
PROGRESS = "13% of the way from the baseline to the target"


@pytest.fixture
def crm_with_reading(tmp_path: Path) -> Path:
    intake = intake_mod.load(CRM)
    path = tmp_path / "crm.yaml"
    intake_mod.save(intake.model_copy(update={"history": [HALF_WAY_READING]}), path)
    return path


def test_progress_is_rounded_the_same_in_json_summary_memo_and_panel(
        crm_with_reading: Path, capsys: pytest.CaptureFixture) -> None:
    from ldconsult.cli.commands.followup import run

    as_json = cli("recommend", str(crm_with_reading), "--format", "json")
    summary = cli("recommend", str(crm_with_reading))
    memo = cli("export", str(crm_with_reading))
    assert json.loads(as_json.stdout)["result"]["progress_percent"] == 13
    assert PROGRESS in summary.stdout
    assert f"**Progress:** {PROGRESS}" in memo.stdout
    assert run(crm_with_reading, show=True, format="json", today=dt.date(2026, 12, 22)) == 0
    assert json.loads(capsys.readouterr().out)["progress_percent"] == 13
    assert run(crm_with_reading, show=True, today=dt.date(2026, 12, 22)) == 0
    assert PROGRESS in capsys.readouterr().out
