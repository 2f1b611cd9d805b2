"""Bank patterns are checked at validation and matched with a time limit (F7).

``^(a+)+$`` backtracks exponentially in Python's ``re``: a 40-character answer did not
finish in 15 s, and ``banks validate`` accepted the pattern.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldconsult.bank import patterns
from ldconsult.cli import app

REPO = Path(__file__).resolve().parent.parent

CATASTROPHIC = [r"^(a+)+$", r"^(\w+\s?)*$", r"(.+,)*$", r"^(([a-z])+.)+[A-Z]([a-z])+$",
                r"^(\d+-?)+$", r"^(a|aa)+$", r"^(x|xx)+$"]
FINE = [r"^[A-Z]{2,3}-\d+$", r"^\S+@\S+\.\S+$", r"^\d{4}-\d{2}-\d{2}$", r"^\w+(\s\w+)*$",
        r"^([a-z0-9]+\.)*[a-z0-9]+$", r"(\d{3},)*", r"([^,]+,)*", r"(?>a+)+",
        r"^[\w.%+-]+@[\w.-]+\.[a-z]{2,}$", r"^(Mr|Ms|Dr)\.? \w+"]


def bank_with(tmp_path: Path, pattern: str) -> Path:
    text = (REPO / "tests" / "fixtures" / "mini-bank.yaml").read_text(encoding="utf-8")
    text = text.replace("        type: long_text\n",
                        f"        type: long_text\n        pattern: '{pattern}'\n", 1)
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_validate_rejects_a_catastrophic_pattern_with_its_place(tmp_path: Path,
                                                                pattern: str) -> None:
    path = bank_with(tmp_path, pattern)
    r = CliRunner().invoke(app, ["banks", "validate", str(path)])
    assert r.exit_code == 1, r.stdout
    assert f"{path}:12:" in r.stdout
    assert "exponential time" in r.stdout or "backtracks catastrophically" in r.stdout


@pytest.mark.parametrize("pattern", FINE)
def test_ordinary_patterns_pass(pattern: str) -> None:
    assert patterns.problems(pattern) == []


def test_an_invalid_pattern_is_still_reported() -> None:
    assert patterns.problems("[a-")[0].startswith("pattern is not a valid regular expression")


def test_matching_stops_at_the_time_limit() -> None:
    """A pattern the checks miss still cannot hang a prompt or an answers file. Run in a
    child with a timeout: a regression fails instead of hanging the suite."""
    code = textwrap.dedent("""
        import time
        from ldconsult.bank.model import Question
        from ldconsult.bank.values import coerce
        q = Question(id="x", prompt="x", type="text", pattern=r"^(a|aa)+$")
        start = time.monotonic()
        try:
            coerce(q, "a" * 80 + "!")
        except ValueError as exc:
            print(round(time.monotonic() - start, 2), exc)
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=60, cwd=REPO)
    assert r.returncode == 0, r.stderr
    seconds, message = r.stdout.split(" ", 1)
    assert float(seconds) < 5
    assert "took too long to check this answer" in message


def test_matching_still_works() -> None:
    from ldconsult.bank.model import Question
    from ldconsult.bank.values import coerce

    q = Question(id="x", prompt="x", type="text", pattern=r"^[A-Z]{2}-\d+$",
                 placeholder="AB-123")
    assert coerce(q, "AB-12") == "AB-12"
    with pytest.raises(ValueError, match=r"does not match the expected form \(AB-123\)"):
        coerce(q, "ab12")
