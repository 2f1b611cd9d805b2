"""Review with the real engine: its quick rows agree with full recommendations."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldconsult import engine
from ldconsult import intake as intake_mod
from ldconsult.bank import banks
from ldconsult.cli import app
from ldconsult.review import summary as review_summary
from ldconsult.review import workers

REPO = Path(__file__).resolve().parent.parent


def _bench():
    spec = importlib.util.spec_from_file_location("bench_review", REPO / "benchmarks" / "review.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


BENCH = _bench()


def generated(bank_id: str, n: int, seed: int) -> list[intake_mod.Intake]:
    bank = banks.resolve(bank_id).bank
    rng = random.Random(seed)
    return [BENCH.make_intake(bank, rng, i) for i in range(n)]


@pytest.mark.parametrize("bank_id", sorted(banks.shipped()))
def test_quick_rows_agree_with_full_recommendations(bank_id: str) -> None:
    loaded = banks.resolve(bank_id)
    today = dt.date(2027, 3, 1)
    intakes = generated(bank_id, 120, seed=len(bank_id))
    assert any(i.history for i in intakes)
    for item in intakes:
        full = review_summary.summary(engine.recommend(item, loaded, today=today))
        assert review_summary.quick_summary(item, loaded, today) == full, item.meta.title


def test_generated_intakes_reach_every_verdict() -> None:
    """So the agreement above covers every path through the verdict."""
    loaded = banks.resolve(None)
    verdicts = {review_summary.quick_summary(i, loaded, dt.date(2027, 3, 1))[0]
                for i in generated(loaded.bank.id, 300, seed=3)}
    assert verdicts >= {"non_training", "blended", "more_info", "no_intervention"}


def test_review_json_matches_recommend_json_for_each_intake(tmp_path: Path) -> None:
    for i, item in enumerate(generated("performance-consulting", 40, seed=11)):
        intake_mod.save(item, tmp_path / f"i{i:02}.yaml")
    runner = CliRunner()
    res = runner.invoke(app, ["review", str(tmp_path), "--format", "json", "--jobs", "2"])
    assert res.exit_code in (0, 1), res.stderr
    rows = json.loads(res.stdout)["intakes"]
    assert len(rows) == 40
    for row in rows[:8]:
        rec = json.loads(runner.invoke(app, ["recommend", row["file"], "--format",
                                             "json"]).stdout)
        lead = next((x for x in rec["interventions"] if x["lead"]), None)
        assert (row["verdict"], row["flags"], row["top_intervention"]) == (
            rec["verdict"], [f["code"] for f in rec["flags"]], lead["title"] if lead else "")


@pytest.mark.parametrize("broken", [ImportError("engine reshaped"),
                                    AttributeError("'list' object has no attribute 'entry'")])
def test_review_uses_full_recommendations_when_the_quick_path_breaks(
        monkeypatch: pytest.MonkeyPatch, broken: Exception) -> None:
    def quick(*a: object, **k: object) -> object:
        raise broken

    monkeypatch.setattr(review_summary, "quick_summary", quick)
    loaded = banks.resolve(None)
    items = generated(loaded.bank.id, 3, seed=5)
    workers._setup(None, dt.date(2027, 3, 1), None, engine.load_for)
    try:
        got = [workers._summarize(i, loaded, dt.date(2027, 3, 1)) for i in items]
        assert workers._STATE["quick_ok"] is False
    finally:
        workers._STATE.clear()
    assert got == [review_summary.summary(engine.recommend(i, loaded, today=dt.date(2027, 3, 1)))
                   for i in items]


def test_quick_path_is_used_after_it_agrees_on_the_first_intake() -> None:
    loaded = banks.resolve(None)
    workers._setup(None, dt.date(2027, 3, 1), None, engine.load_for)
    try:
        workers._summarize(generated(loaded.bank.id, 1, seed=6)[0], loaded, dt.date(2027, 3, 1))
        assert workers._STATE["quick_ok"] is True
    finally:
        workers._STATE.clear()


@pytest.mark.parametrize("bank_id", sorted(banks.shipped()))
def test_remembered_signals_equal_signals_derive(bank_id: str) -> None:
    from ldconsult.bank.signals import derive

    questions = banks.resolve(bank_id).bank.questions()
    for item in generated(bank_id, 80, seed=99) * 2:  # twice: the second pass hits the memo
        want = derive(questions, item.answers, item.unknown)
        got = review_summary.derive(questions, item.answers, item.unknown)
        assert (got.values, got.evidence, got.unknown_from) == (
            want.values, want.evidence, want.unknown_from)
