"""One rule names the fix that meets a requirement (select.mandated): the memo's mandate
section ("X meets it"), the mandate's checkpoint and its "Finish:" step all name it.

Its smallest form comes first when the plan holds it: that fix is in the plan only because
the requirement must be met apart from what moves the measure (docs/method.md,
"Mandates"); then the plan's training for the task; then any training.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ldconsult.bank import banks
from ldconsult.bank.signals import derive
from ldconsult.cli.commands.recommend import diagnose_file
from ldconsult.engine import anchor_date, build
from ldconsult.engine.catalogue import MANDATED_MINIMUM, by_id
from ldconsult.engine.recommendation import Recommendation
from ldconsult.engine.select import TRAINING_SLOT, Chosen, mandated
from ldconsult.interview import answers as answers_file

ENTRIES = by_id()
FOR_THE_TASK = next(e for e in ENTRIES.values() if e.slot == TRAINING_SLOT)
OTHER_TRAINING = next(e for e in ENTRIES.values() if e.kind == "training"
                      and e.slot != TRAINING_SLOT and e.id != MANDATED_MINIMUM)
WORK_FIX = next(e for e in ENTRIES.values() if e.kind == "non_training")


def _plan(*entries) -> list[Chosen]:
    return [Chosen(e, (), lead=n == 0) for n, e in enumerate(entries)]


@pytest.mark.parametrize("plan, meets", [
    ((WORK_FIX, FOR_THE_TASK, ENTRIES[MANDATED_MINIMUM]), MANDATED_MINIMUM),
    ((FOR_THE_TASK, ENTRIES[MANDATED_MINIMUM]), MANDATED_MINIMUM),
    ((WORK_FIX, OTHER_TRAINING, FOR_THE_TASK), FOR_THE_TASK.id),
    ((WORK_FIX, OTHER_TRAINING), OTHER_TRAINING.id),
    ((WORK_FIX,), None),
], ids=["smallest-form-over-the-fix", "smallest-form-second", "training-for-the-task",
        "any-training", "no-training"])
def test_the_fix_that_meets_a_requirement(plan, meets) -> None:
    chosen = _plan(*plan)
    got = mandated(chosen)
    assert (got.entry.id if got else None) == meets


REPO = Path(__file__).resolve().parent.parent
INTAKES = sorted((REPO / "examples" / "intakes").rglob("*.yaml"))
ANSWERS = sorted((REPO / "tests" / "calibration").glob("c*.answers.yaml"))
BANK = banks.resolve("performance-consulting")
TODAY = dt.date(2026, 1, 15)


def _from_answers(path: Path) -> Recommendation:
    aset = answers_file.load(path, BANK.bank, today=TODAY)
    return build(derive(BANK.bank.questions(), aset.answers, aset.unknown), bank=BANK.bank,
                 anchor_date=anchor_date(aset.meta.get("meeting_date"), TODAY))


def _mandated() -> list[tuple[str, Recommendation]]:
    recs = [(p.stem, diagnose_file(p)[2]) for p in INTAKES]
    recs += [(p.stem.split(".")[0], _from_answers(p)) for p in ANSWERS]
    return [(name, rec) for name, rec in recs if rec.mandate and rec.mandate.met_by]


MANDATED = _mandated()


def test_the_cases_hold_mandates_met_by_more_than_one_kind_of_fix() -> None:
    met_by = {rec.mandate.met_by for _, rec in MANDATED}
    assert len(MANDATED) >= 3 and len(met_by) >= 2, met_by


@pytest.mark.parametrize("name, rec", MANDATED, ids=[n for n, _ in MANDATED])
def test_the_section_the_checkpoint_and_the_step_name_the_same_fix(name, rec) -> None:
    title = ENTRIES[rec.mandate.met_by].title
    assert rec.mandate.how.startswith(f"{title} meets it")
    finish = [s.action for s in rec.next_steps if s.action.startswith("Finish: ")]
    assert finish in ([], [f"Finish: {title}, with records, for all the requirement covers"])
    checks = [p.check for p in rec.measurement.checkpoints if p.kind == "mandate"]
    assert all(f"({title.lower()})" in c for c in checks)
