"""Helpers for the review tests: a stand-in engine and intake files on disk.

The stand-in keeps these tests about review (expansion, streaming, counting, output,
exit codes) and independent of the real engine's rules, which have their own tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ldconsult import intake as intake_mod
from ldconsult.bank import banks
from ldconsult.base.errors import BankError
from ldconsult.engine.recommendation import Flag, Intervention, Recommendation, Result
from ldconsult.intake import BankRef, Intake, Meta, Reading

MINI = Path(__file__).resolve().parent / "fixtures" / "mini-bank.yaml"


def fake_recommend(intake: Intake, loaded: Any, *, today: dt.date | None = None) -> Recommendation:
    """verdict from feedback_speed; 'solution' in the title → solution-first."""
    speed = intake.answers.get("feedback_speed")
    verdict, flags = {"weeks": ("non_training", ["environment-cause"]),
                      "same_day": ("training", [])}.get(str(speed), ("more_info", ["no-metric"]))
    if "solution" in intake.meta.title.lower():
        flags.insert(0, "solution-first")
    lead = Intervention(id="fix", kind="training" if verdict == "training" else "non_training",
                        title=f"Fix: {verdict}", owner="L&D", effort="low", lead=True,
                        summary="s")
    other = Intervention(id="other", kind="non_training", title="Other", owner="L&D",
                         effort="low", summary="s")
    result = Result(status="on_track") if intake.history else None
    return Recommendation(verdict=verdict, headline="h", interventions=(other, lead),
                          flags=tuple(Flag(code=c, severity="medium", message=c) for c in flags),
                          result=result)


def fake_load_for(intake: Intake, bank_ref: str | None) -> Any:
    if bank_ref:
        return banks.resolve(bank_ref)
    if intake.bank.id == "mini":
        return banks.load_file(MINI)
    raise BankError(f"unknown bank '{intake.bank.id}'")


FAKE_ENGINE = (fake_recommend, fake_load_for)


def make_intake(title: str = "Returns up", requester: str = "Dana (Ops)",
                speed: str | None = "weeks", date: str | None = "2026-11-02",
                bank: str = "mini", status: str = "complete", history: bool = False) -> Intake:
    answers: dict[str, Any] = {"problem": "Returns rose 18%\nsince the new catalogue.",
                               "audience_size": 40}
    if speed:
        answers["feedback_speed"] = speed
    return Intake(bank=BankRef(id=bank, version="1"), status=status,  # type: ignore[arg-type]
                  meta=Meta(title=title, requester=requester, meeting_date=date),
                  answers=answers,
                  history=[Reading(date="2026-12-01", metric=3.0)] if history else [])


def write(folder: Path, name: str, **kw: Any) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if name.endswith(".json"):
        import json

        path.write_text(json.dumps(make_intake(**kw).to_data()), encoding="utf-8")
    else:
        intake_mod.save(make_intake(**kw), path, force=True)
    return path
