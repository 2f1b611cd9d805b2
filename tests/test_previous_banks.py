"""Intakes saved with an earlier version of a shipped bank still get a recommendation.

A bank's earlier versions are kept in question_banks/previous/<id>-<version>.yaml, byte
for byte, and ``banks.find_by_id`` reads an intake with the version it was made with.
examples/legacy/ holds one intake saved with each earlier version (copied, unchanged,
from examples/intakes/ before the bank changed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ldconsult import engine
from ldconsult import intake as intake_mod
from ldconsult.bank import banks

REPO = Path(__file__).resolve().parent.parent
PREVIOUS = REPO / "question_banks" / "previous"
LEGACY = sorted((REPO / "examples" / "legacy").glob("*.yaml"))
# The verdict each legacy intake got when it was saved; reading it with its own version
# keeps it.
EXPECTED = {
    "expense-tool-course-bank-1.0": "non_training",
    "purchase-order-rework-bank-1.0": "non_training",
    "order-system-go-live-bank-1.0": "training",
    "clean-desk-policy-bank-1.0": "non_training",
    "expense-tool-course-bank-2.0": "non_training",
}


def test_every_previous_version_has_a_legacy_intake() -> None:
    kept = {p.stem for p in PREVIOUS.glob("*.yaml")}
    made_with = set()
    for path in LEGACY:
        ref = intake_mod.load(path).bank
        made_with.add(f"{ref.id}-{ref.version}")
    assert kept == made_with
    assert sorted(p.stem for p in LEGACY) == sorted(EXPECTED)


@pytest.mark.parametrize("path", LEGACY, ids=lambda p: p.stem)
def test_previous_version_is_kept_and_older_than_the_current_one(path: Path) -> None:
    ref = intake_mod.load(path).bank
    current = banks.resolve(ref.id)
    assert current.bank.version != ref.version
    old = banks.find_by_id(ref.id, ref.version)
    assert old is not None and old.bank.version == ref.version
    assert old.sha256 == ref.sha256  # the very file the intake was made with
    assert banks.validate_file(PREVIOUS / f"{ref.id}-{ref.version}.yaml") == []


@pytest.mark.parametrize("path", LEGACY, ids=lambda p: p.stem)
def test_intake_saved_with_a_previous_version_still_recommends(path: Path) -> None:
    saved = intake_mod.load(path)
    loaded = engine.load_for(saved)
    assert loaded.bank.version == saved.bank.version
    assert saved.orphans({q.id for q in loaded.bank.questions()}) == []
    assert engine.recommend(saved, loaded).verdict == EXPECTED[path.stem]


@pytest.mark.parametrize("path", LEGACY, ids=lambda p: p.stem)
def test_recommend_command_reads_a_legacy_intake(path: Path) -> None:
    from typer.testing import CliRunner

    from ldconsult.cli import app

    result = CliRunner().invoke(app, ["recommend", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f'"verdict": "{EXPECTED[path.stem]}"' in result.output
