"""examples/intakes/ stays in sync with examples/answers/ through the real interview command."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldconsult import intake as intake_mod
from ldconsult.cli import app

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("regenerate", REPO / "examples" / "regenerate.py")
regenerate = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(regenerate)  # type: ignore[union-attr]
PAIRS = regenerate.pairs()
VOLATILE = ("created", "updated", "ldconsult_version")


def _stable(path: Path) -> dict:
    data = intake_mod.load(path).to_data()
    return {k: v for k, v in data.items() if k not in VOLATILE}


def test_there_are_at_least_six_examples_for_the_default_bank() -> None:
    assert len([p for p in PAIRS if p[2] is None]) >= 6


@pytest.mark.parametrize("src,dst,bank", PAIRS, ids=[str(p[0].name) for p in PAIRS])
def test_committed_intake_matches_what_the_command_makes(src: Path, dst: Path,
                                                         bank: str | None,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "made.yaml"
    args = ["interview", "--answers", str(src), "-o", str(out), "--no-summary",
            "--all-questions"]
    result = CliRunner().invoke(app, args + (["--bank", bank] if bank else []))
    assert result.exit_code == 0, result.output
    assert dst.exists(), f"{dst} is missing: run python examples/regenerate.py"
    assert _stable(out) == _stable(dst), f"{dst} is stale: run python examples/regenerate.py"
